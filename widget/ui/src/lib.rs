//! What the trust center's two WebAssembly modules share: the app (`attest-widget`,
//! loaded on first view) and its forms (`attest-widget-forms`, loaded when a visitor
//! opens the privacy or report view). Building DOM, talking to the edge, the languages,
//! the forms' fields and their proof of work.

pub mod dom;
pub mod form;
pub mod host;
pub mod lang {
    //! The languages (shared with the edge's rendering), and the one the visitor asked for.
    pub use attest_views::lang::*;

    /// The language asked for (`data-lang`, a stored choice), else the browser's, else
    /// English.
    pub fn choose(asked: Option<&str>) -> Lang {
        let browser = web_sys::window().and_then(|w| w.navigator().language());
        Lang::choose(asked, browser.as_deref())
    }
}
pub mod net;
pub mod pow;
