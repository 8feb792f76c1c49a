//! Documents the organisation offers, with who may read them.

use attest_core::Document;
use leptos::prelude::*;

use crate::i18n::strings;

#[component]
pub fn Documents(
    /// The organisation's documents.
    documents: Vec<Document>,
) -> impl IntoView {
    let t = strings();
    if documents.is_empty() {
        return view! { <p class="empty" data-testid="view-documents">{t.no_documents}</p> }
            .into_any();
    }
    view! {
        <ul class="documents" data-testid="view-documents">
            {documents
                .into_iter()
                .map(|d| {
                    let access = t.access_level(d.access);
                    view! {
                        <li class="document" data-testid="document">
                            {match d.url {
                                // Only https links exist in a profile (core refuses others).
                                Some(url) => view! { <a class="link" href=url.to_string() rel="noopener noreferrer" target="_blank">{d.title.to_string()}</a> }.into_any(),
                                None => view! { <span class="document-title">{d.title.to_string()}</span> }.into_any(),
                            }}
                            <span class="access" data-testid="document-access">{access}</span>
                            {d.description.map(|t| view! { <p>{t.to_string()}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
