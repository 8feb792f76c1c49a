//! The page an invitation's e-mail opens: sign in as the invited address (single sign-on
//! or an e-mail link), then accept. The invitation waits in `localStorage` while the
//! e-mail link makes its round trip through the inbox.

use attest_core::members::Role;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::i18n::{fill, fill2, use_text};
use crate::preferences::{store, stored};
use crate::session::use_session;
use crate::shell::LanguagePicker;
use crate::sign_in::{leave_for, sso_start, LinkForm};
use crate::ui::ProblemAlert;

const INVITATION_KEY: &str = "attest.console.invitation";

/// An invitation being accepted: its token and organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub token: String,
    pub org: String,
}

pub fn pending_invitation() -> Option<PendingInvitation> {
    serde_json::from_str(&stored(INVITATION_KEY)?).ok()
}

/// Drops the invitation waiting on this device (accepted, or its member signed out).
pub fn forget_invitation() {
    store(INVITATION_KEY, None);
}

#[derive(Serialize)]
struct Accept {
    token: String,
}

#[derive(Clone, Deserialize)]
struct Joined {
    org: String,
    role: Role,
}

#[component]
pub fn Join() -> impl IntoView {
    let t = use_text();
    let query = use_query_map();
    let session = use_session();
    let invitation = move || {
        let query = query.get();
        Some(PendingInvitation {
            token: query.get("invitation").filter(|t| !t.is_empty())?,
            org: query.get("org").unwrap_or_default(),
        })
    };
    // Outside the signed-in part, which renders again once the session reloads.
    let joined = RwSignal::new(None::<Joined>);
    Effect::new(move || {
        if let Some(pending) = invitation() {
            store(
                INVITATION_KEY,
                serde_json::to_string(&pending).ok().as_deref(),
            );
        }
    });
    view! {
        <main id="main" class="sign-in">
            <div class="card stack" data-testid="join">
                <div class="card-top"><p class="brand-line"><span class="logo" aria-hidden="true">"◆"</span>" Attest"</p><LanguagePicker/></div>
                <h1>{move || t.get().join_title}</h1>
                {move || match invitation() {
                    None => Either::Left(view! { <p class="alert error" role="alert">{t.get().join_missing}</p> }),
                    Some(pending) => Either::Right(view! {
                        <p class="lead">{fill(t.get().join_intro, &pending.org)}</p>
                        <Transition fallback=crate::ui::Loading>
                            {move || {
                                let pending = pending.clone();
                                Suspend::new(async move {
                                    match session.me.await {
                                        Ok(me) if me.kind == "member" => Either::Left(view! { <AcceptInvitation pending=pending email=me.email joined=joined/> }),
                                        _ => Either::Right(view! { <SignInToJoin pending=pending/> }),
                                    }
                                })
                            }}
                        </Transition>
                    }),
                }}
            </div>
        </main>
    }
}

/// Signed in: accept, as this address.
#[component]
fn AcceptInvitation(
    pending: PendingInvitation,
    email: String,
    /// Set once accepted (kept by the page).
    joined: RwSignal<Option<Joined>>,
) -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let accept = Action::new_local(move |token: &String| {
        let body = Accept {
            token: token.clone(),
        };
        async move { api::post::<Joined>("/v1/admin/me/invitations", &body).await }
    });
    Effect::new(move || {
        if let Some(Ok(done)) = accept.value().get() {
            store(INVITATION_KEY, None);
            joined.set(Some(done));
            session.reload();
        }
    });
    let token = pending.token.clone();
    let problem = Signal::derive(move || accept.value().get().and_then(Result::err));
    view! {
        <p>{move || fill(t.get().signed_in_as, &email)}</p>
        {move || match joined.get() {
            Some(joined) => Either::Left(view! {
                <p class="notice" role="status" data-testid="joined">
                    {fill2(t.get().join_done, &joined.org, t.get().roles[joined.role as usize])}
                </p>
                <A
                    href=format!("/console/orgs/{}", joined.org)
                    attr:class="button primary"
                    attr:data-testid="open-org"
                >
                    {fill(t.get().join_open, &joined.org)}
                </A>
            }),
            _ => {
                let token = token.clone();
                Either::Right(view! {
                    <button
                        type="button"
                        class="primary"
                        data-testid="accept"
                        disabled=move || accept.pending().get()
                        on:click=move |_| {
                            accept.dispatch(token.clone());
                        }
                    >
                        {move || t.get().join_button}
                    </button>
                    <ProblemAlert problem=problem/>
                    {move || problem.get().filter(|p| p.status == 403).map(|_| view! { <p class="hint">{t.get().join_other}</p> })}
                })
            }
        }}
    }
}

/// Not signed in yet: the organisation's single sign-on, or an e-mail link.
#[component]
fn SignInToJoin(pending: PendingInvitation) -> impl IntoView {
    let t = use_text();
    let org = pending.org.clone();
    let start = sso_start(&pending.org, Some(&pending.token));
    view! {
        {(!org.is_empty()).then(|| {
            let org = org.clone();
            view! {
                <button type="button" class="primary" data-testid="join-sso" on:click=move |_| leave_for(&start)>
                    {move || fill(t.get().join_sso, &org)}
                </button>
                <p class="or" aria-hidden="true"><span>{move || t.get().or}</span></p>
            }
        })}
        <LinkForm ask_name=true/>
    }
}
