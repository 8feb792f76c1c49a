//! The subprocessor list: a table to filter by text and location and sort by any column
//! (in the browser, by the app), links to download it as CSV and to follow its changes, and a place
//! for the form that subscribes to them.

use std::sync::Arc;

use attest_core::{Subprocessor, TrustProfile};
use leptos::prelude::*;

use crate::fields::{choice, search};
use crate::i18n::strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Purpose,
    Location,
}

attest_core::every_variant!(Column {
    Name,
    Purpose,
    Location
});

// The column headings are in `i18n`, one per column.
const _: () = assert!(Column::ALL.len() == crate::i18n::SUBPROCESSOR_COLUMNS);

impl Column {
    fn key(self) -> &'static str {
        ["name", "purpose", "location"][self.index()]
    }
}

/// The subprocessors view. `api_base` makes the CSV and feed links; `controls`: the
/// filters and sorting, where something runs them (the app, which filters and sorts the
/// rows in place); `subscribe`: the subscription form's place, where there is one.
#[component]
pub fn Subprocessors(
    profile: Arc<TrustProfile>,
    api_base: String,
    #[prop(default = true)] controls: bool,
    #[prop(optional)] subscribe: Option<AnyView>,
) -> impl IntoView {
    let org = profile.org.as_str().to_owned();
    let t = strings();
    let locations: Vec<String> = profile
        .subprocessors
        .iter()
        .filter_map(|s| s.location.as_ref().map(|l| l.as_str().to_owned()))
        .collect();
    let location_filter = (controls && !locations.is_empty())
        .then(|| choice(t.location, t.all_locations, "location-filter", locations));
    let toolbar = controls.then(|| {
        view! {
            <div class="toolbar">
                {search(t.filter_subprocessors, "subprocessors-filter")}
                {location_filter}
            </div>
        }
    });
    let count = t.count(t.shown, profile.subprocessors.len());
    view! {
        <div class="subprocessors" data-testid="view-subprocessors">
            {toolbar}
            <div class="table-scroll">
                <table data-testid="subprocessor-table">
                    <caption class="visually-hidden">{t.views[2]}</caption>
                    <thead>
                        <tr>
                            {Column::ALL.into_iter().map(|column| header(column, controls)).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{profile.subprocessors.iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <p class="status" role="status" data-testid="subprocessor-count" data-template=t.shown>
                {count}
            </p>
            <p class="links">
                <a
                    class="link"
                    href=format!("{api_base}/v1/orgs/{org}/subprocessors.csv")
                    data-testid="download-csv"
                    download=""
                >
                    {t.download_csv}
                </a>
                <a
                    class="link"
                    href=format!("{api_base}/v1/orgs/{org}/subprocessors/feed.atom")
                    data-testid="subscribe-feed"
                >
                    {t.follow_changes}
                </a>
            </p>
            {subscribe}
        </div>
    }
}

/// A column header: with controls, a button that sorts by the column, ascending then
/// descending, and says which way it is sorted (`aria-sort`).
fn header(column: Column, controls: bool) -> impl IntoView {
    let label = strings().columns[column.index()];
    if !controls {
        return view! { <th scope="col">{label}</th> }.into_any();
    }
    view! {
        <th scope="col" aria-sort="none">
            <button type="button" class="sort" data-testid=format!("sort-{}", column.key())>
                {label}
            </button>
        </th>
    }
    .into_any()
}

fn row(s: &Subprocessor) -> impl IntoView {
    view! {
        <tr data-testid="subprocessor">
            <td>{s.name.as_str().to_owned()}</td>
            <td>{s.purpose.as_str().to_owned()}</td>
            // A row without a location says so with a dash, which is not a place to filter
            // or sort by (`data-none`).
            <td data-none=s.location.is_none().then_some("")>
                {s.location.as_ref().map_or("—", |l| l.as_str()).to_owned()}
            </td>
        </tr>
    }
}
