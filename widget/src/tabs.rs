//! The trust center's views and the tab list that switches between them: arrow keys,
//! Home and End move between tabs (the WAI-ARIA tabs pattern, with automatic activation).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One view of the trust center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Practices,
    Subprocessors,
    Documents,
    Privacy,
    Report,
}

impl View {
    pub const ALL: [Self; 6] = [
        Self::Overview,
        Self::Practices,
        Self::Subprocessors,
        Self::Documents,
        Self::Privacy,
        Self::Report,
    ];

    /// The name in URLs, events and `data-testid`s.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Practices => "practices",
            Self::Subprocessors => "subprocessors",
            Self::Documents => "documents",
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
            Self::Privacy => &["privacy"],
            Self::Report => &["report"],
        }
    }

    /// The tab's label in the visitor's language.
    pub fn label(self) -> &'static str {
        crate::i18n::strings().views[self as usize]
    }
}

/// The tab list. `current` is the view shown; the panel's id is `panel`.
#[component]
pub fn Tabs(
    /// The views offered, in order.
    views: Vec<View>,
    /// The view shown.
    current: RwSignal<View>,
) -> impl IntoView {
    let count = views.len();
    let order = views.clone();
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(index) = order.iter().position(|v| *v == current.get_untracked()) else {
            return;
        };
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
    view! {
        <div class="tabs" role="tablist" aria-label=crate::i18n::strings().sections part="tabs" on:keydown=on_keydown>
            {views
                .into_iter()
                .map(|view| {
                    let selected = move || current.get() == view;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tab"
                            id=format!("tab-{}", view.key())
                            data-view=view.key()
                            data-testid=format!("tab-{}", view.key())
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
