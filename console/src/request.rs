//! One privacy request, as the team works it: its facts and deadline, who has it, the
//! requester's personal data revealed only on purpose, the next step with the e-mail it
//! sends shown first, the timeline, and the team's internal comments.

use attest_core::members::Permission;
use gloo_net::http::Method;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::requests::{deadline, label, team, Summary, KINDS, LAWS, STATUSES};
use crate::session::use_session;
use crate::shell::use_org;
use crate::ui::{Failed, FieldMessage, Loading, Notice, ProblemAlert};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Requester {
    kept: bool,
    erased_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Step {
    at: String,
    actor: String,
    actor_name: Option<String>,
    kind: String,
    from: Option<String>,
    to: String,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Detail {
    #[serde(flatten)]
    summary: Summary,
    requester: Requester,
    history: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct PersonalData {
    name: Option<String>,
    email: Option<String>,
    details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    id: String,
    at: String,
    author: String,
    author_name: Option<String>,
    body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Comments {
    comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Preview {
    subject: String,
    body: String,
    sent: bool,
}

#[derive(Serialize)]
struct StepBody {
    to: String,
    note: Option<String>,
}

/// The steps a request may take from `status`: the API's key, and its label.
fn steps(t: &Strings, summary: &Summary) -> Vec<(&'static str, &'static str)> {
    let mut steps = match summary.status.as_str() {
        "pending" => vec![("in_progress", t.step_start)],
        "in_progress" => vec![("completed", t.step_complete), ("denied", t.step_deny)],
        _ => vec![],
    };
    let open = matches!(summary.status.as_str(), "pending" | "in_progress");
    if open && !summary.extended && summary.day_count == "calendar" {
        steps.push(("extended", t.step_extend));
    }
    steps
}

/// "member:ada@…" as "Ada Lovelace", the edge's own names as written.
fn who(name: &Option<String>, actor: &str) -> String {
    match name {
        Some(name) => name.clone(),
        None => actor.to_owned(),
    }
}

#[component]
pub fn RequestDetail() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let base = move || {
        format!(
            "/v1/admin/orgs/{}/privacy-requests/{}",
            encode(&org.get()),
            encode(&id.get())
        )
    };
    let request = LocalResource::new(move || {
        let path = base();
        async move { api::get::<Detail>(&path).await }
    });
    let comments = LocalResource::new(move || {
        let path = format!("{}/comments", base());
        async move { api::get::<Comments>(&path).await }
    });
    let team = team(org);
    let may_manage = move || {
        session
            .member()
            .is_some_and(|m| m.may(&org.get(), Permission::ManagePrivacyRequests))
    };
    let notice = RwSignal::new(None::<String>);

    // Assignment.
    let assign = Action::new_local(move |to: &Option<String>| {
        let to = to.clone();
        let path = format!("{}/assignee", base());
        async move { api::send::<Detail>(Method::PUT, &path, Some(&json!({ "assignee": to }))).await }
    });
    Effect::new(move || {
        if let Some(outcome) = assign.value().get() {
            let t = t.get_untracked();
            notice.set(outcome.ok().map(|d| match d.summary.assignee {
                Some(a) => fill(t.assigned_to, &a.name),
                None => t.assigned_none.to_owned(),
            }));
            request.refetch();
        }
    });

    // Revealing the personal data.
    let reveal = Action::new_local(move |_: &()| {
        let path = format!("{}/reveal", base());
        async move { api::post::<PersonalData>(&path, &json!({})).await }
    });

    // The next step: previewed, then taken.
    let step = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let preview = Action::new_local(move |_: &()| {
        let path = format!("{}/preview", base());
        let body = StepBody {
            to: step.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        async move { api::post::<Preview>(&path, &body).await }
    });
    let take = Action::new_local(move |_: &()| {
        let to = step.get_untracked();
        let text = note.get_untracked();
        let path = if to == "extended" {
            format!("{}/extend", base())
        } else {
            format!("{}/transition", base())
        };
        async move {
            if to == "extended" {
                api::post::<Detail>(&path, &json!({ "reason": text })).await
            } else {
                let note = Some(text).filter(|n| !n.trim().is_empty());
                api::post::<Detail>(&path, &StepBody { to, note }).await
            }
        }
    });
    Effect::new(move || {
        if let Some(outcome) = take.value().get() {
            if outcome.is_ok() {
                notice.set(Some(t.get_untracked().step_done.to_owned()));
                step.set(String::new());
                note.set(String::new());
                preview.value().set(None);
            }
            request.refetch();
        }
    });
    // A change of step or note makes the preview stale.
    Effect::watch(
        move || (step.get(), note.get()),
        move |_, _, _| preview.value().set(None),
        false,
    );
    let step_problem = Signal::derive(move || {
        take.value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    });
    let note_error = Signal::derive(move || {
        step_problem.get().and_then(|p| {
            p.field("note")
                .or_else(|| p.field("reason"))
                .or_else(|| p.field("dueBy"))
        })
    });

    // Comments.
    let comment = RwSignal::new(String::new());
    let add_comment = Action::new_local(move |_: &()| {
        let path = format!("{}/comments", base());
        let body = comment.get_untracked();
        async move { api::post::<Comment>(&path, &json!({ "body": body })).await }
    });
    Effect::new(move || {
        if let Some(outcome) = add_comment.value().get() {
            if outcome.is_ok() {
                comment.set(String::new());
                notice.set(Some(t.get_untracked().comment_added.to_owned()));
                comments.refetch();
            }
        }
    });
    let comment_problem = Signal::derive(move || add_comment.value().get().and_then(Result::err));
    let comment_error = Signal::derive(move || comment_problem.get().and_then(|p| p.field("body")));

    let problems = Signal::derive(move || {
        assign
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| reveal.value().get().and_then(Result::err))
    });

    view! {
        <section class="screen request" aria-labelledby="request-title">
            <A href=move || format!("/console/orgs/{}/requests", org.get()) attr:class="back">
                {move || format!("← {}", t.get().back_to_inbox)}
            </A>
            <h1 id="request-title">{move || fill(t.get().request_title, &id.get())}</h1>
            <Notice message=notice/>
            <ProblemAlert problem=problems/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || request.refetch()/> }>
                    {move || Suspend::new(async move {
                        let detail = request.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let s = detail.summary.clone();
                        let (left, tone) = deadline(t, &s);
                        let manage = may_manage();
                        let current = s.assignee.as_ref().map(|a| a.id.clone()).unwrap_or_default();
                        let people = match team.get() {
                            Some(Ok(team)) => team.members,
                            _ => s.assignee.iter().map(|a| crate::requests::TeamMember { id: a.id.clone(), name: a.name.clone(), email: a.email.clone() }).collect(),
                        };
                        let facts = view! {
                            <dl class="facts" data-testid="facts">
                                <div><dt>{t.col_request}</dt><dd>{label(&KINDS, &t.kinds, &s.kind)}</dd></div>
                                <div><dt>{t.col_law}</dt><dd>{label(&LAWS, &t.laws, &s.jurisdiction)}</dd></div>
                                <div><dt>{t.col_status}</dt><dd><span class=format!("status status-{}", s.status) data-testid="status">{label(&STATUSES, &t.request_statuses, &s.status)}</span></dd></div>
                                <div><dt>{t.col_received}</dt><dd><time datetime=s.received_at.clone()>{format::when(lang, &s.received_at)}</time></dd></div>
                                <div>
                                    <dt>{t.col_due}</dt>
                                    <dd class="deadline">
                                        <time datetime=s.due_by.clone() data-testid="due">{format::day(lang, &s.due_by)}</time>
                                        {(!left.is_empty()).then(|| view! { <span class=tone data-testid="days-left">{left}</span> })}
                                        {s.extended.then(|| view! { <span class="badge">{t.fact_extended}</span> })}
                                    </dd>
                                </div>
                                {s.gpc.then(|| view! { <div><dt>"GPC"</dt><dd>{t.fact_gpc}</dd></div> })}
                                <div>
                                    <dt><label for="assignee">{t.assign_label}</label></dt>
                                    <dd>
                                        <select
                                            id="assignee"
                                            data-testid="assignee"
                                            disabled=!manage
                                            on:change=move |ev| {
                                                let value = event_target_value(&ev);
                                                assign.dispatch(Some(value).filter(|v| !v.is_empty()));
                                            }
                                        >
                                            <option value="" selected=current.is_empty()>{t.filter_unassigned}</option>
                                            {people.into_iter().map(|m| {
                                                let selected = m.id == current;
                                                view! { <option value=m.id.clone() selected=selected>{format!("{} ({})", m.name, m.email)}</option> }
                                            }).collect_view()}
                                        </select>
                                    </dd>
                                </div>
                            </dl>
                        };
                        let requester = match (&detail.requester.erased_at, reveal.value().get()) {
                            (Some(at), _) => EitherOf3::A(view! {
                                <p class="hint" data-testid="erased">{fill(t.requester_erased, &format::when(lang, at))}</p>
                            }),
                            (None, Some(Ok(data))) => EitherOf3::B(view! {
                                <p class="hint">{t.revealed}</p>
                                <dl class="facts" data-testid="personal-data">
                                    <div><dt>{t.field_name}</dt><dd>{data.name.unwrap_or_default()}</dd></div>
                                    <div><dt>{t.field_email}</dt><dd data-testid="requester-email">{data.email.unwrap_or_default()}</dd></div>
                                    {data.details.map(|d| view! { <div class="wide"><dt>{t.field_details}</dt><dd class="prose">{d}</dd></div> })}
                                </dl>
                            }),
                            (None, _) => EitherOf3::C(view! {
                                <p class="hint">{t.requester_sealed}</p>
                                <button type="button" class="secondary" data-testid="reveal" disabled=move || reveal.pending().get() on:click=move |_| { reveal.dispatch(()); }>
                                    {t.reveal}
                                </button>
                            }),
                        };
                        let choices = steps(t, &s);
                        let next = if !manage {
                            Either::Left(())
                        } else if s.status == "identity_unverified" {
                            Either::Right(EitherOf3::A(view! { <p class="hint">{t.step_waiting}</p> }))
                        } else if choices.is_empty() {
                            Either::Right(EitherOf3::B(view! { <p class="hint" data-testid="closed">{t.step_closed}</p> }))
                        } else {
                            Either::Right(EitherOf3::C(view! {
                                <form class="stack" data-testid="step" on:submit=move |ev| { ev.prevent_default(); preview.dispatch(()); }>
                                    <fieldset class="checks" role="radiogroup">
                                        <legend>{t.step_label}</legend>
                                        {choices.into_iter().map(|(key, text)| view! {
                                            <label class="check">
                                                <input type="radio" name="step" value=key prop:checked=move || step.get() == key on:change=move |_| step.set(key.to_owned())/>
                                                {text}
                                            </label>
                                        }).collect_view()}
                                    </fieldset>
                                    <label for="step-note">{t.step_note}</label>
                                    <p class="hint" id="step-note-hint">{t.step_note_hint}</p>
                                    <textarea
                                        id="step-note"
                                        rows="4"
                                        maxlength="5000"
                                        aria-describedby="step-note-hint step-note-error"
                                        aria-invalid=move || note_error.get().is_some().to_string()
                                        prop:value=move || note.get()
                                        on:input=move |ev| note.set(event_target_value(&ev))
                                    ></textarea>
                                    <FieldMessage id="step-note-error" message=note_error/>
                                    {move || step_problem.get().filter(|p| p.field("note").is_none() && p.field("reason").is_none() && p.field("dueBy").is_none()).map(|p| view! {
                                        <p class="alert error" role="alert">{crate::ui::explain(&p, t)}</p>
                                    })}
                                    <button type="submit" class="secondary" data-testid="preview" disabled=move || step.get().is_empty() || preview.pending().get()>
                                        {t.step_preview}
                                    </button>
                                </form>
                                {move || preview.value().get().and_then(Result::ok).map(|p| view! {
                                    <div class="letter" data-testid="letter">
                                        <h3>{t.step_preview_title}</h3>
                                        {(!p.sent).then(|| view! { <p class="alert">{t.step_no_email}</p> })}
                                        <p class="letter-subject">{p.subject}</p>
                                        <pre class="letter-body">{p.body}</pre>
                                        <button type="button" class="primary" data-testid="take" disabled=move || take.pending().get() on:click=move |_| { take.dispatch(()); }>
                                            {t.step_confirm}
                                        </button>
                                    </div>
                                })}
                            }))
                        };
                        let timeline = detail.history.iter().map(|e| {
                            let what = match (e.kind.as_str(), &e.from) {
                                ("extension", _) => t.event_extension.to_owned(),
                                ("assignment", _) => match &e.note {
                                    Some(n) if !n.is_empty() => fill(t.event_assignment, n),
                                    _ => t.event_unassigned.to_owned(),
                                },
                                ("erasure", _) => t.event_erasure.to_owned(),
                                (_, None) => format!("{} · {}", t.event_received, label(&STATUSES, &t.request_statuses, &e.to)),
                                (_, Some(from)) => format!("{} → {}", label(&STATUSES, &t.request_statuses, from), label(&STATUSES, &t.request_statuses, &e.to)),
                            };
                            let note = (e.kind != "assignment").then(|| e.note.clone()).flatten();
                            view! {
                                <li data-testid="event">
                                    <p class="event-what">{what}</p>
                                    <p class="hint"><time datetime=e.at.clone()>{format::when(lang, &e.at)}</time>" · "{who(&e.actor_name, &e.actor)}</p>
                                    {note.map(|n| view! { <p class="prose">{n}</p> })}
                                </li>
                            }
                        }).collect_view();
                        Ok::<_, Problem>(view! {
                            <div class="columns">
                                <div>
                                    {facts}
                                    <section class="panel" aria-labelledby="requester-title">
                                        <h2 id="requester-title">{t.requester_title}</h2>
                                        {requester}
                                    </section>
                                    {manage.then(|| view! {
                                        <section class="panel" aria-labelledby="step-title">
                                            <h2 id="step-title">{t.step_title}</h2>
                                            {next}
                                        </section>
                                    })}
                                </div>
                                <section aria-labelledby="timeline-title">
                                    <h2 id="timeline-title">{t.timeline_title}</h2>
                                    <ol class="timeline" data-testid="timeline">{timeline}</ol>
                                </section>
                            </div>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <section class="panel" aria-labelledby="comments-title">
                <h2 id="comments-title">{move || t.get().comments_title}</h2>
                <p class="hint">{move || t.get().comments_intro}</p>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        let t = t.get();
                        let lang = lang.get();
                        match comments.await {
                            Err(p) => EitherOf3::A(view! { <p class="alert error" role="alert">{crate::ui::explain(&p, t)}</p> }),
                            Ok(list) if list.comments.is_empty() => EitherOf3::B(view! { <p class="empty">{t.comments_none}</p> }),
                            Ok(list) => EitherOf3::C(view! {
                                <ol class="comments" data-testid="comments">
                                    {list.comments.into_iter().map(|c| view! {
                                        <li data-testid="comment" id=c.id.clone()>
                                            <p class="hint"><strong>{who(&c.author_name, &c.author)}</strong>" · "<time datetime=c.at.clone()>{format::when(lang, &c.at)}</time></p>
                                            {match c.body {
                                                Some(body) => Either::Left(view! { <p class="prose">{body}</p> }),
                                                None => Either::Right(view! { <p class="empty">{t.comment_erased}</p> }),
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }),
                        }
                    })}
                </Transition>
                {move || may_manage().then(|| view! {
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); add_comment.dispatch(()); }>
                        <label for="comment">{move || t.get().comment_label}</label>
                        <textarea
                            id="comment"
                            rows="3"
                            maxlength="5000"
                            aria-describedby="comment-error"
                            aria-invalid=move || comment_error.get().is_some().to_string()
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))
                        ></textarea>
                        <FieldMessage id="comment-error" message=comment_error/>
                        <button type="submit" class="secondary" data-testid="add-comment" disabled=move || add_comment.pending().get() || comment.get().trim().is_empty()>
                            {move || t.get().comment_add}
                        </button>
                    </form>
                })}
            </section>
        </section>
    }
}
