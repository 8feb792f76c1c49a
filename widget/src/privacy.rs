//! Privacy: what is collected and why, how to manage or delete it, and where to ask.

use attest_core::{PolicyEntry, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::BodyText;

#[component]
pub fn Privacy(
    /// The organisation's published profile.
    profile: TrustProfile,
) -> impl IntoView {
    let t = strings();
    let policy = profile.privacy_policy.unwrap_or_default();
    let entries = |title: &'static str, list: Vec<PolicyEntry>| {
        (!list.is_empty()).then(|| {
            view! {
                <h3 class="subheading">{title}</h3>
                <dl class="policy">
                    {list
                        .into_iter()
                        .map(|e| view! { <dt>{e.title.to_string()}</dt> <dd>{e.description.to_string()}</dd> })
                        .collect_view()}
                </dl>
            }
        })
    };
    view! {
        <div class="privacy" data-testid="view-privacy">
            <BodyText body=policy.intro />
            {entries(t.collected, policy.collected)}
            {entries(t.purposes, policy.purposes)}
            {(!policy.manage_and_delete.is_empty())
                .then(|| view! { <h3 class="subheading">{t.manage}</h3> <BodyText body=policy.manage_and_delete.clone() /> })}
            <p class="notice" data-testid="privacy-request-entry">
                {t.request_entry}
            </p>
        </div>
    }
}
