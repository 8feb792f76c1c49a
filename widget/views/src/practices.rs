//! Security practices by category: each category opens to its practices, and a filter
//! narrows them (in the browser; a render without one shows them all).

use std::sync::Arc;

use attest_core::{PracticeItem, PracticeSection, TrustProfile};
use leptos::prelude::*;

use crate::fields::search;
use crate::i18n::strings;
use crate::text::{body, matches, needle};

/// The practices view. `controls`: the filter, where something runs it (not on a page
/// read without JavaScript).
#[component]
pub fn Practices(
    profile: Arc<TrustProfile>,
    #[prop(default = true)] controls: bool,
) -> impl IntoView {
    let t = strings();
    let filter = RwSignal::new(String::new());
    let filter_field = controls.then(|| search(t.filter_practices, "practices-filter", filter));
    view! {
        <div class="practices" data-testid="view-practices">
            {filter_field}
            <div class="practice-list">
                {move || shown(&profile.practices, &needle(&filter.get()))}
            </div>
        </div>
    }
}

/// The sections with the practices that match `needle`; all of them when it is empty.
fn shown(sections: &[PracticeSection], needle: &str) -> AnyView {
    let open = !needle.is_empty();
    let shown: Vec<AnyView> = sections
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
            Some(
                view! {
                    <details class="practice-section" data-testid="practice-section" open=open>
                        <summary>{heading}</summary>
                        {body(&section.intro)}
                        {items.into_iter().map(practice).collect_view()}
                    </details>
                }
                .into_any(),
            )
        })
        .collect();
    if shown.is_empty() {
        return view! {
            <p class="empty" role="status" data-testid="practices-none">{strings().no_practice}</p>
        }
        .into_any();
    }
    shown.into_any()
}

fn practice(item: &PracticeItem) -> impl IntoView {
    let t = strings();
    let title = item
        .title
        .as_ref()
        .map(|title| view! { <h4>{title.as_str().to_owned()}</h4> });
    let tools = (!item.tools.is_empty()).then(|| {
        let tools: Vec<&str> = item.tools.iter().map(|t| t.as_str()).collect();
        view! { <p class="tools">{t.tools}": "{tools.join(", ")}</p> }
    });
    view! {
        <article class="practice" data-testid="practice">
            {title}
            {body(&item.body)}
            {tools}
        </article>
    }
}

fn heading(section: &PracticeSection) -> String {
    section
        .title
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| strings().category(section.category).to_owned())
}
