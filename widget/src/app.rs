//! The trust center: loads the organisation's profile and shows it, or says why not.

use attest_core::TrustProfile;
use leptos::prelude::*;

use crate::api::{self, LoadError};
use crate::badges::Badges;
use crate::options::WidgetOptions;

/// The whole trust center for one organisation.
#[component]
pub fn App(
    /// What the host page asked for.
    options: WidgetOptions,
) -> impl IntoView {
    let WidgetOptions { org, api_base } = options;
    let profile = LocalResource::new(move || {
        let (api_base, org) = (api_base.clone(), org.clone());
        async move { api::fetch_profile(&api_base, &org).await }
    });

    view! {
        <section class="trust-center" part="trust-center" data-testid="trust-center" aria-label="Trust center">
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    profile
                        .get()
                        .map(|loaded| match loaded {
                            Ok(profile) => view! { <Overview profile /> }.into_any(),
                            Err(error) => {
                                view! { <LoadFailed error retry=move || profile.refetch() /> }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Overview(profile: TrustProfile) -> impl IntoView {
    let TrustProfile {
        name,
        tagline,
        badges,
        ..
    } = profile;
    view! {
        <header class="header" part="header">
            <h2 class="org-name" data-testid="org-name">{name.to_string()}</h2>
            {tagline
                .map(|t| view! { <p class="tagline" data-testid="tagline">{t.to_string()}</p> })}
        </header>
        <Badges badges />
    }
}

#[component]
fn Loading() -> impl IntoView {
    view! {
        <p class="status" role="status" aria-live="polite" data-testid="loading">
            "Loading trust center…"
        </p>
    }
}

#[component]
fn LoadFailed(error: LoadError, retry: impl Fn() + 'static) -> impl IntoView {
    let transient = error.is_transient();
    view! {
        <div class="status failure" role="alert" data-testid="load-error">
            <p>{error.to_string()}</p>
            {transient
                .then(|| {
                    view! {
                        <button type="button" class="button" data-testid="retry" on:click=move |_| retry()>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}
