//! The member's own account: their passkeys (add one, remove one) and the sessions they
//! are signed in with (end any they do not recognise).

use gloo_net::http::Method;
use leptos::either::Either;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang};
use crate::passkey;
use crate::session::use_session;
use crate::sign_in::refusal;
use crate::ui::{
    rendered, Column, ConfirmButton, DataTable, Failed, FieldMessage, Loaded, Loading, Notice,
    ProblemAlert,
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Passkey {
    id: String,
    name: String,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Passkeys {
    passkeys: Vec<Passkey>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    id: String,
    method: String,
    user_agent: String,
    created_at: String,
    last_seen_at: String,
    expires_at: String,
    current: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Sessions {
    sessions: Vec<Session>,
}

#[derive(Serialize)]
struct NewPasskey {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "clientDataJSON")]
    client_data_json: String,
    #[serde(rename = "attestationObject")]
    attestation_object: String,
}

#[component]
pub fn Account() -> impl IntoView {
    let t = use_text();
    let session = use_session();
    view! {
        <section class="screen narrow-screen" aria-labelledby="account-title">
            <h1 id="account-title">{move || t.get().account_title}</h1>
            <p class="lead">{move || session.member().map(|m| fill(t.get().signed_in_as, &format!("{} <{}>", m.name, m.email)))}</p>
            <PasskeyList/>
            <SessionList/>
            <ReminderSettings/>
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reminder {
    org: String,
    digest: bool,
    due_soon: bool,
    overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Reminders {
    reminders: Vec<Reminder>,
}

/// The e-mail reminders the member gets, per organisation where they answer privacy
/// requests; each box saves as it is ticked.
#[component]
fn ReminderSettings() -> impl IntoView {
    let t = use_text();
    let list = LocalResource::new(|| api::get::<Reminders>("/v1/admin/me/reminders"));
    let save = Action::new_local(|next: &Reminder| {
        let next = next.clone();
        async move { api::send::<Reminders>(Method::PUT, "/v1/admin/me/reminders", Some(&next)).await }
    });
    let notice = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(outcome) = save.value().get() {
            notice.set(
                outcome
                    .is_ok()
                    .then(|| t.get_untracked().reminders_saved.to_owned()),
            );
            // Refused: the boxes show what the edge holds again. Saved: they already do.
            if outcome.is_err() {
                list.refetch();
            }
        }
    });
    let problem = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <section class="panel stack" aria-labelledby="reminders-title" data-testid="reminders">
            <h2 id="reminders-title">{move || t.get().reminders_heading}</h2>
            <p class="hint">{move || t.get().reminders_intro}</p>
            <Notice message=notice/>
            <ProblemAlert problem=problem/>
            <Loaded
                retry=move || list.refetch()
                render=move || rendered(async move {
                    let loaded = list.await?;
                    let t = t.get();
                    if loaded.reminders.is_empty() {
                        return Ok(view! { <p class="empty">{t.reminders_none}</p> }.into_any());
                    }
                    Ok(loaded.reminders.into_iter().map(|r| {
                        let boxes = [
                            (t.reminder_digest, r.digest, 0),
                            (t.reminder_due_soon, r.due_soon, 1),
                            (t.reminder_overdue, r.overdue, 2),
                        ];
                        let org = r.org.clone();
                        // The organisation's three settings as the boxes now stand: each
                        // change sends all three, so quick ticks never undo each other.
                        let state = RwSignal::new(r);
                        view! {
                            <fieldset class="checks" data-testid="reminder-org">
                                <legend>{org}</legend>
                                {boxes.into_iter().map(|(label, on, which)| {
                                    view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                prop:checked=on
                                                on:change=move |ev| {
                                                    let checked = event_target_checked(&ev);
                                                    state.update(|next| match which {
                                                        0 => next.digest = checked,
                                                        1 => next.due_soon = checked,
                                                        _ => next.overdue = checked,
                                                    });
                                                    save.dispatch(state.get_untracked());
                                                }
                                            />
                                            {label}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view().into_any())
                })
            />
        </section>
    }
}

#[component]
fn PasskeyList() -> impl IntoView {
    let t = use_text();
    let lang = expect_context::<RwSignal<Lang>>();
    let passkeys = LocalResource::new(|| api::get::<Passkeys>("/v1/admin/me/passkeys"));
    let name = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let add = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            let options: Value =
                api::send(Method::POST, "/v1/admin/me/passkeys/options", None::<&()>).await?;
            let credential = match passkey::create(&options).await {
                Ok(credential) => credential,
                Err(why) => return Ok(Err(why)),
            };
            let response = &credential["response"];
            let body = NewPasskey {
                name: (!name.trim().is_empty()).then(|| name.trim().to_owned()),
                client_data_json: response["clientDataJSON"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                attestation_object: response["attestationObject"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            };
            api::post::<Value>("/v1/admin/me/passkeys", &body).await?;
            Ok::<_, Problem>(Ok(()))
        }
    });
    let remove = Action::new_local(|id: &String| {
        let path = format!("/v1/admin/me/passkeys/{}", encode(id));
        async move { api::send_empty(Method::DELETE, &path).await }
    });
    Effect::new(move || match add.value().get() {
        Some(Ok(Ok(()))) => {
            name.set(String::new());
            refused.set(None);
            notice.set(Some(t.get_untracked().passkey_added.to_owned()));
            passkeys.refetch();
        }
        Some(Ok(Err(why))) => refused.set(Some(refusal(t.get_untracked(), &why))),
        _ => {}
    });
    Effect::new(move || {
        if let Some(Ok(())) = remove.value().get() {
            passkeys.refetch();
        }
    });
    let problem = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        refused.set(None);
        add.dispatch(name.get());
    };
    view! {
        <section class="panel stack" aria-labelledby="passkeys-title" data-testid="passkeys">
            <h2 id="passkeys-title">{move || t.get().passkeys_heading}</h2>
            <p class="hint">{move || t.get().passkeys_intro}</p>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || passkeys.refetch()/> }>
                    {move || Suspend::new(async move {
                        let list = passkeys.await?.passkeys;
                        let t = t.get();
                        let lang = lang.get();
                        if list.is_empty() {
                            return Ok::<_, Problem>(Either::Left(view! { <p class="empty">{t.passkeys_none}</p> }));
                        }
                        Ok(Either::Right(view! {
                            <ul class="list">
                                {list.into_iter().map(|key| {
                                    let id = key.id.clone();
                                    view! {
                                        <li data-testid="passkey">
                                            <div>
                                                <p class="item-title">{key.name.clone()}</p>
                                                <p class="hint">
                                                    {format!("{} {} · {} {}", t.col_created, format::when(lang, &key.created_at), t.col_last_used,
                                                        key.last_used_at.as_deref().map(|at| format::when(lang, at)).unwrap_or_else(|| t.never.to_owned()))}
                                                </p>
                                            </div>
                                            <ConfirmButton
                                                label=t.remove.to_owned()
                                                describe=fill(t.remove_passkey, &key.name)
                                                testid="remove-passkey"
                                                disabled=Signal::derive(move || remove.pending().get())
                                                on_confirm=move |_| { remove.dispatch(id.clone()); }
                                            />
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }))
                    })}
                </ErrorBoundary>
            </Transition>
            <form class="row" on:submit=submit data-testid="passkey-form">
                <div class="field grow">
                    <label for="passkey-name">{move || t.get().passkey_name}</label>
                    <input id="passkey-name" maxlength="100" autocomplete="off"
                        placeholder=move || t.get().passkey_name_example
                        aria-describedby="passkey-name-error"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <FieldMessage id="passkey-name-error" message=Signal::derive(move || problem.get().and_then(|p| p.field("name")))/>
                </div>
                <div class="field end">
                    <button type="submit" class="primary" data-testid="add-passkey" disabled=move || add.pending().get()>
                        {move || if add.pending().get() { t.get().passkey_waiting } else { t.get().passkey_add }}
                    </button>
                </div>
            </form>
            <Notice message=notice/>
            {move || refused.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
            <ProblemAlert problem=Signal::derive(move || problem.get().filter(|p| p.field("name").is_none()))/>
        </section>
    }
}

#[component]
fn SessionList() -> impl IntoView {
    let t = use_text();
    let lang = expect_context::<RwSignal<Lang>>();
    let me = use_session();
    let sessions = LocalResource::new(|| api::get::<Sessions>("/v1/admin/me/sessions"));
    let end = Action::new_local(|id: &(String, bool)| {
        let (id, current) = id.clone();
        let path = format!("/v1/admin/me/sessions/{}", encode(&id));
        async move {
            api::send_empty(Method::DELETE, &path)
                .await
                .map(|_| current)
        }
    });
    Effect::new(move || match end.value().get() {
        Some(Ok(true)) => me.reload(),
        Some(Ok(false)) => sessions.refetch(),
        _ => {}
    });
    view! {
        <section class="panel stack" aria-labelledby="sessions-title" data-testid="sessions">
            <h2 id="sessions-title">{move || t.get().sessions_heading}</h2>
            <p class="hint">{move || t.get().sessions_intro}</p>
            <ProblemAlert problem=Signal::derive(move || end.value().get().and_then(Result::err))/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || sessions.refetch()/> }>
                    {move || Suspend::new(async move {
                        let list = sessions.await?.sessions;
                        let t = t.get();
                        let lang = lang.get();
                        let rows = list.into_iter().map(|s| {
                            let browser = format::browser(&s.user_agent);
                            let method = match s.method.as_str() {
                                "link" => t.methods[0],
                                "sso" => t.methods[1],
                                _ => t.methods[2],
                            };
                            let key = (s.id.clone(), s.current);
                            view! {
                                <tr data-testid="session">
                                    <th scope="row" title=s.user_agent.clone()>
                                        {browser.clone()}
                                        {s.current.then(|| view! { <span class="badge">{t.this_session}</span> })}
                                    </th>
                                    <td>{method}</td>
                                    <td>{format::when(lang, &s.created_at)}</td>
                                    <td>{format::when(lang, &s.last_seen_at)}</td>
                                    <td>{format::when(lang, &s.expires_at)}</td>
                                    <td>
                                        <ConfirmButton
                                            label=t.end_session.to_owned()
                                            describe=fill(t.end_session_label, &browser)
                                            testid="end-session"
                                            disabled=Signal::derive(move || end.pending().get())
                                            on_confirm=move |_| { end.dispatch(key.clone()); }
                                        />
                                    </td>
                                </tr>
                            }
                        }).collect_view();
                        Ok::<_, Problem>(view! {
                            <DataTable
                                columns=vec![
                                    Column::text(t.col_browser),
                                    Column::text(t.col_method),
                                    Column::text(t.col_created),
                                    Column::text(t.col_last_seen),
                                    Column::text(t.col_ends),
                                ]
                                actions=t.col_actions
                            >
                                {rows}
                            </DataTable>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
