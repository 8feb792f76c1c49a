//! Security practices by category: each category collapsible, all of them filterable.

use attest_core::{PracticeItem, PracticeSection};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::{matches, BodyText};

#[component]
pub fn Practices(
    /// The organisation's practice sections, in its order.
    sections: Vec<PracticeSection>,
) -> impl IntoView {
    let t = strings();
    let filter = RwSignal::new(String::new());
    let sections = StoredValue::new(sections);
    view! {
        <div class="practices" data-testid="view-practices">
            <label class="field">
                <span>{t.filter_practices}</span>
                <input
                    type="search"
                    data-testid="practices-filter"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
            </label>
            {move || {
                let needle = filter.get().trim().to_lowercase();
                let shown: Vec<(PracticeSection, Vec<PracticeItem>)> = sections
                    .get_value()
                    .into_iter()
                    .filter_map(|section| {
                        let heading = heading(&section);
                        let items: Vec<PracticeItem> = section
                            .items
                            .iter()
                            .filter(|item| {
                                matches(&needle, [heading.as_str()])
                                    || matches(
                                        &needle,
                                        item.title
                                            .as_ref()
                                            .map(|t| t.as_str())
                                            .into_iter()
                                            .chain(item.body.lines())
                                            .chain(item.tools.iter().map(|t| t.as_str())),
                                    )
                            })
                            .cloned()
                            .collect();
                        (!items.is_empty() || (needle.is_empty() && !section.intro.is_empty()))
                            .then_some((section, items))
                    })
                    .collect();
                if shown.is_empty() {
                    return view! { <p class="empty" role="status" data-testid="practices-none">{t.no_practice}</p> }
                        .into_any();
                }
                let open = !needle.is_empty();
                shown
                    .into_iter()
                    .map(|(section, items)| {
                        view! {
                            <details class="practice-section" data-testid="practice-section" open=open>
                                <summary>{heading(&section)}</summary>
                                <BodyText body=section.intro.clone() />
                                {items
                                    .into_iter()
                                    .map(|item| {
                                        view! {
                                            <article class="practice" data-testid="practice">
                                                {item.title.map(|t| view! { <h4>{t.to_string()}</h4> })}
                                                <BodyText body=item.body />
                                                {(!item.tools.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <p class="tools">
                                                                {t.tools} ": "
                                                                {item.tools.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")}
                                                            </p>
                                                        }
                                                    })}
                                            </article>
                                        }
                                    })
                                    .collect_view()}
                            </details>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

fn heading(section: &PracticeSection) -> String {
    section
        .title
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_else(|| strings().category(section.category).to_owned())
}
