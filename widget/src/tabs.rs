//! The trust center's views and the tab list that switches between them: arrow keys,
//! Home and End move between tabs (the WAI-ARIA tabs pattern, with automatic activation).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::dom::{el, Dom};

/// One view of the trust center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Practices,
    Subprocessors,
    Documents,
    Faq,
    Privacy,
    Report,
}

attest_core::every_variant!(View {
    Overview,
    Practices,
    Subprocessors,
    Documents,
    Faq,
    Privacy,
    Report
});

impl View {
    /// The name in URLs, events and `data-testid`s.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Practices => "practices",
            Self::Subprocessors => "subprocessors",
            Self::Documents => "documents",
            Self::Faq => "faq",
            Self::Privacy => "privacy",
            Self::Report => "report",
        }
    }

    /// The `data-sections` names that select this view (`badges` is the overview).
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            Self::Overview => &["badges", "overview"],
            Self::Practices => &["practices"],
            Self::Subprocessors => &["subprocessors"],
            Self::Documents => &["documents"],
            Self::Faq => &["faq"],
            Self::Privacy => &["privacy"],
            Self::Report => &["report"],
        }
    }

    /// The tab's label in the visitor's language.
    pub fn label(self) -> &'static str {
        crate::i18n::strings().views[self.index()]
    }
}

/// The tab list. `current` is the view shown; the panel's id is `panel`.
pub fn tabs(views: &[View], current: RwSignal<View>) -> Dom {
    let order = views.to_vec();
    let on_keydown = move |ev: web_sys::Event| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
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
        // Focus follows: the newly selected tab is the one with tabindex 0.
        if let Some(list) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            if let Ok(Some(tab)) =
                list.query_selector(&format!("[data-view='{}']", order[next].key()))
            {
                if let Ok(tab) = tab.dyn_into::<web_sys::HtmlElement>() {
                    let _ = tab.focus();
                }
            }
        }
    };
    el("div")
        .class("tabs")
        .attr("role", "tablist")
        .attr("aria-label", crate::i18n::strings().sections)
        .attr("part", "tabs")
        .on("keydown", on_keydown)
        .children(views.iter().map(|&view| {
            let id = format!("tab-{}", view.key());
            Dom::of("button", view.label())
                .attr("type", "button")
                .attr("role", "tab")
                .class("tab")
                .attr("id", &id)
                .attr("data-view", view.key())
                .testid(&id)
                .attr("aria-controls", "panel")
                .live(move |tab| {
                    let selected = current.get() == view;
                    let _ =
                        tab.set_attribute("aria-selected", if selected { "true" } else { "false" });
                    let _ = tab.set_attribute("tabindex", if selected { "0" } else { "-1" });
                })
                .on("click", move |_| current.set(view))
        }))
}
