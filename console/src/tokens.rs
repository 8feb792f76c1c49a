//! API tokens, for machines: each with its name and scopes, made and revoked by members.
//! A new token's secret is shown once.

use attest_core::members::SCOPES;
use gloo_net::http::Method;
use leptos::either::Either;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang};
use crate::shell::use_org;
use crate::ui::{Column, ConfirmButton, DataTable, Failed, FieldMessage, Loading, ProblemAlert};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    id: String,
    name: String,
    scopes: Vec<String>,
    created_at: String,
    expires_at: Option<String>,
    revoked_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Tokens {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Created {
    name: String,
    secret: String,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct NewToken {
    name: String,
    scopes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
}

#[component]
pub fn Tokens() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let path = move || format!("/v1/admin/orgs/{}/tokens", encode(&org.get()));
    let tokens = LocalResource::new(move || {
        let path = path();
        async move { api::get::<Tokens>(&path).await }
    });
    let revoke = Action::new_local(move |id: &String| {
        let path = format!("{}/{}", path(), encode(id));
        async move { api::send_empty(Method::DELETE, &path).await }
    });
    Effect::new(move || {
        if let Some(Ok(())) = revoke.value().get() {
            tokens.refetch();
        }
    });
    // The secret just made, shown once: not to another organisation's screen.
    let created = RwSignal::new(None::<Created>);
    Effect::watch(move || org.get(), move |_, _, _| created.set(None), false);
    view! {
        <section class="screen" aria-labelledby="tokens-title">
            <h1 id="tokens-title">{move || t.get().tokens_title}</h1>
            <p class="lead">{move || t.get().tokens_intro}</p>
            <NewTokenForm on_created=move |c: Created| { created.set(Some(c)); tokens.refetch(); }/>
            {move || created.get().map(|c| view! { <ShownOnce created=c/> })}
            <ProblemAlert problem=Signal::derive(move || revoke.value().get().and_then(Result::err))/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || tokens.refetch()/> }>
                    {move || Suspend::new(async move {
                        let list = tokens.await?.tokens;
                        let t = t.get();
                        let lang = lang.get();
                        if list.is_empty() {
                            return Ok::<_, Problem>(Either::Left(view! { <p class="empty">{t.tokens_none}</p> }));
                        }
                        let rows = list.into_iter().map(|token| {
                            let id = token.id.clone();
                            let status = match (&token.revoked_at, &token.expires_at) {
                                (Some(at), _) => format!("{} {}", t.statuses[2], format::when(lang, at)),
                                (None, Some(at)) => format!("{} {}", t.col_expires, format::when(lang, at)),
                                (None, None) => t.token_active.to_owned(),
                            };
                            let live = token.revoked_at.is_none();
                            view! {
                                <tr data-testid="token">
                                    <th scope="row">{token.name.clone()}</th>
                                    <td>{token.scopes.iter().map(|s| view! { <code class="scope">{s.clone()}</code>" " }).collect_view()}</td>
                                    <td>{format::when(lang, &token.created_at)}</td>
                                    <td>{status}</td>
                                    <td>
                                        {live.then(|| view! {
                                            <ConfirmButton
                                                label=t.revoke.to_owned()
                                                describe=fill(t.revoke_token, &token.name)
                                                testid="revoke-token"
                                                disabled=Signal::derive(move || revoke.pending().get())
                                                on_confirm=move |_| { revoke.dispatch(id.clone()); }
                                            />
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(Either::Right(view! {
                            <DataTable
                                testid="tokens"
                                columns=vec![
                                    Column::text(t.col_name),
                                    Column::text(t.col_scopes),
                                    Column::text(t.col_created),
                                    Column::text(t.col_status),
                                ]
                                actions=t.col_actions
                            >
                                {rows}
                            </DataTable>
                        }))
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The secret of the token just made: copy it now, it is never shown again.
#[component]
fn ShownOnce(created: Created) -> impl IntoView {
    let t = use_text();
    let copied = RwSignal::new(false);
    let secret = created.secret.clone();
    view! {
        <div class="alert success" role="status" data-testid="token-secret">
            <p class="alert-title">{created.name.clone()}</p>
            <p>{move || t.get().token_created}</p>
            <p class="secret"><code>{created.secret.clone()}</code>
                <button type="button" class="secondary" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.navigator().clipboard().write_text(&secret);
                        copied.set(true);
                    }
                }>
                    {move || if copied.get() { t.get().token_copied } else { t.get().token_copy }}
                </button>
            </p>
        </div>
    }
}

#[component]
fn NewTokenForm(#[prop(into)] on_created: Callback<Created>) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<String>::new());
    let expires = RwSignal::new(String::new());
    let create = Action::new_local(move |body: &NewToken| {
        let body = body.clone();
        let path = format!("/v1/admin/orgs/{}/tokens", encode(&org.get_untracked()));
        async move { api::post::<Created>(&path, &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(created)) = create.value().get() {
            name.set(String::new());
            scopes.set(Vec::new());
            expires.set(String::new());
            on_created.run(created);
        }
    });
    let problem = Signal::derive(move || create.value().get().and_then(Result::err));
    let field =
        move |f: &'static str| Signal::derive(move || problem.get().and_then(|p| p.field(f)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = expires.get();
        create.dispatch(NewToken {
            name: name.get().trim().to_owned(),
            scopes: scopes.get(),
            // Through the whole of the day chosen.
            expires_at: (!day.is_empty()).then(|| format!("{day}T23:59:59Z")),
        });
    };
    view! {
        <form class="panel stack" on:submit=submit data-testid="token-form">
            <div class="row">
                <div class="field grow">
                    <label for="token-name">{move || t.get().col_name}</label>
                    <input id="token-name" required maxlength="200" autocomplete="off"
                        aria-describedby="token-name-hint token-name-error"
                        aria-invalid=move || field("name").get().map(|_| "true")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="hint" id="token-name-hint">{move || t.get().token_name_hint}</p>
                    <FieldMessage id="token-name-error" message=field("name")/>
                </div>
                <div class="field">
                    <label for="token-expires">{move || t.get().token_expires}</label>
                    <input id="token-expires" type="date" aria-describedby="token-expires-error"
                        prop:value=move || expires.get() on:input=move |ev| expires.set(event_target_value(&ev))/>
                    <FieldMessage id="token-expires-error" message=field("expiresAt")/>
                </div>
            </div>
            <fieldset aria-describedby="token-scopes-error">
                <legend>{move || t.get().token_scopes}</legend>
                <div class="checks">
                    {SCOPES.iter().map(|(scope, _)| {
                        let scope = (*scope).to_owned();
                        let id = format!("scope-{}", scope.replace(':', "-"));
                        let s1 = scope.clone();
                        let label_for = id.clone();
                        let s2 = scope.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input id=id type="checkbox"
                                    prop:checked=move || scopes.get().contains(&s1)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|all| {
                                            all.retain(|s| *s != s2);
                                            if on { all.push(s2.clone()); }
                                        });
                                    }/>
                                <code>{scope}</code>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldMessage id="token-scopes-error" message=field("scopes")/>
            </fieldset>
            <div>
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { t.get().saving } else { t.get().token_create }}
                </button>
            </div>
            <ProblemAlert problem=Signal::derive(move || problem.get().filter(|p| p.errors.is_empty()))/>
        </form>
    }
}
