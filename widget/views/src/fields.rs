//! The controls that narrow a list: a search field and a choice among the list's values.
//! The edge renders them; the app runs them (`data-testid` names each).

use leptos::prelude::*;

/// A search field labelled `label`.
pub fn search(label: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="search" data-testid=testid/>
        </label>
    }
}

/// A choice among `values` (sorted, each once), after `all`, which chooses none.
pub fn choice(
    label: &'static str,
    all: &'static str,
    testid: &'static str,
    mut values: Vec<String>,
) -> impl IntoView {
    values.sort_unstable();
    values.dedup();
    view! {
        <label class="field">
            <span>{label}</span>
            <select data-testid=testid>
                <option value="">{all}</option>
                {values
                    .into_iter()
                    .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
