//! The frame of a loaded trust center: the organisation's name, the tab list, and the
//! first view as the edge renders it.

use std::sync::Arc;

use attest_core::{DocumentAccess, TrustProfile};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::strings;
use crate::{Documents, Faq, Overview, Practices, Privacy, Report, Subprocessors, View};

/// The organisation's name and tagline.
#[component]
pub fn Header(profile: Arc<TrustProfile>) -> impl IntoView {
    let tagline = profile.tagline.as_ref().map(|tagline| {
        view! { <p class="tagline" data-testid="tagline">{tagline.as_str().to_owned()}</p> }
    });
    view! {
        <header class="header" part="header">
            <h2 class="org-name" data-testid="org-name">{profile.name.as_str().to_owned()}</h2>
            {tagline}
        </header>
    }
}

/// The tab list: `current` is the view shown, in the panel with the id `panel`. Arrow
/// keys, Home and End move between tabs (the WAI-ARIA tabs pattern, with automatic
/// activation); the tab with `tabindex="0"` is the selected one.
#[component]
pub fn TabList(views: Vec<View>, current: RwSignal<View>) -> impl IntoView {
    let order = views.clone();
    let keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(index) = order.iter().position(|v| *v == current.get_untracked()) else {
            return;
        };
        let count = order.len();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (index + 1) % count,
            "ArrowLeft" | "ArrowUp" => (index + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        current.set(order[next]);
        // Focus follows the selection.
        let tab = ev
            .current_target()
            .and_then(|list| list.dyn_into::<web_sys::Element>().ok())
            .and_then(|list| {
                list.query_selector(&format!("[data-view='{}']", order[next].key()))
                    .ok()
                    .flatten()
            })
            .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(tab) = tab {
            let _ = tab.focus();
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=strings().sections part="tabs" on:keydown=keydown>
            {views
                .into_iter()
                .map(|view| {
                    let id = format!("tab-{}", view.key());
                    let selected = move || current.get() == view;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tab"
                            id=id.clone()
                            data-view=view.key()
                            data-testid=id
                            aria-controls="panel"
                            aria-selected=move || if selected() { "true" } else { "false" }
                            tabindex=move || if selected() { "0" } else { "-1" }
                            on:click=move |_| current.set(view)
                        >
                            {view.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A trust center as it first shows, when its first view is the overview: what the edge
/// renders to HTML and the loader puts into the shadow root before the app has loaded.
/// The app then renders the same components and takes over.
#[component]
pub fn FirstView(profile: Arc<TrustProfile>, views: Vec<View>) -> impl IntoView {
    let t = strings();
    let current = RwSignal::new(View::Overview);
    view! {
        <section class="trust-center" part="trust-center" data-testid="trust-center" aria-label=t.trust_center>
            <Header profile=profile.clone()/>
            <TabList views=views current=current/>
            <div
                class="panel"
                role="tabpanel"
                id="panel"
                tabindex="0"
                part="panel"
                data-testid="panel"
                aria-labelledby="tab-overview"
            >
                <Overview profile=profile/>
            </div>
        </section>
    }
}

/// The hosted trust center as the edge renders it for a page read without JavaScript:
/// the tabs are links to the page of each view (`?view=practices`), and the panel holds
/// `current`, without the controls a script runs; where a form would be, it says that the
/// form needs JavaScript. With JavaScript, the widget's app takes it over and opens on
/// `current`. `href` is each view's address.
#[component]
pub fn Page(
    profile: Arc<TrustProfile>,
    views: Vec<View>,
    current: View,
    href: Vec<String>,
) -> impl IntoView {
    let t = strings();
    let needs_script = move || {
        view! { <p class="notice" data-testid="form-needs-script">{t.form_needs_script}</p> }
            .into_any()
    };
    let content = match current {
        View::Overview => view! { <Overview profile=profile.clone()/> }.into_any(),
        View::Practices => view! { <Practices profile=profile.clone() controls=false/> }.into_any(),
        View::Subprocessors => view! {
            <Subprocessors profile=profile.clone() api_base=String::new() controls=false/>
        }
        .into_any(),
        View::Documents => {
            let on_request = profile
                .documents
                .iter()
                .any(|d| d.access != DocumentAccess::Public);
            view! {
                <Documents profile=profile.clone() api_base=String::new() request=|_| ().into_any()/>
                {on_request.then(needs_script)}
            }
            .into_any()
        }
        View::Faq => view! { <Faq profile=profile.clone() controls=false/> }.into_any(),
        View::Privacy => {
            view! { <Privacy profile=profile.clone() form=needs_script()/> }.into_any()
        }
        View::Report => view! { <Report profile=profile.clone() form=needs_script()/> }.into_any(),
    };
    let links = views
        .into_iter()
        .zip(href)
        .map(|(view, href)| {
            let id = format!("tab-{}", view.key());
            view! {
                <a
                    class="tab"
                    id=id.clone()
                    href=href
                    data-view=view.key()
                    data-testid=id
                    aria-current=(view == current).then_some("page")
                >
                    {view.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="trust-center" part="trust-center" data-testid="trust-center" aria-label=t.trust_center>
            <Header profile=profile/>
            <nav class="tabs" aria-label=t.sections part="tabs">{links}</nav>
            <div
                class="panel"
                id="panel"
                part="panel"
                data-testid="panel"
                aria-labelledby=format!("tab-{}", current.key())
            >
                {content}
            </div>
        </section>
    }
}
