//! Documents the organisation offers, with who may read them; those sent on request can
//! be asked for here (accepting the NDA first, for those under one).

use attest_core::{Block, Document, DocumentAccess, Resource, TrustProfile};
use leptos::prelude::use_context;

use crate::dom::{el, Dom};
use crate::forms::{self, Form, FormsLoader};
use crate::i18n::strings;

pub fn documents(profile: &TrustProfile, api_base: &str) -> Dom {
    let t = strings();
    let view = el("div").testid("view-documents");
    let view = if profile.documents.is_empty() {
        view.child(Dom::of("p", t.no_documents).class("empty"))
    } else {
        view.child(document_list(profile, api_base))
    };
    view.maybe((!profile.resources.is_empty()).then(|| {
        el("section")
            .class("resources")
            .testid("resources")
            .child(Dom::of("h3", t.resources).class("subheading"))
            .child(
                el("ul")
                    .class("documents")
                    .children(profile.resources.iter().map(resource)),
            )
    }))
}

/// A link to `url` that opens in a new tab, and says so to a screen reader. Only https
/// links exist in a profile (core refuses others).
fn elsewhere(title: &str, url: &attest_core::Link) -> Dom {
    Dom::of("a", title)
        .class("link")
        .attr("href", url.as_str())
        .attr("rel", "noopener noreferrer")
        .attr("target", "_blank")
        .child(Dom::of("span", strings().new_tab).class("visually-hidden"))
}

/// Further reading: each a link, with what it is and its topic.
fn resource(r: &Resource) -> Dom {
    el("li")
        .class("document")
        .testid("resource")
        .child(elsewhere(r.title.as_str(), &r.url))
        .child(Dom::of("span", r.category.as_str()).class("access"))
        .maybe(r.description.as_ref().map(|d| Dom::of("p", d.as_str())))
}

/// The documents this browser asked for before (the forms keep each request's status
/// token under this key): their button says so.
fn asked_before(org: &str) -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| {
            s.get_item(&format!("attest-documents:{org}"))
                .ok()
                .flatten()
        })
        .unwrap_or_default()
}

fn document_list(profile: &TrustProfile, api_base: &str) -> Dom {
    let t = strings();
    let asked = asked_before(profile.org.as_str());
    el("ul")
        .class("documents")
        .children(profile.documents.iter().map(|d| {
            let title = Dom::of("span", d.title.as_str()).class("document-title");
            let asked_for = asked
                .split_whitespace()
                .any(|entry| entry.split('|').next() == Some(d.id.as_str()));
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
                .maybe((d.access == DocumentAccess::Public).then(|| {
                    match &d.url {
                        Some(url) => elsewhere(t.download, url)
                            .class("button secondary download")
                            .testid(&format!("download-{}", d.id))
                            .attr(
                                "aria-label",
                                &format!("{} {}{}", t.download, d.title, t.new_tab),
                            ),
                        // No link of its own: the file uploaded for it, from the edge.
                        None => Dom::of("a", t.download)
                            .class("button secondary download")
                            .testid(&format!("download-{}", d.id))
                            .attr(
                                "href",
                                &format!(
                                    "{api_base}/v1/orgs/{}/documents/{}/file",
                                    profile.org, d.id
                                ),
                            )
                            .attr("download", "")
                            .attr("aria-label", &format!("{} {}", t.download, d.title)),
                    }
                }))
                .maybe(
                    (d.access != DocumentAccess::Public)
                        .then(|| request(profile, d, api_base, asked_for)),
                )
        }))
}

/// The button that opens the request form of document `d`.
fn request(profile: &TrustProfile, d: &Document, api_base: &str, asked_for: bool) -> Dom {
    let mut options = vec![
        ("apiBase", api_base.into()),
        ("org", profile.org.as_str().into()),
        ("orgName", profile.name.as_str().into()),
        ("lang", attest_widget_ui::lang::current().tag().into()),
        ("documentId", d.id.as_str().into()),
        ("documentTitle", d.title.as_str().into()),
    ];
    if let (DocumentAccess::Nda, Some(nda)) = (d.access, &profile.nda) {
        options.push(("ndaVersion", nda.version.as_str().into()));
        options.push(("ndaText", nda_text(&nda.text).into()));
        if let Some(url) = &nda.url {
            options.push(("ndaUrl", url.as_str().into()));
        }
    }
    forms::reveal(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Document,
        forms::options(&options),
        if asked_for {
            strings().your_request
        } else {
            strings().request_document
        },
        &format!("request-document-{}", d.id),
    )
}

/// The agreement as paragraphs separated by blank lines (list items as "• item").
fn nda_text(body: &attest_core::Body) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    for block in body.blocks() {
        match block {
            Block::Paragraph(p) => paragraphs.push(p.to_string()),
            Block::Bullets(items) => paragraphs.extend(items.iter().map(|i| format!("• {i}"))),
            Block::Numbered(items) => paragraphs.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {i}", n + 1)),
            ),
        }
    }
    paragraphs.join("\n\n")
}
