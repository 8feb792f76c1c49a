//! Documents the organisation offers, with who may read them, and further reading. A
//! public document downloads from here; one sent on request has a place for the request
//! form (in the browser) or says how to ask (on a page read without JavaScript).

use std::sync::Arc;

use attest_core::{Document, DocumentAccess, Resource, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::icons::{icon, Icon};

/// The documents view. `request` makes the place where document `d` is asked for.
#[component]
pub fn Documents(
    profile: Arc<TrustProfile>,
    api_base: String,
    #[prop(into)] request: Callback<Document, AnyView>,
) -> impl IntoView {
    let t = strings();
    let list = if profile.documents.is_empty() {
        view! { <p class="empty">{t.no_documents}</p> }.into_any()
    } else {
        let org = profile.org.as_str();
        view! {
            <ul class="documents">
                {profile
                    .documents
                    .iter()
                    .map(|d| document(org, d, &api_base, request))
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let resources = (!profile.resources.is_empty()).then(|| {
        view! {
            <section class="resources" data-testid="resources">
                <h3 class="subheading">{t.resources}</h3>
                <ul class="documents">{profile.resources.iter().map(resource).collect_view()}</ul>
            </section>
        }
    });
    view! { <div data-testid="view-documents">{list}{resources}</div> }
}

fn document(
    org: &str,
    d: &Document,
    api_base: &str,
    request: Callback<Document, AnyView>,
) -> impl IntoView {
    let t = strings();
    let title = d.title.as_str().to_owned();
    let action = if d.access == DocumentAccess::Public {
        let testid = format!("download-{}", d.id);
        match &d.url {
            Some(url) => view! {
                <a
                    class="button secondary download"
                    href=url.as_str().to_owned()
                    rel="noopener noreferrer"
                    target="_blank"
                    data-testid=testid
                    aria-label=format!("{} {title}{}", t.download, t.new_tab)
                >
                    {t.download}
                    <span class="visually-hidden">{t.new_tab}</span>
                </a>
            }
            .into_any(),
            // No link of its own: the file uploaded for it, from the edge.
            None => view! {
                <a
                    class="button secondary download"
                    href=format!("{api_base}/v1/orgs/{org}/documents/{}/file", d.id)
                    download=""
                    data-testid=testid
                    aria-label=format!("{} {title}", t.download)
                >
                    {t.download}
                </a>
            }
            .into_any(),
        }
    } else {
        request.run(d.clone())
    };
    let description = d
        .description
        .as_ref()
        .map(|text| view! { <p>{text.as_str().to_owned()}</p> });
    view! {
        <li class="document" data-testid="document">
            <span class="document-title">{title}</span>
            <span class="access" data-testid="document-access">{icon(Icon::access(d.access))}{t.access_level(d.access)}</span>
            {description}
            {action}
        </li>
    }
}

/// A link to `url` that opens in a new tab, and says so to a screen reader. Only https
/// links exist in a profile (core refuses others).
fn resource(r: &Resource) -> impl IntoView {
    let description = r
        .description
        .as_ref()
        .map(|d| view! { <p>{d.as_str().to_owned()}</p> });
    view! {
        <li class="document" data-testid="resource">
            <a class="link" href=r.url.as_str().to_owned() rel="noopener noreferrer" target="_blank">
                {r.title.as_str().to_owned()}
                <span class="visually-hidden">{strings().new_tab}</span>
            </a>
            <span class="access">{r.category.as_str().to_owned()}</span>
            {description}
        </li>
    }
}
