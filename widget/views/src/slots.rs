//! Where the widget's forms go, as the edge renders them: a slot (`data-form`) that the
//! app fills from the forms module, or a button that opens one. The attributes carry
//! what the form is told about the trust center; the app adds where the API is.

use attest_core::{Block, Body, Document, DocumentAccess, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;

/// A slot for `form` (`request`, `report`), saying "Loading…" until the app mounts the
/// form into it.
pub fn slot(form: &'static str, testid: &'static str, jurisdictions: Option<String>) -> AnyView {
    view! {
        <div class="forms-slot" data-form=form data-testid=testid data-jurisdictions=jurisdictions>
            <p class="status" role="status">{strings().loading}</p>
        </div>
    }
    .into_any()
}

/// What a document's request form is told about the document.
#[derive(Default)]
pub struct Requested {
    pub id: Option<String>,
    pub title: Option<String>,
    pub nda_version: Option<String>,
    pub nda_text: Option<String>,
    pub nda_url: Option<String>,
}

/// A button that opens `form` (`subscribe`, `document`) in a slot in its place. `asked`:
/// the label the app shows instead when this browser has asked before.
pub fn reveal(
    form: &'static str,
    testid: String,
    label: &'static str,
    asked: Option<&'static str>,
    document: Requested,
) -> AnyView {
    view! {
        <div class="reveal">
            <button
                type="button"
                class="button secondary"
                data-testid=testid
                data-form=form
                data-asked=asked
                data-document-id=document.id
                data-document-title=document.title
                data-nda-version=document.nda_version
                data-nda-text=document.nda_text
                data-nda-url=document.nda_url
            >
                {label}
            </button>
        </div>
    }
    .into_any()
}

/// The button that opens the request form of document `d` (accepting the NDA first, for
/// one under an NDA).
pub fn request(profile: &TrustProfile, d: &Document) -> AnyView {
    let t = strings();
    let mut document = Requested {
        id: Some(d.id.as_str().to_owned()),
        title: Some(d.title.as_str().to_owned()),
        ..Requested::default()
    };
    if let (DocumentAccess::Nda, Some(nda)) = (d.access, &profile.nda) {
        document.nda_version = Some(nda.version.as_str().to_owned());
        document.nda_text = Some(nda_text(&nda.text));
        document.nda_url = nda.url.as_ref().map(|u| u.as_str().to_owned());
    }
    reveal(
        "document",
        format!("request-document-{}", d.id),
        t.request_document,
        Some(t.your_request),
        document,
    )
}

/// The agreement as paragraphs separated by blank lines (list items as "• item").
fn nda_text(body: &Body) -> String {
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
