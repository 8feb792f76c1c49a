//! Renders profile text: paragraphs and lists as text nodes, never as HTML, so content
//! can never inject markup or script into the page.

use attest_core::{Block, Body};
use leptos::prelude::*;

/// A body's paragraphs and lists.
#[component]
pub fn BodyText(
    /// The text to show.
    body: Body,
) -> impl IntoView {
    body.blocks()
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) => view! { <p>{text.to_string()}</p> }.into_any(),
            Block::Bullets(items) => view! {
                <ul>{items.iter().map(|i| view! { <li>{i.to_string()}</li> }).collect_view()}</ul>
            }
            .into_any(),
            Block::Numbered(items) => view! {
                <ol>{items.iter().map(|i| view! { <li>{i.to_string()}</li> }).collect_view()}</ol>
            }
            .into_any(),
        })
        .collect_view()
}

/// Whether `needle` (already lowercased) occurs in any of `texts`, case-insensitively.
pub fn matches<'a>(needle: &str, texts: impl IntoIterator<Item = &'a str>) -> bool {
    needle.is_empty() || texts.into_iter().any(|t| t.to_lowercase().contains(needle))
}
