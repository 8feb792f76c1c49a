//! What the widget and visitors call: the published profile and its parts, the widget's
//! files, the public forms and the links their e-mails carry.

pub mod challenge;
pub mod console;
pub mod crawlers;
pub mod document_requests;
pub mod documents;
pub mod forms;
pub mod health;
pub mod logo;
pub mod openapi;
pub mod pages;
pub mod passkey;
pub mod privacy_requests;
pub mod profile;
pub mod security_reports;
pub mod security_txt;
pub mod sign_in;
pub mod sso;
pub mod subprocessors;
pub mod subscriptions;
pub mod trust_page;
pub mod widget_files;
