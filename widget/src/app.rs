//! The trust center: loads the organisation's profile and shows it, or says why not.

use std::sync::Arc;

use attest_core::TrustProfile;
use leptos::prelude::*;

use crate::api::{self, LoadError};
use crate::documents::documents;
use crate::dom::{el, replace_children, Dom};
use crate::forms::FormsLoader;
use crate::i18n::{strings, LangStrings};
use crate::launcher::launcher;
use crate::options::{Mode, WidgetOptions};
use crate::privacy::privacy;
use crate::report::report;
use crate::subprocessors::subprocessors;
use crate::tabs::{tabs, View};
use crate::Host;

/// The whole trust center for one organisation, as the page asked for it. `host` is the
/// `<attest-trust-center>` element, which the host page listens on for events.
/// `pending` is the view a visitor chose on the edge's first view, if any; `reveal` is
/// called once the first render with the profile (or the reason there is none) is built:
/// it swaps it in for the edge's first view, if there was one.
pub fn app(
    options: WidgetOptions,
    host: Host,
    forms: FormsLoader,
    pending: impl Fn() -> Option<View> + 'static,
    reveal: impl FnOnce() + 'static,
) -> Dom {
    let WidgetOptions {
        org,
        api_base,
        views,
        mode,
        lang,
        preview,
    } = options;
    provide_context(lang);
    provide_context(forms);
    let t = lang.strings();

    // The profile, `None` while it loads.
    let profile = RwSignal::new(None::<Result<Arc<TrustProfile>, LoadError>>);
    let base = api_base.clone();
    let load = move || {
        profile.set(None);
        let (api_base, org, preview) = (api_base.clone(), org.clone(), preview.clone());
        leptos::task::spawn_local(async move {
            let loaded = api::fetch_profile(&api_base, &org, preview.as_deref()).await;
            // The element may have been removed meanwhile: then nobody is waiting.
            let _ = profile.try_set(Some(loaded));
        });
    };
    load();
    let load = StoredValue::new(load);
    let reveal = std::cell::Cell::new(Some(reveal));

    let section = el("section")
        .class("trust-center")
        .attr("part", "trust-center")
        .testid("trust-center")
        .attr("aria-label", t.trust_center)
        .live(move |section| {
            let shown = profile.get();
            let shown_something = shown.is_some();
            // Only the profile decides what is shown here; what the parts read, they
            // track themselves.
            let parts = untrack(|| match shown {
                None => vec![loading()],
                Some(Ok(profile)) => trust_center(profile, &base, &views, pending(), &host),
                Some(Err(error)) => vec![load_failed(&error, move || load.with_value(|l| l()))],
            });
            replace_children(section, parts);
            if shown_something {
                if let Some(reveal) = reveal.take() {
                    reveal();
                }
            }
        });
    match mode {
        Mode::Inline => section,
        Mode::Button => launcher(section),
    }
}

/// A loaded trust center: the organisation, the tabs, and the view chosen.
fn trust_center(
    profile: Arc<TrustProfile>,
    api_base: &str,
    views: &[View],
    first: Option<View>,
    host: &Host,
) -> Vec<Dom> {
    let views = View::offered(views, &profile);
    let views = &views[..];
    let first = first.filter(|v| views.contains(v)).unwrap_or(views[0]);
    let current = RwSignal::new(first);
    host.emit(
        "attest:ready",
        &[
            ("org", profile.org.as_str().into()),
            ("view", views[0].key().into()),
        ],
    );
    let header = Dom::from_view(view! { <attest_views::Header profile=profile.clone()/> });
    let (api_base, host) = (api_base.to_owned(), host.clone());

    // Ready with the view the trust center first showed; a tab chosen on the edge's first
    // view is then a change of view like any other.
    let shown = std::cell::Cell::new(views[0]);
    let panel = el("div")
        .class("panel")
        .attr("role", "tabpanel")
        .attr("id", "panel")
        .attr("tabindex", "0")
        .attr("part", "panel")
        .testid("panel")
        .live(move |panel| {
            let view = current.get();
            let _ = panel.set_attribute("aria-labelledby", &format!("tab-{}", view.key()));
            // Tell the host page about every change of view.
            if shown.replace(view) != view {
                host.emit("attest:view", &[("view", view.key().into())]);
            }
            let profile = profile.clone();
            let content = untrack(|| match view {
                View::Overview => {
                    Dom::from_view(view! { <attest_views::Overview profile=profile/> })
                }
                View::Practices => {
                    Dom::from_view(view! { <attest_views::Practices profile=profile/> })
                }
                View::Subprocessors => subprocessors(profile, &api_base),
                View::Documents => documents(profile, &api_base),
                View::Faq => Dom::from_view(view! { <attest_views::Faq profile=profile/> }),
                View::Privacy => privacy(profile, &api_base, &host),
                View::Report => report(profile, &api_base),
            });
            replace_children(panel, [content]);
        });
    vec![header, tabs(views, current), panel]
}

fn loading() -> Dom {
    Dom::of("p", strings().loading)
        .class("status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .testid("loading")
}

/// Why the trust center is not shown, and a retry when trying again can help.
fn load_failed(error: &LoadError, retry: impl Fn() + 'static) -> Dom {
    let t = strings();
    el("div")
        .class("status failure")
        .attr("role", "alert")
        .testid("load-error")
        .child(Dom::of("p", &error.describe(t)))
        .maybe(error.is_transient().then(|| {
            Dom::of("button", t.retry)
                .attr("type", "button")
                .class("button")
                .testid("retry")
                .on("click", move |_| retry())
        }))
}
