//! The Attest domain, once: the types both the widget and the edge speak, and the rules
//! that decide whether a value is valid. No I/O and no clock reads, so it builds for
//! wasm32 and native alike and its tests run with plain `cargo test`.

/// Every variant of a field-less enum, in declaration order: `ALL`, and `index()` for the
/// tables that translate it. A variant added to the enum but not here fails to compile
/// (an exhaustive match), one out of order too (a const check); and every table sized
/// `[T; E::ALL.len()]` fails until it has the new entry, instead of panicking at run time.
#[macro_export]
macro_rules! every_variant {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl $ty {
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// Its place in `ALL`, and in every table sized by it.
            pub const fn index(self) -> usize {
                match self {
                    $(Self::$variant)|+ => self as usize,
                }
            }
        }

        const _: () = {
            let mut i = 0;
            while i < $ty::ALL.len() {
                assert!($ty::ALL[i] as usize == i, "ALL lists the variants in declaration order");
                i += 1;
            }
        };
    };
}

pub mod approval;
pub mod audit;
pub mod body;
pub mod date;
pub mod documents;
pub mod error;
pub mod json;
pub mod members;
pub mod pow;
pub mod privacy;
pub mod profile;
pub mod slug;
pub mod subprocessors;
pub mod text;
pub mod web;
pub mod webhooks;

#[cfg(feature = "logo")]
pub mod logo;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "files")]
pub mod profile_file;

pub use body::{Block, Body};
pub use date::Date;
pub use error::ValidationError;
pub use privacy::{Jurisdiction, RequestKind, RequestStatus};
pub use profile::{
    Badge, BadgeScope, BadgeStatus, Brand, Commitments, Contact, Contacts, Document,
    DocumentAccess, Faq, Framework, Frequency, Nda, Paragraph, PolicyEntry, PracticeCategory,
    PracticeItem, PracticeSection, PrivacyPolicy, PrivacyRequests, Resource, RoadmapItem,
    RoadmapStatus, Subprocessor, Topic, TrustProfile, VulnerabilityDisclosure,
};
pub use slug::OrgSlug;
pub use text::{Name, Text};
pub use web::{Colour, Email, Identifier, LanguageTag, Link, LogoFile, Origin, Quarter};
