//! Privacy: what is collected and why, how to manage or delete it, and where to ask (the
//! request form's place).

use std::sync::Arc;

use attest_core::{PolicyEntry, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::body;

/// The privacy view; `form` is the request form's place.
#[component]
pub fn Privacy(profile: Arc<TrustProfile>, form: AnyView) -> impl IntoView {
    let t = strings();
    let policy = profile.privacy_policy.clone().unwrap_or_default();
    let manage = (!policy.manage_and_delete.is_empty()).then(|| {
        view! {
            <h3 class="subheading">{t.manage}</h3>
            {body(&policy.manage_and_delete)}
        }
    });
    view! {
        <div class="privacy" data-testid="view-privacy">
            {body(&policy.intro)}
            {entries(t.collected, &policy.collected)}
            {entries(t.purposes, &policy.purposes)}
            {manage}
            <p class="notice" data-testid="privacy-request-entry">{t.request_entry}</p>
            {form}
        </div>
    }
}

/// A titled list of what and why, when there is any.
fn entries(title: &'static str, list: &[PolicyEntry]) -> Option<impl IntoView> {
    (!list.is_empty()).then(|| {
        let items = list
            .iter()
            .map(|e| {
                view! {
                    <dt>{e.title.as_str().to_owned()}</dt>
                    <dd>{e.description.as_str().to_owned()}</dd>
                }
            })
            .collect_view();
        view! {
            <h3 class="subheading">{title}</h3>
            <dl class="policy">{items}</dl>
        }
    })
}
