//! Webhooks: the organisation's endpoints (registered with the events they want, the
//! signing secret shown once, removed), and each endpoint's calls with their attempts,
//! state and last error, the payload, and a call sent again when the receiving side lost
//! it.

use attest_core::webhooks::EVENTS;
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::shell::use_org;
use crate::ui::{
    held, load_state, rendered, Column, ConfirmButton, DataTable, FieldMessage, Held, Loaded,
    ProblemAlert,
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Endpoint {
    id: String,
    url: String,
    events: Vec<String>,
    created_at: String,
    revoked_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Endpoints {
    webhooks: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Registered {
    id: String,
    url: String,
    secret: String,
}

#[derive(Clone, Serialize)]
struct NewEndpoint {
    url: String,
    events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Call {
    id: String,
    purpose: String,
    status: String,
    #[serde(default)]
    body: Option<String>,
    created_at: String,
    attempts: i64,
    #[serde(default)]
    next_attempt_at: Option<String>,
    #[serde(default)]
    sent_at: Option<String>,
    #[serde(default)]
    last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Calls {
    deliveries: Vec<Call>,
    next_before: Option<String>,
}

/// How many calls a page holds.
const CALLS_PAGE: u32 = 100;

/// The address of an endpoint's calls, newest first, from `before` when given.
fn calls_path(org: &str, endpoint: &str, before: Option<&str>) -> String {
    let from = before.map_or_else(String::new, |b| format!("&before={}", encode(b)));
    format!(
        "/v1/admin/orgs/{}/webhooks/{}/deliveries?limit={CALLS_PAGE}{from}",
        encode(org),
        encode(endpoint)
    )
}

#[derive(Clone, Serialize)]
struct Redeliver {
    delivery: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Redelivered {
    delivery: String,
}

#[component]
pub fn Webhooks() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let path = move || format!("/v1/admin/orgs/{}/webhooks", encode(&org.get()));
    let endpoints = LocalResource::new(move || {
        let path = path();
        async move { api::get::<Endpoints>(&path).await }
    });
    let remove = Action::new_local(move |id: &String| {
        let path = format!("{}/{}", path(), encode(id));
        async move { api::send_empty(Method::DELETE, &path).await }
    });
    Effect::new(move || {
        if let Some(Ok(())) = remove.value().get() {
            endpoints.refetch();
        }
    });
    // The secret just shown, once, and only on its organisation's screen.
    let registered = RwSignal::new(None::<Registered>);
    Effect::watch(
        move || org.get(),
        move |_, _, _| registered.set(None),
        false,
    );
    // The endpoint whose calls are open.
    let open = RwSignal::new(None::<String>);
    let active = held(endpoints, |list| {
        list.webhooks
            .into_iter()
            .filter(|e| e.revoked_at.is_none())
            .collect()
    });
    let none = Memo::new(move |_| active.with(Vec::is_empty));
    view! {
        <section class="screen" aria-labelledby="webhooks-title">
            <h1 id="webhooks-title">{move || t.get().webhooks_title}</h1>
            <p class="lead">{move || t.get().webhooks_intro}</p>
            <NewEndpointForm on_registered=move |r: Registered| { registered.set(Some(r)); endpoints.refetch(); }/>
            {move || registered.get().map(|r| view! {
                <div class="alert success" role="status" data-testid="webhook-secret">
                    <p class="alert-title">{r.url.clone()}</p>
                    <p>{t.get().webhook_secret_once}</p>
                    <p class="secret"><code>{r.secret.clone()}</code></p>
                    <p class="hint">{fill(t.get().webhook_signature, &r.id)}</p>
                </div>
            })}
            <ProblemAlert problem=Signal::derive(move || remove.value().get().and_then(Result::err))/>
            // Endpoints keyed by id: one registered or removed leaves the others' rows, and
            // the calls open under one, as they are.
            <Held state=load_state(endpoints) retry=move || endpoints.refetch()>
                {move || {
                    let t = t.get();
                    let lang = lang.get();
                    let row = move |endpoint: Endpoint| {
                        let id = endpoint.id.clone();
                        let for_calls = id.clone();
                        let shown = id.clone();
                        let is_open = move || open.get().as_deref() == Some(shown.as_str());
                        let is_open_too = is_open.clone();
                        view! {
                            <tr data-testid="webhook">
                                <th scope="row" class="target">{endpoint.url.clone()}</th>
                                <td>{endpoint.events.iter().map(|e| view! { <code class="scope">{e.clone()}</code>" " }).collect_view()}</td>
                                <td>{format::when(lang, &endpoint.created_at)}</td>
                                <td class="actions">
                                    <button
                                        type="button"
                                        class="secondary"
                                        data-testid="show-calls"
                                        aria-expanded=move || is_open().to_string()
                                        on:click=move |_| open.update(|o| {
                                            *o = if o.as_deref() == Some(for_calls.as_str()) { None } else { Some(for_calls.clone()) };
                                        })
                                    >
                                        {t.webhook_calls}
                                        <span class="visually-hidden">{format!(" — {}", endpoint.url)}</span>
                                    </button>
                                    <ConfirmButton
                                        label=t.webhook_remove.to_owned()
                                        describe=fill(t.webhook_remove_which, &endpoint.url)
                                        testid="remove-webhook"
                                        disabled=Signal::derive(move || remove.pending().get())
                                        on_confirm=move |_| { remove.dispatch(id.clone()); }
                                    />
                                </td>
                            </tr>
                            {move || is_open_too().then(|| view! {
                                <tr class="change-row">
                                    <td colspan="4"><CallList endpoint=endpoint.id.clone()/></td>
                                </tr>
                            })}
                        }
                    };
                    view! {
                        <Show
                            when=move || !none.get()
                            fallback=move || view! { <p class="empty" data-testid="webhooks-empty">{t.webhooks_none}</p> }
                        >
                            <DataTable
                                testid="webhooks"
                                columns=vec![
                                    Column::text(t.col_url),
                                    Column::text(t.col_events),
                                    Column::text(t.col_created),
                                ]
                                actions=t.col_actions
                            >
                                <For each=move || active.get() key=|e| e.id.clone() children=row/>
                            </DataTable>
                        </Show>
                    }
                }}
            </Held>
        </section>
    }
}

/// An endpoint's calls, newest first: when, the event, its state and attempts, the last
/// error, the payload; a call that went out or failed can be sent again.
#[component]
fn CallList(endpoint: String) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let base = StoredValue::new(endpoint);
    let calls = LocalResource::new(move || {
        let path = calls_path(&org.get(), &base.get_value(), None);
        async move { api::get::<Calls>(&path).await }
    });
    // How many older pages the member opened: they stay open when the first page is
    // loaded again (after "Send again", whose new call is the newest).
    let opened = RwSignal::new(0_usize);
    let again = Action::new_local(move |delivery: &String| {
        let path = format!(
            "/v1/admin/orgs/{}/webhooks/{}/redeliver",
            encode(&org.get_untracked()),
            encode(&base.get_value())
        );
        let body = Redeliver {
            delivery: delivery.clone(),
        };
        async move { api::post::<Redelivered>(&path, &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = again.value().get() {
            calls.refetch();
        }
    });
    let list = held(calls, |c| c.deliveries);
    let none = Memo::new(move |_| list.with(Vec::is_empty));
    let next = Memo::new(move |held: Option<&Option<String>>| match calls.get() {
        Some(Ok(c)) => c.next_before,
        _ => held.cloned().flatten(),
    });
    view! {
        <div class="calls" data-testid="calls">
            <h2 class="sub">{move || t.get().webhook_calls}</h2>
            <p class="notice" role="status">
                {move || again.value().get().and_then(Result::ok).map(|r| fill(t.get().webhook_sent_again, &r.delivery))}
            </p>
            <ProblemAlert problem=Signal::derive(move || again.value().get().and_then(Result::err))/>
            // Calls keyed by id (and what changes of them): the new call of "Send again"
            // comes in at the top, and an opened payload stays with its own call.
            <Held state=load_state(calls) retry=move || calls.refetch()>
                {move || {
                    let t = t.get();
                    let lang = lang.get();
                    view! {
                        <Show
                            when=move || !none.get()
                            fallback=move || view! { <p class="empty">{t.webhook_no_calls}</p> }
                        >
                            <ul class="list">
                                <For
                                    each=move || list.get()
                                    key=|c| (c.id.clone(), c.status.clone(), c.attempts, c.next_attempt_at.clone(), c.last_error.clone())
                                    children=move |call| call_item(t, lang, call, again)
                                />
                            </ul>
                            {move || next.get().map(|before| view! { <OlderCalls endpoint=base.get_value() before again opened depth=0/> })}
                        </Show>
                    }
                }}
            </Held>
        </div>
    }
}

/// The answer to "Send again": the new call's id.
type Again = Action<String, Result<Redelivered, Problem>>;

/// One call: its event, when, its state and attempts; opened, its last error and payload;
/// a call that went out or failed can be sent again.
fn call_item(t: &'static Strings, lang: Lang, call: Call, again: Again) -> impl IntoView {
    let id = call.id.clone();
    let state = match call.status.as_str() {
        "sent" => call.sent_at.as_deref().map_or_else(
            || t.call_sent.to_owned(),
            |at| fill(t.call_sent_at, &format::when(lang, at)),
        ),
        "failed" => t.call_failed.to_owned(),
        "erased" => t.call_erased.to_owned(),
        _ => call.next_attempt_at.as_deref().map_or_else(
            || t.call_queued.to_owned(),
            |at| fill(t.call_next, &format::when(lang, at)),
        ),
    };
    let done = matches!(call.status.as_str(), "sent" | "failed");
    view! {
        <li data-testid="call" data-status=call.status.clone()>
            <details>
                <summary>
                    <code>{call.purpose.clone()}</code>
                    " · "<time datetime=call.created_at.clone()>{format::when(lang, &call.created_at)}</time>
                    " · "<span class=format!("status status-{}", call.status)>{state}</span>
                    " · "{fill(t.call_attempts, &call.attempts.to_string())}
                </summary>
                {call.last_error.clone().map(|e| view! { <p class="field-error">{fill(t.call_error, &e)}</p> })}
                {call.body.clone().map(|b| view! { <pre class="payload">{pretty(&b)}</pre> })}
            </details>
            {done.then(|| view! {
                <button
                    type="button"
                    class="secondary"
                    data-testid="send-again"
                    disabled=move || again.pending().get()
                    on:click=move |_| { again.dispatch(id.clone()); }
                >
                    {t.webhook_send_again}
                </button>
            })}
        </li>
    }
}

/// The way to an endpoint's calls older than `before`: a button, then that page (and the
/// way to the ones older still). `depth` counts the pages before this one; `opened`, how
/// many older pages the member opened.
#[component]
fn OlderCalls(
    endpoint: String,
    before: String,
    again: Again,
    opened: RwSignal<usize>,
    depth: usize,
) -> impl IntoView {
    let t = use_text();
    move || {
        if opened.get() > depth {
            view! { <OlderCallsPage endpoint=endpoint.clone() before=before.clone() again opened depth/> }
                .into_any()
        } else {
            view! {
                <button type="button" class="secondary" data-testid="older-calls" on:click=move |_| opened.set(depth + 1)>
                    {t.get().webhook_older}
                </button>
            }
            .into_any()
        }
    }
}

#[component]
fn OlderCallsPage(
    endpoint: String,
    before: String,
    again: Again,
    opened: RwSignal<usize>,
    depth: usize,
) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let base = StoredValue::new(endpoint);
    let page = LocalResource::new(move || {
        let path = calls_path(&org.get(), &base.get_value(), Some(&before));
        async move { api::get::<Calls>(&path).await }
    });
    view! {
        <Loaded
            retry=move || page.refetch()
            render=move || rendered(async move {
                let Calls { deliveries, next_before } = page.await?;
                let t = t.get();
                let lang = lang.get();
                let items = deliveries.into_iter().map(|call| call_item(t, lang, call, again)).collect_view();
                let endpoint = base.get_value();
                Ok(view! {
                    <ul class="list" data-testid="calls-older">{items}</ul>
                    {next_before.map(|before| view! { <OlderCalls endpoint before again opened depth=depth + 1/> })}
                }.into_any())
            })
        />
    }
}

/// A payload as JSON indented for reading, or as it came.
fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

#[component]
fn NewEndpointForm(#[prop(into)] on_registered: Callback<Registered>) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<String>::new());
    let register = Action::new_local(move |body: &NewEndpoint| {
        let body = body.clone();
        let path = format!("/v1/admin/orgs/{}/webhooks", encode(&org.get_untracked()));
        async move { api::post::<Registered>(&path, &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(registered)) = register.value().get() {
            url.set(String::new());
            events.set(Vec::new());
            on_registered.run(registered);
        }
    });
    let problem = Signal::derive(move || register.value().get().and_then(Result::err));
    let field =
        move |f: &'static str| Signal::derive(move || problem.get().and_then(|p| p.field(f)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        register.dispatch(NewEndpoint {
            url: url.get().trim().to_owned(),
            events: events.get(),
        });
    };
    view! {
        <form class="panel stack" on:submit=submit data-testid="webhook-form">
            <div class="field">
                <label for="webhook-url">{move || t.get().col_url}</label>
                <input id="webhook-url" type="url" required autocomplete="off" spellcheck="false"
                    placeholder="https://hooks.example.com/attest"
                    aria-describedby="webhook-url-hint webhook-url-error"
                    aria-invalid=move || field("url").get().map(|_| "true")
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                <p class="hint" id="webhook-url-hint">{move || t.get().webhook_url_hint}</p>
                <FieldMessage id="webhook-url-error" message=field("url")/>
            </div>
            <fieldset aria-describedby="webhook-events-error">
                <legend>{move || t.get().col_events}</legend>
                <div class="checks">
                    {EVENTS.iter().map(|event| {
                        let event = (*event).to_owned();
                        let id = format!("event-{}", event.replace('.', "-"));
                        let (e1, e2, label_for) = (event.clone(), event.clone(), id.clone());
                        view! {
                            <label class="check" for=label_for>
                                <input id=id type="checkbox"
                                    prop:checked=move || events.get().contains(&e1)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        events.update(|all| {
                                            all.retain(|e| *e != e2);
                                            if on { all.push(e2.clone()); }
                                        });
                                    }/>
                                <code>{event}</code>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldMessage id="webhook-events-error" message=field("events")/>
            </fieldset>
            <div>
                <button type="submit" class="primary" disabled=move || register.pending().get()>
                    {move || if register.pending().get() { t.get().saving } else { t.get().webhook_register }}
                </button>
            </div>
            <ProblemAlert problem=Signal::derive(move || problem.get().filter(|p| p.errors.is_empty()))/>
        </form>
    }
}
