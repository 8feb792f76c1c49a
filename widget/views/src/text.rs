//! Profile text as views: paragraphs and lists as text, never as HTML, so content can
//! never inject markup or script into the page.

use attest_core::{Block, Body, Text};
use leptos::prelude::*;

/// A body's paragraphs and lists, in order.
pub fn body(body: &Body) -> impl IntoView {
    body.blocks()
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) => view! { <p>{text.as_str().to_owned()}</p> }.into_any(),
            Block::Bullets(items) => view! { <ul>{items_of(items)}</ul> }.into_any(),
            Block::Numbered(items) => view! { <ol>{items_of(items)}</ol> }.into_any(),
        })
        .collect_view()
}

/// The `<li>`s of a list of texts.
pub fn items_of<const MAX: usize>(items: &[Text<MAX>]) -> impl IntoView {
    items
        .iter()
        .map(|i| view! { <li>{i.as_str().to_owned()}</li> })
        .collect_view()
}

/// What a visitor typed into a filter, trimmed and lowercased: empty when it is blank.
pub fn needle(typed: &str) -> String {
    let typed = typed.trim();
    if typed.is_empty() {
        String::new()
    } else {
        lowercase(typed)
    }
}

/// Whether `needle` (already lowercased) occurs in any of `texts`, case-insensitively.
pub fn matches<'a>(needle: &str, texts: impl IntoIterator<Item = &'a str>) -> bool {
    needle.is_empty() || texts.into_iter().any(|t| lowercase(t).contains(needle))
}

/// Lowercases with the JavaScript engine's Unicode tables, which the WebAssembly need not
/// ship (the widget in the browser and the edge in workerd both have one).
pub fn lowercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}
