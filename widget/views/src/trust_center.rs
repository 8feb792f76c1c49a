//! The frame of a loaded trust center: the organisation's name, the tab list, and a view,
//! as the edge renders it for the widget and for the hosted page.

use std::sync::Arc;

use attest_core::{Document, DocumentAccess, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::slots;
use crate::{Documents, Faq, Overview, Practices, Privacy, Report, Subprocessors, View};

/// The organisation's colours as the rule the loader and the app adopt as a stylesheet
/// after the widget's own (`data-brand`), which the page's own custom properties still
/// override: no `style` attribute, which a strict CSP refuses. The colours are `#rrggbb`,
/// checked when the profile was read, so the rule is only ever these two properties.
pub fn brand(profile: &TrustProfile) -> Option<String> {
    let brand = profile.brand.as_ref()?;
    brand.colours().map(|(accent, text)| {
        format!(
            ":host{{--attest-accent:{};--attest-accent-fg:{}}}",
            accent.as_str(),
            text.as_str()
        )
    })
}

/// The address of the organisation's logo, if it has one: on the edge (`api_base`), the
/// only place a logo is shown from.
pub fn logo_url(profile: &TrustProfile, api_base: &str) -> Option<String> {
    let logo = profile.brand.as_ref()?.logo.as_ref()?;
    Some(format!(
        "{api_base}/v1/orgs/{}/logos/{}",
        profile.org.as_str(),
        logo.as_str()
    ))
}

/// The organisation's logo, name and tagline. The logo is beside the name, so it says
/// nothing more to a screen reader (`alt=""`).
#[component]
pub fn Header(profile: Arc<TrustProfile>, api_base: String) -> impl IntoView {
    let tagline = profile.tagline.as_ref().map(|tagline| {
        view! { <p class="tagline" data-testid="tagline">{tagline.as_str().to_owned()}</p> }
    });
    let logo = logo_url(&profile, &api_base).map(|src| {
        view! { <img class="logo" part="logo" data-testid="logo" src=src alt="" height="40" decoding="async"/> }
    });
    view! {
        <header class="header" part="header">
            {logo}
            <div class="header-text">
                <h2 class="org-name" data-testid="org-name">{profile.name.as_str().to_owned()}</h2>
                {tagline}
            </div>
        </header>
    }
}

/// The tab list: `current` is the view shown, in the panel with the id `panel`; the tab
/// with `tabindex="0"` is the selected one. The app runs it: a click or the arrow keys,
/// Home and End choose a tab (the WAI-ARIA tabs pattern, with automatic activation).
#[component]
pub fn TabList(views: Vec<View>, current: View) -> impl IntoView {
    view! {
        <div class="tabs" role="tablist" aria-label=strings().sections part="tabs">
            {views
                .into_iter()
                .map(|view| {
                    let id = format!("tab-{}", view.key());
                    let selected = view == current;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tab"
                            id=id.clone()
                            data-view=view.key()
                            data-testid=id
                            aria-controls="panel"
                            aria-selected=if selected { "true" } else { "false" }
                            tabindex=if selected { "0" } else { "-1" }
                        >
                            {view.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The trust center as the widget shows it, on the view `current`: what the edge renders
/// for the loader's first view and for every view the app opens. The controls (filters,
/// sorting) are in place for the app to run, and where a form goes there is a slot
/// (`data-form`) that the app fills from the forms module.
#[component]
pub fn TrustCenter(
    profile: Arc<TrustProfile>,
    views: Vec<View>,
    current: View,
    /// Where the API is, for the links to files and feeds (the page embedding the widget
    /// is on another origin).
    api_base: String,
) -> impl IntoView {
    let t = strings();
    let name = profile.name.as_str().to_owned();
    let header_base = api_base.clone();
    let content = match current {
        View::Overview => view! { <Overview profile=profile.clone()/> }.into_any(),
        View::Practices => view! { <Practices profile=profile.clone()/> }.into_any(),
        View::Subprocessors => {
            let subscribe = slots::reveal(
                "subscribe",
                "subscribe-open".to_owned(),
                t.subscribe_by_email,
                None,
                slots::Requested::default(),
            );
            view! {
                <Subprocessors profile=profile.clone() api_base=api_base subscribe=subscribe/>
            }
            .into_any()
        }
        View::Documents => {
            let of = profile.clone();
            let request = move |d: Document| slots::request(&of, &d);
            view! { <Documents profile=profile.clone() api_base=api_base request=request/> }
                .into_any()
        }
        View::Faq => view! { <Faq profile=profile.clone()/> }.into_any(),
        View::Privacy => {
            let jurisdictions: Vec<&str> = profile
                .privacy_requests
                .jurisdictions
                .iter()
                .map(|j| j.key())
                .collect();
            let form = slots::slot("request", "privacy-request", Some(jurisdictions.join(",")));
            view! { <Privacy profile=profile.clone() form=form/> }.into_any()
        }
        View::Report => {
            let form = slots::slot("report", "security-report", None);
            view! { <Report profile=profile.clone() form=form/> }.into_any()
        }
    };
    // The forms module's words, in this language, where the view has a form.
    let has_form = match current {
        View::Privacy | View::Report | View::Subprocessors => true,
        View::Documents => profile
            .documents
            .iter()
            .any(|d| d.access != DocumentAccess::Public),
        _ => false,
    };
    let form_texts =
        has_form.then(|| crate::form_texts::texts_for(crate::lang::current()).to_json());
    let brand = brand(&profile);
    view! {
        <section
            class="trust-center"
            part="trust-center"
            data-testid="trust-center"
            aria-label=t.trust_center
            data-org-name=name
            data-brand=brand
        >
            <Header profile=profile api_base=header_base/>
            <TabList views=views current=current/>
            <div
                class="panel"
                role="tabpanel"
                id="panel"
                tabindex="0"
                part="panel"
                data-testid="panel"
                aria-labelledby=format!("tab-{}", current.key())
                data-form-texts=form_texts
            >
                {content}
            </div>
        </section>
    }
}

/// The hosted trust center as the edge renders it for a page read without JavaScript:
/// the tabs are links to the page of each view (`?view=practices`), and the panel holds
/// `current`, without the controls a script runs; where a form would be, it says that the
/// form needs JavaScript. With JavaScript, the widget's app takes it over and opens on
/// `current`. `href` is each view's address; `api_base` the edge's origin, which the
/// links to files (the subprocessors' CSV and feed, public documents) start with, so that
/// a printed page shows whole addresses.
#[component]
pub fn Page(
    profile: Arc<TrustProfile>,
    api_base: String,
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
            <Subprocessors profile=profile.clone() api_base=api_base.clone() controls=false/>
        }
        .into_any(),
        View::Documents => {
            let on_request = profile
                .documents
                .iter()
                .any(|d| d.access != DocumentAccess::Public);
            view! {
                <Documents profile=profile.clone() api_base=api_base.clone() request=|_| ().into_any()/>
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
    let brand = brand(&profile);
    view! {
        <section
            class="trust-center"
            part="trust-center"
            data-testid="trust-center"
            aria-label=t.trust_center
            data-brand=brand
        >
            <Header profile=profile api_base=api_base/>
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
