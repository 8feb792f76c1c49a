//! Privacy: what is collected and why, how to manage or delete it, and where to ask (the
//! request form's place).

use std::sync::Arc;

use attest_core::{PolicyEntry, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::icons::{icon, Icon};
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
            {rights(&profile)}
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

/// What a visitor may ask for under the laws the organisation answers requests under,
/// each right once, with its icon and what it does: the
/// request form's choices, before the form.
fn rights(profile: &TrustProfile) -> Option<impl IntoView> {
    let t = strings();
    let texts = crate::form_texts::texts_for(crate::lang::current());
    // One right under two laws' names (GDPR's erasure, CCPA's deletion) shows once: the
    // first law's.
    let mut shown: Vec<Icon> = Vec::new();
    let items: Vec<_> = profile
        .privacy_requests
        .jurisdictions
        .iter()
        .flat_map(|j| j.kinds())
        .filter(|k| {
            let right = Icon::request(**k);
            let new = !shown.contains(&right);
            shown.push(right);
            new
        })
        .map(|k| {
            view! {
                <li class="right" data-testid="right" data-kind=k.key()>
                    {icon(Icon::request(*k))}
                    <span class="right-name">{texts.kinds[k.index()]}</span>
                    <span class="right-help">{texts.kind_help[k.index()]}</span>
                </li>
            }
        })
        .collect();
    (!items.is_empty()).then(|| {
        view! {
            <h3 class="subheading">{t.your_rights}</h3>
            <ul class="rights" data-testid="rights">{items}</ul>
        }
    })
}
