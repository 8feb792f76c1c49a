//! Asking for a document the organisation sends on request, and for e-mail about changes
//! to its subprocessors: the forms and their checks, and a document request's steps.

use crate::privacy::named;
use crate::profile::{Document, DocumentAccess, TrustProfile};
use crate::web::{Email, Identifier};
use crate::{Name, ValidationError};

/// A request for a document as the form sends it, before any check.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("required" = ["documentId", "name", "company", "email"])))]
pub struct DocumentRequestForm {
    /// The `id` of an `on_request` or `nda` document of the profile.
    #[serde(default)]
    pub document_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub company: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(email))]
    pub email: String,
    /// For an `nda` document: the visitor accepted the NDA. Recorded with the time and
    /// the client address.
    #[serde(default)]
    pub nda_accepted: bool,
    /// For an `nda` document: the `nda.version` the visitor was shown; it must be the one
    /// in force.
    #[serde(default)]
    pub nda_version: String,
}

/// A document request that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocumentRequest {
    pub document: Document,
    pub name: Name,
    pub company: Name,
    pub email: Email,
    /// The NDA version accepted, for an `nda` document.
    pub nda_version: Option<Identifier>,
}

impl DocumentRequestForm {
    /// Checks every field against `profile`; the errors name the fields, all at once.
    pub fn check(
        &self,
        profile: &TrustProfile,
    ) -> Result<NewDocumentRequest, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let invalid = |field: &'static str, reason: &'static str| ValidationError::Invalid {
            field: field.into(),
            reason: reason.into(),
        };
        let document = match profile
            .documents
            .iter()
            .find(|d| d.id.as_str() == self.document_id.trim())
        {
            _ if self.document_id.trim().is_empty() => {
                errors.push(ValidationError::Required {
                    field: "documentId".into(),
                });
                None
            }
            None => {
                errors.push(invalid(
                    "documentId",
                    "is not a document this organisation offers",
                ));
                None
            }
            Some(d) if d.access == DocumentAccess::Public => {
                errors.push(invalid(
                    "documentId",
                    "is public: it is at its link, with no need to ask",
                ));
                None
            }
            Some(d) => Some(d.clone()),
        };
        let name = Name::parse_field("name", self.name.as_str())
            .map_err(|e| errors.push(e))
            .ok();
        let company = Name::parse_field("company", self.company.as_str())
            .map_err(|e| errors.push(e))
            .ok();
        let email = Email::parse(self.email.as_str())
            .map_err(|e| errors.push(named(e, "email")))
            .ok();
        let mut nda_version = None;
        if document
            .as_ref()
            .is_some_and(|d| d.access == DocumentAccess::Nda)
        {
            if !self.nda_accepted {
                errors.push(invalid(
                    "ndaAccepted",
                    "must be given: this document is sent under the NDA",
                ));
            }
            match &profile.nda {
                Some(nda) if nda.version.as_str() == self.nda_version.trim() => {
                    nda_version = Some(nda.version.clone());
                }
                _ => errors.push(invalid(
                    "ndaVersion",
                    "is not the NDA in force: read the current one and accept it",
                )),
            }
        }
        match (document, name, company, email) {
            (Some(document), Some(name), Some(company), Some(email)) if errors.is_empty() => {
                Ok(NewDocumentRequest {
                    document,
                    name,
                    company,
                    email,
                    nda_version,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Where a document request stands: `pending` until the team approves or denies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentRequestStatus {
    Pending,
    Approved,
    Denied,
}

impl DocumentRequestStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Denied => "denied",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Denied]
            .into_iter()
            .find(|s| s.key() == key)
    }

    /// A pending request may be decided once; a decision is final.
    pub fn check_decision(self, to: Self) -> Result<(), ValidationError> {
        match (self, to) {
            (Self::Pending, Self::Approved | Self::Denied) => Ok(()),
            (_, Self::Pending) => Err(ValidationError::Invalid {
                field: "decision".into(),
                reason: "must be approve or deny".into(),
            }),
            _ => Err(ValidationError::Invalid {
                field: "decision".into(),
                reason: "cannot be made again: this request was decided already".into(),
            }),
        }
    }
}

/// A subscription to changes of the subprocessor list, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("required" = ["email"])))]
pub struct SubscriptionForm {
    /// Where to send the changes. Nothing is sent but the confirmation until its link is
    /// followed.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(email))]
    pub email: String,
}

impl SubscriptionForm {
    pub fn check(&self) -> Result<Email, Vec<ValidationError>> {
        Email::parse(self.email.as_str()).map_err(|e| vec![named(e, "email")])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> TrustProfile {
        serde_json::from_value(serde_json::json!({
            "org": "acme",
            "name": "Acme",
            "documents": [
                { "id": "policy", "title": "Policy", "access": "public", "url": "https://acme.example/p.pdf" },
                { "id": "pentest", "title": "Pen test summary", "access": "on_request" },
                { "id": "soc2", "title": "SOC 2 report", "access": "nda" }
            ],
            "nda": { "version": "2026-01", "text": "Keep it to yourself." }
        }))
        .unwrap()
    }

    fn form(document: &str) -> DocumentRequestForm {
        DocumentRequestForm {
            document_id: document.into(),
            name: "Ada Lovelace".into(),
            company: "Analytical Engines Ltd".into(),
            email: "ada@example.com".into(),
            nda_accepted: false,
            nda_version: String::new(),
        }
    }

    fn fields(result: Result<NewDocumentRequest, Vec<ValidationError>>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field().to_owned())
            .collect()
    }

    #[test]
    fn an_on_request_document_needs_name_company_and_email_only() {
        let request = form("pentest").check(&profile()).unwrap();
        assert_eq!(request.document.id.as_str(), "pentest");
        assert_eq!(request.nda_version, None);
    }

    #[test]
    fn an_nda_document_needs_the_current_nda_accepted() {
        assert_eq!(
            fields(form("soc2").check(&profile())),
            ["ndaAccepted", "ndaVersion"]
        );
        let mut accepted = form("soc2");
        accepted.nda_accepted = true;
        accepted.nda_version = "2025-06".into();
        assert_eq!(
            fields(accepted.check(&profile())),
            ["ndaVersion"],
            "an older NDA"
        );
        accepted.nda_version = "2026-01".into();
        let request = accepted.check(&profile()).unwrap();
        assert_eq!(request.nda_version.unwrap().as_str(), "2026-01");
    }

    #[test]
    fn public_and_unknown_documents_are_not_requested() {
        assert_eq!(fields(form("policy").check(&profile())), ["documentId"]);
        assert_eq!(fields(form("nope").check(&profile())), ["documentId"]);
        assert_eq!(fields(form(" ").check(&profile())), ["documentId"]);
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let empty = DocumentRequestForm {
            document_id: "pentest".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(empty.check(&profile())),
            ["name", "company", "email"]
        );
    }

    #[test]
    fn a_decision_is_made_once() {
        use DocumentRequestStatus::*;
        assert!(Pending.check_decision(Approved).is_ok());
        assert!(Pending.check_decision(Denied).is_ok());
        assert!(Approved.check_decision(Denied).is_err());
        assert!(Denied.check_decision(Approved).is_err());
        assert!(Pending.check_decision(Pending).is_err());
        assert_eq!(DocumentRequestStatus::from_key("approved"), Some(Approved));
    }

    #[test]
    fn a_subscription_needs_an_email_address() {
        assert!(SubscriptionForm {
            email: "dpo@example.com".into()
        }
        .check()
        .is_ok());
        let errors = SubscriptionForm {
            email: "nope".into(),
        }
        .check()
        .unwrap_err();
        assert_eq!(errors[0].field(), "email");
    }
}
