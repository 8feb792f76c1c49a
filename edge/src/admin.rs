//! The admin API's door: API tokens, scoped to one organisation, stored as hashes. And
//! the first admin resource, the e-mail outbox.

use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::json;
use worker::{query, Env, Request, Response};

use crate::crypto::{self, Keys};
use crate::storage::{self, DB};
use crate::{forms, outbox, ApiError};

/// Who is calling: a token of the organisation in the path.
#[derive(Debug, Deserialize)]
pub struct Caller {
    name: String,
    scopes: String,
}

impl Caller {
    /// Whether the token may use `scope`; `admin` may use every one.
    fn may(&self, scope: &str) -> bool {
        self.scopes
            .split([',', ' '])
            .any(|s| s == "admin" || s == scope)
    }

    /// How the audit log names the caller: the token's name, the team member.
    pub fn actor(&self) -> String {
        format!("token:{}", self.name)
    }

    pub fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.may(scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "This token lacks the scope `{scope}`"
            )))
        }
    }
}

pub async fn authorise(req: &Request, env: &Env, org: &OrgSlug) -> Result<Caller, ApiError> {
    let unauthorised = || {
        ApiError::Unauthorized(format!(
            "This needs an API token of {org} as `Authorization: Bearer <token>`"
        ))
    };
    let token = req
        .headers()
        .get("authorization")?
        .and_then(|h| h.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    let now = attest_core::date::rfc3339(crate::http::now_unix_seconds());
    let hash = crypto::sha256_hex(&token);
    let caller: Option<Caller> = storage::first(query!(
        &db,
        "SELECT name, scopes FROM api_tokens
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

/// `GET /v1/admin/orgs/{org}/outbox?limit=100`: the organisation's e-mail, newest first,
/// opened for reading.
pub async fn outbox(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    authorise(req, env, &org).await?.require("outbox:read")?;
    let limit = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "limit")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let keys = Keys::from_env(env)?;
    let messages = outbox::list(env, &keys, org.as_str(), limit).await?;
    forms::json(200, &json!({ "org": org.as_str(), "messages": messages }))
}
