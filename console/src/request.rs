//! One privacy request, as the team works it: its facts and deadline, who has it, the
//! requester's personal data revealed only on purpose, the next step with the e-mail it
//! sends shown first, the timeline, and the team's internal comments.

use attest_core::members::Permission;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::{self, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::requests::{deadline, label, team, Summary, KINDS, LAWS, STATUSES};
use crate::session::use_session;
use crate::shell::{use_org, use_record};
use crate::ui::{rendered, FieldMessage, Loaded, Notice, ProblemAlert};

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

/// What a member does on this screen.
#[derive(Clone)]
enum Work {
    Assign(Option<String>),
    Reveal,
    Preview,
    Take,
    Comment,
}

/// What came of it.
#[derive(Clone)]
enum Done {
    /// Assigned: to whom, by name.
    Assigned(Option<String>),
    Data(PersonalData),
    /// The preview, and the step and note it is of.
    Letter(String, String, Preview),
    Stepped,
    Commented,
}

/// Where a refusal is shown: at the top, at the step, at the comment.
#[derive(Clone, Copy, PartialEq)]
enum Area {
    Top,
    Step,
    Comment,
}

fn area_of(work: &Work) -> Area {
    match work {
        Work::Assign(_) | Work::Reveal => Area::Top,
        Work::Preview | Work::Take => Area::Step,
        Work::Comment => Area::Comment,
    }
}

/// The steps a request may take from `status`: the API's key, and its label.
fn steps(t: &Strings, summary: &Summary) -> Vec<(&'static str, &'static str)> {
    let mut steps = match summary.status.as_str() {
        "pending" => vec![("in_progress", t.step_start)],
        "in_progress" => vec![("completed", t.step_complete), ("denied", t.step_deny)],
        _ => vec![],
    };
    let open = matches!(summary.status.as_str(), "pending" | "in_progress");
    // Once, with a reason, before the first deadline passes (the law's terms; the edge
    // holds to them whatever the console offers).
    if open && !summary.extended && !summary.overdue && summary.day_count == "calendar" {
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
    let (id, base, request) = use_record::<Detail>("privacy-requests");
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

    // What the member does here, one action for all of it (one set of reactive machinery
    // in the bundle, not five); what each outcome leaves behind is kept in a signal.
    let step = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let revealed = RwSignal::new(None::<PersonalData>);
    // The preview, with the step and note it was made for: only that is sent.
    let letter = RwSignal::new(None::<(String, String, Preview)>);
    let problem = RwSignal::new(None::<(Area, Problem)>);
    let work = Action::new_local(move |work: &Work| {
        let work = work.clone();
        let base = base();
        let (to, text) = match (&work, letter.get_untracked()) {
            (Work::Take, Some((to, text, _))) => (to, text),
            _ => (step.get_untracked(), note.get_untracked()),
        };
        let previewed = (to.clone(), text.clone());
        let said = comment.get_untracked();
        let area = area_of(&work);
        async move {
            let outcome = async {
                let note = Some(text.clone()).filter(|n| !n.trim().is_empty());
                let done = match &work {
                    Work::Assign(to) => {
                        let detail: Detail = api::send(
                            Method::PUT,
                            &format!("{base}/assignee"),
                            Some(&json!({ "assignee": to })),
                        )
                        .await?;
                        Done::Assigned(detail.summary.assignee.map(|a| a.name))
                    }
                    Work::Reveal => {
                        Done::Data(api::post(&format!("{base}/reveal"), &json!({})).await?)
                    }
                    Work::Preview => Done::Letter(
                        previewed.0,
                        previewed.1,
                        api::post(&format!("{base}/preview"), &StepBody { to, note }).await?,
                    ),
                    Work::Take if to == "extended" => {
                        api::post::<IgnoredAny>(
                            &format!("{base}/extend"),
                            &json!({ "reason": text }),
                        )
                        .await?;
                        Done::Stepped
                    }
                    Work::Take => {
                        api::post::<IgnoredAny>(
                            &format!("{base}/transition"),
                            &StepBody { to, note },
                        )
                        .await?;
                        Done::Stepped
                    }
                    Work::Comment => {
                        api::post::<IgnoredAny>(
                            &format!("{base}/comments"),
                            &json!({ "body": said }),
                        )
                        .await?;
                        Done::Commented
                    }
                };
                Ok::<_, Problem>(done)
            }
            .await;
            (area, outcome)
        }
    });
    Effect::new(move || {
        let Some((area, outcome)) = work.value().get() else {
            return;
        };
        let t = t.get_untracked();
        problem.set(None);
        match outcome {
            Err(p) => {
                // A refused assignment: the select shows what the edge holds again.
                if area == Area::Top {
                    request.refetch();
                }
                problem.set(Some((area, p)))
            }
            Ok(Done::Assigned(name)) => {
                notice.set(Some(match name {
                    Some(name) => fill(t.assigned_to, &name),
                    None => t.assigned_none.to_owned(),
                }));
                request.refetch();
            }
            Ok(Done::Data(data)) => revealed.set(Some(data)),
            // Shown only if the step and note are still those it was made for.
            Ok(Done::Letter(to, text, p)) => {
                if to == step.get_untracked() && text == note.get_untracked() {
                    letter.set(Some((to, text, p)));
                }
            }
            Ok(Done::Stepped) => {
                notice.set(Some(t.step_done.to_owned()));
                step.set(String::new());
                note.set(String::new());
                letter.set(None);
                request.refetch();
            }
            Ok(Done::Commented) => {
                comment.set(String::new());
                notice.set(Some(t.comment_added.to_owned()));
                comments.refetch();
            }
        }
    });
    // Another request (the screen is reused): nothing of the last one stays.
    Effect::watch(
        move || id.get(),
        move |_, _, _| {
            revealed.set(None);
            letter.set(None);
            notice.set(None);
            problem.set(None);
            step.set(String::new());
            note.set(String::new());
            comment.set(String::new());
        },
        false,
    );
    // A change of step or note makes the preview stale.
    Effect::watch(
        move || (step.get(), note.get()),
        move |_, _, _| letter.set(None),
        false,
    );
    let problem_in = move |area: Area| {
        Signal::derive(move || problem.get().filter(|(a, _)| *a == area).map(|(_, p)| p))
    };
    let step_problem = problem_in(Area::Step);
    let note_error = Signal::derive(move || {
        step_problem.get().and_then(|p| {
            p.field("note")
                .or_else(|| p.field("reason"))
                .or_else(|| p.field("dueBy"))
        })
    });
    let comment_error = Signal::derive(move || {
        problem_in(Area::Comment)
            .get()
            .and_then(|p| p.field("body"))
    });
    let problems = problem_in(Area::Top);
    let busy = move || work.pending().get();

    view! {
        <section class="screen request" aria-labelledby="request-title">
            <A href=move || format!("/console/orgs/{}/requests", org.get()) attr:class="back">
                {move || format!("← {}", t.get().back_to_inbox)}
            </A>
            <h1 id="request-title">{move || fill(t.get().request_title, &id.get())}</h1>
            <Notice message=notice/>
            <ProblemAlert problem=problems/>
            <Loaded
                retry=move || request.refetch()
                render=move || rendered(async move {
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
                                                work.dispatch(Work::Assign(Some(value).filter(|v| !v.is_empty())));
                                            }
                                        >
                                            <option value="" selected=current.is_empty()>{t.filter_unassigned}</option>
                                            {people.into_iter().map(|m| {
                                                let selected = m.id == current;
                                                view! { <option value=m.id.clone() selected=selected title=m.email.clone()>{m.name.clone()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </dd>
                                </div>
                            </dl>
                        };
                        let erased_at = detail.requester.erased_at.clone();
                        let requester = move || match (&erased_at, revealed.get()) {
                            (Some(at), _) => view! {
                                <p class="hint" data-testid="erased">{fill(t.requester_erased, &format::when(lang, at))}</p>
                            }.into_any(),
                            (None, Some(data)) => view! {
                                <p class="hint">{t.revealed}</p>
                                <dl class="facts" data-testid="personal-data">
                                    <div><dt>{t.field_name}</dt><dd>{data.name.unwrap_or_default()}</dd></div>
                                    <div><dt>{t.field_email}</dt><dd data-testid="requester-email">{data.email.unwrap_or_default()}</dd></div>
                                    {data.details.map(|d| view! { <div class="wide"><dt>{t.field_details}</dt><dd class="prose">{d}</dd></div> })}
                                </dl>
                            }.into_any(),
                            (None, _) => view! {
                                <p class="hint">{t.requester_sealed}</p>
                                <button type="button" class="secondary" data-testid="reveal" disabled=busy on:click=move |_| { work.dispatch(Work::Reveal); }>
                                    {t.reveal}
                                </button>
                            }.into_any(),
                        };
                        let choices = steps(t, &s);
                        let next = if !manage {
                            ().into_any()
                        } else if s.status == "identity_unverified" {
                            view! { <p class="hint">{t.step_waiting}</p> }.into_any()
                        } else if choices.is_empty() {
                            view! { <p class="hint" data-testid="closed">{t.step_closed}</p> }.into_any()
                        } else {
                            view! {
                                <form class="stack" data-testid="step" on:submit=move |ev| { ev.prevent_default(); work.dispatch(Work::Preview); }>
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
                                    <button type="submit" class="secondary" data-testid="preview" disabled=move || step.get().is_empty() || busy()>
                                        {t.step_preview}
                                    </button>
                                </form>
                                {move || letter.get().map(|(_, _, p)| view! {
                                    <div class="letter" data-testid="letter">
                                        <h3>{t.step_preview_title}</h3>
                                        {(!p.sent).then(|| view! { <p class="alert">{t.step_no_email}</p> })}
                                        <p class="letter-subject">{p.subject}</p>
                                        <pre class="letter-body">{p.body}</pre>
                                        <button type="button" class="primary" data-testid="take" disabled=busy on:click=move |_| { work.dispatch(Work::Take); }>
                                            {t.step_confirm}
                                        </button>
                                    </div>
                                })}
                            }.into_any()
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
                        Ok(view! {
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
                        }.into_any())
                })
            />
            <section class="panel" aria-labelledby="comments-title">
                <h2 id="comments-title">{move || t.get().comments_title}</h2>
                <p class="hint">{move || t.get().comments_intro}</p>
                <Loaded
                    retry=move || comments.refetch()
                    render=move || rendered(async move {
                        let list = comments.await?;
                        let t = t.get();
                        let lang = lang.get();
                        if list.comments.is_empty() {
                            return Ok(view! { <p class="empty">{t.comments_none}</p> }.into_any());
                        }
                        Ok(view! {
                            <ol class="comments" data-testid="comments">
                                {list.comments.into_iter().map(|c| view! {
                                    <li data-testid="comment" id=c.id.clone()>
                                        <p class="hint"><strong>{who(&c.author_name, &c.author)}</strong>" · "<time datetime=c.at.clone()>{format::when(lang, &c.at)}</time></p>
                                        {match c.body {
                                            Some(body) => view! { <p class="prose">{body}</p> }.into_any(),
                                            None => view! { <p class="empty">{t.comment_erased}</p> }.into_any(),
                                        }}
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any())
                    })
                />
                {move || may_manage().then(|| view! {
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); work.dispatch(Work::Comment); }>
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
                        <button type="submit" class="secondary" data-testid="add-comment" disabled=move || busy() || comment.get().trim().is_empty()>
                            {move || t.get().comment_add}
                        </button>
                    </form>
                })}
            </section>
        </section>
    }
}
