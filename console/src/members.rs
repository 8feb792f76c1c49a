//! The team: its members and their roles, the invitations sent, and inviting someone.

use attest_core::members::Role;
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, encode, Answer, Problem};
use crate::format;
use crate::i18n::{fill, fill2, use_text, Lang};
use crate::session::use_session;
use crate::shell::use_org;
use crate::ui::{
    held, load_state, row_of, Column, ConfirmButton, DataTable, FieldMessage, Held, Notice,
    ProblemAlert,
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Member {
    id: String,
    email: String,
    name: String,
    role: Role,
    joined_at: String,
    last_signed_in_at: Option<String>,
    passkeys: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invitation {
    id: String,
    email: String,
    role: Role,
    invited_by: String,
    expires_at: String,
    status: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Team {
    members: Vec<Member>,
    invitations: Vec<Invitation>,
}

#[derive(Serialize)]
struct NewInvitation {
    email: String,
    role: Role,
}

#[derive(Serialize)]
struct NewRole {
    role: Role,
}

/// A change to the team, and what to say once it is made.
#[derive(Clone)]
enum Change {
    Role {
        id: String,
        name: String,
        role: Role,
    },
    Remove {
        id: String,
        name: String,
    },
    Revoke {
        id: String,
        email: String,
    },
}

impl Change {
    /// The member the change is about, if it is about one.
    fn member(&self) -> Option<&str> {
        match self {
            Self::Role { id, .. } | Self::Remove { id, .. } => Some(id),
            Self::Revoke { .. } => None,
        }
    }
}

#[component]
pub fn Members() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let team = LocalResource::new(move || {
        let org = org.get();
        async move { api::get::<Team>(&format!("/v1/admin/orgs/{}/members", encode(&org))).await }
    });
    let notice = RwSignal::new(None::<String>);
    // Whom the last change was about (one's own role or membership changes one's session).
    let last_target = RwSignal::new(None::<String>);
    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        last_target.set(change.member().map(str::to_owned));
        let org = org.get_untracked();
        async move {
            let base = format!("/v1/admin/orgs/{}", encode(&org));
            let t = crate::i18n::strings(lang.get_untracked());
            let said = match change {
                Change::Role { id, name, role } => {
                    let path = format!("{base}/members/{}", encode(&id));
                    api::send::<serde_json::Value>(Method::PATCH, &path, Some(&NewRole { role }))
                        .await?;
                    fill2(t.role_changed, &name, t.roles[role as usize])
                }
                Change::Remove { id, name } => {
                    api::send_empty(Method::DELETE, &format!("{base}/members/{}", encode(&id)))
                        .await?;
                    fill(t.member_removed, &name)
                }
                Change::Revoke { id, email } => {
                    api::send_empty(
                        Method::DELETE,
                        &format!("{base}/invitations/{}", encode(&id)),
                    )
                    .await?;
                    fill(t.invitation_revoked, &email)
                }
            };
            Ok::<_, Problem>(said)
        }
    });
    Effect::new(move || {
        let Some(outcome) = change.value().get() else {
            return;
        };
        notice.set(outcome.ok());
        // Made or refused, the table shows what the edge holds (a refused role change
        // puts its select back).
        team.refetch();
        let mine = session
            .member()
            .is_some_and(|me| last_target.get_untracked().as_deref() == Some(me.id.as_str()));
        if mine {
            session.reload();
        }
    });
    let problem = Signal::derive(move || change.value().get().and_then(Result::err));
    let owner = Memo::new(move |_| {
        session
            .member()
            .and_then(|m| m.membership(&org.get()).and_then(|m| m.role))
            == Some(Role::Owner)
    });
    let me = Memo::new(move |_| session.member().map(|m| m.email).unwrap_or_default());
    // What the edge last said, kept while it is asked again. The tables are keyed by id
    // and each row reads its own record from here, so a reload after a change updates
    // the rows in place: a removal someone has begun to confirm, or the role select
    // that has focus, stays as it is instead of being drawn anew under their hands.
    let members = held(team, |team| team.members);
    let invitations = held(team, |team| team.invitations);
    let state = load_state(team);
    let busy = Signal::derive(move || change.pending().get());
    let tables = move || {
        let t = t.get();
        let lang = lang.get();
        let owner = owner.get();
        let me = me.get();
        let member_row = move |first: Member| {
            let m = row_of(members, first, |a, b| a.id == b.id);
            let id = m.with_untracked(|m| m.id.clone());
            let name = move || m.with(display_name);
            let role = Memo::new(move |_| m.with(|m| m.role));
            let select = NodeRef::<leptos::html::Select>::new();
            // The select shows what the edge holds once a change to it is refused, or
            // when the edge's record changes; not in between, while a change is on its way.
            Effect::new(move |shown: Option<Role>| {
                let held = role.get();
                let refused = change.value().with(|v| matches!(v, Some(Err(_))));
                if shown != Some(held) || refused {
                    if let Some(select) = select.get_untracked() {
                        select.set_value(held.key());
                    }
                }
                held
            });
            let (role_id, remove_id) = (id.clone(), id.clone());
            view! {
                <tr data-testid="member">
                    <th scope="row">
                        {name}
                        {m.with_untracked(|m| m.email == me).then(|| view! { <span class="badge">{t.you}</span> })}
                    </th>
                    <td>{move || m.with(|m| m.email.clone())}</td>
                    <td>
                        <label class="visually-hidden" for=format!("role-{id}")>{move || fill(t.role_of, &name())}</label>
                        <select
                            id=format!("role-{id}")
                            data-testid="member-role"
                            node_ref=select
                            disabled=move || !owner && role.get() == Role::Owner
                            on:change=move |ev| {
                                if let Some(role) = Role::from_key(&event_target_value(&ev)) {
                                    change.dispatch(Change::Role { id: role_id.clone(), name: name(), role });
                                }
                            }
                        >
                            {move || {
                                let held = role.get();
                                Role::ALL
                                    .into_iter()
                                    .filter(|r| owner || *r != Role::Owner || held == Role::Owner)
                                    .map(|r| view! { <option value=r.key() selected=r == held>{t.roles[r as usize]}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </td>
                    <td>{move || m.with(|m| format::when(lang, &m.joined_at))}</td>
                    <td>
                        {move || m.with(|m| {
                            m.last_signed_in_at
                                .as_deref()
                                .map(|at| format::when(lang, at))
                                .unwrap_or_else(|| t.never.to_owned())
                        })}
                    </td>
                    <td class="number">{move || m.with(|m| m.passkeys)}</td>
                    <td>
                        <ConfirmButton
                            label=t.remove.to_owned()
                            describe=Signal::derive(move || fill(t.remove_member, &name()))
                            disabled=Signal::derive(move || busy.get() || (!owner && role.get() == Role::Owner))
                            testid="remove-member"
                            on_confirm=move |_| {
                                change.dispatch(Change::Remove { id: remove_id.clone(), name: name() });
                            }
                        />
                    </td>
                </tr>
            }
        };
        let invitation_row = move |i: Invitation| {
            let status = match i.status.as_str() {
                "pending" => t.statuses[0],
                "accepted" => t.statuses[1],
                "revoked" => t.statuses[2],
                _ => t.statuses[3],
            };
            let pending = i.status == "pending";
            let id = i.id.clone();
            let email = i.email.clone();
            view! {
                <tr data-testid="invitation">
                    <th scope="row">{i.email.clone()}</th>
                    <td>{t.roles[i.role as usize]}</td>
                    <td>{i.invited_by.trim_start_matches("member:").to_owned()}</td>
                    <td>{format::when(lang, &i.expires_at)}</td>
                    <td><span class=format!("status status-{}", i.status)>{status}</span></td>
                    <td>
                        {pending.then(|| view! {
                            <ConfirmButton
                                label=t.revoke.to_owned()
                                describe=fill(t.revoke_invitation, &i.email)
                                testid="revoke-invitation"
                                disabled=busy
                                on_confirm=move |_| { change.dispatch(Change::Revoke { id: id.clone(), email: email.clone() }); }
                            />
                        })}
                    </td>
                </tr>
            }
        };
        view! {
            <DataTable
                testid="members"
                columns=vec![
                    Column::text(t.col_name),
                    Column::text(t.col_email),
                    Column::text(t.col_role),
                    Column::text(t.col_joined),
                    Column::text(t.col_last_sign_in),
                    Column::number(t.col_passkeys),
                ]
                actions=t.col_actions
            >
                <For each=move || members.get() key=|m| m.id.clone() children=member_row/>
            </DataTable>

            <h2>{t.invitations_heading}</h2>
            <Show
                when=move || !invitations.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{t.invitations_none}</p> }
            >
                <DataTable
                    testid="invitations"
                    columns=vec![
                        Column::text(t.col_email),
                        Column::text(t.col_role),
                        Column::text(t.col_invited_by),
                        Column::text(t.col_expires),
                        Column::text(t.col_status),
                    ]
                    actions=t.col_actions
                >
                    // An invitation's row is drawn anew when its status or term changes
                    // (revoked, accepted, sent again); the others stay as they are.
                    <For
                        each=move || invitations.get()
                        key=|i| (i.id.clone(), i.status.clone(), i.expires_at.clone())
                        children=invitation_row
                    />
                </DataTable>
            </Show>
        }
    };
    view! {
        <section class="screen" aria-labelledby="members-title">
            <h1 id="members-title">{move || t.get().members_title}</h1>
            <Notice message=notice/>
            <ProblemAlert problem=problem/>
            // Outside the tables: a change there keeps what is typed here.
            <InviteForm
                owner=owner
                on_sent=move |said: String| {
                    notice.set(Some(said));
                    team.refetch();
                }
            />
            <Held state=state retry=move || team.refetch()>{tables}</Held>
        </section>
    }
}

/// A member as the table names them: their name, else their address.
fn display_name(m: &Member) -> String {
    if m.name.is_empty() {
        m.email.clone()
    } else {
        m.name.clone()
    }
}

/// Inviting someone: their address and role, each role said in a line.
#[component]
fn InviteForm(
    /// The member inviting is an owner (only owners invite owners).
    #[prop(into)]
    owner: Signal<bool>,
    /// Called with what to say once the invitation is sent.
    #[prop(into)]
    on_sent: Callback<String>,
) -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
    let invite = Action::new_local(move |input: &(String, Role)| {
        let body = NewInvitation {
            email: input.0.clone(),
            role: input.1,
        };
        let org = org.get_untracked();
        async move {
            api::post::<serde_json::Value>(
                &format!("/v1/admin/orgs/{}/invitations", encode(&org)),
                &body,
            )
            .await
            .map(|_| body.email)
        }
    });
    Effect::new(move || {
        if let Some(Ok(sent)) = invite.value().get() {
            email.set(String::new());
            on_sent.run(fill(
                crate::i18n::strings(lang.get_untracked()).invite_sent,
                &sent,
            ));
        }
    });
    let problem: Signal<Option<Problem>> =
        Signal::derive(move || invite.value().get().and_then(Answer::err));
    let email_error = Signal::derive(move || problem.get().and_then(|p| p.field("email")));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.dispatch((email.get().trim().to_owned(), role.get()));
    };
    view! {
        <form class="panel stack" on:submit=submit data-testid="invite-form" aria-labelledby="invite-title">
            <h2 id="invite-title">{move || t.get().invite_heading}</h2>
            <div class="row">
                <div class="field grow">
                    <label for="invite-email">{move || t.get().invite_email}</label>
                    <input
                        id="invite-email"
                        type="email"
                        required
                        autocomplete="off"
                        aria-describedby="invite-email-error"
                        aria-invalid=move || email_error.get().map(|_| "true")
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <FieldMessage id="invite-email-error" message=email_error/>
                </div>
                <div class="field">
                    <label for="invite-role">{move || t.get().invite_role}</label>
                    <select
                        id="invite-role"
                        aria-describedby="invite-role-hint"
                        on:change=move |ev| {
                            if let Some(r) = Role::from_key(&event_target_value(&ev)) {
                                role.set(r);
                            }
                        }
                    >
                        {move || {
                            let t = t.get();
                            Role::ALL
                                .into_iter()
                                .filter(|r| owner.get() || *r != Role::Owner)
                                .map(|r| view! { <option value=r.key() selected=move || role.get() == r>{t.roles[r as usize]}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <p class="hint" id="invite-role-hint">{move || t.get().role_descriptions[role.get() as usize]}</p>
            <div>
                <button type="submit" class="primary" disabled=move || invite.pending().get()>
                    {move || if invite.pending().get() { t.get().saving } else { t.get().invite_button }}
                </button>
            </div>
            <ProblemAlert problem=Signal::derive(move || problem.get().filter(|p| p.field("email").is_none()))/>
        </form>
    }
}
