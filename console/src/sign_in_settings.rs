//! How the organisation's members sign in: its OpenID Connect provider, the domains it
//! may vouch for, and whether an e-mail link alone is enough. An owner's alone to change.

use attest_core::members::Role;
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, encode, Problem};
use crate::i18n::use_text;
use crate::session::use_session;
use crate::shell::use_org;
use crate::ui::{Failed, FieldMessage, Loading, Notice, ProblemAlert};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sso {
    issuer: String,
    client_id: String,
    client_secret_set: bool,
    allowed_domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    sso: Option<Sso>,
    two_factor_required: bool,
    redirect_uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SsoInput {
    issuer: String,
    client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    allowed_domains: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SettingsInput {
    sso: Option<SsoInput>,
    two_factor_required: bool,
}

#[component]
pub fn SignInSettings() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let settings = LocalResource::new(move || {
        let org = org.get();
        async move { api::get::<Settings>(&format!("/v1/admin/orgs/{}/sign-in", encode(&org))).await }
    });
    view! {
        <section class="screen" aria-labelledby="settings-title">
            <h1 id="settings-title">{move || t.get().settings_title}</h1>
            <p class="lead">{move || t.get().settings_intro}</p>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || settings.refetch()/> }>
                    {move || Suspend::new(async move {
                        let loaded = settings.await?;
                        Ok::<_, Problem>(view! { <SettingsForm loaded=loaded/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SettingsForm(loaded: Settings) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let owner = move || {
        session
            .member()
            .and_then(|m| m.membership(&org.get()).and_then(|m| m.role))
            == Some(Role::Owner)
    };
    let sso = loaded.sso.clone();
    let enabled = RwSignal::new(sso.is_some());
    let issuer = RwSignal::new(sso.as_ref().map(|s| s.issuer.clone()).unwrap_or_default());
    let client_id = RwSignal::new(
        sso.as_ref()
            .map(|s| s.client_id.clone())
            .unwrap_or_default(),
    );
    let secret = RwSignal::new(String::new());
    let secret_set = RwSignal::new(sso.as_ref().is_some_and(|s| s.client_secret_set));
    let domains = RwSignal::new(
        sso.map(|s| s.allowed_domains.join(", "))
            .unwrap_or_default(),
    );
    let two_factor = RwSignal::new(loaded.two_factor_required);
    let save = Action::new_local(move |input: &SettingsInput| {
        let body = SettingsInput {
            sso: input.sso.as_ref().map(|s| SsoInput {
                issuer: s.issuer.clone(),
                client_id: s.client_id.clone(),
                client_secret: s.client_secret.clone(),
                allowed_domains: s.allowed_domains.clone(),
            }),
            two_factor_required: input.two_factor_required,
        };
        let org = org.get_untracked();
        async move {
            api::send::<Settings>(
                Method::PUT,
                &format!("/v1/admin/orgs/{}/sign-in", encode(&org)),
                Some(&body),
            )
            .await
        }
    });
    let notice = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(Ok(saved)) = save.value().get() {
            secret.set(String::new());
            secret_set.set(saved.sso.as_ref().is_some_and(|s| s.client_secret_set));
            notice.set(Some(t.get_untracked().saved.to_owned()));
        }
    });
    let problem = Signal::derive(move || save.value().get().and_then(Result::err));
    let field =
        move |name: &'static str| Signal::derive(move || problem.get().and_then(|p| p.field(name)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let secret = secret.get();
        save.dispatch(SettingsInput {
            sso: enabled.get().then(|| SsoInput {
                issuer: issuer.get().trim().to_owned(),
                client_id: client_id.get().trim().to_owned(),
                client_secret: (!secret.trim().is_empty()).then(|| secret.trim().to_owned()),
                allowed_domains: domains
                    .get()
                    .split([',', '\n', ' '])
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }),
            two_factor_required: two_factor.get(),
        });
    };
    let redirect_uri = loaded.redirect_uri.clone();
    view! {
        <form class="panel stack" on:submit=submit data-testid="sign-in-settings">
            {move || (!owner()).then(|| view! { <p class="alert" role="note">{t.get().owner_only}</p> })}
            <fieldset class="stack" disabled=move || !owner()>
                <legend class="visually-hidden">{move || t.get().settings_title}</legend>
                <label class="check">
                    <input type="checkbox" data-testid="sso-enabled" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    <span>{move || t.get().sso_enabled}</span>
                </label>
                <Show when=move || enabled.get()>
                    <div class="stack indent">
                        <label for="issuer">{move || t.get().issuer_label}</label>
                        <input id="issuer" type="url" required inputmode="url" spellcheck="false"
                            aria-describedby="issuer-hint issuer-error"
                            aria-invalid=move || field("sso.issuer").get().map(|_| "true")
                            prop:value=move || issuer.get() on:input=move |ev| issuer.set(event_target_value(&ev))/>
                        <p class="hint" id="issuer-hint">{move || t.get().issuer_hint}</p>
                        <FieldMessage id="issuer-error" message=field("sso.issuer")/>
                        <label for="client-id">{move || t.get().client_id_label}</label>
                        <input id="client-id" required spellcheck="false" autocomplete="off"
                            aria-describedby="client-id-error"
                            aria-invalid=move || field("sso.clientId").get().map(|_| "true")
                            prop:value=move || client_id.get() on:input=move |ev| client_id.set(event_target_value(&ev))/>
                        <FieldMessage id="client-id-error" message=field("sso.clientId")/>
                        <label for="client-secret">{move || t.get().client_secret_label}</label>
                        <input id="client-secret" type="password" autocomplete="new-password"
                            aria-describedby="client-secret-hint client-secret-error"
                            aria-invalid=move || field("sso.clientSecret").get().map(|_| "true")
                            prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
                        <p class="hint" id="client-secret-hint">
                            {move || if secret_set.get() { t.get().client_secret_kept } else { t.get().client_secret_new }}
                        </p>
                        <FieldMessage id="client-secret-error" message=field("sso.clientSecret")/>
                        <label for="domains">{move || t.get().domains_label}</label>
                        <input id="domains" required spellcheck="false"
                            aria-describedby="domains-hint domains-error"
                            aria-invalid=move || field("sso.allowedDomains").get().map(|_| "true")
                            prop:value=move || domains.get() on:input=move |ev| domains.set(event_target_value(&ev))/>
                        <p class="hint" id="domains-hint">{move || t.get().domains_hint}</p>
                        <FieldMessage id="domains-error" message=field("sso.allowedDomains")/>
                        <p class="label">{move || t.get().redirect_label}</p>
                        <p><code data-testid="redirect-uri">{redirect_uri.clone()}</code></p>
                    </div>
                </Show>
                <label class="check">
                    <input type="checkbox" data-testid="two-factor" prop:checked=move || two_factor.get() on:change=move |ev| two_factor.set(event_target_checked(&ev))/>
                    <span>{move || t.get().two_factor_label}</span>
                </label>
                <div>
                    <button type="submit" class="primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t.get().saving } else { t.get().save }}
                    </button>
                </div>
            </fieldset>
            <Notice message=notice/>
            <ProblemAlert problem=problem/>
        </form>
    }
}
