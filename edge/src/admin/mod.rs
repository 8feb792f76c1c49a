//! What the team calls, with an API token of its organisation: the inboxes, the profile
//! and its versions, tokens, webhooks, the outbox and the audit log. And the operator's
//! one call, creating an organisation.

pub mod audit;
pub mod dashboard;
pub mod document_requests;
pub mod documents;
pub mod export;
pub mod logo;
pub mod me;
pub mod members;
pub mod outbox;
pub mod passkeys;
pub mod privacy_requests;
pub mod publishing;
pub mod reminders;
pub mod security_reports;
pub mod sign_in_settings;
pub mod tokens;
pub mod webhooks;
