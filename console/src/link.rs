//! The page an e-mailed sign-in link opens. Opening it signs nobody in (a mail scanner
//! follows links too): the member presses the button, which posts the token.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::i18n::use_text;
use crate::join::{pending_invitation, PendingInvitation};
use crate::preferences::{store, stored};
use crate::session::use_session;
use crate::shell::LanguagePicker;
use crate::ui::{FieldMessage, ProblemAlert};

/// The name someone invited gave before asking for their first link.
pub const NAME_KEY: &str = "attest.console.name";

#[derive(Serialize)]
struct UseLink {
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignedIn {
    csrf_token: String,
}

#[component]
pub fn LinkSignIn(
    /// The link's token.
    token: String,
) -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(stored(NAME_KEY).unwrap_or_default());
    let sign_in = Action::new_local(move |body: &UseLink| {
        let body = UseLink {
            token: body.token.clone(),
            name: body.name.clone(),
        };
        async move { api::post::<SignedIn>("/v1/auth/email-link/sign-in", &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(signed)) = sign_in.value().get() {
            api::set_csrf_token(Some(signed.csrf_token));
            store(NAME_KEY, None);
            session.reload();
            let to = match pending_invitation() {
                Some(PendingInvitation { token, org }) => format!(
                    "/console/join?invitation={}&org={}",
                    api::encode(&token),
                    api::encode(&org)
                ),
                None => "/console/".to_owned(),
            };
            navigate(&to, NavigateOptions::default());
        }
    });
    let problem = Signal::derive(move || sign_in.value().get().and_then(Result::err));
    let gone = move || problem.get().is_some_and(|p| p.status == 410);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name.get().trim().to_owned();
        sign_in.dispatch(UseLink {
            token: token.clone(),
            name: (!name.is_empty()).then_some(name),
        });
    };
    view! {
        <main id="main" class="sign-in">
            <form class="card stack" on:submit=submit data-testid="link-sign-in">
                <div class="card-top"><p class="brand-line"><span class="logo" aria-hidden="true">"◆"</span>" Attest"</p><LanguagePicker/></div>
                <h1>{move || t.get().link_title}</h1>
                <p class="lead">{move || t.get().link_intro}</p>
                <label for="name">{move || t.get().name_label}</label>
                <input
                    id="name"
                    autocomplete="name"
                    maxlength="200"
                    aria-describedby="name-hint name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="hint" id="name-hint">{move || t.get().name_hint}</p>
                <FieldMessage id="name-error" message=Signal::derive(move || problem.get().and_then(|p| p.field("name")))/>
                <button type="submit" class="primary" disabled=move || sign_in.pending().get() || gone()>
                    {move || t.get().link_continue}
                </button>
                <ProblemAlert problem=Signal::derive(move || problem.get().filter(|p| p.field("name").is_none()))/>
                {move || gone().then(|| view! { <A href="/console/sign-in">{t.get().link_again}</A> })}
            </form>
        </main>
    }
}
