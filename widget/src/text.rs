//! Renders profile text: paragraphs and lists as text nodes, never as HTML, so content
//! can never inject markup or script into the page.

use attest_core::{Block, Body, Text};

use crate::dom::{el, Dom};

/// A body's paragraphs and lists, in order.
pub fn body(body: &Body) -> impl Iterator<Item = Dom> + '_ {
    body.blocks().iter().map(|block| match block {
        Block::Paragraph(text) => Dom::of("p", text.as_str()),
        Block::Bullets(items) => list("ul", items),
        Block::Numbered(items) => list("ol", items),
    })
}

/// A `<ul>` or `<ol>` of texts.
pub fn list<const MAX: usize>(tag: &str, items: &[Text<MAX>]) -> Dom {
    el(tag).children(items.iter().map(|i| Dom::of("li", i.as_str())))
}

/// Whether `needle` (already lowercased) occurs in any of `texts`, case-insensitively.
pub fn matches<'a>(needle: &str, texts: impl IntoIterator<Item = &'a str>) -> bool {
    needle.is_empty() || texts.into_iter().any(|t| lowercase(t).contains(needle))
}

/// Lowercases with the browser's Unicode tables, which the widget need not ship.
pub fn lowercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}
