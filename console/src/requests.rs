//! The privacy inbox: the organisation's requests by deadline, with the days left as the
//! law counts them, filtered in the address (so that a filtered inbox can be linked and
//! comes back after a request is opened), paged from the API.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::Deserialize;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::shell::{replace, use_org};
use crate::ui::{filter_search, filter_select, rendered, Column, DataTable, Loaded};

pub const STATUSES: [&str; 6] = [
    "identity_unverified",
    "pending",
    "in_progress",
    "completed",
    "denied",
    "expired",
];
pub const KINDS: [&str; 10] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "deletion",
    "correction",
    "opt_out_sale_sharing",
    "limit_sensitive",
];
pub const LAWS: [&str; 4] = ["gdpr", "uk_gdpr", "ccpa", "other"];

/// The member's words for an API key, or the key itself if it is a new one.
pub fn label(keys: &[&str], labels: &[&'static str], key: &str) -> String {
    keys.iter()
        .position(|k| *k == key)
        .and_then(|i| labels.get(i))
        .map_or_else(|| key.to_owned(), |l| (*l).to_owned())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Assignee {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub id: String,
    pub jurisdiction: String,
    pub kind: String,
    pub status: String,
    pub received_at: String,
    pub due_by: String,
    pub extended: bool,
    pub overdue: bool,
    pub days_left: Option<i64>,
    pub day_count: String,
    pub gpc: bool,
    pub assignee: Option<Assignee>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    requests: Vec<Summary>,
    next_offset: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Team {
    pub members: Vec<TeamMember>,
}

/// The members requests may be assigned to.
pub fn team(org: Memo<String>) -> LocalResource<Result<Team, Problem>> {
    LocalResource::new(move || {
        let org = org.get();
        async move { api::get::<Team>(&format!("/v1/admin/orgs/{}/privacy-team", encode(&org))).await }
    })
}

/// "3 days left", "Due today", "2 business days overdue"; and its tone.
pub fn deadline(t: &Strings, request: &Summary) -> (String, &'static str) {
    let Some(left) = request.days_left else {
        return (String::new(), "");
    };
    let business = request.day_count == "business";
    match left {
        0 => (t.due_today.to_owned(), "due soon"),
        1 if business => (t.left_business_day.to_owned(), "due soon"),
        1 => (t.left_day.to_owned(), "due soon"),
        -1 if business => (t.overdue_business_day.to_owned(), "due late"),
        -1 => (t.overdue_day.to_owned(), "due late"),
        n if n < 0 && business => (fill(t.overdue_business, &(-n).to_string()), "due late"),
        n if n < 0 => (fill(t.overdue_days, &(-n).to_string()), "due late"),
        n if business => (
            fill(t.left_business, &n.to_string()),
            if n <= 3 { "due soon" } else { "due" },
        ),
        n => (
            fill(t.left_days, &n.to_string()),
            if n <= 3 { "due soon" } else { "due" },
        ),
    }
}

/// The filters the address holds, in the API's words.
#[derive(Debug, Clone, PartialEq, Default)]
struct Filters {
    /// `open` when not given; `all` for every status.
    status: String,
    kind: String,
    law: String,
    assignee: String,
    overdue: bool,
    reference: String,
}

impl Filters {
    fn api_query(&self) -> String {
        let mut query = String::new();
        let mut add = |name: &str, value: &str| {
            if !value.is_empty() {
                query.push_str(&format!("&{name}={}", encode(value)));
            }
        };
        add(
            "status",
            if self.status == "all" {
                ""
            } else {
                &self.status
            },
        );
        add("kind", &self.kind);
        add("jurisdiction", &self.law);
        add("assignee", &self.assignee);
        add("overdue", if self.overdue { "true" } else { "" });
        add("reference", &self.reference);
        query
    }

    fn address_query(&self) -> String {
        let mut parts = Vec::new();
        if self.status != "open" {
            parts.push(format!("status={}", encode(&self.status)));
        }
        for (name, value) in [
            ("kind", &self.kind),
            ("law", &self.law),
            ("assignee", &self.assignee),
            ("reference", &self.reference),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", encode(value)));
            }
        }
        if self.overdue {
            parts.push("overdue=true".into());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

const PAGE: i64 = 50;

#[component]
pub fn Inbox() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        let q = query.get();
        let get = |name: &str| q.get(name).unwrap_or_default();
        let status = get("status");
        Filters {
            status: if status.is_empty() {
                "open".into()
            } else {
                status
            },
            kind: get("kind"),
            law: get("law"),
            assignee: get("assignee"),
            overdue: get("overdue") == "true",
            reference: get("reference"),
        }
    });
    let set = move |change: &dyn Fn(&mut Filters)| {
        let mut next = filters.get_untracked();
        change(&mut next);
        navigate(
            &format!(
                "/console/orgs/{}/requests{}",
                org.get_untracked(),
                next.address_query()
            ),
            replace(),
        );
    };
    let set = StoredValue::new_local(set);
    let offset = RwSignal::new(0_i64);
    Effect::watch(
        move || (org.get(), filters.get()),
        move |_, _, _| offset.set(0),
        false,
    );
    let page = LocalResource::new(move || {
        let org = org.get();
        let filters = filters.get();
        let offset = offset.get();
        async move {
            let key = format!("{org}{}", filters.api_query());
            let path = format!(
                "/v1/admin/orgs/{}/privacy-requests?limit={PAGE}&offset={offset}{}",
                encode(&org),
                filters.api_query()
            );
            api::get::<Page>(&path).await.map(|page| (key, page))
        }
    });
    let team = team(org);
    // The rows shown, and for which filters (a new filter starts again).
    let shown = RwSignal::new((String::new(), Vec::<Summary>::new()));
    let next = RwSignal::new(None::<i64>);
    Effect::new(move || {
        if let Some(Ok((key, page))) = page.get() {
            next.set(page.next_offset);
            shown.update(|(whose, all)| {
                if *whose != key {
                    *whose = key;
                    all.clear();
                }
                for request in page.requests {
                    if !all.iter().any(|r| r.id == request.id) {
                        all.push(request);
                    }
                }
            });
        }
    });
    let reference = RwSignal::new(String::new());
    Effect::new(move || reference.set(filters.get().reference));
    let select = move |id: &'static str,
                       heading: &'static str,
                       current: String,
                       options: Vec<(String, String)>,
                       apply: fn(&mut Filters, String),
                       of: fn(&Filters) -> String| {
        filter_select(
            id,
            heading,
            current,
            options,
            move || of(&filters.get()),
            move |value| set.with_value(|set| set(&|f: &mut Filters| apply(f, value.clone()))),
        )
    };
    // Built once (and again for a new language or the team's names), so a change keeps
    // the focus where it is; the controls follow the address reactively.
    let filter_bar = move || {
        let t = t.get();
        let f = filters.get_untracked();
        let any = || (String::new(), t.filter_any.to_owned());
        let mut statuses = vec![
            ("open".to_owned(), t.filter_open.to_owned()),
            ("all".to_owned(), t.filter_any.to_owned()),
        ];
        statuses.extend(
            STATUSES
                .iter()
                .zip(t.request_statuses)
                .map(|(k, l)| ((*k).to_owned(), l.to_owned())),
        );
        let mut kinds = vec![any()];
        kinds.extend(
            KINDS
                .iter()
                .zip(t.kinds)
                .map(|(k, l)| ((*k).to_owned(), l.to_owned())),
        );
        let mut laws = vec![any()];
        laws.extend(
            LAWS.iter()
                .zip(t.laws)
                .map(|(k, l)| ((*k).to_owned(), l.to_owned())),
        );
        let mut people = vec![
            any(),
            ("me".to_owned(), t.filter_mine.to_owned()),
            ("none".to_owned(), t.filter_unassigned.to_owned()),
        ];
        if let Some(Ok(team)) = team.get() {
            people.extend(team.members.into_iter().map(|m| (m.id, m.name)));
        }
        view! {
            <form
                class="filters"
                role="search"
                aria-label=t.filters
                on:submit=move |ev| {
                    ev.prevent_default();
                    let value = reference.get_untracked().trim().to_owned();
                    set.with_value(|set| set(&|f: &mut Filters| f.reference = value.clone()));
                }
            >
                {select("filter-status", t.filter_status, f.status.clone(), statuses, |f, v| f.status = v, |f| f.status.clone())}
                {select("filter-kind", t.filter_kind, f.kind.clone(), kinds, |f, v| f.kind = v, |f| f.kind.clone())}
                {select("filter-law", t.filter_law, f.law.clone(), laws, |f, v| f.law = v, |f| f.law.clone())}
                {select("filter-assignee", t.filter_assignee, f.assignee.clone(), people, |f, v| f.assignee = v, |f| f.assignee.clone())}
                <label class="check end">
                    <input
                        type="checkbox"
                        data-testid="filter-overdue"
                        prop:checked=move || filters.get().overdue
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set.with_value(|set| set(&|f: &mut Filters| f.overdue = on));
                        }
                    />
                    {t.filter_overdue}
                </label>
                {filter_search("filter-reference", t.filter_reference, reference, t.filter_search)}
            </form>
        }
    };
    view! {
        <section class="screen" aria-labelledby="inbox-title">
            <div class="screen-head">
                <div>
                    <h1 id="inbox-title">{move || t.get().inbox_title}</h1>
                    <p class="lead">{move || t.get().inbox_intro}</p>
                </div>
                <a
                    class="button secondary"
                    data-testid="export"
                    download=""
                    href=move || format!("/v1/admin/orgs/{}/privacy-requests.csv", encode(&org.get()))
                >
                    {move || t.get().inbox_export}
                </a>
            </div>
            {filter_bar}
            <Loaded
                retry=move || page.refetch()
                render=move || rendered(async move {
                        page.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let requests = shown.get().1;
                        if requests.is_empty() {
                            return Ok(view! { <p class="empty" data-testid="inbox-empty">{t.inbox_none}</p> }.into_any());
                        }
                        let count = requests.len();
                        let org = org.get();
                        let rows = requests.into_iter().map(|r| {
                            let (left, tone) = deadline(t, &r);
                            let href = format!("/console/orgs/{org}/requests/{}", r.id);
                            view! {
                                <tr data-testid="request" class:overdue=r.overdue>
                                    <th scope="row"><A href=href attr:class="reference">{r.id.clone()}</A></th>
                                    <td>{label(&KINDS, &t.kinds, &r.kind)}</td>
                                    <td>{label(&LAWS, &t.laws, &r.jurisdiction)}</td>
                                    <td><span class=format!("status status-{}", r.status)>{label(&STATUSES, &t.request_statuses, &r.status)}</span></td>
                                    <td><time datetime=r.received_at.clone()>{format::when(lang, &r.received_at)}</time></td>
                                    <td class="deadline">
                                        <time datetime=r.due_by.clone()>{format::day(lang, &r.due_by)}</time>
                                        {(!left.is_empty()).then(|| view! { <span class=tone data-testid="days-left">{left}</span> })}
                                    </td>
                                    <td>{r.assignee.map_or_else(|| view! { <span class="hint">{t.filter_unassigned}</span> }.into_any(), |a| view! { <span>{a.name}</span> }.into_any())}</td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(view! {
                            <DataTable
                                testid="inbox"
                                columns=vec![
                                    Column::text(t.col_reference),
                                    Column::text(t.col_request),
                                    Column::text(t.col_law),
                                    Column::text(t.col_status),
                                    Column::text(t.col_received),
                                    Column::text(t.col_due),
                                    Column::text(t.col_assignee),
                                ]
                            >
                                {rows}
                            </DataTable>
                            <p class="hint" role="status">{fill(t.inbox_shown, &count.to_string())}</p>
                        }.into_any())
                })
            />
            {move || next.get().map(|at| view! {
                <button type="button" class="secondary" data-testid="more" on:click=move |_| offset.set(at)>
                    {t.get().inbox_more}
                </button>
            })}
        </section>
    }
}
