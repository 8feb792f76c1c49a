//! `Text<MAX>`: a piece of human-written text with a length limit.

use std::fmt;

use crate::ValidationError;

/// Non-empty text of at most `MAX` characters, trimmed of surrounding white space and
/// free of control characters other than newlines and tabs. Used for every name, title
/// and paragraph a profile holds, so no field can smuggle in a NUL byte or a megabyte.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    /// Checks `raw` as the value of `field`.
    pub fn parse_field(
        field: &'static str,
        raw: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        check(field, raw.into(), MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> TryFrom<String> for Text<MAX> {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse_field("", raw)
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(text: Text<MAX>) -> Self {
        text.0
    }
}

impl<const MAX: usize> AsRef<str> for Text<MAX> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> fmt::Debug for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A name or a title: one line.
pub type Name = Text<200>;

#[cfg(feature = "schema")]
impl<const MAX: usize> schemars::JsonSchema for Text<MAX> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Text{MAX}").into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": MAX,
            "description": format!("Text of 1 to {MAX} characters, without control characters other than line breaks and tabs.")
        })
    }
}

/// The checks of `Text::parse_field`, once for every `MAX`.
fn check(field: &'static str, raw: String, max: usize) -> Result<String, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Required {
            field: field.into(),
        });
    }
    if trimmed.chars().count() > max {
        return Err(ValidationError::TooLong {
            field: field.into(),
            max,
        });
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(ValidationError::Invalid {
            field: field.into(),
            reason: "must not contain control characters".into(),
        });
    }
    Ok(if trimmed.len() == raw.len() {
        raw
    } else {
        trimmed.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed() {
        assert_eq!(
            Name::parse_field("name", "  Vinterre \n").unwrap().as_str(),
            "Vinterre"
        );
    }

    #[test]
    fn empty_or_blank_text_is_required() {
        for blank in ["", "   ", "\n\t"] {
            assert_eq!(
                Name::parse_field("name", blank).unwrap_err(),
                ValidationError::Required {
                    field: "name".into()
                }
            );
        }
    }

    #[test]
    fn text_over_its_limit_names_the_limit() {
        let err = Text::<5>::parse_field("title", "abcdef").unwrap_err();
        assert_eq!(err.message(), "must be at most 5 characters");
        assert_eq!(err.field(), "title");
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        assert!(Text::<3>::parse_field("t", "äöü").is_ok());
    }

    #[test]
    fn control_characters_such_as_nul_are_refused() {
        assert!(Name::parse_field("name", "Vin\0terre").is_err());
        assert!(Text::<50>::parse_field("body", "line one\nline two").is_ok());
    }
}
