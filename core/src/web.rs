//! Values from the web with rules of their own: links, e-mail addresses, origins,
//! language tags and identifiers. Each is valid once constructed.

use std::fmt;

use crate::ValidationError;

fn invalid(field: &'static str, reason: &'static str) -> ValidationError {
    ValidationError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

/// Defines a string newtype: private field, checked constructor, serde through `String`.
macro_rules! checked_string {
    ($(#[$meta:meta])* $name:ident, $check:path, $schema:tt) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }

        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: impl Into<String>) -> Result<Self, ValidationError> {
                let raw: String = raw.into();
                $check(raw.trim()).map(|()| Self(raw.trim().to_owned()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                // The format's own error says where; the message says what.
                Self::parse(raw).map_err(|e| e.within_unknown_field())
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

checked_string!(
    /// An `https:` link. Nothing else is ever rendered as a link, so no `javascript:` URL
    /// can reach a visitor's click.
    Link,
    check_link,
    { "type": "string", "format": "uri", "pattern": "^https://", "maxLength": 2048 }
);
checked_string!(
    /// An e-mail address: one `@`, a dotted domain, no spaces or line breaks (so it can
    /// never inject a header), at most 254 characters.
    Email,
    check_email,
    { "type": "string", "format": "email", "maxLength": 254 }
);
checked_string!(
    /// A web origin allowed to submit forms: `https://host[:port]`, or `http://` for
    /// `localhost` and `127.0.0.1` (development).
    Origin,
    check_origin,
    { "type": "string", "pattern": "^(https://[a-z0-9.-]+|http://(localhost|127\\.0\\.0\\.1))(:[0-9]{1,5})?$" }
);
checked_string!(
    /// A BCP 47 language tag such as `en`, `de-CH` or `pt-BR`.
    LanguageTag,
    check_language_tag,
    { "type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$" }
);

impl LanguageTag {
    /// `en`, the language a profile answers in when it names none.
    pub fn english() -> Self {
        Self("en".to_owned())
    }
}
checked_string!(
    /// An identifier within a profile (a document's `id`): lowercase letters, digits and
    /// hyphens, 1 to 64 characters.
    Identifier,
    check_identifier,
    { "type": "string", "pattern": "^[a-z0-9-]{1,64}$" }
);

checked_string!(
    /// A colour as six hexadecimal digits after `#` (`#0b5fff`): written into a
    /// stylesheet as it is, so nothing else may ever pass.
    Colour,
    check_colour,
    { "type": "string", "pattern": "^#[0-9a-fA-F]{6}$" }
);

impl Colour {
    /// Its red, green and blue, 0–255.
    fn channels(&self) -> [u8; 3] {
        let hex =
            |i: usize| u8::from_str_radix(self.0.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        [hex(1), hex(3), hex(5)]
    }

    /// Relative luminance, as WCAG 2.2 defines it (0 for black, 1 for white).
    pub fn luminance(&self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.channels();
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The contrast ratio between two colours, from 1 (none) to 21 (black on white).
    pub fn contrast(&self, other: &Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// White, the trust center's background in its light palette.
    pub fn white() -> Self {
        Self("#ffffff".to_owned())
    }
}

checked_string!(
    /// A logo the edge keeps (`brand.logo`): the first 16 hexadecimal digits of its
    /// SHA-256 and its kind, `3f2a9c01d4e5b6a7.svg`, as its upload answered. The file is
    /// the organisation's, at `/v1/orgs/{org}/logos/{this}`, and never changes.
    LogoFile,
    check_logo_file,
    { "type": "string", "pattern": "^[0-9a-f]{16}\\.(svg|png)$" }
);

checked_string!(
    /// A calendar quarter, such as `2027-Q1`: when a roadmap item is meant to be done.
    Quarter,
    check_quarter,
    { "type": "string", "pattern": "^(19|20|21)[0-9]{2}-Q[1-4]$" }
);

fn check_colour(raw: &str) -> Result<(), ValidationError> {
    let bytes = raw.as_bytes();
    if bytes.len() == 7 && bytes[0] == b'#' && bytes[1..].iter().all(u8::is_ascii_hexdigit) {
        Ok(())
    } else {
        Err(invalid(
            "colour",
            "must be a colour written # and six hexadecimal digits, such as #0b5fff",
        ))
    }
}

fn check_logo_file(raw: &str) -> Result<(), ValidationError> {
    let ok = raw.len() == 20
        && raw.as_bytes()[..16]
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        && matches!(&raw[16..], ".svg" | ".png");
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "logo",
            "must name an uploaded logo as its upload answered, such as 3f2a9c01d4e5b6a7.svg",
        ))
    }
}

impl LogoFile {
    /// The logo's media type.
    pub fn media_type(&self) -> &'static str {
        if self.0.ends_with(".png") {
            "image/png"
        } else {
            "image/svg+xml"
        }
    }
}

fn check_quarter(raw: &str) -> Result<(), ValidationError> {
    // Bytes, not characters: any other text is refused without slicing it.
    let b = raw.as_bytes();
    let ok = b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(&b[..2], b"19" | b"20" | b"21")
        && &b[4..6] == b"-Q"
        && matches!(b[6], b'1'..=b'4');
    if ok {
        Ok(())
    } else {
        Err(invalid("quarter", "must be a quarter such as 2027-Q1"))
    }
}

fn check_link(raw: &str) -> Result<(), ValidationError> {
    let rest = raw
        .strip_prefix("https://")
        .ok_or_else(|| invalid("url", "must be an https:// link"))?;
    if raw.len() > 2048 {
        return Err(invalid("url", "must be at most 2048 characters"));
    }
    if raw.bytes().any(|b| {
        !b.is_ascii_graphic()
            || matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
    }) {
        return Err(invalid(
            "url",
            "must not contain spaces, quotes or angle brackets",
        ));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    check_host(host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() {
            h
        } else {
            host
        }
    }))
    .map_err(|_| invalid("url", "must name a host such as example.com"))
}

fn check_host(host: &str) -> Result<(), ()> {
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (labels_ok && !host.is_empty() && host.len() <= 253)
        .then_some(())
        .ok_or(())
}

fn check_email(raw: &str) -> Result<(), ValidationError> {
    let bad = || {
        invalid(
            "email",
            "must be an e-mail address such as name@example.com",
        )
    };
    if raw.len() > 254 || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = raw.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || local.len() > 64
        || local.contains('@')
        || local.bytes().any(|b| {
            matches!(
                b,
                b'<' | b'>' | b'(' | b')' | b',' | b';' | b':' | b'"' | b'[' | b']' | b'\\'
            )
        })
        || !domain.contains('.')
        || check_host(&domain.to_ascii_lowercase()).is_err()
    {
        return Err(bad());
    }
    Ok(())
}

fn check_origin(raw: &str) -> Result<(), ValidationError> {
    let bad = || {
        invalid(
            "origin",
            "must be an origin such as https://www.example.com (no path); http:// only for localhost",
        )
    };
    let (scheme, authority) = raw.split_once("://").ok_or_else(bad)?;
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().is_err()) || check_host(host).is_err() {
        return Err(bad());
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(bad());
    }
    match scheme {
        "https" => Ok(()),
        "http" if host == "localhost" || host == "127.0.0.1" => Ok(()),
        _ => Err(bad()),
    }
}

fn check_language_tag(raw: &str) -> Result<(), ValidationError> {
    let bad = || invalid("language", "must be a language tag such as en, de or pt-BR");
    let mut parts = raw.split('-');
    let primary = parts.next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(bad());
    }
    if raw.len() > 35
        || !parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(bad());
    }
    Ok(())
}

fn check_identifier(raw: &str) -> Result<(), ValidationError> {
    if raw.is_empty()
        || raw.len() > 64
        || !raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(invalid(
            "id",
            "must be 1 to 64 lowercase letters, digits or hyphens",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_is_hash_and_six_hex_digits_and_knows_its_contrast() {
        for good in ["#0b5fff", "#FFFFFF", " #000000 "] {
            assert!(Colour::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "0b5fff",
            "#fff",
            "#0b5fffff",
            "#0b5ffg",
            "red",
            "#0b5fff;}",
            "url(x)",
        ] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
        let (black, white) = (Colour::parse("#000000").unwrap(), Colour::white());
        assert!((black.contrast(&white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(&white) - 1.0).abs() < 1e-9);
        // WCAG's own example values: #767676 on white is the lightest grey at 4.5:1.
        let grey = Colour::parse("#767676").unwrap();
        assert!(
            (grey.contrast(&white) - 4.54).abs() < 0.01,
            "{}",
            grey.contrast(&white)
        );
        let accent = Colour::parse("#0b5fff").unwrap();
        assert_eq!(accent.contrast(&white), white.contrast(&accent));
    }

    #[test]
    fn only_https_links_are_links() {
        assert!(Link::parse("https://aws.amazon.com/security/").is_ok());
        assert!(Link::parse("https://example.com:8443/a?b=c#d").is_ok());
        for bad in [
            "javascript:alert(1)",
            "http://example.com",
            "data:text/html,hi",
            "https://",
            "https://exa mple.com",
            "https://example.com/\"><script>",
            "//example.com",
            " javascript:alert(1)",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_email_has_one_at_and_a_dotted_domain() {
        assert!(Email::parse("security@vinterre.com").is_ok());
        assert!(Email::parse("first.last+tag@sub.example.co.uk").is_ok());
        for bad in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@exa_mple.com",
            "<a>@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_email_cannot_carry_a_header_injection() {
        assert!(Email::parse("a@example.com\r\nBcc: victim@example.com").is_err());
        assert!(Email::parse("a@example.com\nX: y").is_err());
    }

    #[test]
    fn an_origin_is_scheme_host_and_port_only() {
        assert!(Origin::parse("https://www.vinterre.com").is_ok());
        assert!(Origin::parse("http://127.0.0.1:8080").is_ok());
        assert!(Origin::parse("http://localhost:3000").is_ok());
        for bad in [
            "https://www.vinterre.com/",
            "http://vinterre.com",
            "vinterre.com",
            "https://a.com:99999",
            "https://A.com",
            "*",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn language_tags_follow_bcp_47_shape() {
        for ok in ["en", "de", "pt-BR", "zh-Hant-TW", "gsw"] {
            assert!(LanguageTag::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "e", "EN", "english", "en_US", "en--US"] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identifiers_are_lowercase_words_with_hyphens() {
        assert!(Quarter::parse("2027-Q1").is_ok());
        for bad in [
            "2027-Q5", "2027-q1", "2027Q1", "27-Q1", "3027-Q1", "2027-Q", "2027-Q12", "é27-Q1", "",
        ] {
            assert!(Quarter::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Identifier::parse("confidentiality-agreements").is_ok());
        assert!(Identifier::parse("Has Space").is_err());
        assert!(Identifier::parse("").is_err());
    }
}
