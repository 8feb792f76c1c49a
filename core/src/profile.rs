//! The published trust profile: what an organisation shows on its trust center.

use serde::{Deserialize, Serialize};

use crate::text::Name;
use crate::OrgSlug;

/// An organisation's trust profile as the public API serves it and the widget shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustProfile {
    pub org: OrgSlug,
    pub name: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<Name>,
    #[serde(default)]
    pub badges: Vec<Badge>,
}

/// A security badge: a certification, attestation or regulation the organisation meets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Badge {
    pub name: Name,
    pub status: BadgeStatus,
}

/// How far the organisation is with a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeStatus {
    Compliant,
    InProgress,
    Planned,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vinterre_json() -> &'static str {
        r#"{"org":"vinterre","name":"Vinterre","badges":[
            {"name":"ISO 27001","status":"compliant"},
            {"name":"SOC 2 Type II","status":"in_progress"}]}"#
    }

    #[test]
    fn a_profile_reads_and_writes_camel_case_json() {
        let profile: TrustProfile = serde_json::from_str(vinterre_json()).unwrap();
        assert_eq!(profile.org.as_str(), "vinterre");
        assert_eq!(profile.badges[1].status, BadgeStatus::InProgress);
        let back = serde_json::to_value(&profile).unwrap();
        assert_eq!(back["badges"][1]["status"], "in_progress");
        assert!(back.get("tagline").is_none());
    }

    #[test]
    fn a_profile_with_an_invalid_slug_is_refused() {
        let json = vinterre_json().replace("\"vinterre\"", "\"Vin Terre\"");
        let err = serde_json::from_str::<TrustProfile>(&json).unwrap_err();
        assert!(err.to_string().contains("lowercase"), "{err}");
    }

    #[test]
    fn a_badge_with_an_unknown_status_is_refused() {
        let json = vinterre_json().replace("in_progress", "almost");
        assert!(serde_json::from_str::<TrustProfile>(&json).is_err());
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_silently_dropped() {
        let json =
            vinterre_json().replace("\"name\":\"Vinterre\"", "\"name\":\"Vinterre\",\"nmae\":1");
        let err = serde_json::from_str::<TrustProfile>(&json).unwrap_err();
        assert!(err.to_string().contains("nmae"), "{err}");
    }
}
