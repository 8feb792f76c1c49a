//! `OrgSlug`: the short name that identifies an organisation in URLs and the script tag.

use std::fmt;

use crate::ValidationError;

/// An organisation's slug: 2 to 63 characters of lowercase ASCII letters, digits and
/// hyphens, starting and ending with a letter or digit. Holding one means it is valid,
/// so it is safe in a URL path, a KV key and a log line without escaping.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct OrgSlug(String);

impl OrgSlug {
    pub const MIN_LEN: usize = 2;
    pub const MAX_LEN: usize = 63;

    pub fn parse(raw: impl Into<String>) -> Result<Self, ValidationError> {
        let raw = raw.into();
        let invalid = |reason: &'static str| ValidationError::Invalid {
            field: "org".into(),
            reason: reason.into(),
        };
        if raw.len() < Self::MIN_LEN || raw.len() > Self::MAX_LEN {
            return Err(invalid("must be 2 to 63 characters long"));
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid(
                "may contain only lowercase letters a-z, digits and hyphens",
            ));
        }
        if raw.starts_with('-') || raw.ends_with('-') {
            return Err(invalid("must start and end with a letter or digit"));
        }
        Ok(Self(raw))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgSlug {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(raw).map_err(ValidationError::within_unknown_field)
    }
}

impl From<OrgSlug> for String {
    fn from(slug: OrgSlug) -> Self {
        slug.0
    }
}

impl AsRef<str> for OrgSlug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for OrgSlug {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OrgSlug".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$",
            "description": "The organisation's slug: 2 to 63 lowercase letters, digits and hyphens."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lowercase_name_with_digits_and_hyphens_is_a_slug() {
        for ok in ["vinterre", "wintro", "ab", "acme-2", "x9", &"a".repeat(63)] {
            assert_eq!(OrgSlug::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn a_slug_is_between_2_and_63_characters() {
        assert!(OrgSlug::parse("a").is_err());
        assert!(OrgSlug::parse("").is_err());
        assert!(OrgSlug::parse("a".repeat(64)).is_err());
    }

    #[test]
    fn uppercase_spaces_dots_and_slashes_are_refused() {
        for bad in [
            "Vinterre",
            "vin terre",
            "../etc",
            "a.b",
            "a/b",
            "vin_terre",
            "é-co",
        ] {
            let err = OrgSlug::parse(bad).unwrap_err();
            assert_eq!(err.field(), "org", "{bad}");
        }
    }

    #[test]
    fn a_slug_does_not_start_or_end_with_a_hyphen() {
        assert!(OrgSlug::parse("-acme").is_err());
        assert!(OrgSlug::parse("acme-").is_err());
    }

    #[test]
    fn deserialising_validates_with_the_same_message() {
        let err = serde_json::from_str::<OrgSlug>("\"Bad Slug\"").unwrap_err();
        assert!(err.to_string().contains("lowercase"), "{err}");
    }
}
