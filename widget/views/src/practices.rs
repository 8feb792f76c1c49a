//! Security practices by category: each category opens to its practices, and a filter
//! narrows them (run by the app; a render without one shows them all).

use std::sync::Arc;

use attest_core::{PracticeItem, PracticeSection, TrustProfile};
use leptos::prelude::*;

use crate::fields::search;
use crate::i18n::strings;
use crate::icons::{icon, Icon};
use crate::text::body;

/// The practices view. `controls`: the filter, where something runs it (not on a page
/// read without JavaScript). Each practice carries the text the filter looks in
/// (`data-search`: its title, its lines and its tools, a line each), and the message that
/// nothing matches is there, hidden, for the filter to show.
#[component]
pub fn Practices(
    profile: Arc<TrustProfile>,
    #[prop(default = true)] controls: bool,
) -> impl IntoView {
    let t = strings();
    let filter_field = controls.then(|| search(t.filter_practices, "practices-filter"));
    let sections: Vec<AnyView> = profile
        .practices
        .iter()
        .filter(|section| !section.items.is_empty() || !section.intro.is_empty())
        .map(|section| {
            view! {
                <details class="practice-section" data-testid="practice-section">
                    <summary>{icon(Icon::practice(section.category))}{heading(section)}</summary>
                    {body(&section.intro)}
                    {section.items.iter().map(practice).collect_view()}
                </details>
            }
            .into_any()
        })
        .collect();
    let none = sections.is_empty();
    view! {
        <div class="practices" data-testid="view-practices">
            {filter_field}
            <div class="practice-list">
                {sections}
                <p class="empty" role="status" data-testid="practices-none" hidden=!none>
                    {t.no_practice}
                </p>
            </div>
        </div>
    }
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
    let search: Vec<&str> = item
        .title
        .as_ref()
        .map(|t| t.as_str())
        .into_iter()
        .chain(item.body.lines())
        .chain(item.tools.iter().map(|t| t.as_str()))
        .collect();
    view! {
        <article class="practice" data-testid="practice" data-search=search.join("\n")>
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
