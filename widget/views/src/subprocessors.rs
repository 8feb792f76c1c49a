//! The subprocessor list: a table to filter by text and location and sort by any column
//! (in the browser), links to download it as CSV and to follow its changes, and a place
//! for the form that subscribes to them.

use std::sync::Arc;

use attest_core::{Subprocessor, TrustProfile};
use leptos::prelude::*;

use crate::fields::{choice, search};
use crate::i18n::strings;
use crate::text::{lowercase, matches, needle};

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
    fn value(self, s: &Subprocessor) -> String {
        lowercase(match self {
            Self::Name => s.name.as_str(),
            Self::Purpose => s.purpose.as_str(),
            Self::Location => s.location.as_ref().map_or("", |l| l.as_str()),
        })
    }

    fn key(self) -> &'static str {
        ["name", "purpose", "location"][self.index()]
    }
}

/// The table's state: what the visitor typed, picked and sorted by.
#[derive(Clone, Copy)]
struct Query {
    filter: RwSignal<String>,
    location: RwSignal<String>,
    sort: RwSignal<Option<(Column, bool)>>,
}

impl Query {
    /// The rows to show, in order.
    fn rows<'a>(&self, all: &'a [Subprocessor]) -> Vec<&'a Subprocessor> {
        let needle = needle(&self.filter.get());
        let place = self.location.get();
        let mut rows: Vec<&Subprocessor> = all
            .iter()
            .filter(|s| {
                matches(
                    &needle,
                    [s.name.as_str(), s.purpose.as_str()]
                        .into_iter()
                        .chain(s.location.as_ref().map(|l| l.as_str())),
                ) && (place.is_empty() || s.location.as_ref().is_some_and(|l| l.as_str() == place))
            })
            .collect();
        if let Some((column, ascending)) = self.sort.get() {
            rows.sort_by_cached_key(|s| column.value(s));
            if !ascending {
                rows.reverse();
            }
        }
        rows
    }
}

/// The subprocessors view. `api_base` makes the CSV and feed links; `controls`: the
/// filters and sorting, where something runs them; `subscribe`: the subscription form's
/// place, where there is one.
#[component]
pub fn Subprocessors(
    profile: Arc<TrustProfile>,
    api_base: String,
    #[prop(default = true)] controls: bool,
    #[prop(optional)] subscribe: Option<AnyView>,
) -> impl IntoView {
    let org = profile.org.as_str().to_owned();
    let t = strings();
    let query = Query {
        filter: RwSignal::new(String::new()),
        location: RwSignal::new(String::new()),
        sort: RwSignal::new(None),
    };
    let locations: Vec<String> = profile
        .subprocessors
        .iter()
        .filter_map(|s| s.location.as_ref().map(|l| l.as_str().to_owned()))
        .collect();
    let location_filter = (controls && !locations.is_empty()).then(|| {
        choice(
            t.location,
            t.all_locations,
            "location-filter",
            locations,
            query.location,
        )
    });
    let toolbar = controls.then(|| {
        view! {
            <div class="toolbar">
                {search(t.filter_subprocessors, "subprocessors-filter", query.filter)}
                {location_filter}
            </div>
        }
    });
    let all = profile.clone();
    let rows = move || {
        query
            .rows(&all.subprocessors)
            .into_iter()
            .map(row)
            .collect_view()
    };
    let count = move || t.count(t.shown, query.rows(&profile.subprocessors).len());
    view! {
        <div class="subprocessors" data-testid="view-subprocessors">
            {toolbar}
            <div class="table-scroll">
                <table data-testid="subprocessor-table">
                    <caption class="visually-hidden">{t.views[2]}</caption>
                    <thead>
                        <tr>
                            {Column::ALL.into_iter().map(|column| header(query, column, controls)).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="status" role="status" data-testid="subprocessor-count">{count}</p>
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
fn header(query: Query, column: Column, controls: bool) -> impl IntoView {
    let sort = query.sort;
    let label = strings().columns[column.index()];
    let state = move || match sort.get() {
        Some((c, true)) if c == column => "ascending",
        Some((c, false)) if c == column => "descending",
        _ => "none",
    };
    if !controls {
        return view! { <th scope="col">{label}</th> }.into_any();
    }
    view! {
        <th scope="col" aria-sort=state>
            <button
                type="button"
                class="sort"
                data-testid=format!("sort-{}", column.key())
                on:click=move |_| {
                    sort.update(|s| {
                        *s = match *s {
                            Some((c, true)) if c == column => Some((column, false)),
                            _ => Some((column, true)),
                        }
                    })
                }
            >
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
            <td>{s.location.as_ref().map_or("—", |l| l.as_str()).to_owned()}</td>
        </tr>
    }
}
