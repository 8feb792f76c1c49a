//! What the public and admin sides stand on; nothing here imports either.

pub mod audit;
pub mod auth;
pub mod change;
pub mod crypto;
pub mod error;
pub mod files;
pub mod grants;
pub mod grouped;
pub mod http;
pub mod mail;
pub mod oidc;
pub mod outbox;
pub mod privacy;
pub mod reminders;
pub mod render;
pub mod retention;
pub mod session;
pub mod snapshot;
pub mod storage;
pub mod subscribers;
pub mod webauthn;
pub mod webhooks;
