//! The organisation's overview: what is due this week, overdue or waiting for the
//! requester (each a link into the inbox), how often each law's deadline was met over the
//! last twelve months and the median time to answer, vulnerability reports acknowledged
//! within the commitment, and the requests per month by kind — charts drawn here as SVG,
//! each with the same figures as a table. Each side shows only where the member may read
//! it; the figures are the API's (`…/privacy-requests/summary`, `…/security-reports/summary`).

use std::collections::BTreeMap;

use attest_core::members::Permission;
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::{self, encode};
use crate::format;
use crate::i18n::{fill, fill2, use_text, Lang, Strings};
use crate::requests::{label, KINDS, LAWS};
use crate::session::use_session;
use crate::shell::use_org;
use crate::ui::{rendered, Loaded};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Privacy {
    due_this_week: i64,
    overdue: i64,
    awaiting_verification: i64,
    by_law: Vec<Law>,
    months: Vec<Month>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Law {
    jurisdiction: String,
    answered: i64,
    on_time: i64,
    median_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Month {
    month: String,
    by_kind: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Security {
    received: i64,
    acknowledged_in_time: i64,
    acknowledged_late: i64,
    waiting: i64,
    overdue_now: i64,
}

#[component]
pub fn Overview() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let may = move |p: Permission| session.member().unwrap_or_default().may(&org.get(), p);
    view! {
        <section class="screen overview" aria-labelledby="overview-title">
            <h1 id="overview-title">{move || t.get().overview_title}</h1>
            <p class="lead">{move || t.get().overview_intro}</p>
            {move || may(Permission::ReadPrivacyRequests).then(|| view! { <PrivacyFigures/> })}
            {move || may(Permission::ReadReports).then(|| view! { <SecurityFigures/> })}
        </section>
    }
}

#[component]
fn PrivacyFigures() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let figures = LocalResource::new(move || {
        let org = org.get();
        async move {
            api::get::<Privacy>(&format!(
                "/v1/admin/orgs/{}/privacy-requests/summary",
                encode(&org)
            ))
            .await
        }
    });
    view! {
        <Loaded
            retry=move || figures.refetch()
            render=move || rendered(async move {
                let figures = figures.await?;
                let t = t.get();
                let lang = lang.get();
                let inbox = format!("/console/orgs/{}/requests", encode(&org.get_untracked()));
                Ok(view! {
                    <ul class="stats" aria-label=t.overview_today>
                        {stat(&inbox, "", figures.due_this_week, t.stat_due_week, "due-week")}
                        {stat(&inbox, "?overdue=true", figures.overdue, t.stat_overdue, "overdue")}
                        {stat(&inbox, "?status=identity_unverified", figures.awaiting_verification, t.stat_unverified, "unverified")}
                    </ul>
                    <div class="panels">
                        <section class="panel" aria-labelledby="on-time-title" data-testid="on-time">
                            <h2 id="on-time-title">{t.on_time_heading}</h2>
                            {on_time(t, &figures.by_law)}
                        </section>
                        <section class="panel panel-wide" aria-labelledby="months-title" data-testid="months">
                            <h2 id="months-title">{t.months_heading}</h2>
                            {months(t, lang, &figures.months)}
                        </section>
                    </div>
                }.into_any())
            })
        />
    }
}

fn stat(
    inbox: &str,
    filter: &str,
    n: i64,
    label: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let alert = testid == "overdue" && n > 0;
    view! {
        <li>
            <a class="stat" class:stat-alert=alert href=format!("{inbox}{filter}") data-testid=format!("stat-{testid}")>
                <span class="stat-n">{n}</span>
                <span class="stat-label">{label}</span>
            </a>
        </li>
    }
}

/// Per law, a bar of the share answered on time, with the counts and the median in words.
fn on_time(t: &Strings, laws: &[Law]) -> AnyView {
    if laws.is_empty() {
        return view! { <p class="empty">{t.on_time_none}</p> }.into_any();
    }
    let rows = laws
        .iter()
        .map(|law| {
            let share = if law.answered > 0 {
                law.on_time as f64 / law.answered as f64
            } else {
                0.0
            };
            let percent = (share * 100.0).round() as i64;
            let words = fill2(
                t.on_time_line,
                &law.on_time.to_string(),
                &law.answered.to_string(),
            );
            let median = law
                .median_days
                .map(|d| fill(t.median_days, &format!("{d}")))
                .unwrap_or_default();
            let name = label(&LAWS, &t.laws, &law.jurisdiction);
            view! {
                <li class="law" data-testid="law">
                    <span class="law-name">{name.clone()}</span>
                    <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img"
                        aria-label=format!("{name}: {percent} %")>
                        <rect class="bar-track" x="0" y="0" width="100" height="8" rx="2"/>
                        <rect class="bar-fill" class:bar-low=share < 0.9 x="0" y="0"
                            width=format!("{:.1}", share * 100.0) height="8" rx="2"/>
                    </svg>
                    <span class="law-figures">
                        <strong>{format!("{percent} %")}</strong>
                        " " {words}
                        {(!median.is_empty()).then(|| view! { <span class="hint">" · " {median.clone()}</span> })}
                    </span>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! { <ul class="laws">{rows}</ul> }.into_any()
}

/// The requests per month as stacked columns, one colour per kind, with a legend of the
/// kinds that occur and the same figures as a table for those who read tables.
fn months(t: &Strings, lang: Lang, months: &[Month]) -> AnyView {
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| months.iter().any(|m| m.by_kind.contains_key(*k)))
        .collect();
    let total = |m: &Month| m.by_kind.values().sum::<i64>();
    let highest = months.iter().map(total).max().unwrap_or(0);
    if highest == 0 {
        return view! { <p class="empty">{t.months_none}</p> }.into_any();
    }
    let top = nice_ceiling(highest);
    let (width, height, left, bottom) = (600.0, 220.0, 36.0, 24.0);
    let plot = height - bottom - 8.0;
    let step = (width - left) / months.len().max(1) as f64;
    let column = step * 0.62;
    let y = |n: f64| 8.0 + plot - n / top as f64 * plot;
    let ticks = [0, top / 2, top];
    let grid = ticks
        .iter()
        .map(|&n| {
            view! {
                <line class="grid" x1=left x2=width y1=y(n as f64) y2=y(n as f64)/>
                <text class="axis" x=left - 6.0 y=y(n as f64) + 4.0 text-anchor="end">{n}</text>
            }
        })
        .collect::<Vec<_>>();
    let columns = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = left + i as f64 * step + (step - column) / 2.0;
            let mut below = 0.0;
            let stack = kinds
                .iter()
                .filter_map(|k| {
                    let n = *m.by_kind.get(*k)? as f64;
                    let rect = view! {
                        <rect class=format!("kind kind-{}", kind_index(k)) x=x y=y(below + n)
                            width=column height=(y(below) - y(below + n)).max(0.0)>
                            <title>{format!("{}: {}", label(&KINDS, &t.kinds, k), n)}</title>
                        </rect>
                    };
                    below += n;
                    Some(rect)
                })
                .collect::<Vec<_>>();
            view! {
                <g>
                    {stack}
                    <text class="axis" x=x + column / 2.0 y=height - 6.0 text-anchor="middle">
                        {format::month(lang, &m.month)}
                    </text>
                </g>
            }
        })
        .collect::<Vec<_>>();
    let legend = kinds
        .iter()
        .map(|k| {
            view! {
                <li><span class=format!("swatch kind-{}", kind_index(k)) aria-hidden="true"></span>
                    {label(&KINDS, &t.kinds, k)}</li>
            }
        })
        .collect::<Vec<_>>();
    let head = kinds
        .iter()
        .map(|k| view! { <th scope="col">{label(&KINDS, &t.kinds, k)}</th> })
        .collect::<Vec<_>>();
    let body = months
        .iter()
        .map(|m| {
            let cells = kinds
                .iter()
                .map(|k| view! { <td>{m.by_kind.get(*k).copied().unwrap_or(0)}</td> })
                .collect::<Vec<_>>();
            view! {
                <tr>
                    <th scope="row">{format::month(lang, &m.month)}</th>
                    {cells}
                    <td>{total(m)}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {height}") role="img"
            aria-label=t.months_chart_label data-testid="months-chart">
            {grid}
            {columns}
        </svg>
        <ul class="legend">{legend}</ul>
        <details class="as-table">
            <summary>{t.chart_as_table}</summary>
            <div class="table-wrap">
                <table data-testid="months-table">
                    <thead><tr><th scope="col">{t.col_month}</th>{head}<th scope="col">{t.col_total}</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

/// The kind's place in `KINDS`, which picks its colour.
fn kind_index(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The axis' top: 1, 2 or 5 times a power of ten, at or above `n`, and even (so the
/// middle tick is a whole number).
fn nice_ceiling(n: i64) -> i64 {
    let mut scale = 1;
    loop {
        for m in [2, 4, 10] {
            if m * scale >= n {
                return m * scale;
            }
        }
        scale *= 10;
    }
}

#[component]
fn SecurityFigures() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let figures = LocalResource::new(move || {
        let org = org.get();
        async move {
            api::get::<Security>(&format!(
                "/v1/admin/orgs/{}/security-reports/summary",
                encode(&org)
            ))
            .await
        }
    });
    view! {
        <section class="panel" aria-labelledby="reports-title" data-testid="reports-figures">
            <h2 id="reports-title">{move || t.get().reports_heading}</h2>
            <Loaded
                retry=move || figures.refetch()
                render=move || rendered(async move {
                    let f = figures.await?;
                    let t = t.get();
                    if f.received == 0 {
                        return Ok(view! { <p class="empty">{t.reports_none_year}</p> }.into_any());
                    }
                    let reports = format!("/console/orgs/{}/reports", encode(&org.get_untracked()));
                    Ok(view! {
                        <dl class="figures">
                            <div><dt>{t.reports_in_time}</dt><dd data-testid="reports-in-time">{f.acknowledged_in_time}</dd></div>
                            <div><dt>{t.reports_late}</dt><dd data-testid="reports-late">{f.acknowledged_late}</dd></div>
                            <div><dt>{t.reports_waiting}</dt><dd>{f.waiting}</dd></div>
                            <div class:figure-alert={f.overdue_now > 0}>
                                <dt>{t.reports_overdue}</dt>
                                <dd><a href=format!("{reports}?status=new")>{f.overdue_now}</a></dd>
                            </div>
                        </dl>
                        <p class="hint">{fill(t.reports_received, &f.received.to_string())}</p>
                    }.into_any())
                })
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn the_axis_top_is_a_round_even_number_at_or_above_the_highest_column() {
        assert_eq!(nice_ceiling(1), 2);
        assert_eq!(nice_ceiling(3), 4);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(35), 40);
        assert_eq!(nice_ceiling(41), 100);
        assert_eq!(nice_ceiling(100), 100);
        assert_eq!(nice_ceiling(101), 200);
    }
}
