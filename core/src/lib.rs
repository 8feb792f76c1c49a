//! The Attest domain, once: the types both the widget and the edge speak, and the rules
//! that decide whether a value is valid. No I/O and no clock reads, so it builds for
//! wasm32 and native alike and its tests run with plain `cargo test`.

pub mod audit;
pub mod body;
pub mod date;
pub mod documents;
pub mod error;
pub mod json;
pub mod pow;
pub mod privacy;
pub mod profile;
pub mod slug;
pub mod subprocessors;
pub mod text;
pub mod web;

#[cfg(feature = "files")]
pub mod profile_file;

pub use body::{Block, Body};
pub use date::Date;
pub use error::ValidationError;
pub use privacy::{Jurisdiction, RequestKind, RequestStatus};
pub use profile::{
    Badge, BadgeScope, BadgeStatus, Commitments, Contact, Contacts, Document, DocumentAccess,
    Framework, Frequency, Nda, Paragraph, PolicyEntry, PracticeCategory, PracticeItem,
    PracticeSection, PrivacyPolicy, PrivacyRequests, Subprocessor, TrustProfile,
    VulnerabilityDisclosure,
};
pub use slug::OrgSlug;
pub use text::{Name, Text};
pub use web::{Email, Identifier, LanguageTag, Link, Origin};
