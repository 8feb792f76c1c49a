//! Privacy: what is collected and why, how to manage or delete it, and where to ask.

use attest_core::{PolicyEntry, TrustProfile};

use crate::dom::{el, Dom};
use crate::i18n::strings;
use attest_widget_ui::host::Host;
use leptos::prelude::use_context;

use crate::forms::{self, Form, FormsLoader};
use crate::text::body;

pub fn privacy(profile: &TrustProfile, api_base: &str, host: &Host) -> Dom {
    let jurisdictions: Vec<&str> = profile
        .privacy_requests
        .jurisdictions
        .iter()
        .map(|j| j.key())
        .collect();
    let t = strings();
    let policy = profile.privacy_policy.clone().unwrap_or_default();
    let entries = |root: Dom, title: &str, list: &[PolicyEntry]| {
        if list.is_empty() {
            return root;
        }
        root.child(Dom::of("h3", title).class("subheading")).child(
            el("dl").class("policy").children(list.iter().flat_map(|e| {
                [
                    Dom::of("dt", e.title.as_str()),
                    Dom::of("dd", e.description.as_str()),
                ]
            })),
        )
    };
    let mut root = el("div")
        .class("privacy")
        .testid("view-privacy")
        .children(body(&policy.intro));
    root = entries(root, t.collected, &policy.collected);
    root = entries(root, t.purposes, &policy.purposes);
    if !policy.manage_and_delete.is_empty() {
        root = root
            .child(Dom::of("h3", t.manage).class("subheading"))
            .children(body(&policy.manage_and_delete));
    }
    root.child(
        Dom::of("p", t.request_entry)
            .class("notice")
            .testid("privacy-request-entry"),
    )
    .child(forms::slot(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Request,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", profile.org.as_str().into()),
            ("orgName", profile.name.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
            ("jurisdictions", jurisdictions.join(",").into()),
            ("host", host.element().into()),
        ]),
        "privacy-request",
    ))
}
