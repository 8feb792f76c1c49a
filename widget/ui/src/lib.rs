//! What the trust center's two WebAssembly modules share: the app (`attest-widget`,
//! loaded on first view) and its forms (`attest-widget-forms`, loaded when a visitor
//! opens the privacy or report view). Building DOM, talking to the edge, the languages,
//! the forms' fields and their proof of work.

pub mod dom;
pub mod form;
pub mod host;
pub mod lang;
pub mod net;
pub mod pow;
