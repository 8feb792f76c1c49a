//! Security practices by category: each category collapsible, all of them filterable.

use std::sync::Arc;

use attest_core::{PracticeItem, PracticeSection, TrustProfile};
use leptos::prelude::*;

use crate::dom::{el, replace_children, Dom};
use crate::i18n::strings;
use crate::text::{body, lowercase, matches};

pub fn practices(profile: Arc<TrustProfile>) -> Dom {
    let t = strings();
    let filter = RwSignal::new(String::new());
    let list = el("div").class("practice-list").live(move |list| {
        replace_children(
            list,
            shown(&profile.practices, &lowercase(filter.get().trim())),
        );
    });
    el("div")
        .class("practices")
        .testid("view-practices")
        .child(
            el("label")
                .class("field")
                .child(Dom::of("span", t.filter_practices))
                .child(
                    el("input")
                        .attr("type", "search")
                        .testid("practices-filter")
                        .on("input", move |ev| filter.set(event_target_value(&ev))),
                ),
        )
        .child(list)
}

/// The sections with the practices that match `needle`; all of them when it is empty.
fn shown(sections: &[PracticeSection], needle: &str) -> Vec<Dom> {
    let t = strings();
    let open = !needle.is_empty();
    let shown: Vec<Dom> = sections
        .iter()
        .filter_map(|section| {
            let heading = heading(section);
            let in_heading = matches(needle, [heading.as_str()]);
            let items: Vec<&PracticeItem> = section
                .items
                .iter()
                .filter(|item| {
                    in_heading
                        || matches(
                            needle,
                            item.title
                                .as_ref()
                                .map(|t| t.as_str())
                                .into_iter()
                                .chain(item.body.lines())
                                .chain(item.tools.iter().map(|t| t.as_str())),
                        )
                })
                .collect();
            if items.is_empty() && (open || section.intro.is_empty()) {
                return None;
            }
            let details = el("details")
                .class("practice-section")
                .testid("practice-section")
                .child(Dom::of("summary", &heading))
                .children(body(&section.intro))
                .children(items.into_iter().map(practice));
            Some(if open {
                details.attr("open", "")
            } else {
                details
            })
        })
        .collect();
    if shown.is_empty() {
        return vec![Dom::of("p", t.no_practice)
            .class("empty")
            .attr("role", "status")
            .testid("practices-none")];
    }
    shown
}

fn practice(item: &PracticeItem) -> Dom {
    let t = strings();
    el("article")
        .class("practice")
        .testid("practice")
        .maybe(
            item.title
                .as_ref()
                .map(|title| Dom::of("h4", title.as_str())),
        )
        .children(body(&item.body))
        .maybe((!item.tools.is_empty()).then(|| {
            let tools: Vec<&str> = item.tools.iter().map(|t| t.as_str()).collect();
            el("p")
                .class("tools")
                .text(t.tools)
                .text(": ")
                .text(&tools.join(", "))
        }))
}

fn heading(section: &PracticeSection) -> String {
    section
        .title
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| strings().category(section.category).to_owned())
}
