//! Requests for documents shared on request or under an NDA: the list, pending first, and
//! one request with who asked, the NDA they accepted (which version, when, from where),
//! and the decision, which the requester gets by e-mail.

use attest_core::members::Permission;
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

pub const DOCUMENT_STATUSES: [&str; 3] = ["pending", "approved", "denied"];
const ACCESS: [&str; 2] = ["on_request", "nda"];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Nda {
    version: String,
    accepted_at: Option<String>,
    accepted_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    id: String,
    document_title: String,
    access: String,
    status: String,
    received_at: String,
    nda: Option<Nda>,
    decided_at: Option<String>,
    decided_by: Option<String>,
    #[serde(default)]
    decided_by_rule: Option<String>,
    #[serde(default)]
    grant: Option<GrantBrief>,
    erased_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GrantBrief {
    id: String,
    reference: String,
    status: String,
    expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocumentRequests {
    document_requests: Vec<Summary>,
    next_offset: Option<i64>,
}

impl ListPage for DocumentRequests {
    type Row = Summary;
    fn rows(self) -> (Vec<Summary>, Option<i64>) {
        (self.document_requests, self.next_offset)
    }
    fn id(row: &Summary) -> &str {
        &row.id
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Detail {
    #[serde(flatten)]
    summary: Summary,
    name: Option<String>,
    company: Option<String>,
    email: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
struct DecisionBody {
    decision: String,
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days: Option<i64>,
}

fn status_badge(t: &Strings, status: &str) -> impl IntoView {
    view! {
        <span class=format!("status status-document-{status}") data-testid="status">
            {label(&DOCUMENT_STATUSES, &t.document_statuses, status)}
        </span>
    }
}

/// The document requests, pending first, oldest first.
#[component]
pub fn DocumentRequestsScreen() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let status = RwSignal::new(String::new());
    let requests = use_list::<DocumentRequests>("document-requests", status);
    view! {
        <section class="screen" aria-labelledby="documents-title">
            <div class="screen-head">
                <div>
                <h1 id="documents-title">{move || t.get().documents_title}</h1>
                <p class="lead">{move || t.get().documents_intro}</p>
                </div>
                {crate::ui::export_link(move || crate::shell::csv_address(&org.get(), "document-requests", &status.get()))}
            </div>
            <StatusFilter status=status keys=&DOCUMENT_STATUSES labels=|t| &t.document_statuses testid="document-status-filter"/>
            <Loaded
                retry=move || requests.page.refetch()
                render=move || rendered(async move {
                        requests.page.await?;
                        let shown = requests.rows.get();
                        let t = t.get();
                        let lang = lang.get();
                        if shown.is_empty() {
                            return Ok(view! { <p class="empty" data-testid="documents-empty">{t.documents_none}</p> }.into_any());
                        }
                        let org = org.get();
                        let rows = shown.into_iter().map(|r| {
                            let href = format!("/console/orgs/{org}/documents/{}", r.id);
                            view! {
                                <tr data-testid="document-request">
                                    <th scope="row"><A href=href attr:class="reference">{r.id.clone()}</A></th>
                                    <td>{r.document_title.clone()}</td>
                                    <td>{label(&ACCESS, &t.access_labels, &r.access)}</td>
                                    <td>{status_badge(t, &r.status)}</td>
                                    <td><time datetime=r.received_at.clone()>{format::when(lang, &r.received_at)}</time></td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(view! {
                            <DataTable
                                testid="document-requests"
                                columns=vec![
                                    Column::text(t.col_reference),
                                    Column::text(t.col_document),
                                    Column::text(t.col_access),
                                    Column::text(t.col_status),
                                    Column::text(t.col_received),
                                ]
                            >
                                {rows}
                            </DataTable>
                        }.into_any())
                })
            />
            {requests.more()}
        </section>
    }
}

/// One document request: who asked, the NDA they accepted, and the decision.
#[component]
pub fn DocumentRequestScreen() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let (id, base, request) = use_record::<Detail>("document-requests");
    let may_decide = move || {
        session
            .member()
            .is_some_and(|m| m.may(&org.get(), Permission::DecideDocumentRequests))
    };
    let decision = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_owned());
    let notice = RwSignal::new(None::<String>);
    // Each answer carries the request it was for (see reports.rs).
    let decide = Action::new_local(move |_: &()| {
        let path = format!("{}/decision", base());
        let of = id.get_untracked();
        let approve = decision.get_untracked() == "approve";
        let body = DecisionBody {
            decision: decision.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            // What is typed goes as it is: the edge says at the field what is wrong with it.
            days: approve.then(|| days.get_untracked().trim().parse().unwrap_or(0)),
        };
        async move { (of, api::post::<serde::de::IgnoredAny>(&path, &body).await) }
    });
    let answer = move || {
        decide
            .value()
            .get()
            .filter(|(of, _)| *of == id.get())
            .map(|(_, a)| a)
    };
    Effect::new(move || {
        if let Some(Ok(_)) = answer() {
            notice.set(Some(t.get_untracked().decision_sent.to_owned()));
            request.refetch();
        }
    });
    Effect::new(move || {
        id.track();
        decision.set(String::new());
        note.set(String::new());
        days.set("30".to_owned());
        notice.set(None);
        decide.value().set(None);
    });
    let problem = move || answer().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || problem().and_then(|p: Problem| p.field(name)))
    };
    let note_error = field("note");
    let days_error = field("days");
    let w = crate::files::use_words();
    let busy = move || decide.pending().get();
    view! {
        <section class="screen request" aria-labelledby="document-title">
            <A href=move || format!("/console/orgs/{}/documents", org.get()) attr:class="back">
                {move || format!("← {}", t.get().back_to_documents)}
            </A>
            <h1 id="document-title">{move || fill(t.get().document_request_title, &id.get())}</h1>
            <Notice message=notice/>
            <Loaded
                retry=move || request.refetch()
                render=move || rendered(async move {
                        let detail = request.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let s = detail.summary.clone();
                        let when = move |at: &Option<String>| at.as_ref().map(|at| view! {
                            <time datetime=at.clone()>{format::when(lang, at)}</time>
                        });
                        let nda = match &s.nda {
                            Some(nda) => view! {
                                <dl class="facts" data-testid="nda">
                                    <div><dt>{t.nda_version}</dt><dd>{nda.version.clone()}</dd></div>
                                    <div><dt>{t.nda_accepted_at}</dt><dd data-testid="nda-accepted">{when(&nda.accepted_at)}</dd></div>
                                    {nda.accepted_from.clone().map(|from| view! { <div><dt>{t.nda_from}</dt><dd>{from}</dd></div> })}
                                </dl>
                            }.into_any(),
                            None => view! { <p class="hint" data-testid="no-nda">{t.nda_none}</p> }.into_any(),
                        };
                        let requester = match &s.erased_at {
                            Some(at) => view! {
                                <p class="hint" data-testid="erased">{fill(t.requester_erased, &format::when(lang, at))}</p>
                            }.into_any(),
                            None => view! {
                                <dl class="facts" data-testid="requester">
                                    <div><dt>{t.field_name}</dt><dd>{detail.name.clone().unwrap_or_default()}</dd></div>
                                    <div><dt>{t.field_company}</dt><dd>{detail.company.clone().unwrap_or_default()}</dd></div>
                                    <div><dt>{t.field_email}</dt><dd data-testid="requester-email">{detail.email.clone().unwrap_or_default()}</dd></div>
                                </dl>
                            }.into_any(),
                        };
                        let words = w.get();
                        let org_now = org.get();
                        let decided = s.decided_at.is_some().then(|| view! {
                            <dl class="facts" data-testid="decision">
                                <div><dt>{t.col_decided}</dt><dd>{when(&s.decided_at)}</dd></div>
                                <div><dt>{t.decided_by}</dt><dd>{match &s.decided_by_rule {
                                    Some(rule) => fill(words.by_rule, rule),
                                    None => s.decided_by.clone().unwrap_or_default(),
                                }}</dd></div>
                                {s.grant.clone().map(|g| { let label = fill(words.open_grant, &g.reference); view! {
                                    <div data-testid="grant">
                                        <dt>{words.grant_heading}</dt>
                                        <dd>
                                            <A href=format!("/console/orgs/{org_now}/grants/{}", g.id) attr:class="reference" attr:aria-label=label>{g.reference.clone()}</A>
                                            " · "{crate::files::grants::status_label(words, &g.status)}
                                            " · "<time datetime=g.expires_at.clone()>{format::when(lang, &g.expires_at)}</time>
                                        </dd>
                                    </div>
                                }})}
                                {detail.note.clone().map(|n| view! { <div class="wide"><dt>{t.decision_note}</dt><dd class="prose">{n}</dd></div> })}
                            </dl>
                        });
                        let form = (s.status == "pending" && may_decide()).then(|| view! {
                            <form class="stack" data-testid="decide" novalidate on:submit=move |ev| { ev.prevent_default(); decide.dispatch(()); }>
                                <fieldset class="checks" role="radiogroup">
                                    <legend>{t.decision_label}</legend>
                                    {[("approve", t.decision_approve), ("deny", t.decision_deny)].into_iter().map(|(key, text)| view! {
                                        <label class="check">
                                            <input type="radio" name="decision" value=key prop:checked=move || decision.get() == key on:change=move |_| decision.set(key.to_owned())/>
                                            {text}
                                        </label>
                                    }).collect_view()}
                                </fieldset>
                                <Show when=move || decision.get() == "approve">
                                    <label for="decision-days">{move || w.get().decision_days}</label>
                                    <p class="hint" id="decision-days-hint">{move || w.get().decision_days_hint}</p>
                                    <input
                                        id="decision-days"
                                        type="number"
                                        min="1"
                                        max="90"
                                        aria-describedby="decision-days-hint decision-days-error"
                                        aria-invalid=move || days_error.get().is_some().to_string()
                                        prop:value=move || days.get()
                                        on:input=move |ev| days.set(event_target_value(&ev))
                                    />
                                    <FieldMessage id="decision-days-error" message=days_error/>
                                </Show>
                                <label for="decision-note">{t.decision_note}</label>
                                <p class="hint" id="decision-note-hint">{t.decision_note_hint}</p>
                                <textarea
                                    id="decision-note"
                                    rows="4"
                                    maxlength="5000"
                                    aria-describedby="decision-note-hint decision-note-error"
                                    aria-invalid=move || note_error.get().is_some().to_string()
                                    prop:value=move || note.get()
                                    on:input=move |ev| note.set(event_target_value(&ev))
                                ></textarea>
                                <FieldMessage id="decision-note-error" message=note_error/>
                                {move || problem().filter(|p| p.field("note").is_none() && p.field("days").is_none()).map(|p| view! {
                                    <p class="alert error" role="alert">{crate::ui::explain(&p, t)}</p>
                                })}
                                <button type="submit" class="primary" data-testid="send-decision" disabled=move || decision.get().is_empty() || busy()>
                                    {t.decision_send}
                                </button>
                            </form>
                        });
                        Ok(view! {
                            <dl class="facts" data-testid="facts">
                                <div><dt>{t.col_document}</dt><dd>{s.document_title.clone()}</dd></div>
                                <div><dt>{t.col_access}</dt><dd>{label(&ACCESS, &t.access_labels, &s.access)}</dd></div>
                                <div><dt>{t.col_status}</dt><dd>{status_badge(t, &s.status)}</dd></div>
                                <div><dt>{t.col_received}</dt><dd>{when(&Some(s.received_at.clone()))}</dd></div>
                            </dl>
                            <h2>{t.requester_title}</h2>
                            {requester}
                            <h2>{t.nda_heading}</h2>
                            {nda}
                            {(decided.is_some() || form.is_some()).then(|| view! { <h2>{t.decision_label}</h2> })}
                            {decided}
                            {form}
                        }.into_any())
                })
            />
        </section>
    }
}
