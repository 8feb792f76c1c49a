//! `GET /v1/admin/me`: who is asking, and what they may do in each organisation.

use attest_core::members::{Permission, Role};
use serde::Serialize;

use crate::router::{Ctx, Doc, Identified, Json};
use crate::shared::auth::Identity;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::session;

/// `GET /v1/admin/me` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "me",
    summary: "Who is asking: a member or a token, its organisations and what it may do in each",
    description: "For a member signed in: who they are, how they signed in, their role in each organisation and the CSRF token their changes carry (`X-CSRF-Token`). For an API token: its name and its organisation, with the token's scopes and the permissions they grant. The console asks this first.",
    answer: "The caller.",
    errors: &[],
    headers: &[],
};

/// The caller of the admin API.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// `member`: a person signed in; `token`: an API token, for machines.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["member", "token"])))]
    kind: &'static str,
    /// The member's name, or the token's (as the audit log names it, `token:<name>`).
    name: String,
    /// The member's address (`member:<email>` in the audit log).
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    /// The member's person id.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// The session this call came with.
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<SessionShown>,
    /// What a change made with this session carries in `X-CSRF-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    csrf_token: Option<String>,
    organisations: Vec<Membership>,
}

/// The session of the call.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionShown {
    id: String,
    /// How it was signed in.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["link", "sso", "passkey"])))]
    method: String,
}

/// An organisation the caller may act in, and what it may do there.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    org: String,
    /// A member's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    /// A token's scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
    /// What the role or scopes let it do, each the permission an admin route declares;
    /// none where this session does not count (the organisation requires two factors it
    /// lacks, or it came from another organisation's single sign-on).
    permissions: Vec<Permission>,
    /// The organisation requires single sign-on or a passkey (not an e-mail link alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    two_factor_required: Option<bool>,
}

pub async fn get(ctx: Ctx, Identified(identity): Identified) -> Result<Json<Me>, ApiError> {
    Ok(Json(match identity {
        Identity::Tokens(callers) => Me {
            kind: "token",
            name: callers
                .first()
                .map(|c| c.name().to_owned())
                .unwrap_or_default(),
            email: None,
            id: None,
            session: None,
            csrf_token: None,
            organisations: callers
                .iter()
                .map(|caller| Membership {
                    org: caller.org().to_owned(),
                    role: None,
                    scopes: Some(caller.scopes().map(str::to_owned).collect()),
                    permissions: caller.permissions(),
                    two_factor_required: None,
                })
                .collect(),
        },
        Identity::Member {
            member,
            memberships,
        } => {
            let keys = Keys::from_env(&ctx.env)?;
            Me {
                kind: "member",
                csrf_token: Some(session::csrf_token(&keys, &member.token_hash)),
                organisations: memberships
                    .into_iter()
                    .filter_map(|m| {
                        let role = Role::from_key(&m.role)?;
                        let required = m.two_factor_required == 1;
                        let admitted = member.admitted(&m.org, required).is_ok();
                        Some(Membership {
                            permissions: if admitted {
                                role.permissions().to_vec()
                            } else {
                                Vec::new()
                            },
                            org: m.org,
                            role: Some(role),
                            scopes: None,
                            two_factor_required: Some(required),
                        })
                    })
                    .collect(),
                name: member.name,
                email: Some(member.email),
                id: Some(member.person),
                session: Some(SessionShown {
                    id: member.session,
                    method: member.method,
                }),
            }
        }
    }))
}
