//! Documents (`attest_views::Documents`): those sent on request are asked for here, with
//! the request form (accepting the NDA first, for those under one).

use std::sync::Arc;

use attest_core::{Block, Document, DocumentAccess, TrustProfile};
use leptos::prelude::*;

use crate::dom::Dom;
use crate::forms::{self, Form, FormsLoader};
use crate::i18n::strings;

pub fn documents(profile: Arc<TrustProfile>, api_base: &str) -> Dom {
    let asked = asked_before(profile.org.as_str());
    let loader = use_context::<FormsLoader>().expect("the app provides the forms loader");
    let (base, of) = (api_base.to_owned(), profile.clone());
    let request = move |d: Document| {
        let asked_for = asked
            .split_whitespace()
            .any(|entry| entry.split('|').next() == Some(d.id.as_str()));
        request(&loader, &of, &d, &base, asked_for).into_any()
    };
    let api_base = api_base.to_owned();
    Dom::from_view(view! {
        <attest_views::Documents profile=profile api_base=api_base request=request/>
    })
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

/// The button that opens the request form of document `d`.
fn request(
    loader: &FormsLoader,
    profile: &TrustProfile,
    d: &Document,
    api_base: &str,
    asked_for: bool,
) -> Dom {
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
        loader.clone(),
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
