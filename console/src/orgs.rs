//! Choosing the organisation to work in, and where an organisation's page starts.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

use crate::i18n::use_text;
use crate::session::use_session;
use crate::shell::{replace, use_org};

/// The member's organisations, each with their role. Straight in when there is one, or
/// when the single sign-on that just ended named one (`?org=`).
#[component]
pub fn OrgChooser() -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let query = use_query_map();
    let me = move || session.member().unwrap_or_default();
    move || {
        let me = me();
        let asked = query.get().get("org");
        let straight = match (asked, me.organisations.as_slice()) {
            (Some(org), _) if me.membership(&org).is_some() => Some(org),
            (_, [only]) => Some(only.org.clone()),
            _ => None,
        };
        if let Some(org) = straight {
            return EitherOf3::A(
                view! { <Redirect path=format!("/console/orgs/{org}") options=replace()/> },
            );
        }
        if me.organisations.is_empty() {
            return EitherOf3::B(view! {
                <div class="narrow">
                    <h1>{move || t.get().orgs_title}</h1>
                    <p class="alert">{move || t.get().orgs_none}</p>
                </div>
            });
        }
        let t_now = t.get();
        EitherOf3::C(view! {
            <div class="narrow">
                <h1>{t_now.orgs_title}</h1>
                <ul class="org-list" data-testid="org-list">
                    {me.organisations
                        .into_iter()
                        .map(|m| {
                            let note = m.permissions.is_empty().then(|| {
                                if m.two_factor_required == Some(true) {
                                    t_now.orgs_two_factor
                                } else {
                                    t_now.orgs_other_sso
                                }
                            });
                            view! {
                                <li>
                                    <A href=format!("/console/orgs/{}", m.org)>
                                        <span class="org-name">{m.org.clone()}</span>
                                        <span class="badge">{m.role.map(|r| t_now.roles[r as usize])}</span>
                                    </A>
                                    {note.map(|n| view! { <p class="hint">{n}</p> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// An organisation's first screen: the first section the member's role reaches.
#[component]
pub fn OrgHome() -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let org = use_org();
    move || {
        let me = session.member().unwrap_or_default();
        let org = org.get();
        let first = crate::shell::SECTIONS
            .into_iter()
            .find(|(any_of, _)| any_of.iter().any(|p| me.may(&org, *p)));
        match first {
            Some((_, section)) => Either::Left(
                view! { <Redirect path=format!("/console/orgs/{org}/{section}") options=replace()/> },
            ),
            None => Either::Right(view! { <p class="narrow">{t.get().no_permission}</p> }),
        }
    }
}
