//! The trust profile: everything an organisation shows on its trust center. Written by
//! its team as a TOML file (see `profile_file`), published by the edge, read by the widget.
//!
//! Each field checks itself while it is read (a `Text`, a `Link`, a `Date`…); the rules
//! that span fields (a PCI-DSS badge has a level, a badge's document exists) are checked
//! by [`TrustProfile::check`], which every way of reading a profile runs.

use serde::{Deserialize, Serialize};

use crate::body::Body;
use crate::privacy::Jurisdiction;
use crate::web::{Colour, Email, Identifier, LanguageTag, Link, LogoFile, Origin, Quarter};
use crate::{Date, Name, OrgSlug, Text, ValidationError};

/// A paragraph-length text.
pub type Paragraph = Text<5000>;

/// An organisation's trust profile as the public API serves it and the widget shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustProfile {
    /// The organisation's slug: its name in URLs and in the script tag.
    pub org: OrgSlug,
    pub name: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<Paragraph>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Link>,
    /// The organisation's colours, for the trust center's buttons, links and tabs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<Brand>,
    #[serde(default)]
    pub contacts: Contacts,
    /// Languages the organisation answers in, preferred first.
    #[serde(default = "default_languages")]
    pub languages: Vec<LanguageTag>,
    /// Sites whose visitors' browsers may submit this organisation's forms.
    #[serde(default)]
    pub allowed_origins: Vec<Origin>,
    /// The day the content last changed; set on publishing when the file leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    #[serde(default)]
    pub badges: Vec<Badge>,
    #[serde(default)]
    pub commitments: Commitments,
    #[serde(default)]
    pub practices: Vec<PracticeSection>,
    #[serde(default)]
    pub subprocessors: Vec<Subprocessor>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_disclosure: Option<VulnerabilityDisclosure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy: Option<PrivacyPolicy>,
    #[serde(default)]
    pub privacy_requests: PrivacyRequests,
    /// The non-disclosure agreement a visitor accepts before an `nda` document is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nda: Option<Nda>,
    /// Questions visitors ask, answered, by topic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faqs: Vec<Faq>,
    /// What the organisation is working on for its security and privacy, and when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roadmap: Vec<RoadmapItem>,
    /// Further reading elsewhere: guides, white papers, status pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
}

/// A topic's name: what FAQs and resources are grouped by.
pub type Topic = Text<60>;

/// A question visitors ask, with the organisation's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Faq {
    pub question: Text<300>,
    /// Plain text; blank lines separate paragraphs.
    pub answer: Paragraph,
    /// The topic it is filed under, e.g. "Data protection".
    pub category: Topic,
}

/// A piece of work on the organisation's security or privacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoadmapItem {
    pub title: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Paragraph>,
    pub status: RoadmapStatus,
    /// The quarter it is meant to be done in, e.g. `2027-Q2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Quarter>,
}

/// Where a roadmap item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoadmapStatus {
    Planned,
    InProgress,
    Done,
}

crate::every_variant!(RoadmapStatus {
    Planned,
    InProgress,
    Done
});

/// Further reading: a page or file elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    pub title: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Paragraph>,
    pub url: Link,
    /// The topic it is filed under, e.g. "Guides".
    pub category: Topic,
}

/// An organisation's non-disclosure agreement, as a visitor reads and accepts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Nda {
    /// Names this text: a new text gets a new version, and every acceptance records the
    /// version accepted.
    pub version: Identifier,
    pub text: Body,
    /// The same agreement as a document to keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Link>,
}

/// The privacy requests an organisation takes through its trust center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrivacyRequests {
    /// The laws it accepts requests under, the one to pre-select first. None: the trust
    /// center takes no requests.
    #[serde(default)]
    pub jurisdictions: Vec<Jurisdiction>,
    /// Days the personal data of a completed or denied request is kept before it is
    /// erased (the record that it was answered on time stays).
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
}

fn default_retention_days() -> u32 {
    365
}

impl Default for PrivacyRequests {
    fn default() -> Self {
        Self {
            jurisdictions: Vec::new(),
            retention_days: default_retention_days(),
        }
    }
}

pub(crate) fn default_languages() -> Vec<LanguageTag> {
    vec![LanguageTag::english()]
}

/// Who to write to about security, privacy, and data protection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<Contact>,
    /// The data protection officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Contact>,
}

/// A way to reach someone: an e-mail address, a page, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Link>,
}

/// A certification, attestation or regulation, and how far the organisation is with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Badge {
    pub framework: Framework,
    /// The name shown for a `custom` framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// PCI-DSS's merchant or service-provider level (`1`…`4`), FISMA's impact level
    /// (`Low`, `Moderate`, `High`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Name>,
    pub status: BadgeStatus,
    #[serde(default)]
    pub scope: BadgeScope,
    /// Whose certificate it is, for an `inherited` badge (e.g. the hosting provider's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Paragraph>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// The `id` of the document (report, certificate) that backs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Identifier>,
}

impl Badge {
    /// The badge's name as people say it: "SOC 2 Type II", "PCI-DSS Level 1".
    pub fn label(&self) -> String {
        let level = self.level.as_ref().map(|l| l.as_str()).unwrap_or_default();
        match self.framework {
            Framework::Custom => self
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            Framework::PciDss if level.chars().all(|c| c.is_ascii_digit()) => {
                format!("PCI-DSS Level {level}")
            }
            Framework::PciDss | Framework::Fisma => format!("{} {level}", self.framework.name()),
            framework => framework.name().to_owned(),
        }
    }
}

/// The frameworks a badge can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    Soc2Type1,
    Soc2Type2,
    Iso27001,
    Iso27701,
    PciDss,
    Fisma,
    Sox,
    Hipaa,
    Gdpr,
    Ccpa,
    Custom,
}

crate::every_variant!(Framework {
    Soc2Type1,
    Soc2Type2,
    Iso27001,
    Iso27701,
    PciDss,
    Fisma,
    Sox,
    Hipaa,
    Gdpr,
    Ccpa,
    Custom
});

impl Framework {
    pub fn name(self) -> &'static str {
        match self {
            Self::Soc2Type1 => "SOC 2 Type I",
            Self::Soc2Type2 => "SOC 2 Type II",
            Self::Iso27001 => "ISO 27001",
            Self::Iso27701 => "ISO 27701",
            Self::PciDss => "PCI-DSS",
            Self::Fisma => "FISMA",
            Self::Sox => "Sarbanes-Oxley (SOX)",
            Self::Hipaa => "HIPAA",
            Self::Gdpr => "GDPR",
            Self::Ccpa => "CCPA",
            Self::Custom => "Custom",
        }
    }
}

/// How far the organisation is with a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BadgeStatus {
    Compliant,
    InProgress,
    Planned,
}

crate::every_variant!(BadgeStatus {
    Compliant,
    InProgress,
    Planned
});

/// Whose badge it is: the organisation's own, or inherited from a provider it builds on
/// (a data centre's ISO 27001 is the hosting provider's, not the customer's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BadgeScope {
    #[default]
    Organization,
    Inherited,
}

/// Commitments as values, so they can be shown, compared and acted on, not only read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Commitments {
    /// Customers are told of a breach within this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_notification_hours: Option<u32>,
    /// A vulnerability report is acknowledged within this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_acknowledgement_hours: Option<u32>,
    /// Reporters are asked to keep a finding confidential for this many days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinated_disclosure_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_frequency: Option<Frequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_training_frequency: Option<Frequency>,
}

impl Commitments {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Continuous,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

crate::every_variant!(Frequency {
    Continuous,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly
});

/// The areas security practices are grouped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PracticeCategory {
    ProductSecurity,
    DataSecurity,
    Privacy,
    IncidentResponse,
    Availability,
    Organizational,
    BusinessContinuity,
    Infrastructure,
    ThreatManagement,
    SecureDevelopment,
}

crate::every_variant!(PracticeCategory {
    ProductSecurity,
    DataSecurity,
    Privacy,
    IncidentResponse,
    Availability,
    Organizational,
    BusinessContinuity,
    Infrastructure,
    ThreatManagement,
    SecureDevelopment
});

impl PracticeCategory {
    /// The category's heading in English (the widget translates it).
    pub fn title(self) -> &'static str {
        match self {
            Self::ProductSecurity => "Product security",
            Self::DataSecurity => "Data security",
            Self::Privacy => "Privacy",
            Self::IncidentResponse => "Incident response",
            Self::Availability => "Availability & reliability",
            Self::Organizational => "Organizational security",
            Self::BusinessContinuity => "Business continuity",
            Self::Infrastructure => "Infrastructure",
            Self::ThreatManagement => "Threat management",
            Self::SecureDevelopment => "Secure development",
        }
    }
}

/// The practices of one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PracticeSection {
    pub category: PracticeCategory,
    /// The organisation's own heading, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Name>,
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub intro: Body,
    #[serde(default)]
    pub items: Vec<PracticeItem>,
}

/// One practice: a heading, what the organisation does, and the tools it does it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PracticeItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Name>,
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub body: Body,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Name>,
}

/// A third party that processes personal data on the organisation's behalf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Subprocessor {
    pub name: Name,
    pub purpose: Paragraph,
    /// Country or region where it processes the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Link>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<Name>,
    /// Engaged since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// An announced addition: it starts processing on this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_from: Option<Date>,
}

/// A document the organisation offers: a policy, a report, a certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Document {
    pub id: Identifier,
    pub title: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Paragraph>,
    pub access: DocumentAccess,
    /// Where a `public` document is; without it, the file uploaded for it, which the edge
    /// serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Link>,
}

/// Who may read a document, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentAccess {
    /// Anyone: at its `url`, or its uploaded file.
    Public,
    /// Sent on request.
    OnRequest,
    /// Sent on request once a non-disclosure agreement is accepted.
    Nda,
}

crate::every_variant!(DocumentAccess {
    Public,
    OnRequest,
    Nda
});

/// How to report a vulnerability, and what the organisation promises in return.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VulnerabilityDisclosure {
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub intro: Body,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<Link>,
    /// Where reports go; the report form also works without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Email>,
    /// What may be tested.
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub scope: Body,
    /// The sentence that introduces the rules, in the organisation's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_intro: Option<Paragraph>,
    /// What researchers are asked to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Paragraph>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments_intro: Option<Paragraph>,
    /// What the organisation commits to when the rules are followed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub our_commitments: Vec<Paragraph>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewards: Option<Paragraph>,
    /// The name of the hall of fame that credits reporters, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall_of_fame: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall_of_fame_url: Option<Link>,
    /// How findings are weighed.
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub assessment: Body,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_contents_intro: Option<Paragraph>,
    /// What a report should contain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub report_contents: Vec<Paragraph>,
}

/// The parts of a privacy policy a visitor needs before asking for their data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrivacyPolicy {
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub intro: Body,
    /// Kinds of data collected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collected: Vec<PolicyEntry>,
    /// What the data is used for, and with whom it is shared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<PolicyEntry>,
    /// How a person sees, corrects or deletes their data.
    #[serde(default, skip_serializing_if = "Body::is_empty")]
    pub manage_and_delete: Body,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Link>,
}

/// The organisation's own colours in its trust center (the light palette: a visitor who
/// prefers dark keeps the dark palette's accent, which is made for it). A page can still
/// set its own through the widget's custom properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Brand {
    /// The organisation's logo, uploaded to the edge (`PUT /v1/admin/orgs/{org}/logo`),
    /// shown beside its name in the widget and the hosted page and at the top of its
    /// e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<LogoFile>,
    /// Buttons, links, the chosen tab and the icons. With `accentText`, or not at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<Colour>,
    /// Text on the accent colour (a button's label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_text: Option<Colour>,
}

impl Brand {
    /// The accent and the text on it, when the organisation chose both.
    pub fn colours(&self) -> Option<(&Colour, &Colour)> {
        self.accent.as_ref().zip(self.accent_text.as_ref())
    }
}

/// WCAG 2.2's AA contrast for text of normal size (1.4.3).
pub const AA_CONTRAST: f64 = 4.5;

/// A contrast ratio as WCAG writes it, rounded down to a tenth so that a colour is never
/// said to pass on a rounding (`4.4:1`).
pub fn ratio(contrast: f64) -> String {
    format!("{:.1}:1", (contrast * 10.0).floor() / 10.0)
}

/// A titled entry of a privacy policy list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyEntry {
    pub title: Name,
    pub description: Paragraph,
}

impl TrustProfile {
    /// Reads a profile from its JSON form and checks the rules that span fields.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let profile: Self = serde_json::from_str(json).map_err(|e| e.to_string())?;
        profile.check().map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(profile)
    }

    /// The rules that span fields. Every error names its field's path.
    pub fn check(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors = Vec::new();
        let mut fail = |field: String, reason: &'static str| {
            errors.push(ValidationError::Invalid {
                field: field.into(),
                reason: reason.into(),
            })
        };

        if self.languages.is_empty() {
            fail("languages".into(), "must name at least one language");
        }
        for (role, contact) in [
            ("security", &self.contacts.security),
            ("privacy", &self.contacts.privacy),
            ("dpo", &self.contacts.dpo),
        ] {
            if contact
                .as_ref()
                .is_some_and(|c| c.email.is_none() && c.url.is_none())
            {
                fail(format!("contacts.{role}"), "needs an email or a url");
            }
        }

        for (i, badge) in self.badges.iter().enumerate() {
            let at = |field: &str| format!("badges[{i}].{field}");
            match badge.framework {
                Framework::Custom if badge.name.is_none() => {
                    fail(at("name"), "is required for a custom framework")
                }
                Framework::PciDss | Framework::Fisma if badge.level.is_none() => {
                    fail(at("level"), "is required for PCI-DSS and FISMA")
                }
                _ => {}
            }
            match (badge.scope, &badge.provider) {
                (BadgeScope::Inherited, None) => fail(
                    at("provider"),
                    "must name whose certificate an inherited badge is",
                ),
                (BadgeScope::Organization, Some(_)) => {
                    fail(at("provider"), "is only for inherited badges")
                }
                _ => {}
            }
            if let (Some(issued), Some(expires)) = (badge.issued, badge.expires) {
                if expires <= issued {
                    fail(at("expires"), "must be after issued");
                }
            }
            if let Some(document) = &badge.document {
                if !self.documents.iter().any(|d| &d.id == document) {
                    fail(at("document"), "names no document of this profile");
                }
            }
        }

        let hours = [
            (
                "breachNotificationHours",
                self.commitments.breach_notification_hours,
            ),
            (
                "vulnerabilityAcknowledgementHours",
                self.commitments.vulnerability_acknowledgement_hours,
            ),
        ];
        for (field, value) in hours {
            if value.is_some_and(|h| !(1..=8760).contains(&h)) {
                fail(
                    format!("commitments.{field}"),
                    "must be between 1 and 8760 hours",
                );
            }
        }
        if self
            .commitments
            .coordinated_disclosure_days
            .is_some_and(|d| !(1..=3650).contains(&d))
        {
            fail(
                "commitments.coordinatedDisclosureDays".into(),
                "must be between 1 and 3650 days",
            );
        }

        for (i, section) in self.practices.iter().enumerate() {
            if self.practices[..i]
                .iter()
                .any(|s| s.category == section.category)
            {
                fail(
                    format!("practices[{i}].category"),
                    "appears twice: put all practices of a category in one section",
                );
            }
            for (j, item) in section.items.iter().enumerate() {
                if item.title.is_none() && item.body.is_empty() {
                    fail(
                        format!("practices[{i}].items[{j}]"),
                        "needs a title or a body",
                    );
                }
            }
        }

        for (i, subprocessor) in self.subprocessors.iter().enumerate() {
            if let (Some(since), Some(planned)) = (subprocessor.since, subprocessor.planned_from) {
                if planned < since {
                    fail(
                        format!("subprocessors[{i}].plannedFrom"),
                        "must not be before since",
                    );
                }
            }
        }

        for (i, document) in self.documents.iter().enumerate() {
            if self.documents[..i].iter().any(|d| d.id == document.id) {
                fail(format!("documents[{i}].id"), "is used by another document");
            }
            if document.access != DocumentAccess::Public && document.url.is_some() {
                fail(
                    format!("documents[{i}].url"),
                    "must be left out: the document is only sent on request",
                );
            }
            if document.access == DocumentAccess::Nda && self.nda.is_none() {
                fail(
                    format!("documents[{i}].access"),
                    "is nda, so the profile needs the NDA a visitor accepts: add [nda] with its version and text",
                );
            }
        }
        for (i, faq) in self.faqs.iter().enumerate() {
            if self.faqs[..i]
                .iter()
                .any(|f| same_words(f.question.as_str(), faq.question.as_str()))
            {
                fail(format!("faqs[{i}].question"), "is asked by another FAQ");
            }
        }
        for (i, item) in self.roadmap.iter().enumerate() {
            if self.roadmap[..i]
                .iter()
                .any(|r| same_words(r.title.as_str(), item.title.as_str()))
            {
                fail(
                    format!("roadmap[{i}].title"),
                    "is the title of another roadmap item",
                );
            }
        }
        for (i, resource) in self.resources.iter().enumerate() {
            if self.resources[..i].iter().any(|r| r.url == resource.url) {
                fail(
                    format!("resources[{i}].url"),
                    "is the link of another resource",
                );
            }
            if self.resources[..i]
                .iter()
                .any(|r| same_words(r.title.as_str(), resource.title.as_str()))
            {
                fail(
                    format!("resources[{i}].title"),
                    "is the title of another resource",
                );
            }
        }

        if self.nda.as_ref().is_some_and(|nda| nda.text.is_empty()) {
            fail(
                "nda.text".into(),
                "is required: it is what a visitor accepts",
            );
        }

        if let Some(brand) = &self.brand {
            match (&brand.accent, &brand.accent_text) {
                (Some(_), None) => errors.push(ValidationError::Invalid {
                    field: "brand.accentText".into(),
                    reason:
                        "is required with an accent colour: the colour of a button's label on it"
                            .into(),
                }),
                (None, Some(_)) => errors.push(ValidationError::Invalid {
                    field: "brand.accent".into(),
                    reason: "is required with a text colour: the colour that text is written on"
                        .into(),
                }),
                _ => {}
            }
        }
        if let Some((accent, accent_text)) = self.brand.as_ref().and_then(Brand::colours) {
            // The accent is text on the background (links, the chosen tab) and the
            // background of text (a button's label): AA in both places, or not at all.
            let on_white = accent.contrast(&Colour::white());
            if on_white < AA_CONTRAST {
                errors.push(ValidationError::Invalid {
                    field: "brand.accent".into(),
                    reason: format!(
                        "has a contrast of {} with the white background; links and tabs in it need at least 4.5:1 (WCAG AA)",
                        ratio(on_white)
                    )
                    .into(),
                });
            }
            let text = accent.contrast(accent_text);
            if text < AA_CONTRAST {
                errors.push(ValidationError::Invalid {
                    field: "brand.accentText".into(),
                    reason: format!(
                        "has a contrast of {} with the accent colour; a button's label needs at least 4.5:1 (WCAG AA)",
                        ratio(text)
                    )
                    .into(),
                });
            }
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Whether two texts say the same words, whatever their case and spacing: two FAQs asking
/// "Where is my data?" and "where is  my data?" are one question.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> TrustProfile {
        TrustProfile::from_json(r#"{"org":"acme","name":"Acme"}"#).unwrap()
    }

    fn badge(json: &str) -> Badge {
        serde_json::from_str(json).unwrap()
    }

    fn fields(profile: &TrustProfile) -> Vec<String> {
        profile
            .check()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field().to_owned())
            .collect()
    }

    #[test]
    fn a_profile_needs_only_a_slug_and_a_name() {
        let profile = minimal();
        assert_eq!(profile.languages[0].as_str(), "en", "English by default");
        assert!(profile.badges.is_empty() && profile.subprocessors.is_empty());
    }

    #[test]
    fn a_profile_reads_and_writes_camel_case_json() {
        let mut profile = minimal();
        profile.badges.push(badge(
            r#"{"framework":"soc2_type2","status":"in_progress"}"#,
        ));
        profile.commitments.breach_notification_hours = Some(24);
        let json = serde_json::to_value(&profile).unwrap();
        assert_eq!(json["badges"][0]["status"], "in_progress");
        assert_eq!(json["badges"][0]["scope"], "organization");
        assert_eq!(json["commitments"]["breachNotificationHours"], 24);
        assert!(json.get("tagline").is_none(), "absent options are left out");
        let back: TrustProfile = serde_json::from_value(json).unwrap();
        assert_eq!(back, profile);
    }

    #[test]
    fn brand_colours_meet_wcag_aa_on_white_and_under_their_text() {
        let with = |accent: &str, text: &str| {
            let mut profile = minimal();
            profile.brand = Some(Brand {
                logo: None,
                accent: Some(Colour::parse(accent).unwrap()),
                accent_text: Some(Colour::parse(text).unwrap()),
            });
            profile.check().err().unwrap_or_default()
        };
        assert!(with("#5b2a86", "#ffffff").is_empty());
        assert!(with("#0b5fff", "#ffffff").is_empty());
        // Yellow: too light on white, and white text on it too.
        let errors = with("#ffcc00", "#ffffff");
        let messages: Vec<(String, String)> = errors
            .iter()
            .map(|e| (e.field().to_owned(), e.to_string()))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(messages[0].0, "brand.accent");
        assert!(
            messages[0].1.contains("1.5:1") && messages[0].1.contains("4.5:1"),
            "{messages:?}"
        );
        assert_eq!(messages[1].0, "brand.accentText");
        // Dark text on a dark accent: the accent passes, its text does not.
        let errors = with("#5b2a86", "#333333");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field(), "brand.accentText");
        // The ratio is rounded down: 4.49 is never shown as a pass.
        assert_eq!(ratio(4.49), "4.4:1");
        assert_eq!(ratio(21.0), "21.0:1");
        // One colour without the other is not a choice.
        let mut profile = minimal();
        profile.brand = Some(Brand {
            logo: Some(LogoFile::parse("3f2a9c01d4e5b6a7.svg").unwrap()),
            accent: Some(Colour::parse("#5b2a86").unwrap()),
            accent_text: None,
        });
        let errors = profile.check().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field(), "brand.accentText");
        // A logo alone is a brand.
        profile.brand.as_mut().unwrap().accent = None;
        assert!(profile.check().is_ok());
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_silently_dropped() {
        let err =
            TrustProfile::from_json(r#"{"org":"acme","name":"Acme","nmae":"x"}"#).unwrap_err();
        assert!(err.contains("nmae"), "{err}");
    }

    #[test]
    fn an_invalid_slug_is_refused() {
        let err = TrustProfile::from_json(r#"{"org":"Acme Inc","name":"Acme"}"#).unwrap_err();
        assert!(err.contains("lowercase"), "{err}");
    }

    #[test]
    fn an_unknown_framework_or_status_is_refused() {
        assert!(
            serde_json::from_str::<Badge>(r#"{"framework":"iso9001","status":"compliant"}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<Badge>(r#"{"framework":"iso27001","status":"almost"}"#).is_err()
        );
    }

    #[test]
    fn a_pci_dss_or_fisma_badge_needs_its_level() {
        let mut profile = minimal();
        profile
            .badges
            .push(badge(r#"{"framework":"pci_dss","status":"compliant"}"#));
        profile
            .badges
            .push(badge(r#"{"framework":"fisma","status":"compliant"}"#));
        assert_eq!(fields(&profile), ["badges[0].level", "badges[1].level"]);
    }

    #[test]
    fn a_custom_badge_needs_a_name() {
        let mut profile = minimal();
        profile
            .badges
            .push(badge(r#"{"framework":"custom","status":"planned"}"#));
        assert_eq!(fields(&profile), ["badges[0].name"]);
    }

    #[test]
    fn an_inherited_badge_names_whose_it_is_and_an_own_one_does_not() {
        let mut profile = minimal();
        profile.badges.push(badge(
            r#"{"framework":"iso27001","status":"compliant","scope":"inherited"}"#,
        ));
        profile.badges.push(badge(
            r#"{"framework":"iso27001","status":"compliant","provider":"AWS"}"#,
        ));
        assert_eq!(
            fields(&profile),
            ["badges[0].provider", "badges[1].provider"]
        );
    }

    #[test]
    fn a_badge_expires_after_it_was_issued() {
        let mut profile = minimal();
        profile.badges.push(badge(
            r#"{"framework":"iso27001","status":"compliant","issued":"2026-05-01","expires":"2026-04-30"}"#,
        ));
        assert_eq!(fields(&profile), ["badges[0].expires"]);
    }

    #[test]
    fn a_badge_links_only_to_a_document_of_the_profile() {
        let mut profile = minimal();
        profile.badges.push(badge(
            r#"{"framework":"soc2_type2","status":"compliant","document":"soc2-report"}"#,
        ));
        assert_eq!(fields(&profile), ["badges[0].document"]);
        profile.documents.push(
            serde_json::from_str(
                r#"{"id":"soc2-report","title":"SOC 2 report","access":"on_request"}"#,
            )
            .unwrap(),
        );
        assert_eq!(fields(&profile), Vec::<String>::new());
    }

    #[test]
    fn badge_labels_read_as_people_say_them() {
        let label = |json| badge(json).label();
        assert_eq!(
            label(r#"{"framework":"soc2_type2","status":"compliant"}"#),
            "SOC 2 Type II"
        );
        assert_eq!(
            label(r#"{"framework":"pci_dss","level":"1","status":"compliant"}"#),
            "PCI-DSS Level 1"
        );
        assert_eq!(
            label(r#"{"framework":"fisma","level":"Moderate","status":"compliant"}"#),
            "FISMA Moderate"
        );
        assert_eq!(
            label(
                r#"{"framework":"custom","name":"Environmental Safeguards","status":"compliant"}"#
            ),
            "Environmental Safeguards"
        );
    }

    #[test]
    fn a_requested_document_has_no_url_and_a_public_one_may_have_none() {
        let mut profile = minimal();
        profile
            .documents
            .push(serde_json::from_str(r#"{"id":"a","title":"A","access":"public"}"#).unwrap());
        profile.documents.push(
            serde_json::from_str(
                r#"{"id":"b","title":"B","access":"on_request","url":"https://example.com/b.pdf"}"#,
            )
            .unwrap(),
        );
        profile.documents.push(
            serde_json::from_str(r#"{"id":"a","title":"A again","access":"on_request"}"#).unwrap(),
        );
        assert_eq!(fields(&profile), ["documents[1].url", "documents[2].id"]);
    }

    #[test]
    fn an_nda_document_needs_the_nda_a_visitor_accepts() {
        let mut profile = minimal();
        profile
            .documents
            .push(serde_json::from_str(r#"{"id":"soc2","title":"SOC 2","access":"nda"}"#).unwrap());
        assert_eq!(fields(&profile), ["documents[0].access"]);
        profile.nda = Some(serde_json::from_str(r#"{"version":"2026-01","text":""}"#).unwrap());
        assert_eq!(fields(&profile), ["nda.text"]);
        profile.nda = Some(
            serde_json::from_str(r#"{"version":"2026-01","text":"Keep it to yourself."}"#).unwrap(),
        );
        assert_eq!(fields(&profile), Vec::<String>::new());
    }

    #[test]
    fn commitments_are_within_sensible_bounds() {
        let mut profile = minimal();
        profile.commitments.breach_notification_hours = Some(0);
        profile.commitments.coordinated_disclosure_days = Some(100_000);
        assert_eq!(
            fields(&profile),
            [
                "commitments.breachNotificationHours",
                "commitments.coordinatedDisclosureDays"
            ]
        );
    }

    #[test]
    fn a_practice_category_appears_once_and_items_are_not_empty() {
        let mut profile = minimal();
        let section: PracticeSection = serde_json::from_str(
            r#"{"category":"data_security","items":[{"title":"Encryption"},{}]}"#,
        )
        .unwrap();
        profile.practices.push(section.clone());
        profile.practices.push(section);
        assert_eq!(
            fields(&profile),
            [
                "practices[0].items[1]",
                "practices[1].category",
                "practices[1].items[1]"
            ]
        );
    }

    #[test]
    fn a_contact_gives_an_email_or_a_url() {
        let mut profile = minimal();
        profile.contacts.privacy = Some(Contact {
            name: None,
            email: None,
            url: None,
        });
        assert_eq!(fields(&profile), ["contacts.privacy"]);
    }

    #[test]
    fn a_planned_subprocessor_does_not_start_before_it_was_engaged() {
        let mut profile = minimal();
        profile.subprocessors.push(
            serde_json::from_str(
                r#"{"name":"X","purpose":"Y","since":"2026-05-01","plannedFrom":"2026-01-01"}"#,
            )
            .unwrap(),
        );
        assert_eq!(fields(&profile), ["subprocessors[0].plannedFrom"]);
    }

    #[test]
    fn languages_cannot_be_empty() {
        let err =
            TrustProfile::from_json(r#"{"org":"acme","name":"Acme","languages":[]}"#).unwrap_err();
        assert!(err.contains("languages"), "{err}");
    }

    fn with(json: &str) -> Result<TrustProfile, String> {
        TrustProfile::from_json(&format!(r#"{{"org":"acme","name":"Acme",{json}}}"#))
    }

    #[test]
    fn faqs_roadmap_and_resources_are_read_and_left_out_when_empty() {
        let profile = with(
            r#""faqs":[{"question":"Where is my data?","answer":"In the EU.","category":"Data"}],
               "roadmap":[{"title":"SOC 2","status":"in_progress","target":"2027-Q2"}],
               "resources":[{"title":"White paper","url":"https://acme.example/wp.pdf","category":"Guides"}]"#,
        )
        .unwrap();
        assert_eq!(profile.faqs[0].category.as_str(), "Data");
        assert_eq!(profile.roadmap[0].status, RoadmapStatus::InProgress);
        assert_eq!(
            profile.roadmap[0].target.as_ref().unwrap().as_str(),
            "2027-Q2"
        );
        assert_eq!(
            profile.resources[0].url.as_str(),
            "https://acme.example/wp.pdf"
        );
        // A profile without them publishes as it did before they existed.
        let json = serde_json::to_string(&minimal()).unwrap();
        for key in ["faqs", "roadmap", "resources"] {
            assert!(!json.contains(key), "{json}");
        }
    }

    #[test]
    fn each_field_of_the_new_content_checks_itself() {
        let long = "x".repeat(301);
        let category = "c".repeat(61);
        for (json, reason) in [
            (r#""faqs":[{"question":"","answer":"A","category":"C"}]"#.to_owned(), "is required"),
            (format!(r#""faqs":[{{"question":"{long}","answer":"A","category":"C"}}]"#), "at most 300 characters"),
            (r#""faqs":[{"question":"Q","answer":"A"}]"#.to_owned(), "missing field `category`"),
            (format!(r#""faqs":[{{"question":"Q","answer":"A","category":"{category}"}}]"#), "at most 60 characters"),
            (r#""roadmap":[{"title":"T","status":"someday"}]"#.to_owned(), "unknown variant `someday`"),
            (r#""roadmap":[{"title":"T","status":"done","target":"2027-Q5"}]"#.to_owned(), "a quarter such as 2027-Q1"),
            (r#""resources":[{"title":"T","url":"http://acme.example","category":"C"}]"#.to_owned(), "https://"),
            (r#""resources":[{"title":"T","url":"javascript:alert(1)","category":"C"}]"#.to_owned(), "https://"),
            (r#""resources":[{"title":"T","url":"https://acme.example","category":"C","extra":1}]"#.to_owned(), "unknown field `extra`"),
        ] {
            let err = with(&json).unwrap_err();
            assert!(err.contains(reason), "{json}: {err}");
        }
    }

    #[test]
    fn the_new_content_has_no_duplicates() {
        let profile: TrustProfile = serde_json::from_str(
            r#"{"org":"acme","name":"Acme",
               "faqs":[{"question":"Where is my data?","answer":"A","category":"C"},
                       {"question":"where is  my DATA?","answer":"B","category":"D"}],
               "roadmap":[{"title":"SOC 2","status":"planned"},{"title":"soc 2","status":"done"}],
               "resources":[{"title":"A","url":"https://acme.example/a","category":"C"},
                            {"title":"B","url":"https://acme.example/a","category":"C"},
                            {"title":"a","url":"https://acme.example/b","category":"C"}]}"#,
        )
        .unwrap();
        assert_eq!(
            fields(&profile),
            [
                "faqs[1].question",
                "roadmap[1].title",
                "resources[1].url",
                "resources[2].title"
            ]
        );
    }
}
