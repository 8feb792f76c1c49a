//! Privacy requests: who may ask for what under which law, by when it must be answered,
//! and the steps a request goes through. The widget checks a form with these rules
//! before sending it; the edge checks it again and holds every request to them.

use crate::web::Email;
use crate::{Date, Name, Text, ValidationError};

/// Details of a request: at most 5,000 characters.
pub type Details = Text<5000>;

/// The law a request is made under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// The EU's General Data Protection Regulation.
    Gdpr,
    /// The UK GDPR, with the Data Protection Act 2018.
    UkGdpr,
    /// The California Consumer Privacy Act, as amended by the CPRA.
    Ccpa,
    /// Any other law, or none: answered on the GDPR's timetable.
    Other,
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A copy of one's data (GDPR art. 15; CCPA's right to know).
    Access,
    /// Correcting inaccurate data (GDPR art. 16).
    Rectification,
    /// Erasing one's data (GDPR art. 17).
    Erasure,
    /// Restricting processing (GDPR art. 18).
    Restriction,
    /// One's data in a portable format (GDPR art. 20).
    Portability,
    /// Objecting to processing (GDPR art. 21).
    Objection,
    /// Deleting one's data (CCPA).
    Deletion,
    /// Correcting inaccurate data (CCPA).
    Correction,
    /// Opting out of the sale or sharing of one's data (CCPA).
    OptOutSaleSharing,
    /// Limiting the use of sensitive data (CCPA).
    LimitSensitive,
}

crate::every_variant!(Jurisdiction {
    Gdpr,
    UkGdpr,
    Ccpa,
    Other
});

impl Jurisdiction {
    /// The name in the API and in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Gdpr => "gdpr",
            Self::UkGdpr => "uk_gdpr",
            Self::Ccpa => "ccpa",
            Self::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|j| j.key() == key)
    }

    /// The kinds of request this law gives a right to, in the order a form lists them.
    pub fn kinds(self) -> &'static [RequestKind] {
        use RequestKind::*;
        match self {
            Self::Gdpr | Self::UkGdpr => &[
                Access,
                Rectification,
                Erasure,
                Restriction,
                Portability,
                Objection,
            ],
            Self::Ccpa => &[
                Access,
                Deletion,
                Correction,
                OptOutSaleSharing,
                LimitSensitive,
            ],
            Self::Other => &[Access, Deletion, Correction],
        }
    }

    pub fn allows(self, kind: RequestKind) -> bool {
        self.kinds().contains(&kind)
    }
}

crate::every_variant!(RequestKind {
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Objection,
    Deletion,
    Correction,
    OptOutSaleSharing,
    LimitSensitive
});

impl RequestKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Rectification => "rectification",
            Self::Erasure => "erasure",
            Self::Restriction => "restriction",
            Self::Portability => "portability",
            Self::Objection => "objection",
            Self::Deletion => "deletion",
            Self::Correction => "correction",
            Self::OptOutSaleSharing => "opt_out_sale_sharing",
            Self::LimitSensitive => "limit_sensitive",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether the requester must prove they own the e-mail address first. The CCPA
    /// forbids requiring verification to opt out or to limit the use of sensitive data.
    pub fn needs_verification(self) -> bool {
        !matches!(self, Self::OptOutSaleSharing | Self::LimitSensitive)
    }

    /// Answered within business days rather than calendar days, and never extended.
    fn is_opt_out(self) -> bool {
        !self.needs_verification()
    }
}

/// When a request received on `received` (UTC) must be answered.
pub fn due_by(jurisdiction: Jurisdiction, kind: RequestKind, received: Date) -> Date {
    match jurisdiction {
        Jurisdiction::Ccpa if kind.is_opt_out() => received.add_business_days(15),
        Jurisdiction::Ccpa => received.add_days(45),
        Jurisdiction::Gdpr | Jurisdiction::UkGdpr | Jurisdiction::Other => received.add_months(1),
    }
}

/// Whether the law counts this request's deadline in business days (a CCPA opt-out) rather
/// than calendar days.
pub fn counts_business_days(jurisdiction: Jurisdiction, kind: RequestKind) -> bool {
    jurisdiction == Jurisdiction::Ccpa && kind.is_opt_out()
}

/// The days left until `due`, counted as the law counts them (business days for a CCPA
/// opt-out, calendar days otherwise): `0` on the day itself, negative once overdue.
pub fn days_left(jurisdiction: Jurisdiction, kind: RequestKind, today: Date, due: Date) -> i64 {
    if counts_business_days(jurisdiction, kind) {
        today.business_days_until(due)
    } else {
        today.days_until(due)
    }
}

/// The latest a request may be answered once extended, if it may be extended at all:
/// GDPR by two further months (three from receipt), CCPA by 45 days (90 in all).
pub fn extended_due_by(
    jurisdiction: Jurisdiction,
    kind: RequestKind,
    received: Date,
) -> Option<Date> {
    match jurisdiction {
        Jurisdiction::Ccpa if kind.is_opt_out() => None,
        Jurisdiction::Ccpa => Some(received.add_days(90)),
        Jurisdiction::Gdpr | Jurisdiction::UkGdpr | Jurisdiction::Other => {
            Some(received.add_months(3))
        }
    }
}

/// By when the receipt of a CCPA request must be confirmed: 10 business days. (The
/// edge confirms at once; this is the limit it is held to.)
pub fn acknowledge_by(jurisdiction: Jurisdiction, received: Date) -> Option<Date> {
    (jurisdiction == Jurisdiction::Ccpa).then(|| received.add_business_days(10))
}

/// Extends a request's deadline. Only once, only with a reason, and only before the
/// first deadline has passed (the requester must be told within the first period).
pub fn extend(
    jurisdiction: Jurisdiction,
    kind: RequestKind,
    received: Date,
    already_extended: bool,
    today: Date,
    reason: &str,
) -> Result<Date, ValidationError> {
    let invalid = |field: &'static str, reason: &'static str| ValidationError::Invalid {
        field: field.into(),
        reason: reason.into(),
    };
    let Some(extended) = extended_due_by(jurisdiction, kind, received) else {
        return Err(invalid("dueBy", "this kind of request cannot be extended"));
    };
    if already_extended {
        return Err(invalid("dueBy", "has already been extended once"));
    }
    if today > due_by(jurisdiction, kind, received) {
        return Err(invalid(
            "dueBy",
            "can only be extended before the first deadline passes",
        ));
    }
    if reason.trim().is_empty() {
        return Err(ValidationError::Required {
            field: "note".into(),
        });
    }
    Ok(extended)
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the requester to confirm their e-mail address.
    IdentityUnverified,
    /// Verified (or not needing it), waiting for the team.
    Pending,
    /// The team is working on it.
    InProgress,
    Completed,
    /// Refused, with a reason.
    Denied,
    /// Never verified; its personal data is erased.
    Expired,
}

/// How long a request may stay unverified before it expires.
pub const UNVERIFIED_FOR_SECONDS: i64 = 7 * 86_400;

crate::every_variant!(RequestStatus {
    IdentityUnverified,
    Pending,
    InProgress,
    Completed,
    Denied,
    Expired
});

impl RequestStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::IdentityUnverified => "identity_unverified",
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Denied => "denied",
            Self::Expired => "expired",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The status a new request starts in.
    pub fn initial(kind: RequestKind) -> Self {
        if kind.needs_verification() {
            Self::IdentityUnverified
        } else {
            Self::Pending
        }
    }

    /// Completed, denied or expired: nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Denied | Self::Expired)
    }

    /// Checks a change of status. A denial needs a reason (`note`); a request expires
    /// only after `UNVERIFIED_FOR_SECONDS` unverified.
    pub fn check_transition(
        self,
        to: Self,
        note: Option<&str>,
        received_at: i64,
        now: i64,
    ) -> Result<(), ValidationError> {
        use RequestStatus::*;
        let allowed = matches!(
            (self, to),
            (IdentityUnverified, Pending)
                | (IdentityUnverified, Expired)
                | (Pending, InProgress)
                | (InProgress, Completed)
                | (InProgress, Denied)
        );
        if !allowed {
            return Err(ValidationError::Invalid {
                field: "status".into(),
                reason: format!("cannot change from {} to {}", self.key(), to.key()).into(),
            });
        }
        if to == Denied && note.is_none_or(|n| n.trim().is_empty()) {
            return Err(ValidationError::Required {
                field: "note".into(),
            });
        }
        if to == Expired && now < received_at + UNVERIFIED_FOR_SECONDS {
            return Err(ValidationError::Invalid {
                field: "status".into(),
                reason: "a request expires only after 7 days unverified".into(),
            });
        }
        Ok(())
    }
}

/// A privacy request as a form or an API client sends it, before any check.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("required" = ["jurisdiction", "kind", "email", "name", "consent"])))]
pub struct PrivacyRequestForm {
    /// One the organisation lists in `privacyRequests.jurisdictions`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Jurisdiction"))]
    pub jurisdiction: String,
    /// GDPR and UK GDPR: access, rectification, erasure, restriction, portability,
    /// objection. CCPA: access, deletion, correction, opt_out_sale_sharing,
    /// limit_sensitive. Other: access, deletion, correction.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "RequestKind"))]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(email))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub details: String,
    /// Consent to processing the data given, for the purpose of answering the request.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("const" = true)))]
    pub consent: bool,
}

/// A privacy request that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPrivacyRequest {
    pub jurisdiction: Jurisdiction,
    pub kind: RequestKind,
    pub email: Email,
    pub name: Name,
    pub details: Option<Details>,
}

impl PrivacyRequestForm {
    /// Checks every field; the errors name the fields, all of them at once. `offered`
    /// is what the organisation accepts requests under.
    pub fn check(
        &self,
        offered: &[Jurisdiction],
    ) -> Result<NewPrivacyRequest, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let jurisdiction = match Jurisdiction::from_key(self.jurisdiction.trim()) {
            Some(j) if offered.contains(&j) => Some(j),
            _ if self.jurisdiction.trim().is_empty() => {
                errors.push(ValidationError::Required {
                    field: "jurisdiction".into(),
                });
                None
            }
            _ => {
                errors.push(ValidationError::Invalid {
                    field: "jurisdiction".into(),
                    reason: "is not one this organisation accepts requests under".into(),
                });
                None
            }
        };
        let kind = match RequestKind::from_key(self.kind.trim()) {
            _ if self.kind.trim().is_empty() => {
                errors.push(ValidationError::Required {
                    field: "kind".into(),
                });
                None
            }
            Some(kind) if jurisdiction.is_none_or(|j| j.allows(kind)) => Some(kind),
            Some(_) => {
                errors.push(ValidationError::Invalid {
                    field: "kind".into(),
                    reason: "is not a right this law gives".into(),
                });
                None
            }
            None => {
                errors.push(ValidationError::Invalid {
                    field: "kind".into(),
                    reason: "is not a kind of request".into(),
                });
                None
            }
        };
        let email = Email::parse(self.email.as_str())
            .map_err(|e| errors.push(named(e, "email")))
            .ok();
        let name = Name::parse_field("name", self.name.as_str())
            .map_err(|e| errors.push(e))
            .ok();
        let details = match self.details.trim() {
            "" => None,
            details => Details::parse_field("details", details)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        if !self.consent {
            errors.push(ValidationError::Invalid {
                field: "consent".into(),
                reason: "must be given: we need it to answer the request".into(),
            });
        }
        match (jurisdiction, kind, email, name) {
            (Some(jurisdiction), Some(kind), Some(email), Some(name)) if errors.is_empty() => {
                Ok(NewPrivacyRequest {
                    jurisdiction,
                    kind,
                    email,
                    name,
                    details,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `error` as the error of the field `field`, when it names none.
pub(crate) fn named(error: ValidationError, field: &'static str) -> ValidationError {
    if error.field().is_empty() {
        error.within(field)
    } else {
        match error {
            ValidationError::Required { .. } => ValidationError::Required {
                field: field.into(),
            },
            ValidationError::TooLong { max, .. } => ValidationError::TooLong {
                field: field.into(),
                max,
            },
            ValidationError::Invalid { reason, .. } => ValidationError::Invalid {
                field: field.into(),
                reason,
            },
        }
    }
}

/// A vulnerability report as the form sends it, before any check.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("required" = ["title", "description"])))]
pub struct SecurityReportForm {
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub steps: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub impact: String,
    /// Where the organisation may answer; a report may be anonymous.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(email))]
    pub email: String,
    /// The name to credit in the hall of fame.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub credit: String,
}

/// A vulnerability report that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSecurityReport {
    pub title: Name,
    pub description: Details,
    pub steps: Option<Details>,
    pub impact: Option<Details>,
    pub email: Option<Email>,
    pub credit: Option<Name>,
}

impl SecurityReportForm {
    pub fn check(&self) -> Result<NewSecurityReport, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let mut optional = |field: &'static str, value: &str| match value.trim() {
            "" => None,
            value => Details::parse_field(field, value)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let steps = optional("steps", &self.steps);
        let impact = optional("impact", &self.impact);
        let title = Name::parse_field("title", self.title.as_str())
            .map_err(|e| errors.push(e))
            .ok();
        let description = Details::parse_field("description", self.description.as_str())
            .map_err(|e| errors.push(e))
            .ok();
        let email = match self.email.trim() {
            "" => None,
            email => Email::parse(email)
                .map_err(|e| errors.push(named(e, "email")))
                .ok(),
        };
        let credit = match self.credit.trim() {
            "" => None,
            credit => Name::parse_field("credit", credit)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        match (title, description) {
            (Some(title), Some(description)) if errors.is_empty() => Ok(NewSecurityReport {
                title,
                description,
                steps,
                impact,
                email,
                credit,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a vulnerability report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Arrived, not yet looked at.
    New,
    /// Confirmed and being worked on.
    Triaged,
    Resolved,
    /// Already reported; the note says which report.
    Duplicate,
    /// Not a vulnerability, or out of scope; the note says why.
    Invalid,
}

crate::every_variant!(ReportStatus {
    New,
    Triaged,
    Resolved,
    Duplicate,
    Invalid
});

impl ReportStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Triaged => "triaged",
            Self::Resolved => "resolved",
            Self::Duplicate => "duplicate",
            Self::Invalid => "invalid",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Resolved | Self::Duplicate | Self::Invalid)
    }

    /// `new → triaged → resolved`, and from either of the first two to `duplicate` or
    /// `invalid`, which need a note saying which report or why.
    pub fn check_transition(self, to: Self, note: Option<&str>) -> Result<(), ValidationError> {
        use ReportStatus::*;
        let allowed = matches!(
            (self, to),
            (New, Triaged) | (Triaged, Resolved) | (New | Triaged, Duplicate | Invalid)
        );
        if !allowed {
            return Err(ValidationError::Invalid {
                field: "status".into(),
                reason: format!("cannot change from {} to {}", self.key(), to.key()).into(),
            });
        }
        if matches!(to, Duplicate | Invalid) && note.is_none_or(|n| n.trim().is_empty()) {
            return Err(ValidationError::Required {
                field: "note".into(),
            });
        }
        Ok(())
    }
}

/// When a report received at `received_at` must be acknowledged: the organisation's
/// commitment, or 72 hours when it states none.
pub fn report_acknowledge_by(received_at: i64, commitment_hours: Option<u32>) -> i64 {
    received_at + i64::from(commitment_hours.unwrap_or(72)) * 3600
}

#[cfg(test)]
mod tests {
    use super::*;
    use Jurisdiction::*;
    use RequestKind::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_gdpr_request_received_on_31_january_is_due_on_28_february() {
        assert_eq!(due_by(Gdpr, Access, day("2027-01-31")), day("2027-02-28"));
    }

    #[test]
    fn in_a_leap_year_it_is_due_on_29_february() {
        assert_eq!(due_by(Gdpr, Erasure, day("2028-01-31")), day("2028-02-29"));
        assert_eq!(
            due_by(UkGdpr, Erasure, day("2028-01-30")),
            day("2028-02-29")
        );
    }

    #[test]
    fn a_gdpr_request_received_on_30_april_is_due_on_30_may() {
        assert_eq!(due_by(Gdpr, Access, day("2026-04-30")), day("2026-05-30"));
        assert_eq!(
            due_by(UkGdpr, Portability, day("2026-04-30")),
            day("2026-05-30")
        );
    }

    #[test]
    fn a_gdpr_request_in_december_is_due_in_january() {
        assert_eq!(
            due_by(Gdpr, Objection, day("2026-12-15")),
            day("2027-01-15")
        );
    }

    #[test]
    fn a_gdpr_deadline_extends_to_three_months_from_receipt() {
        assert_eq!(
            extended_due_by(Gdpr, Access, day("2026-11-30")),
            Some(day("2027-02-28"))
        );
        assert_eq!(
            extended_due_by(UkGdpr, Access, day("2027-01-31")),
            Some(day("2027-04-30"))
        );
    }

    #[test]
    fn a_ccpa_request_is_due_in_45_days_and_extends_to_90() {
        assert_eq!(due_by(Ccpa, Access, day("2026-11-25")), day("2027-01-09"));
        assert_eq!(due_by(Ccpa, Deletion, day("2028-02-01")), day("2028-03-17"));
        assert_eq!(
            extended_due_by(Ccpa, Deletion, day("2026-11-25")),
            Some(day("2027-02-23"))
        );
    }

    #[test]
    fn a_ccpa_opt_out_is_due_in_15_business_days_and_never_extends() {
        // Wednesday 25 November 2026: three weeks of weekdays later.
        assert_eq!(
            due_by(Ccpa, OptOutSaleSharing, day("2026-11-25")),
            day("2026-12-16")
        );
        assert_eq!(
            extended_due_by(Ccpa, LimitSensitive, day("2026-11-25")),
            None
        );
    }

    #[test]
    fn business_days_skip_weekends_whichever_day_a_request_arrives() {
        // Friday → the next Monday is the first business day.
        assert_eq!(day("2026-11-27").add_business_days(1), day("2026-11-30"));
        // Saturday and Sunday count from Monday.
        assert_eq!(day("2026-11-28").add_business_days(1), day("2026-11-30"));
        assert_eq!(day("2026-11-29").add_business_days(5), day("2026-12-04"));
        assert_eq!(
            due_by(Ccpa, LimitSensitive, day("2026-11-28")),
            day("2026-12-18")
        );
        assert!(!due_by(Ccpa, OptOutSaleSharing, day("2026-12-31")).is_weekend());
    }

    #[test]
    fn days_left_count_as_the_law_counts_them() {
        let today = day("2026-11-27"); // a Friday
        assert_eq!(
            days_left(
                Jurisdiction::Gdpr,
                RequestKind::Access,
                today,
                day("2026-12-27")
            ),
            30
        );
        assert_eq!(
            days_left(Jurisdiction::Gdpr, RequestKind::Access, today, today),
            0
        );
        assert_eq!(
            days_left(
                Jurisdiction::Gdpr,
                RequestKind::Access,
                today,
                day("2026-11-24")
            ),
            -3
        );
        // Business days: Monday is one from Friday, and the opt-out's own deadline is 15.
        let opt_out = RequestKind::OptOutSaleSharing;
        assert_eq!(
            days_left(Jurisdiction::Ccpa, opt_out, today, day("2026-11-30")),
            1
        );
        let due = due_by(Jurisdiction::Ccpa, opt_out, today);
        assert_eq!(days_left(Jurisdiction::Ccpa, opt_out, today, due), 15);
        assert_eq!(days_left(Jurisdiction::Ccpa, opt_out, due, today), -15);
        // Due on a Friday: the Saturday and Sunday after are a day overdue, not "due today".
        let friday = day("2026-11-27");
        assert_eq!(
            days_left(Jurisdiction::Ccpa, opt_out, day("2026-11-28"), friday),
            -1
        );
        assert_eq!(
            days_left(Jurisdiction::Ccpa, opt_out, day("2026-11-29"), friday),
            -1
        );
        assert_eq!(
            days_left(Jurisdiction::Ccpa, opt_out, day("2026-11-30"), friday),
            -1
        );
        assert_eq!(
            days_left(Jurisdiction::Ccpa, opt_out, day("2026-12-01"), friday),
            -2
        );
        for start in 0..14 {
            let from = today.add_days(start);
            for n in 0..30 {
                assert_eq!(
                    from.business_days_until(from.add_business_days(n)),
                    i64::from(n)
                );
            }
        }
    }

    #[test]
    fn ccpa_receipt_is_confirmed_within_10_business_days() {
        assert_eq!(
            acknowledge_by(Ccpa, day("2026-11-25")),
            Some(day("2026-12-09"))
        );
        assert_eq!(acknowledge_by(Gdpr, day("2026-11-25")), None);
    }

    #[test]
    fn other_laws_follow_the_gdpr_timetable() {
        assert_eq!(
            due_by(Other, Correction, day("2026-03-31")),
            day("2026-04-30")
        );
    }

    #[test]
    fn opting_out_and_limiting_need_no_verification() {
        for kind in RequestKind::ALL {
            let expected = !matches!(kind, OptOutSaleSharing | LimitSensitive);
            assert_eq!(kind.needs_verification(), expected, "{kind:?}");
            let initial = RequestStatus::initial(kind);
            assert_eq!(initial == RequestStatus::IdentityUnverified, expected);
        }
    }

    #[test]
    fn each_law_offers_its_own_kinds() {
        assert_eq!(Gdpr.kinds().len(), 6);
        assert_eq!(UkGdpr.kinds(), Gdpr.kinds());
        assert_eq!(
            Ccpa.kinds(),
            [
                Access,
                Deletion,
                Correction,
                OptOutSaleSharing,
                LimitSensitive
            ]
        );
        assert_eq!(Other.kinds(), [Access, Deletion, Correction]);
        assert!(!Gdpr.allows(OptOutSaleSharing));
        assert!(!Ccpa.allows(Erasure));
    }

    #[test]
    fn keys_are_the_api_names() {
        for j in Jurisdiction::ALL {
            assert_eq!(serde_json::to_value(j).unwrap(), j.key());
            assert_eq!(Jurisdiction::from_key(j.key()), Some(j));
        }
        for k in RequestKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.key());
            assert_eq!(RequestKind::from_key(k.key()), Some(k));
        }
        for s in RequestStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
            assert_eq!(RequestStatus::from_key(s.key()), Some(s));
        }
    }

    #[test]
    fn a_deadline_extends_once_with_a_reason_within_the_first_period() {
        let received = day("2026-11-25");
        let extend = |already, today: &str, reason| {
            extend(Gdpr, Access, received, already, day(today), reason)
        };
        assert_eq!(
            extend(false, "2026-12-20", "many records"),
            Ok(day("2027-02-25"))
        );
        assert_eq!(
            extend(false, "2026-12-25", "on the last day"),
            Ok(day("2027-02-25"))
        );
        assert_eq!(
            extend(true, "2026-12-20", "again").unwrap_err().field(),
            "dueBy"
        );
        assert_eq!(
            extend(false, "2026-12-26", "too late").unwrap_err().field(),
            "dueBy"
        );
        assert_eq!(
            extend(false, "2026-12-20", " "),
            Err(ValidationError::Required {
                field: "note".into()
            })
        );
        assert!(super::extend(Ccpa, OptOutSaleSharing, received, false, received, "x").is_err());
    }

    #[test]
    fn a_request_moves_only_forward_along_its_lifecycle() {
        use RequestStatus::*;
        let ok = [
            (IdentityUnverified, Pending),
            (Pending, InProgress),
            (InProgress, Completed),
        ];
        for (from, to) in ok {
            assert_eq!(
                from.check_transition(to, None, 0, 0),
                Ok(()),
                "{from:?} → {to:?}"
            );
        }
        for from in RequestStatus::ALL {
            for to in RequestStatus::ALL {
                let legal = ok.contains(&(from, to))
                    || (from, to) == (InProgress, Denied)
                    || (from, to) == (IdentityUnverified, Expired);
                if !legal {
                    let error = from
                        .check_transition(to, Some("note"), 0, i64::MAX / 2)
                        .unwrap_err();
                    assert_eq!(error.field(), "status", "{from:?} → {to:?}");
                }
            }
        }
    }

    #[test]
    fn a_denial_needs_a_reason() {
        use RequestStatus::*;
        assert_eq!(
            InProgress.check_transition(Denied, None, 0, 0),
            Err(ValidationError::Required {
                field: "note".into()
            })
        );
        assert_eq!(
            InProgress
                .check_transition(Denied, Some("  "), 0, 0)
                .unwrap_err()
                .field(),
            "note"
        );
        assert_eq!(
            InProgress.check_transition(Denied, Some("not the account holder"), 0, 0),
            Ok(())
        );
    }

    #[test]
    fn an_unverified_request_expires_after_seven_days_and_not_before() {
        use RequestStatus::*;
        let received = 1_790_000_000;
        let week = UNVERIFIED_FOR_SECONDS;
        assert!(IdentityUnverified
            .check_transition(Expired, None, received, received + week - 1)
            .is_err());
        assert_eq!(
            IdentityUnverified.check_transition(Expired, None, received, received + week),
            Ok(())
        );
        assert!(Pending
            .check_transition(Expired, None, received, received + 2 * week)
            .is_err());
    }

    fn form() -> PrivacyRequestForm {
        PrivacyRequestForm {
            jurisdiction: "gdpr".into(),
            kind: "access".into(),
            email: "ada@example.com".into(),
            name: "Ada Lovelace".into(),
            details: String::new(),
            consent: true,
        }
    }

    fn fields(errors: Vec<ValidationError>) -> Vec<String> {
        errors.iter().map(|e| e.field().to_owned()).collect()
    }

    #[test]
    fn a_complete_form_makes_a_request() {
        let request = form().check(&[Gdpr]).unwrap();
        assert_eq!((request.jurisdiction, request.kind), (Gdpr, Access));
        assert_eq!(request.email.as_str(), "ada@example.com");
        assert_eq!(request.details, None);
    }

    #[test]
    fn every_field_error_is_reported_at_once_by_field() {
        let empty = PrivacyRequestForm::default();
        assert_eq!(
            fields(empty.check(&[Gdpr]).unwrap_err()),
            ["jurisdiction", "kind", "email", "name", "consent"]
        );
    }

    #[test]
    fn a_kind_must_belong_to_the_law() {
        let form = PrivacyRequestForm {
            kind: "opt_out_sale_sharing".into(),
            ..form()
        };
        let errors = form.check(&[Gdpr, Ccpa]).unwrap_err();
        assert_eq!(fields(errors.clone()), ["kind"]);
        assert_eq!(errors[0].message(), "is not a right this law gives");
        let ccpa = PrivacyRequestForm {
            jurisdiction: "ccpa".into(),
            ..form
        };
        assert!(ccpa.check(&[Gdpr, Ccpa]).is_ok());
    }

    #[test]
    fn a_law_the_organisation_does_not_offer_is_refused() {
        let ccpa = PrivacyRequestForm {
            jurisdiction: "ccpa".into(),
            ..form()
        };
        assert_eq!(fields(ccpa.check(&[Gdpr]).unwrap_err()), ["jurisdiction"]);
        let unknown = PrivacyRequestForm {
            jurisdiction: "hipaa".into(),
            ..form()
        };
        assert_eq!(
            fields(unknown.check(&[Gdpr]).unwrap_err()),
            ["jurisdiction"]
        );
    }

    #[test]
    fn names_details_and_addresses_have_limits() {
        let long = PrivacyRequestForm {
            name: "n".repeat(201),
            details: "d".repeat(5001),
            email: "not an address".into(),
            ..form()
        };
        let errors = long.check(&[Gdpr]).unwrap_err();
        assert_eq!(fields(errors.clone()), ["email", "name", "details"]);
        assert_eq!(errors[1].message(), "must be at most 200 characters");
        assert_eq!(errors[2].message(), "must be at most 5000 characters");
        let exactly = PrivacyRequestForm {
            details: "d".repeat(5000),
            ..form()
        };
        assert!(exactly.check(&[Gdpr]).is_ok());
    }

    #[test]
    fn a_request_needs_consent() {
        let form = PrivacyRequestForm {
            consent: false,
            ..form()
        };
        assert_eq!(fields(form.check(&[Gdpr]).unwrap_err()), ["consent"]);
    }

    #[test]
    fn a_report_needs_a_title_and_a_description_only() {
        let report = SecurityReportForm {
            title: "XSS in search".into(),
            description: "The q parameter is reflected.".into(),
            ..Default::default()
        }
        .check()
        .unwrap();
        assert_eq!(
            (report.email, report.credit, report.steps),
            (None, None, None)
        );
        let errors = SecurityReportForm {
            email: "nope".into(),
            steps: "s".repeat(5001),
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(fields(errors), ["steps", "title", "description", "email"]);
    }

    #[test]
    fn a_report_is_triaged_then_resolved_or_closed_with_a_reason() {
        use ReportStatus::*;
        assert_eq!(New.check_transition(Triaged, None), Ok(()));
        assert_eq!(Triaged.check_transition(Resolved, None), Ok(()));
        assert!(
            New.check_transition(Resolved, None).is_err(),
            "triaged first"
        );
        assert!(
            Resolved.check_transition(Triaged, None).is_err(),
            "resolved is final"
        );
        for closed in [Duplicate, Invalid] {
            assert_eq!(
                New.check_transition(closed, None),
                Err(ValidationError::Required {
                    field: "note".into()
                })
            );
            assert_eq!(
                Triaged.check_transition(closed, Some("same as sr_1")),
                Ok(())
            );
            assert!(closed.is_final());
        }
        for status in ReportStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.key());
            assert_eq!(ReportStatus::from_key(status.key()), Some(status));
        }
    }

    #[test]
    fn a_report_is_acknowledged_within_the_commitment_or_72_hours() {
        assert_eq!(report_acknowledge_by(1_000, Some(24)), 1_000 + 24 * 3600);
        assert_eq!(report_acknowledge_by(1_000, None), 1_000 + 72 * 3600);
    }
}
