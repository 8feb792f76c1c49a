//! Who is calling: an API token of the organisation in the path (stored as a hash, scoped),
//! a member signed in (by their session, with a role), or the operator's platform token. The route table says which a route needs; the router
//! asks here before the handler runs.

use attest_core::members::{self, Permission, Role};
use attest_core::OrgSlug;
use serde::Deserialize;
use worker::{query, Env, Request};

use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::session;
use crate::shared::storage::{self, DB};

/// Who calls an organisation's admin API: one of its API tokens, or a member signed in.
#[derive(Debug)]
pub struct Caller {
    org: String,
    who: Who,
}

#[derive(Debug)]
enum Who {
    Token { name: String, scopes: String },
    Member { member: Member, role: Role },
}

/// A person signed in, by their session.
#[derive(Debug, Clone)]
pub struct Member {
    /// The person's id (`per_…`).
    pub person: String,
    pub email: String,
    pub name: String,
    /// The session's id (`ses_…`), and how it was signed in: `link`, `sso`, `passkey`.
    pub session: String,
    pub method: String,
    /// For single sign-on: the organisation whose provider vouched for the person. Its
    /// session counts there only: another organisation's provider is not trusted to say
    /// who someone is elsewhere.
    pub sso_org: Option<String>,
    /// The hash of the session's secret (its CSRF token is derived from it).
    pub token_hash: String,
}

impl Member {
    /// How the audit log names the member: `member:<address>`.
    pub fn actor(&self) -> String {
        format!("member:{}", self.email)
    }

    /// Whether this session may act in `org`: an SSO session in its own organisation
    /// only, and two factors (SSO or a passkey) where `org` requires them.
    pub fn admitted(&self, org: &str, two_factor_required: bool) -> Result<(), String> {
        if self.method == "sso" && self.sso_org.as_deref() != Some(org) {
            return Err(format!(
                "You signed in through {}'s single sign-on, which speaks for {} only; sign in again for {org}",
                self.sso_org.as_deref().unwrap_or("another organisation"),
                self.sso_org.as_deref().unwrap_or("it")
            ));
        }
        if two_factor_required && !strong(&self.method) {
            return Err(format!(
                "{org} requires single sign-on or a passkey; you signed in with an e-mail link"
            ));
        }
        Ok(())
    }

    /// Whether this session may add a way of signing in that counts everywhere (a
    /// passkey): one from an e-mail link, unless an organisation of the person's requires
    /// two factors; one from single sign-on, when the person belongs to that
    /// organisation only; one from a passkey.
    pub fn may_add_passkey(&self, memberships: &[Membership]) -> Result<(), ApiError> {
        match self.method.as_str() {
            "passkey" => Ok(()),
            "link" if memberships.iter().all(|m| m.two_factor_required == 0) => Ok(()),
            "link" => Err(ApiError::Forbidden(
                "An organisation of yours requires two factors: sign in with single sign-on or a passkey to add a passkey".into(),
            )),
            _ if memberships
                .iter()
                .all(|m| Some(m.org.as_str()) == self.sso_org.as_deref()) =>
            {
                Ok(())
            }
            _ => Err(ApiError::Forbidden(
                "You belong to more than the organisation whose single sign-on you used: sign in with an e-mail link or a passkey to add a passkey".into(),
            )),
        }
    }
}

impl Caller {
    /// A token's scopes, as it was made with them (none for a member).
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        let scopes = match &self.who {
            Who::Token { scopes, .. } => scopes.as_str(),
            Who::Member { .. } => "",
        };
        scopes.split([',', ' ']).filter(|s| !s.is_empty())
    }

    /// What the caller may do: a token by its scopes, a member by their role
    /// (`attest_core::members`).
    pub fn permissions(&self) -> Vec<Permission> {
        match &self.who {
            Who::Token { .. } => members::token_permissions(self.scopes()),
            Who::Member { role, .. } => role.permissions().to_vec(),
        }
    }

    /// The token's name, or the member's.
    pub fn name(&self) -> &str {
        match &self.who {
            Who::Token { name, .. } => name,
            Who::Member { member, .. } => &member.name,
        }
    }

    /// The organisation it acts in.
    pub fn org(&self) -> &str {
        &self.org
    }

    /// The member's person id (`per_…`), when it is one.
    pub fn person(&self) -> Option<&str> {
        match &self.who {
            Who::Member { member, .. } => Some(&member.person),
            Who::Token { .. } => None,
        }
    }

    /// The member's role, when it is one.
    pub fn role(&self) -> Option<Role> {
        match &self.who {
            Who::Member { role, .. } => Some(*role),
            Who::Token { .. } => None,
        }
    }

    /// How the audit log names the caller: `token:<name>`, `member:<address>`.
    pub fn actor(&self) -> String {
        match &self.who {
            Who::Token { name, .. } => format!("token:{name}"),
            Who::Member { member, .. } => member.actor(),
        }
    }

    /// The caller, when it may do what the route needs; a `403` that says what would
    /// let it otherwise.
    pub fn require(self, permission: Permission) -> Result<Self, ApiError> {
        if self.permissions().contains(&permission) {
            return Ok(self);
        }
        Err(ApiError::Forbidden(match &self.who {
            Who::Token { .. } => format!(
                "This token lacks the scope `{}`",
                members::scope_for(permission)
            ),
            Who::Member { role, .. } => format!(
                "Your role in {} ({}) does not allow this; it needs the permission `{}`",
                self.org,
                role.key(),
                permission.key()
            ),
        }))
    }
}

/// A session as the request's cookie names it, live, with the person it is of.
#[derive(Deserialize)]
struct SessionRow {
    person: String,
    email: String,
    name: String,
    session: String,
    method: String,
    sso_org: Option<String>,
    last_seen_at: i64,
    role: Option<String>,
    two_factor_required: Option<i64>,
}

fn session_unauthorised() -> ApiError {
    ApiError::Unauthorized(
        "This session has ended (signed out, idle too long, or removed); sign in again".into(),
    )
}

/// The live session the request's cookie names, with the person's role in `org` (if
/// any) and whether `org` requires two factors: one read.
async fn session_in(
    req: &Request,
    env: &Env,
    org: Option<&OrgSlug>,
    now: i64,
) -> Result<Option<(Member, SessionRow)>, ApiError> {
    let Some(secret) = session::secret(req) else {
        return Ok(None);
    };
    let db = env.d1(DB)?;
    let token_hash = crypto::sha256_hex(&secret);
    let row: Option<SessionRow> = storage::first(query!(
        &db,
        &format!(
            "SELECT s.person_id AS person, p.email, p.name, s.id AS session, s.method, s.sso_org, s.last_seen_at,
                    m.role, st.two_factor_required
             FROM sessions s JOIN people p ON p.id = s.person_id
             LEFT JOIN memberships m ON m.person_id = s.person_id AND m.org = ?3
             LEFT JOIN sign_in_settings st ON st.org = ?3
             WHERE s.token_hash = ?1 AND {}",
            session::live("?2")
        ),
        &token_hash,
        now,
        org.map(OrgSlug::as_str)
    )?)
    .await?;
    let row = row.ok_or_else(session_unauthorised)?;
    session::touch(&db, &row.session, row.last_seen_at, now).await?;
    let member = Member {
        person: row.person.clone(),
        email: row.email.clone(),
        name: row.name.clone(),
        session: row.session.clone(),
        method: row.method.clone(),
        sso_org: row.sso_org.clone(),
        token_hash,
    };
    Ok(Some((member, row)))
}

/// Whether a session signed in by `method` meets an organisation that requires two
/// factors (single sign-on or a passkey; an e-mail link alone does not).
pub fn strong(method: &str) -> bool {
    matches!(method, "sso" | "passkey")
}

/// The caller of `org`'s admin API: `401` without a live token or session, `403` with
/// another organisation's token, for a person who is not its member, or a session that
/// is not enough there. A change made with a session must pass the CSRF check.
pub async fn authorise(
    req: &Request,
    env: &Env,
    org: &OrgSlug,
    now: i64,
) -> Result<Caller, ApiError> {
    if http::bearer(req).is_none() {
        if let Some((member, row)) = session_in(req, env, Some(org), now).await? {
            session::check_csrf(req, &Keys::from_env(env)?, &member.token_hash)?;
            let role = row
                .role
                .as_deref()
                .and_then(Role::from_key)
                .ok_or_else(|| ApiError::Forbidden(format!("You are not a member of {org}")))?;
            member
                .admitted(org.as_str(), row.two_factor_required == Some(1))
                .map_err(ApiError::Forbidden)?;
            return Ok(Caller {
                org: org.to_string(),
                who: Who::Member { member, role },
            });
        }
    }
    let unauthorised = || {
        ApiError::Unauthorized(format!(
            "This needs an API token of {org} as `Authorization: Bearer <token>`, or a member's session"
        ))
    };
    let token = http::bearer(req).ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    let now = attest_core::date::rfc3339(now);
    let hash = crypto::sha256_hex(&token);
    #[derive(Deserialize)]
    struct TokenRow {
        org: String,
        name: String,
        scopes: String,
    }
    let caller: Option<TokenRow> = storage::first(query!(
        &db,
        "SELECT org, name, scopes FROM api_tokens
         WHERE token_hash = ?1 AND org = ?2 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > ?3)",
        &hash,
        org.as_str(),
        &now
    )?)
    .await?;
    if let Some(row) = caller {
        return Ok(Caller {
            org: row.org,
            who: Who::Token {
                name: row.name,
                scopes: row.scopes,
            },
        });
    }
    // A valid token of another organisation: known, but not allowed here.
    let elsewhere: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT org FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > ?2) LIMIT 1",
        &hash,
        &now
    )?)
    .await?;
    match elsewhere {
        Some(_) => Err(ApiError::Forbidden(format!(
            "This token is not one of {org}'s"
        ))),
        None => Err(unauthorised()),
    }
}

/// Whoever holds a live credential of the admin API.
pub enum Identity {
    /// An API token, in every organisation it is one of (an operator's token may serve
    /// several).
    Tokens(Vec<Caller>),
    /// A member signed in, with their organisations and roles.
    Member {
        member: Member,
        memberships: Vec<Membership>,
    },
}

/// A member's place in one organisation.
#[derive(Deserialize)]
pub struct Membership {
    pub org: String,
    pub role: String,
    /// The organisation requires two factors.
    pub two_factor_required: i64,
}

/// Whoever holds a live credential: `401` for none, or one unknown, expired or revoked.
/// A change made with a session must pass the CSRF check.
pub async fn identify(req: &Request, env: &Env, now: i64) -> Result<Identity, ApiError> {
    if http::bearer(req).is_none() && session::secret(req).is_some() {
        return person(req, env, now).await;
    }
    let unauthorised = || {
        ApiError::Unauthorized(
            "This needs an API token as `Authorization: Bearer <token>`, or a member's session"
                .into(),
        )
    };
    let token = http::bearer(req).ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    #[derive(Deserialize)]
    struct TokenRow {
        org: String,
        name: String,
        scopes: String,
    }
    let rows: Vec<TokenRow> = storage::all(query!(
        &db,
        "SELECT org, name, scopes FROM api_tokens
         WHERE token_hash = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)
         ORDER BY org",
        crypto::sha256_hex(&token),
        attest_core::date::rfc3339(now)
    )?)
    .await?;
    if rows.is_empty() {
        return Err(unauthorised());
    }
    Ok(Identity::Tokens(
        rows.into_iter()
            .map(|row| Caller {
                org: row.org,
                who: Who::Token {
                    name: row.name,
                    scopes: row.scopes,
                },
            })
            .collect(),
    ))
}

/// The person the request's session is of, whatever else it carries: `401` without a
/// live session. A change must pass the CSRF check.
pub async fn person(req: &Request, env: &Env, now: i64) -> Result<Identity, ApiError> {
    let Some((member, _)) = session_in(req, env, None, now).await? else {
        return Err(ApiError::Unauthorized(
            "This is for a member signed in: no session came with the request".into(),
        ));
    };
    session::check_csrf(req, &Keys::from_env(env)?, &member.token_hash)?;
    let db = env.d1(DB)?;
    let memberships: Vec<Membership> = storage::all(query!(
        &db,
        "SELECT m.org, m.role, COALESCE(st.two_factor_required, 0) AS two_factor_required
         FROM memberships m LEFT JOIN sign_in_settings st ON st.org = m.org
         WHERE m.person_id = ?1 ORDER BY m.org",
        &member.person
    )?)
    .await?;
    Ok(Identity::Member {
        member,
        memberships,
    })
}

/// The member signed in: `401` without a live session, `403` for an API token (what
/// only a person may do: accept an invitation, list their sessions).
pub fn member_only(identity: Identity) -> Result<(Member, Vec<Membership>), ApiError> {
    match identity {
        Identity::Member {
            member,
            memberships,
        } => Ok((member, memberships)),
        Identity::Tokens(_) => Err(ApiError::Forbidden(
            "This is for a member signed in, not an API token".into(),
        )),
    }
}

/// The operator's call: the request carries the platform token (`PLATFORM_TOKEN`, a
/// Worker secret of at least 32 characters).
pub fn platform(req: &Request, env: &Env) -> Result<(), ApiError> {
    let platform = env
        .secret("PLATFORM_TOKEN")
        .ok()
        .or_else(|| env.var("PLATFORM_TOKEN").ok())
        .map(|s| s.to_string())
        .filter(|s| s.len() >= 32)
        .ok_or_else(|| ApiError::Unavailable("PLATFORM_TOKEN is not configured".into()))?;
    let sent = http::bearer(req).unwrap_or_default();
    if crypto::same(&crypto::sha256_hex(&sent), &crypto::sha256_hex(&platform)) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized(
            "Creating an organisation needs the platform token".into(),
        ))
    }
}
