//! The organisation's outbox: every e-mail the edge sent or will send, newest first, with
//! its delivery state and, opened on request, what it says (where no e-mail provider is
//! set up, as in the demo, this is where a verification code is read).

use leptos::either::Either;
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::{self, encode};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::requests::label;
use crate::shell::use_org;
use crate::ui::{rendered, Loaded};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    id: String,
    purpose: String,
    related_id: Option<String>,
    status: String,
    to: Option<String>,
    subject: Option<String>,
    body: Option<String>,
    created_at: String,
    attempts: i64,
    sent_at: Option<String>,
    last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Outbox {
    messages: Vec<Message>,
    next_before: Option<String>,
}

const STATES: [&str; 4] = ["queued", "sent", "failed", "erased"];

#[component]
pub fn OutboxScreen() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let outbox = LocalResource::new(move || {
        let org = org.get();
        async move {
            api::get::<Outbox>(&format!(
                "/v1/admin/orgs/{}/outbox?limit={PAGE}",
                encode(&org)
            ))
            .await
        }
    });
    view! {
        <section class="screen" aria-labelledby="outbox-title">
            <div class="screen-head">
                <div>
                <h1 id="outbox-title">{move || t.get().outbox_title}</h1>
                <p class="lead">{move || t.get().outbox_intro}</p>
                </div>
                {crate::ui::export_link(move || format!("/v1/admin/orgs/{}/outbox.csv", encode(&org.get())))}
            </div>
            <Loaded
                retry=move || outbox.refetch()
                render=move || rendered(async move {
                        let loaded = outbox.await?;
                        let t = t.get();
                        let lang = lang.get();
                        if loaded.messages.is_empty() {
                            return Ok(view! { <p class="empty">{t.outbox_none}</p> }.into_any());
                        }
                        let next = loaded.next_before.clone();
                        let items = loaded.messages.into_iter().map(|m| message(t, lang, m)).collect_view();
                        Ok(view! {
                            <ul class="messages" data-testid="outbox">{items}</ul>
                            {next.map(|before| view! { <Older before/> })}
                        }.into_any())
                })
            />
        </section>
    }
}

/// How many messages a page holds.
const PAGE: u32 = 100;

/// The way to the messages older than `before`: a button, then that page (and the way to
/// the ones older still).
#[component]
fn Older(before: String) -> impl IntoView {
    let t = use_text();
    let asked = RwSignal::new(false);
    move || {
        if asked.get() {
            view! { <OlderPage before=before.clone()/> }.into_any()
        } else {
            view! {
                <button type="button" class="secondary" data-testid="older" on:click=move |_| asked.set(true)>
                    {t.get().outbox_more}
                </button>
            }
            .into_any()
        }
    }
}

#[component]
fn OlderPage(before: String) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let page = LocalResource::new(move || {
        let path = format!(
            "/v1/admin/orgs/{}/outbox?limit={PAGE}&before={}",
            encode(&org.get()),
            encode(&before)
        );
        async move { api::get::<Outbox>(&path).await }
    });
    view! {
        <Loaded
            retry=move || page.refetch()
            render=move || rendered(async move {
                let loaded = page.await?;
                let t = t.get();
                let lang = lang.get();
                let next = loaded.next_before.clone();
                let items = loaded.messages.into_iter().map(|m| message(t, lang, m)).collect_view();
                Ok(view! {
                    <ul class="messages" data-testid="outbox-older">{items}</ul>
                    {next.map(|before| view! { <Older before/> }.into_any())}
                }.into_any())
            })
        />
    }
}

/// One message: what it is, to whom, its state and when; opened, what it says.
fn message(t: &Strings, lang: Lang, m: Message) -> impl IntoView {
    let state = label(&STATES, &t.outbox_states, &m.status);
    let when = m.sent_at.clone().unwrap_or_else(|| m.created_at.clone());
    view! {
        <li class="message" data-testid="message">
            <details>
                <summary>
                    <span class="message-subject">{m.subject.clone().unwrap_or_else(|| m.purpose.clone())}</span>
                    <span class="hint">{m.to.clone().unwrap_or_default()}</span>
                    <span class="message-meta">
                        <span class=format!("status status-{}", m.status)>{state}</span>
                        <time class="hint" datetime=when.clone()>{format::when(lang, &when)}</time>
                    </span>
                </summary>
                <div class="message-body">
                    <p class="hint">
                        <code>{m.purpose.clone()}</code>
                        {m.related_id.clone().map(|r| view! { " · " <code>{r}</code> })}
                        {(m.attempts > 1).then(|| format!(" · {}", fill(t.outbox_attempts, &m.attempts.to_string())))}
                    </p>
                    {m.last_error.clone().map(|e| view! { <p class="alert error">{e}</p> })}
                    {match m.body.clone() {
                        Some(body) => Either::Left(view! { <pre class="letter-body">{body}</pre> }),
                        None => Either::Right(view! { <p class="empty">{t.outbox_erased}</p> }),
                    }}
                </div>
            </details>
        </li>
    }
}
