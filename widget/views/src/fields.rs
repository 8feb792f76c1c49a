//! The controls that narrow a list: a search field and a choice among the list's values.

use leptos::prelude::*;

/// A search field labelled `label`; what is typed goes into `typed`.
pub fn search(label: &'static str, testid: &'static str, typed: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="search" data-testid=testid on:input=move |ev| typed.set(event_target_value(&ev))/>
        </label>
    }
}

/// A choice among `values` (sorted, each once), after `all`, which chooses none; the value
/// chosen goes into `chosen` (empty for `all`).
pub fn choice(
    label: &'static str,
    all: &'static str,
    testid: &'static str,
    mut values: Vec<String>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    values.sort_unstable();
    values.dedup();
    view! {
        <label class="field">
            <span>{label}</span>
            <select data-testid=testid on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{all}</option>
                {values
                    .into_iter()
                    .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
