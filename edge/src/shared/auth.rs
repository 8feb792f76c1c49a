//! Who is calling: an API token of the organisation in the path (stored as a hash, scoped),
//! or the operator's platform token. The route table says which a route needs; the router
//! asks here before the handler runs.

use attest_core::members::{self, Permission};
use attest_core::OrgSlug;
use serde::Deserialize;
use worker::{query, Env, Request};

use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

/// A token of the organisation in the path.
#[derive(Debug, Deserialize)]
pub struct Caller {
    org: String,
    name: String,
    scopes: String,
}

impl Caller {
    /// The token's scopes, as it was made with them.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scopes.split([',', ' ']).filter(|s| !s.is_empty())
    }

    /// What the token may do (`attest_core::members::SCOPES`).
    pub fn permissions(&self) -> Vec<Permission> {
        members::token_permissions(self.scopes())
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The organisation the token is of.
    pub fn org(&self) -> &str {
        &self.org
    }

    /// How the audit log names the caller: the token's name, the team member.
    pub fn actor(&self) -> String {
        format!("token:{}", self.name)
    }

    /// The caller, when it may do what the route needs; a `403` naming the scope that
    /// would let it otherwise.
    pub fn require(self, permission: Permission) -> Result<Self, ApiError> {
        if self.permissions().contains(&permission) {
            Ok(self)
        } else {
            Err(ApiError::Forbidden(format!(
                "This token lacks the scope `{}`",
                members::scope_for(permission)
            )))
        }
    }
}

/// The caller of `org`'s admin API: `401` without a live token, `403` with another
/// organisation's.
pub async fn authorise(
    req: &Request,
    env: &Env,
    org: &OrgSlug,
    now: i64,
) -> Result<Caller, ApiError> {
    let unauthorised = || {
        ApiError::Unauthorized(format!(
            "This needs an API token of {org} as `Authorization: Bearer <token>`"
        ))
    };
    let token = http::bearer(req).ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    let now = attest_core::date::rfc3339(now);
    let hash = crypto::sha256_hex(&token);
    let caller: Option<Caller> = storage::first(query!(
        &db,
        "SELECT org, name, scopes FROM api_tokens
         WHERE token_hash = ?1 AND org = ?2 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > ?3)",
        &hash,
        org.as_str(),
        &now
    )?)
    .await?;
    if let Some(caller) = caller {
        return Ok(caller);
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

/// Whoever holds a live credential of the admin API, in every organisation it is one of
/// (an operator's token may serve several): `401` for none, or one unknown, expired or
/// revoked.
pub async fn identify(req: &Request, env: &Env, now: i64) -> Result<Vec<Caller>, ApiError> {
    let unauthorised = || {
        ApiError::Unauthorized("This needs an API token as `Authorization: Bearer <token>`".into())
    };
    let token = http::bearer(req).ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    let callers: Vec<Caller> = storage::all(query!(
        &db,
        "SELECT org, name, scopes FROM api_tokens
         WHERE token_hash = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)
         ORDER BY org",
        crypto::sha256_hex(&token),
        attest_core::date::rfc3339(now)
    )?)
    .await?;
    if callers.is_empty() {
        return Err(unauthorised());
    }
    Ok(callers)
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
