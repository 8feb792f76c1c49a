//! The sign-in page: single sign-on for an organisation, an e-mail link, or a passkey; and
//! what each failed single sign-on came back saying (`?error=sso_*`).

use gloo_net::http::Method;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::{self, encode, Problem};
use crate::i18n::{fill, use_text, Strings};
use crate::link::LinkSignIn;
use crate::passkey::{self, Refused};
use crate::preferences::{store, stored};
use crate::session::use_session;
use crate::shell::LanguagePicker;
use crate::ui::{FieldMessage, Notice, ProblemAlert};

/// The organisation last signed in to with single sign-on, offered next time.
const LAST_ORG_KEY: &str = "attest.console.org";

/// What a failed single sign-on's `error` says, in the member's language.
fn sso_error(t: &Strings, code: &str) -> Option<&'static str> {
    Some(match code {
        "sso_state" => t.err_sso_state,
        "sso_provider" => t.err_sso_provider,
        "sso_code" => t.err_sso_code,
        "sso_token" => t.err_sso_token,
        "sso_email_unverified" => t.err_sso_email_unverified,
        "sso_domain" => t.err_sso_domain,
        "sso_not_member" => t.err_sso_not_member,
        "sso_none" => t.err_sso_none,
        _ => return None,
    })
}

/// Where single sign-on for `org` starts (a full navigation: it leaves for the provider).
pub fn sso_start(org: &str, invitation: Option<&str>) -> String {
    let mut url = format!("/v1/auth/sso/{}", encode(org));
    if let Some(invitation) = invitation {
        url.push_str("?invitation=");
        url.push_str(&encode(invitation));
    }
    url
}

pub fn leave_for(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let query = use_query_map();
    move || match query.get().get("link") {
        Some(token) => Either::Left(view! { <LinkSignIn token=token/> }),
        None => Either::Right(view! { <SignInChoices/> }),
    }
}

#[component]
fn SignInChoices() -> impl IntoView {
    let t = use_text();
    let query = use_query_map();
    let session = use_session();
    let error = move || {
        let code = query.get().get("error")?;
        sso_error(t.get(), &code)
    };
    let next = move || {
        query
            .get_untracked()
            .get("next")
            .filter(|n| n.starts_with("/console/"))
    };
    let signed_in = move || session.member().filter(|m| m.kind == "member");
    view! {
        <main id="main" class="sign-in">
            <div class="card">
                <div class="card-top"><p class="brand-line"><span class="logo" aria-hidden="true">"◆"</span>" Attest"</p><LanguagePicker/></div>
                <h1>{move || t.get().sign_in_title}</h1>
                <p class="lead">{move || t.get().sign_in_intro}</p>
                {move || error().map(|message| view! {
                    <div class="alert error" role="alert" data-testid="sign-in-error">
                        <p>{message}</p>
                    </div>
                })}
                {move || signed_in().map(|me| view! {
                    <p class="notice">
                        {fill(t.get().signed_in_as, &me.email)}" · "
                        <A href="/console/">{t.get().switch_org}</A>
                    </p>
                })}
                <SsoForm/>
                <p class="or" aria-hidden="true"><span>{move || t.get().or}</span></p>
                <LinkForm ask_name=false/>
                <p class="or" aria-hidden="true"><span>{move || t.get().or}</span></p>
                <PasskeySignIn next=Signal::derive(next)/>
            </div>
        </main>
    }
}

/// Single sign-on: which organisation, then off to its provider.
#[component]
fn SsoForm() -> impl IntoView {
    let t = use_text();
    let query = use_query_map();
    let org = RwSignal::new(
        query
            .get_untracked()
            .get("org")
            .or_else(|| stored(LAST_ORG_KEY))
            .unwrap_or_default(),
    );
    let invalid = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let slug = org.get().trim().to_ascii_lowercase();
        if attest_core::OrgSlug::parse(&slug).is_err() {
            invalid.set(true);
            return;
        }
        store(LAST_ORG_KEY, Some(&slug));
        leave_for(&sso_start(&slug, None));
    };
    view! {
        <form class="stack" on:submit=submit data-testid="sso-form">
            <h2>{move || t.get().sso_heading}</h2>
            <label for="sso-org">{move || t.get().sso_org_label}</label>
            <input
                id="sso-org"
                name="org"
                autocomplete="organization"
                autocapitalize="none"
                spellcheck="false"
                required
                aria-describedby="sso-org-hint"
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=move || org.get()
                on:input=move |ev| {
                    invalid.set(false);
                    org.set(event_target_value(&ev));
                }
            />
            <p class="hint" id="sso-org-hint">{move || t.get().sso_org_hint}</p>
            <button type="submit" class="primary">{move || t.get().sso_button}</button>
        </form>
    }
}

#[derive(Serialize)]
struct AskLink {
    email: String,
}

/// An e-mail link: the address (and, for someone new, their name), then "check your inbox".
#[component]
pub fn LinkForm(
    /// Ask for the person's name too (someone invited, signing in for the first time).
    ask_name: bool,
    /// The address to offer.
    #[prop(optional, into)]
    email: Option<String>,
) -> impl IntoView {
    let t = use_text();
    let email = RwSignal::new(email.unwrap_or_default());
    let name = RwSignal::new(stored(crate::link::NAME_KEY).unwrap_or_default());
    let ask = Action::new_local(move |address: &String| {
        let body = AskLink {
            email: address.clone(),
        };
        async move { api::send::<Value>(Method::POST, "/v1/auth/email-link", Some(&body)).await }
    });
    let problem = Signal::derive(move || ask.value().get().and_then(Result::err));
    let sent = Signal::derive(move || {
        ask.value()
            .get()
            .and_then(Result::ok)
            .map(|_| fill(t.get().link_sent, &email.get_untracked()))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ask_name {
            let name = name.get();
            store(
                crate::link::NAME_KEY,
                Some(name.trim()).filter(|n| !n.is_empty()),
            );
        }
        ask.dispatch(email.get().trim().to_owned());
    };
    view! {
        <form class="stack" on:submit=submit data-testid="link-form">
            <h2>{move || t.get().link_heading}</h2>
            {ask_name.then(|| view! {
                <label for="link-name">{move || t.get().name_label}</label>
                <input
                    id="link-name"
                    autocomplete="name"
                    maxlength="200"
                    aria-describedby="link-name-hint"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="hint" id="link-name-hint">{move || t.get().name_hint}</p>
            })}
            <label for="link-email">{move || t.get().email_label}</label>
            <input
                id="link-email"
                type="email"
                autocomplete="email"
                required
                aria-describedby="link-email-error"
                aria-invalid=move || problem.get().and_then(|p| p.field("email")).map(|_| "true")
                prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))
            />
            <FieldMessage id="link-email-error" message=Signal::derive(move || problem.get().and_then(|p| p.field("email")))/>
            <button type="submit" class="primary" disabled=move || ask.pending().get()>
                {move || if ask.pending().get() { t.get().link_sending } else { t.get().link_button }}
            </button>
            <Notice message=sent/>
            {move || problem.get().filter(|p| p.errors.is_empty()).map(|p| view! { <ProblemAlert problem=Signal::derive(move || Some(p.clone()))/> })}
        </form>
    }
}

#[derive(Clone, Deserialize)]
struct SignedIn {
    #[serde(rename = "csrfToken")]
    csrf_token: String,
}

/// Why a passkey ceremony gave nothing, in the member's words.
pub fn refusal(t: &Strings, refused: &Refused) -> String {
    match refused {
        Refused::Unsupported => t.passkey_unsupported.to_owned(),
        Refused::Cancelled => t.passkey_cancelled.to_owned(),
        Refused::Failed(message) => message.clone(),
    }
}

/// A passkey: the browser asks which one, the edge checks it.
#[component]
fn PasskeySignIn(#[prop(into)] next: Signal<Option<String>>) -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let navigate = use_navigate();
    let refused = RwSignal::new(None::<String>);
    let ceremony = Action::new_local(move |_: &()| async move {
        let options: Value =
            api::send(Method::POST, "/v1/auth/passkey/options", None::<&()>).await?;
        let credential = match passkey::get(&options).await {
            Ok(credential) => credential,
            Err(why) => return Ok(Err(why)),
        };
        let response = &credential["response"];
        let assertion = serde_json::json!({
            "id": credential["id"],
            "clientDataJSON": response["clientDataJSON"],
            "authenticatorData": response["authenticatorData"],
            "signature": response["signature"],
        });
        let signed: SignedIn = api::post("/v1/auth/passkey/sign-in", &assertion).await?;
        Ok::<_, Problem>(Ok(signed))
    });
    Effect::new(move || match ceremony.value().get() {
        Some(Ok(Ok(signed))) => {
            api::set_csrf_token(Some(signed.csrf_token));
            session.reload();
            let to = next.get_untracked();
            navigate(
                to.as_deref().unwrap_or("/console/"),
                NavigateOptions::default(),
            );
        }
        Some(Ok(Err(why))) => refused.set(Some(refusal(t.get_untracked(), &why))),
        _ => refused.set(None),
    });
    let problem = Signal::derive(move || ceremony.value().get().and_then(Result::err));
    view! {
        <div class="stack">
            <h2>{move || t.get().passkey_heading}</h2>
            <button
                type="button"
                class="secondary"
                data-testid="passkey-sign-in"
                disabled=move || ceremony.pending().get()
                on:click=move |_| {
                    refused.set(None);
                    ceremony.dispatch(());
                }
            >
                {move || if ceremony.pending().get() { t.get().passkey_waiting } else { t.get().passkey_button }}
            </button>
            {move || refused.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
            <ProblemAlert problem=problem/>
        </div>
    }
}
