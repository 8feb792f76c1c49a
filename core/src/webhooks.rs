//! Webhook events: what an organisation's endpoints may ask to be called for. The edge
//! raises them and checks registrations against them; the console offers them.

/// The events an endpoint may ask for.
pub const EVENTS: [&str; 8] = [
    "privacy_request.created",
    "privacy_request.verified",
    "privacy_request.status_changed",
    "security_report.created",
    "document_request.created",
    "document_grant.created",
    "document_grant.revoked",
    "profile.published",
];
