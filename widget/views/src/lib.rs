//! The trust center's views as Leptos components, shared by the two places that render
//! them: the edge, which renders the first view to HTML when it is asked for (so a
//! visitor sees the badges before any WebAssembly arrives), and the widget, which renders
//! the same components in the browser and takes over from the edge's HTML.
//!
//! Everything here renders text as text: Leptos escapes what goes into HTML at the edge
//! and sets text nodes in the browser, so content from a profile never becomes markup.

mod documents;
mod faq;
mod fields;
pub mod form_texts;
pub mod i18n;
pub mod icons;
pub mod lang;
mod overview;
mod practices;
mod privacy;
mod report;
mod slots;
mod subprocessors;
pub mod text;
mod trust_center;
mod view;

pub use documents::Documents;
pub use faq::Faq;
pub use overview::{Badges, Overview};
pub use practices::Practices;
pub use privacy::Privacy;
pub use report::Report;
pub use subprocessors::Subprocessors;
pub use trust_center::{brand, logo_url, Header, Page, TabList, TrustCenter};
pub use view::View;
