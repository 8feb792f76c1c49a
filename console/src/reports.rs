//! Vulnerability reports, as the security team works them: the list by acknowledgement
//! deadline (the commitment the organisation's security page makes), and one report with
//! its contents and the next step, whose note the reporter gets with the news.

use attest_core::members::Permission;
use attest_core::privacy::ReportStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use crate::api::{self, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::requests::label;
use crate::session::use_session;
use crate::shell::{use_list, use_org, use_record, ListPage};
use crate::ui::{rendered, Column, DataTable, FieldMessage, Loaded, Notice, StatusFilter};

pub const REPORT_STATUSES: [&str; 5] = ["new", "triaged", "resolved", "duplicate", "invalid"];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    id: String,
    status: String,
    received_at: String,
    acknowledge_by: String,
    acknowledgement_overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reports {
    reports: Vec<Summary>,
    next_offset: Option<i64>,
}

impl ListPage for Reports {
    type Row = Summary;
    fn rows(self) -> (Vec<Summary>, Option<i64>) {
        (self.reports, self.next_offset)
    }
    fn id(row: &Summary) -> &str {
        &row.id
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Detail {
    #[serde(flatten)]
    summary: Summary,
    title: Option<String>,
    description: Option<String>,
    steps: Option<String>,
    impact: Option<String>,
    email: Option<String>,
    credit: Option<String>,
}

#[derive(Serialize)]
struct StepBody {
    to: String,
    note: Option<String>,
}

fn status_badge(t: &Strings, status: &str) -> impl IntoView {
    view! {
        <span class=format!("status status-report-{status}") data-testid="status">
            {label(&REPORT_STATUSES, &t.report_statuses, status)}
        </span>
    }
}

/// When the acknowledgement is due, and whether it is late (only a new report waits for one).
fn acknowledgement(t: &'static Strings, lang: Lang, r: &Summary) -> impl IntoView {
    view! {
        <time datetime=r.acknowledge_by.clone()>{format::when(lang, &r.acknowledge_by)}</time>
        {r.acknowledgement_overdue.then(|| view! { <span class="due late" data-testid="ack-overdue">{t.ack_overdue}</span> })}
    }
}

/// The reports, new and soonest to acknowledge first.
#[component]
pub fn ReportsScreen() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let status = RwSignal::new(String::new());
    let reports = use_list::<Reports>("security-reports", status);
    view! {
        <section class="screen" aria-labelledby="reports-title">
            <div class="screen-head">
                <div>
                <h1 id="reports-title">{move || t.get().reports_title}</h1>
                <p class="lead">{move || t.get().reports_intro}</p>
                </div>
                {crate::ui::export_link(move || crate::shell::csv_address(&org.get(), "security-reports", &status.get()))}
            </div>
            <StatusFilter status=status keys=&REPORT_STATUSES labels=|t| &t.report_statuses testid="report-status-filter"/>
            <Loaded
                retry=move || reports.page.refetch()
                render=move || rendered(async move {
                        reports.page.await?;
                        let shown = reports.rows.get();
                        let t = t.get();
                        let lang = lang.get();
                        if shown.is_empty() {
                            return Ok(view! { <p class="empty" data-testid="reports-empty">{t.reports_none}</p> }.into_any());
                        }
                        let org = org.get();
                        let rows = shown.into_iter().map(|r| {
                            let href = format!("/console/orgs/{org}/reports/{}", r.id);
                            let ack = acknowledgement(t, lang, &r);
                            let status = status_badge(t, &r.status);
                            view! {
                                <tr data-testid="report" class:overdue=r.acknowledgement_overdue>
                                    <th scope="row"><A href=href attr:class="reference">{r.id.clone()}</A></th>
                                    <td>{status}</td>
                                    <td><time datetime=r.received_at.clone()>{format::when(lang, &r.received_at)}</time></td>
                                    <td class="deadline">{ack}</td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(view! {
                            <DataTable
                                testid="reports"
                                columns=vec![
                                    Column::text(t.col_reference),
                                    Column::text(t.col_status),
                                    Column::text(t.col_received),
                                    Column::text(t.col_acknowledge),
                                ]
                            >
                                {rows}
                            </DataTable>
                        }.into_any())
                })
            />
            {reports.more()}
        </section>
    }
}

/// One report: what the researcher wrote, and the next step.
#[component]
pub fn ReportScreen() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let (id, base, report) = use_record::<Detail>("security-reports");
    let may_manage = move || {
        session
            .member()
            .is_some_and(|m| m.may(&org.get(), Permission::ManageReports))
    };
    let step = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    // Each answer carries the report it was for: one that arrives after the member moved on
    // to another report is not shown on that one.
    let take = Action::new_local(move |_: &()| {
        let path = format!("{}/transition", base());
        let of = id.get_untracked();
        let body = StepBody {
            to: step.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        async move { (of, api::post::<Detail>(&path, &body).await) }
    });
    let answer = move || {
        take.value()
            .get()
            .filter(|(of, _)| *of == id.get())
            .map(|(_, a)| a)
    };
    Effect::new(move || {
        if let Some(Ok(detail)) = answer() {
            let t = t.get_untracked();
            let told = if detail.email.is_some() {
                t.report_moved
            } else {
                t.report_moved_untold
            };
            notice.set(Some(fill(
                told,
                &label(&REPORT_STATUSES, &t.report_statuses, &detail.summary.status),
            )));
            step.set(String::new());
            note.set(String::new());
            report.refetch();
        }
    });
    Effect::new(move || {
        id.track();
        step.set(String::new());
        note.set(String::new());
        notice.set(None);
        take.value().set(None);
    });
    let problem = move || answer().and_then(Result::err);
    let note_error = Signal::derive(move || problem().and_then(|p: Problem| p.field("note")));
    let busy = move || take.pending().get();
    view! {
        <section class="screen request" aria-labelledby="report-title">
            <A href=move || format!("/console/orgs/{}/reports", org.get()) attr:class="back">
                {move || format!("← {}", t.get().back_to_reports)}
            </A>
            <h1 id="report-title">{move || fill(t.get().report_title, &id.get())}</h1>
            <Notice message=notice/>
            <Loaded
                retry=move || report.refetch()
                render=move || rendered(async move {
                        let detail = report.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let s = detail.summary.clone();
                        let from = ReportStatus::from_key(&s.status);
                        let choices: Vec<(&'static str, &'static str)> = REPORT_STATUSES
                            .iter()
                            .zip(t.report_statuses)
                            .filter(|(key, _)| {
                                let to = ReportStatus::from_key(key);
                                matches!((from, to), (Some(f), Some(to)) if f.check_transition(to, Some("…")).is_ok())
                            })
                            .map(|(key, text)| (*key, text))
                            .collect();
                        let prose = |heading: &'static str, text: Option<String>| text.map(|text| view! {
                            <h3>{heading}</h3>
                            <p class="prose">{text}</p>
                        });
                        let next = if !may_manage() {
                            ().into_any()
                        } else if choices.is_empty() {
                            view! { <p class="hint" data-testid="closed">{t.report_closed}</p> }.into_any()
                        } else {
                            view! {
                                <h2>{t.step_title}</h2>
                                <form class="stack" data-testid="step" on:submit=move |ev| { ev.prevent_default(); take.dispatch(()); }>
                                    <fieldset class="checks" role="radiogroup">
                                        <legend>{t.step_label}</legend>
                                        {choices.into_iter().map(|(key, text)| view! {
                                            <label class="check">
                                                <input type="radio" name="step" value=key prop:checked=move || step.get() == key on:change=move |_| step.set(key.to_owned())/>
                                                {text}
                                            </label>
                                        }).collect_view()}
                                    </fieldset>
                                    <label for="report-note">{t.report_note}</label>
                                    <p class="hint" id="report-note-hint">
                                        {if detail.email.is_some() { t.report_step_hint } else { t.report_no_email }}
                                    </p>
                                    <textarea
                                        id="report-note"
                                        rows="4"
                                        maxlength="5000"
                                        aria-describedby="report-note-hint report-note-error"
                                        aria-invalid=move || note_error.get().is_some().to_string()
                                        prop:value=move || note.get()
                                        on:input=move |ev| note.set(event_target_value(&ev))
                                    ></textarea>
                                    <FieldMessage id="report-note-error" message=note_error/>
                                    {move || problem().filter(|p| p.field("note").is_none()).map(|p| view! {
                                        <p class="alert error" role="alert">{crate::ui::explain(&p, t)}</p>
                                    })}
                                    <button type="submit" class="primary" data-testid="take" disabled=move || step.get().is_empty() || busy()>
                                        {t.step_confirm}
                                    </button>
                                </form>
                            }.into_any()
                        };
                        Ok(view! {
                            <dl class="facts" data-testid="facts">
                                <div><dt>{t.col_status}</dt><dd>{status_badge(t, &s.status)}</dd></div>
                                <div><dt>{t.col_received}</dt><dd><time datetime=s.received_at.clone()>{format::when(lang, &s.received_at)}</time></dd></div>
                                <div><dt>{t.col_acknowledge}</dt><dd class="deadline">{acknowledgement(t, lang, &s)}</dd></div>
                                <div><dt>{t.report_reporter}</dt><dd data-testid="reporter">{detail.email.clone().unwrap_or_else(|| t.report_anonymous.to_owned())}</dd></div>
                                {detail.credit.clone().map(|c| view! { <div><dt>{t.report_credit}</dt><dd>{c}</dd></div> })}
                            </dl>
                            <article class="report" data-testid="report-contents">
                                {detail.title.clone().map(|title| view! { <h2 class="report-title">{title}</h2> })}
                                {prose(t.report_description, detail.description.clone())}
                                {prose(t.report_steps, detail.steps.clone())}
                                {prose(t.report_impact, detail.impact.clone())}
                            </article>
                            {next}
                        }.into_any())
                })
            />
        </section>
    }
}
