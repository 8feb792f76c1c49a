//! Documents the organisation offers, with who may read them.

use attest_core::Document;

use crate::dom::{el, Dom};
use crate::i18n::strings;

pub fn documents(documents: &[Document]) -> Dom {
    let t = strings();
    if documents.is_empty() {
        return Dom::of("p", t.no_documents)
            .class("empty")
            .testid("view-documents");
    }
    el("ul")
        .class("documents")
        .testid("view-documents")
        .children(documents.iter().map(|d| {
            let title = match &d.url {
                // Only https links exist in a profile (core refuses others).
                Some(url) => Dom::of("a", d.title.as_str())
                    .class("link")
                    .attr("href", url.as_str())
                    .attr("rel", "noopener noreferrer")
                    .attr("target", "_blank"),
                None => Dom::of("span", d.title.as_str()).class("document-title"),
            };
            el("li")
                .class("document")
                .testid("document")
                .child(title)
                .child(
                    Dom::of("span", t.access_level(d.access))
                        .class("access")
                        .testid("document-access"),
                )
                .maybe(
                    d.description
                        .as_ref()
                        .map(|text| Dom::of("p", text.as_str())),
                )
        }))
}
