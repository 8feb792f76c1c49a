//! The Attest domain, once: the types both the widget and the edge speak, and the rules
//! that decide whether a value is valid. No I/O and no clock reads, so it builds for
//! wasm32 and native alike and its tests run with plain `cargo test`.

pub mod error;
pub mod profile;
pub mod slug;
pub mod text;

pub use error::ValidationError;
pub use profile::{Badge, BadgeStatus, TrustProfile};
pub use slug::OrgSlug;
pub use text::{Name, Text};

#[cfg(feature = "files")]
pub mod profile_file;
