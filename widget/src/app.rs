//! The trust center: loads the organisation's profile and shows it, or says why not.

use attest_core::TrustProfile;
use leptos::prelude::*;

use crate::api::{self, LoadError};
use crate::documents::Documents;
use crate::i18n::strings;
use crate::launcher::Launcher;
use crate::options::{Mode, WidgetOptions};
use crate::overview::Overview;
use crate::practices::Practices;
use crate::privacy::Privacy;
use crate::report::Report;
use crate::subprocessors::Subprocessors;
use crate::tabs::{Tabs, View};
use crate::Host;

/// The whole trust center for one organisation.
#[component]
pub fn App(
    /// What the host page asked for.
    options: WidgetOptions,
    /// The `<attest-trust-center>` element, which the host page listens on for events.
    host: Host,
) -> impl IntoView {
    let WidgetOptions {
        org,
        api_base,
        views,
        mode,
        lang,
        ..
    } = options;
    provide_context(lang);
    let t = lang.strings();
    let base = api_base.clone();
    let profile = LocalResource::new(move || {
        let (api_base, org) = (api_base.clone(), org.clone());
        async move { api::fetch_profile(&api_base, &org).await }
    });

    let trust_center = move || {
        let (host, views, base) = (host.clone(), views.clone(), base.clone());
        view! {
            <section class="trust-center" part="trust-center" data-testid="trust-center" aria-label=t.trust_center>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || {
                        profile
                            .get()
                            .map(|loaded| match loaded {
                                Ok(profile) => {
                                    view! {
                                        <TrustCenter
                                            profile
                                            api_base=base.clone()
                                            views=views.clone()
                                            host=host.clone()
                                        />
                                    }
                                        .into_any()
                                }
                                Err(error) => {
                                    view! { <LoadFailed error retry=move || profile.refetch() /> }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </section>
        }
    };
    match mode {
        Mode::Inline => trust_center().into_any(),
        Mode::Button => view! { <Launcher content=trust_center /> }.into_any(),
    }
}

/// A loaded trust center: the organisation, the tabs, and the view chosen.
#[component]
fn TrustCenter(
    profile: TrustProfile,
    api_base: String,
    views: Vec<View>,
    host: Host,
) -> impl IntoView {
    let current = RwSignal::new(views[0]);
    host.emit(
        "attest:ready",
        &[
            ("org", profile.org.as_str().into()),
            ("view", views[0].key().into()),
        ],
    );
    // Tell the host page about every later change of view.
    Effect::new(move |previous: Option<View>| {
        let view = current.get();
        if previous.is_some_and(|p| p != view) {
            host.emit("attest:view", &[("view", view.key().into())]);
        }
        view
    });
    let header = view! {
        <header class="header" part="header">
            <h2 class="org-name" data-testid="org-name">{profile.name.to_string()}</h2>
            {profile
                .tagline
                .clone()
                .map(|t| view! { <p class="tagline" data-testid="tagline">{t.to_string()}</p> })}
        </header>
    };
    let org = profile.org.to_string();
    let profile = StoredValue::new(profile);
    view! {
        {header}
        <Tabs views current />
        <div
            class="panel"
            role="tabpanel"
            id="panel"
            tabindex="0"
            part="panel"
            data-testid="panel"
            aria-labelledby=move || format!("tab-{}", current.get().key())
        >
            {move || {
                let profile = profile.get_value();
                match current.get() {
                    View::Overview => view! { <Overview profile /> }.into_any(),
                    View::Practices => view! { <Practices sections=profile.practices /> }.into_any(),
                    View::Subprocessors => {
                        view! {
                            <Subprocessors
                                subprocessors=profile.subprocessors
                                api_base=api_base.clone()
                                org=org.clone()
                            />
                        }
                            .into_any()
                    }
                    View::Documents => view! { <Documents documents=profile.documents /> }.into_any(),
                    View::Privacy => view! { <Privacy profile /> }.into_any(),
                    View::Report => view! { <Report profile /> }.into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn Loading() -> impl IntoView {
    view! {
        <p class="status" role="status" aria-live="polite" data-testid="loading">
            {strings().loading}
        </p>
    }
}

#[component]
fn LoadFailed(error: LoadError, retry: impl Fn() + 'static) -> impl IntoView {
    let transient = error.is_transient();
    view! {
        <div class="status failure" role="alert" data-testid="load-error">
            <p>{error.describe(strings())}</p>
            {transient
                .then(|| {
                    view! {
                        <button type="button" class="button" data-testid="retry" on:click=move |_| retry()>
                            {strings().retry}
                        </button>
                    }
                })}
        </div>
    }
}
