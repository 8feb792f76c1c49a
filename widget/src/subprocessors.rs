//! The subprocessor list: a table to filter by text and location, sort by any column,
//! download as CSV, and follow for changes.

use attest_core::Subprocessor;
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::matches;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Purpose,
    Location,
}

impl Column {
    fn value(self, s: &Subprocessor) -> String {
        match self {
            Self::Name => s.name.to_string(),
            Self::Purpose => s.purpose.to_string(),
            Self::Location => s
                .location
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default(),
        }
        .to_lowercase()
    }
}

#[component]
pub fn Subprocessors(
    /// The organisation's subprocessors, in its order.
    subprocessors: Vec<Subprocessor>,
    /// The API's base URL, for the CSV and feed links.
    api_base: String,
    /// The organisation's slug.
    org: String,
) -> impl IntoView {
    let t = strings();
    let filter = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(Column, bool)>);
    let mut locations: Vec<String> = subprocessors
        .iter()
        .filter_map(|s| s.location.as_ref().map(|l| l.to_string()))
        .collect();
    locations.sort();
    locations.dedup();
    let all = StoredValue::new(subprocessors);

    let rows = move || {
        let needle = filter.get().trim().to_lowercase();
        let place = location.get();
        let mut rows: Vec<Subprocessor> = all
            .get_value()
            .into_iter()
            .filter(|s| {
                matches(
                    &needle,
                    [s.name.as_str(), s.purpose.as_str()]
                        .into_iter()
                        .chain(s.location.as_ref().map(|l| l.as_str())),
                ) && (place.is_empty() || s.location.as_ref().is_some_and(|l| l.as_str() == place))
            })
            .collect();
        if let Some((column, ascending)) = sort.get() {
            rows.sort_by_key(|s| column.value(s));
            if !ascending {
                rows.reverse();
            }
        }
        rows
    };
    let header = move |column: Column, key: &'static str| {
        let label = t.columns[column as usize];
        let state = move || match sort.get() {
            Some((c, true)) if c == column => "ascending",
            Some((c, false)) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{key}")
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
    };
    let csv = format!("{api_base}/v1/orgs/{org}/subprocessors.csv");
    let feed = format!("{api_base}/v1/orgs/{org}/subprocessors/feed.atom");
    let has_locations = !locations.is_empty();

    view! {
        <div class="subprocessors" data-testid="view-subprocessors">
            <div class="toolbar">
                <label class="field">
                    <span>{t.filter_subprocessors}</span>
                    <input type="search" data-testid="subprocessors-filter" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
                </label>
                {has_locations
                    .then(|| {
                        view! {
                            <label class="field">
                                <span>{t.location}</span>
                                <select data-testid="location-filter" on:change=move |ev| location.set(event_target_value(&ev))>
                                    <option value="">{t.all_locations}</option>
                                    {locations.into_iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })}
            </div>
            <div class="table-scroll">
                <table data-testid="subprocessor-table">
                    <caption class="visually-hidden">{t.views[2]}</caption>
                    <thead>
                        <tr>{header(Column::Name, "name")} {header(Column::Purpose, "purpose")} {header(Column::Location, "location")}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows()
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr data-testid="subprocessor">
                                            <td>{s.name.to_string()}</td>
                                            <td>{s.purpose.to_string()}</td>
                                            <td>{s.location.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="status" role="status" data-testid="subprocessor-count">{move || (t.shown)(rows().len())}</p>
            <p class="links">
                <a class="link" href=csv data-testid="download-csv" download="">{t.download_csv}</a>
                <a class="link" href=feed data-testid="subscribe-feed">{t.follow_changes}</a>
            </p>
        </div>
    }
}
