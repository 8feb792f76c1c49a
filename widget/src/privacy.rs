//! Privacy: what is collected and why, how to manage or delete it, and where to ask.

use attest_core::{PolicyEntry, TrustProfile};

use crate::dom::{el, Dom};
use crate::i18n::strings;
use crate::text::body;

pub fn privacy(profile: &TrustProfile) -> Dom {
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
}
