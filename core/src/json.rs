//! Reading a published profile without serde: a small JSON parser and a reader per type.
//!
//! The widget reads one document, the profile the edge served, and every byte of its
//! WebAssembly is downloaded by every visitor. serde's derived deserialisers cost the
//! widget about 36 KB brotli (`docs/widget-size.md`); this reader does the same job in a
//! fraction of that. The edge keeps using serde, with `deny_unknown_fields`, when a
//! profile is published; here unknown fields are skipped, so a widget still reads a
//! profile that a newer edge added a field to.
//!
//! Every value is still checked by its type (`Text`, `Link`, `Date`…): the reader builds
//! the same values the serde path builds, which the tests below compare field by field on
//! complete profiles.

use crate::body::{Block, Body, Line};
use crate::privacy::Jurisdiction;
use crate::profile::{
    Badge, BadgeScope, BadgeStatus, Brand, Commitments, Contact, Contacts, Document,
    DocumentAccess, Faq, Framework, Frequency, Nda, PolicyEntry, PracticeCategory, PracticeItem,
    PracticeSection, PrivacyPolicy, PrivacyRequests, Resource, RoadmapItem, RoadmapStatus,
    Subprocessor, TrustProfile, VulnerabilityDisclosure,
};
use crate::web::{Colour, Email, Identifier, LanguageTag, Link, LogoFile, Origin, Quarter};
use crate::{Date, OrgSlug, Text, ValidationError};

/// A parsed JSON value. Numbers keep only what the profile uses: whole, non-negative.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// `None` for a number that is negative, fractional or too large for a `u64`.
    Number(Option<u64>),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

fn invalid(reason: &'static str) -> ValidationError {
    ValidationError::Invalid {
        field: "".into(),
        reason: reason.into(),
    }
}

impl Json {
    /// Parses a complete JSON text (RFC 8259).
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = parser.value(0)?;
        parser.space();
        if parser.at != parser.bytes.len() {
            return Err(invalid("is not JSON: text after the value"));
        }
        Ok(value)
    }

    /// The member `key` of an object; `None` when absent or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, ValidationError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(invalid("is not JSON: unknown word"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, ValidationError> {
        if depth > MAX_DEPTH {
            return Err(invalid("is not JSON we read: nested too deeply"));
        }
        self.space();
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.space();
                        if !self.eat(b':') {
                            return Err(invalid("is not JSON: expected `:`"));
                        }
                        members.push((key, self.value(depth + 1)?));
                        self.space();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(invalid("is not JSON: expected `,` or `}`"));
                        }
                    }
                }
                Ok(Json::Object(members))
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.space();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(invalid("is not JSON: expected `,` or `]`"));
                        }
                    }
                }
                Ok(Json::Array(items))
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(invalid("is not JSON: expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Json, ValidationError> {
        let negative = self.eat(b'-');
        let start = self.at;
        let whole = self.digits();
        if whole == 0 || (whole > 1 && self.bytes[start] == b'0') {
            return Err(invalid("is not JSON: malformed number"));
        }
        let mut exact = !negative;
        if self.eat(b'.') {
            exact = false;
            if self.digits() == 0 {
                return Err(invalid("is not JSON: malformed number"));
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            exact = false;
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(invalid("is not JSON: malformed number"));
            }
        }
        let value = match exact {
            true => std::str::from_utf8(&self.bytes[start..start + whole])
                .ok()
                .and_then(|d| d.parse().ok()),
            false => None,
        };
        Ok(Json::Number(value))
    }

    fn hex4(&mut self) -> Result<u32, ValidationError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| invalid("is not JSON: malformed `\\u` escape"))?;
        self.at += 4;
        Ok(digits)
    }

    fn string(&mut self) -> Result<String, ValidationError> {
        if !self.eat(b'"') {
            return Err(invalid("is not JSON: expected a string"));
        }
        let mut out = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err(invalid("is not JSON: unterminated string"));
            };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escaped = self.peek();
                    self.at += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return Err(invalid("is not JSON: lone surrogate"));
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(invalid("is not JSON: lone surrogate"));
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            char::from_u32(code)
                                .ok_or_else(|| invalid("is not JSON: lone surrogate"))?
                        }
                        _ => return Err(invalid("is not JSON: unknown escape")),
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return Err(invalid("is not JSON: control character in a string")),
                _ => out.push(byte),
            }
        }
        // The input is a `str` and escapes add whole characters: always UTF-8.
        String::from_utf8(out).map_err(|_| invalid("is not JSON: not UTF-8"))
    }
}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(value: &Json) -> Result<Self, ValidationError>;
}

fn text(value: &Json) -> Result<String, ValidationError> {
    match value {
        Json::String(s) => Ok(s.clone()),
        _ => Err(invalid("must be a string")),
    }
}

impl<const MAX: usize> FromJson for Text<MAX> {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        Self::try_from(text(value)?)
    }
}

macro_rules! from_json_string {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json(value: &Json) -> Result<Self, ValidationError> {
                Self::try_from(text(value)?)
            }
        }
    )*};
}

from_json_string!(
    Email,
    Link,
    Colour,
    LogoFile,
    Identifier,
    LanguageTag,
    Origin,
    OrgSlug,
    Date,
    Quarter
);

impl FromJson for u32 {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        match value {
            Json::Number(Some(n)) => u32::try_from(*n).map_err(|_| invalid("is too large")),
            _ => Err(invalid("must be a whole number")),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let items = items(value)?;
        let mut list = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            list.push(T::from_json(item).map_err(|e| at_index(e, i))?);
        }
        Ok(list)
    }
}

// The non-generic halves of the generic readers are kept out of line: each generic
// reader is instantiated per type, and the widget downloads every instance.

#[inline(never)]
fn items(value: &Json) -> Result<&[Json], ValidationError> {
    match value {
        Json::Array(items) => Ok(items),
        _ => Err(invalid("must be a list")),
    }
}

#[inline(never)]
fn at_index(error: ValidationError, index: usize) -> ValidationError {
    error.within(&format!("[{index}]"))
}

#[inline(never)]
fn at_key(error: ValidationError, key: &str) -> ValidationError {
    error.within(key)
}

/// The members of an object, read by name.
struct Members<'a>(&'a Json);

impl<'a> Members<'a> {
    fn of(value: &'a Json) -> Result<Self, ValidationError> {
        match value {
            Json::Object(_) => Ok(Self(value)),
            _ => Err(invalid("must be an object")),
        }
    }

    /// A member that is absent or `null` is `None`.
    #[inline(never)]
    fn member(&self, key: &str) -> Option<&'a Json> {
        self.0.get(key).filter(|value| **value != Json::Null)
    }

    fn optional<T: FromJson>(&self, key: &'static str) -> Result<Option<T>, ValidationError> {
        match self.member(key) {
            None => Ok(None),
            Some(value) => T::from_json(value).map(Some).map_err(|e| at_key(e, key)),
        }
    }

    fn required<T: FromJson>(&self, key: &'static str) -> Result<T, ValidationError> {
        match self.member(key) {
            None => Err(ValidationError::Required { field: key.into() }),
            Some(value) => T::from_json(value).map_err(|e| at_key(e, key)),
        }
    }

    fn or_default<T: FromJson + Default>(&self, key: &'static str) -> Result<T, ValidationError> {
        Ok(self.optional(key)?.unwrap_or_default())
    }
}

/// Reads an enum from its wire name, the one serde's `snake_case` renaming gives; the
/// test `enum_names_are_serdes` keeps the two in step, and the exhaustive `match` in
/// `wire_name` makes a new variant a compile error here until it is named.
macro_rules! from_json_enum {
    ($ty:ident { $($variant:ident = $name:literal,)* }) => {
        impl FromJson for $ty {
            fn from_json(value: &Json) -> Result<Self, ValidationError> {
                match text(value)?.as_str() {
                    $($name => Ok(Self::$variant),)*
                    _ => Err(invalid(concat!("is not a known ", stringify!($ty)))),
                }
            }
        }

        #[cfg(test)]
        impl $ty {
            fn wire_name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
            const WIRE_VARIANTS: &[Self] = &[$(Self::$variant,)*];
        }
    };
}

from_json_enum!(Framework {
    Soc2Type1 = "soc2_type1",
    Soc2Type2 = "soc2_type2",
    Iso27001 = "iso27001",
    Iso27701 = "iso27701",
    PciDss = "pci_dss",
    Fisma = "fisma",
    Sox = "sox",
    Hipaa = "hipaa",
    Gdpr = "gdpr",
    Ccpa = "ccpa",
    Custom = "custom",
});

from_json_enum!(BadgeStatus {
    Compliant = "compliant",
    InProgress = "in_progress",
    Planned = "planned",
});

from_json_enum!(BadgeScope {
    Organization = "organization",
    Inherited = "inherited",
});

from_json_enum!(Frequency {
    Continuous = "continuous",
    Hourly = "hourly",
    Daily = "daily",
    Weekly = "weekly",
    Monthly = "monthly",
    Quarterly = "quarterly",
    Yearly = "yearly",
});

from_json_enum!(PracticeCategory {
    ProductSecurity = "product_security",
    DataSecurity = "data_security",
    Privacy = "privacy",
    IncidentResponse = "incident_response",
    Availability = "availability",
    Organizational = "organizational",
    BusinessContinuity = "business_continuity",
    Infrastructure = "infrastructure",
    ThreatManagement = "threat_management",
    SecureDevelopment = "secure_development",
});

from_json_enum!(Jurisdiction {
    Gdpr = "gdpr",
    UkGdpr = "uk_gdpr",
    Ccpa = "ccpa",
    Other = "other",
});

from_json_enum!(DocumentAccess {
    Public = "public",
    OnRequest = "on_request",
    Nda = "nda",
});

from_json_enum!(RoadmapStatus {
    Planned = "planned",
    InProgress = "in_progress",
    Done = "done",
});

impl FromJson for Block {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let block = Members::of(value)?;
        if let Some(text) = block.optional::<Line>("paragraph")? {
            Ok(Self::Paragraph(text))
        } else if let Some(items) = block.optional("bullets")? {
            Ok(Self::Bullets(items))
        } else if let Some(items) = block.optional("numbered")? {
            Ok(Self::Numbered(items))
        } else {
            Err(invalid("must be a paragraph, bullets or a numbered list"))
        }
    }
}

/// The served form of a body: its blocks (profile files write plain text, which the
/// edge turns into blocks when it publishes).
impl FromJson for Body {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let blocks: Vec<Block> = FromJson::from_json(value)?;
        if blocks.len() > Body::MAX_BLOCKS {
            return Err(invalid("has more than 200 paragraphs and lists"));
        }
        Ok(Body::from_blocks(blocks))
    }
}

impl FromJson for Contact {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            name: m.optional("name")?,
            email: m.optional("email")?,
            url: m.optional("url")?,
        })
    }
}

impl FromJson for Contacts {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            security: m.optional("security")?,
            privacy: m.optional("privacy")?,
            dpo: m.optional("dpo")?,
        })
    }
}

impl FromJson for Badge {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            framework: m.required("framework")?,
            name: m.optional("name")?,
            level: m.optional("level")?,
            status: m.required("status")?,
            scope: m.or_default("scope")?,
            provider: m.optional("provider")?,
            description: m.optional("description")?,
            issued: m.optional("issued")?,
            expires: m.optional("expires")?,
            document: m.optional("document")?,
        })
    }
}

impl FromJson for Commitments {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            breach_notification_hours: m.optional("breachNotificationHours")?,
            vulnerability_acknowledgement_hours: m.optional("vulnerabilityAcknowledgementHours")?,
            coordinated_disclosure_days: m.optional("coordinatedDisclosureDays")?,
            backup_frequency: m.optional("backupFrequency")?,
            security_training_frequency: m.optional("securityTrainingFrequency")?,
        })
    }
}

impl FromJson for PracticeItem {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            title: m.optional("title")?,
            body: m.or_default("body")?,
            tools: m.or_default("tools")?,
        })
    }
}

impl FromJson for PracticeSection {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            category: m.required("category")?,
            title: m.optional("title")?,
            intro: m.or_default("intro")?,
            items: m.or_default("items")?,
        })
    }
}

impl FromJson for Subprocessor {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            name: m.required("name")?,
            purpose: m.required("purpose")?,
            location: m.optional("location")?,
            website: m.optional("website")?,
            data_categories: m.or_default("dataCategories")?,
            since: m.optional("since")?,
            planned_from: m.optional("plannedFrom")?,
        })
    }
}

impl FromJson for Document {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            id: m.required("id")?,
            title: m.required("title")?,
            description: m.optional("description")?,
            access: m.required("access")?,
            url: m.optional("url")?,
        })
    }
}

impl FromJson for Faq {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            question: m.required("question")?,
            answer: m.required("answer")?,
            category: m.required("category")?,
        })
    }
}

impl FromJson for RoadmapItem {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            title: m.required("title")?,
            description: m.optional("description")?,
            status: m.required("status")?,
            target: m.optional("target")?,
        })
    }
}

impl FromJson for Resource {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            title: m.required("title")?,
            description: m.optional("description")?,
            url: m.required("url")?,
            category: m.required("category")?,
        })
    }
}

impl FromJson for VulnerabilityDisclosure {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            intro: m.or_default("intro")?,
            policy_url: m.optional("policyUrl")?,
            contact: m.optional("contact")?,
            scope: m.or_default("scope")?,
            rules_intro: m.optional("rulesIntro")?,
            rules: m.or_default("rules")?,
            commitments_intro: m.optional("commitmentsIntro")?,
            our_commitments: m.or_default("ourCommitments")?,
            rewards: m.optional("rewards")?,
            hall_of_fame: m.optional("hallOfFame")?,
            hall_of_fame_url: m.optional("hallOfFameUrl")?,
            assessment: m.or_default("assessment")?,
            report_contents_intro: m.optional("reportContentsIntro")?,
            report_contents: m.or_default("reportContents")?,
        })
    }
}

impl FromJson for PolicyEntry {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            title: m.required("title")?,
            description: m.required("description")?,
        })
    }
}

impl FromJson for PrivacyPolicy {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            intro: m.or_default("intro")?,
            collected: m.or_default("collected")?,
            purposes: m.or_default("purposes")?,
            manage_and_delete: m.or_default("manageAndDelete")?,
            url: m.optional("url")?,
        })
    }
}

impl FromJson for Brand {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            logo: m.optional("logo")?,
            accent: m.optional("accent")?,
            accent_text: m.optional("accentText")?,
        })
    }
}

impl FromJson for Nda {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            version: m.required("version")?,
            text: m.or_default("text")?,
            url: m.optional("url")?,
        })
    }
}

impl FromJson for PrivacyRequests {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            jurisdictions: m.or_default("jurisdictions")?,
            retention_days: m
                .optional("retentionDays")?
                .unwrap_or(PrivacyRequests::default().retention_days),
        })
    }
}

impl FromJson for TrustProfile {
    fn from_json(value: &Json) -> Result<Self, ValidationError> {
        let m = Members::of(value)?;
        Ok(Self {
            org: m.required("org")?,
            name: m.required("name")?,
            tagline: m.optional("tagline")?,
            website: m.optional("website")?,
            logo: m.optional("logo")?,
            brand: m.optional("brand")?,
            contacts: m.or_default("contacts")?,
            languages: match m.optional("languages")? {
                Some(languages) => languages,
                None => crate::profile::default_languages(),
            },
            allowed_origins: m.or_default("allowedOrigins")?,
            last_updated: m.optional("lastUpdated")?,
            badges: m.or_default("badges")?,
            commitments: m.or_default("commitments")?,
            practices: m.or_default("practices")?,
            subprocessors: m.or_default("subprocessors")?,
            documents: m.or_default("documents")?,
            vulnerability_disclosure: m.optional("vulnerabilityDisclosure")?,
            privacy_policy: m.optional("privacyPolicy")?,
            privacy_requests: m.or_default("privacyRequests")?,
            nda: m.optional("nda")?,
            faqs: m.or_default("faqs")?,
            roadmap: m.or_default("roadmap")?,
            resources: m.or_default("resources")?,
        })
    }
}

impl TrustProfile {
    /// Reads the profile as the edge serves it, without serde: what the widget uses.
    pub fn from_published_json(text: &str) -> Result<Self, ValidationError> {
        Self::from_json_value(&Json::parse(text)?)
    }

    fn from_json_value(value: &Json) -> Result<Self, ValidationError> {
        <Self as FromJson>::from_json(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "files")]
    fn published(profile: &TrustProfile) -> String {
        serde_json::to_string_pretty(profile).unwrap()
    }

    #[cfg(feature = "files")]
    #[test]
    fn reads_what_serde_reads_for_complete_profiles() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut read = 0;
        for dir in ["demo/profiles", "tests/fixtures/profiles"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                // Profiles only (the fixtures' logos are beside them, in `logos/`).
                if path.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                // The file's JSON form is what the edge serves; reading it back must
                // give the same profile both ways.
                let json = published(&crate::profile_file::parse(&source).unwrap());
                assert_eq!(
                    TrustProfile::from_published_json(&json).unwrap(),
                    serde_json::from_str::<TrustProfile>(&json).unwrap(),
                    "{}",
                    path.display()
                );
                read += 1;
            }
        }
        assert!(read >= 3, "read {read} profiles");
    }

    #[test]
    fn enum_names_are_serdes() {
        fn check<T: serde::Serialize + Copy>(variants: &[T], name: impl Fn(T) -> &'static str) {
            for &variant in variants {
                assert_eq!(serde_json::to_value(variant).unwrap(), name(variant));
            }
        }
        check(Framework::WIRE_VARIANTS, Framework::wire_name);
        check(BadgeStatus::WIRE_VARIANTS, BadgeStatus::wire_name);
        check(BadgeScope::WIRE_VARIANTS, BadgeScope::wire_name);
        check(Frequency::WIRE_VARIANTS, Frequency::wire_name);
        check(PracticeCategory::WIRE_VARIANTS, PracticeCategory::wire_name);
        check(DocumentAccess::WIRE_VARIANTS, DocumentAccess::wire_name);
        check(RoadmapStatus::WIRE_VARIANTS, RoadmapStatus::wire_name);
        check(Jurisdiction::WIRE_VARIANTS, Jurisdiction::wire_name);
    }

    #[test]
    fn parses_json_as_serde_json_does() {
        let text = r#" { "a": [1, 0, -2, 3.5, 1e3, 18446744073709551615, 18446744073709551616],
            "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 ü", "t": true, "f": false, "n": null,
            "o": {}, "l": [] } "#;
        let value = Json::parse(text).unwrap();
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            value.get("s"),
            Some(&Json::String(expected["s"].as_str().unwrap().to_owned()))
        );
        assert_eq!(
            value.get("a"),
            Some(&Json::Array(vec![
                Json::Number(Some(1)),
                Json::Number(Some(0)),
                Json::Number(None),
                Json::Number(None),
                Json::Number(None),
                Json::Number(Some(u64::MAX)),
                Json::Number(None),
            ]))
        );
        assert_eq!(value.get("t"), Some(&Json::Bool(true)));
        assert_eq!(value.get("n"), Some(&Json::Null));
        assert_eq!(value.get("o"), Some(&Json::Object(vec![])));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "tru",
            "{} {}",
            "\"unterminated",
            &"[".repeat(200),
        ] {
            assert!(Json::parse(text).is_err(), "{text:?} parsed");
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
        }
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let error = TrustProfile::from_published_json(
            r#"{"org":"acme","name":"Acme","badges":[{"framework":"iso27001","status":"done"}]}"#,
        )
        .unwrap_err();
        assert_eq!(error.field(), "badges[0].status");
        let error = TrustProfile::from_published_json(r#"{"org":"acme"}"#).unwrap_err();
        assert_eq!(
            error,
            ValidationError::Required {
                field: "name".into()
            }
        );
        let error = TrustProfile::from_published_json(r#"{"org":"acme","name":" "}"#).unwrap_err();
        assert_eq!(error.field(), "name");
    }

    #[test]
    fn skips_fields_it_does_not_know() {
        let profile =
            TrustProfile::from_published_json(r#"{"org":"acme","name":"Acme","future":[1]}"#)
                .unwrap();
        assert_eq!(profile.name.as_str(), "Acme");
        assert_eq!(profile.languages, crate::profile::default_languages());
    }
}
