//! The subprocessor list: a table to filter by text and location, sort by any column,
//! download as CSV, and follow for changes.

use std::sync::Arc;

use attest_core::{Subprocessor, TrustProfile};
use leptos::prelude::*;

use crate::dom::{el, replace_children, Dom};
use crate::forms::{self, Form, FormsLoader};
use crate::i18n::strings;
use crate::text::{lowercase, matches};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
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
        let needle = lowercase(self.filter.get().trim());
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

/// The subprocessors view. `api_base` makes the CSV and feed links.
pub fn subprocessors(profile: Arc<TrustProfile>, api_base: &str) -> Dom {
    let org = profile.org.as_str();
    let t = strings();
    let query = Query {
        filter: RwSignal::new(String::new()),
        location: RwSignal::new(String::new()),
        sort: RwSignal::new(None),
    };
    let mut locations: Vec<&str> = profile
        .subprocessors
        .iter()
        .filter_map(|s| s.location.as_ref().map(|l| l.as_str()))
        .collect();
    locations.sort_unstable();
    locations.dedup();
    let location_filter = (!locations.is_empty()).then(|| {
        el("label")
            .class("field")
            .child(Dom::of("span", t.location))
            .child(
                el("select")
                    .testid("location-filter")
                    .on("change", move |ev| {
                        query.location.set(event_target_value(&ev))
                    })
                    .child(Dom::of("option", t.all_locations).attr("value", ""))
                    .children(
                        locations
                            .iter()
                            .map(|l| Dom::of("option", l).attr("value", l)),
                    ),
            )
    });
    let count = el("p")
        .class("status")
        .attr("role", "status")
        .testid("subprocessor-count");
    let count_text = count.element();
    let links = el("p")
        .class("links")
        .child(
            Dom::of("a", t.download_csv)
                .class("link")
                .attr(
                    "href",
                    &format!("{api_base}/v1/orgs/{org}/subprocessors.csv"),
                )
                .testid("download-csv")
                .attr("download", ""),
        )
        .child(
            Dom::of("a", t.follow_changes)
                .class("link")
                .attr(
                    "href",
                    &format!("{api_base}/v1/orgs/{org}/subprocessors/feed.atom"),
                )
                .testid("subscribe-feed"),
        );
    let subscribe = forms::reveal(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Subscribe,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", org.into()),
            ("orgName", profile.name.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
        ]),
        t.subscribe_by_email,
        "subscribe-open",
    );
    let body = el("tbody").live(move |tbody| {
        let rows = query.rows(&profile.subprocessors);
        count_text.set_text_content(Some(&t.count(t.shown, rows.len())));
        replace_children(tbody, rows.into_iter().map(row));
    });

    el("div")
        .class("subprocessors")
        .testid("view-subprocessors")
        .child(
            el("div")
                .class("toolbar")
                .child(
                    el("label")
                        .class("field")
                        .child(Dom::of("span", t.filter_subprocessors))
                        .child(
                            el("input")
                                .attr("type", "search")
                                .testid("subprocessors-filter")
                                .on("input", move |ev| query.filter.set(event_target_value(&ev))),
                        ),
                )
                .maybe(location_filter),
        )
        .child(
            el("div").class("table-scroll").child(
                el("table")
                    .testid("subprocessor-table")
                    .child(Dom::of("caption", t.views[2]).class("visually-hidden"))
                    .child(el("thead").child(el("tr").children([
                        header(query, Column::Name, "name"),
                        header(query, Column::Purpose, "purpose"),
                        header(query, Column::Location, "location"),
                    ])))
                    .child(body),
            ),
        )
        .child(count)
        .child(links)
        .child(subscribe)
}

/// A column header: a button that sorts by the column, ascending then descending, and
/// says which way it is sorted (`aria-sort`).
fn header(query: Query, column: Column, key: &str) -> Dom {
    let sort = query.sort;
    el("th")
        .attr("scope", "col")
        .live(move |th| {
            let state = match sort.get() {
                Some((c, true)) if c == column => "ascending",
                Some((c, false)) if c == column => "descending",
                _ => "none",
            };
            let _ = th.set_attribute("aria-sort", state);
        })
        .child(
            Dom::of("button", strings().columns[column.index()])
                .attr("type", "button")
                .class("sort")
                .testid(&format!("sort-{key}"))
                .on("click", move |_| {
                    sort.update(|s| {
                        *s = match *s {
                            Some((c, true)) if c == column => Some((column, false)),
                            _ => Some((column, true)),
                        }
                    })
                }),
        )
}

fn row(s: &Subprocessor) -> Dom {
    el("tr")
        .testid("subprocessor")
        .child(Dom::of("td", s.name.as_str()))
        .child(Dom::of("td", s.purpose.as_str()))
        .child(Dom::of(
            "td",
            s.location.as_ref().map_or("—", |l| l.as_str()),
        ))
}
