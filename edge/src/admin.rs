//! The admin API's door: API tokens, scoped to one organisation, stored as hashes. And
//! the first admin resource, the e-mail outbox.

use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::json;
use worker::{query, Env, Request, Response};

use crate::crypto::{self, Keys};
use crate::storage::{self, DB};
use crate::{forms, http, outbox, ApiError};

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
    let token = http::bearer(req).ok_or_else(unauthorised)?;
    let db = env.d1(DB)?;
    let now = attest_core::date::rfc3339(http::now_unix_seconds());
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
    let limit = http::query(req, "limit")?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let keys = Keys::from_env(env)?;
    let messages = outbox::list(env, &keys, org.as_str(), "email", None, limit).await?;
    forms::json(200, &json!({ "org": org.as_str(), "messages": messages }))
}

/// The scopes a token may carry.
const SCOPES: [&str; 5] = [
    "admin",
    "content:write",
    "requests:read",
    "requests:write",
    "outbox:read",
];

/// A new token's secret: 256 random bits.
fn new_secret() -> String {
    format!("atk_{}", crypto::random_hex(32))
}

#[derive(Deserialize)]
struct NewOrg {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
}

/// `POST /v1/admin/orgs` with the platform token: a new organisation and its first
/// token (`admin`), shown once.
pub async fn create_org(req: &mut Request, env: &Env) -> Result<Response, ApiError> {
    let platform = env
        .secret("PLATFORM_TOKEN")
        .ok()
        .or_else(|| env.var("PLATFORM_TOKEN").ok())
        .map(|s| s.to_string())
        .filter(|s| s.len() >= 32)
        .ok_or_else(|| ApiError::Unavailable("PLATFORM_TOKEN is not configured".into()))?;
    let sent = http::bearer(req).unwrap_or_default();
    if !crypto::same(&crypto::sha256_hex(&sent), &crypto::sha256_hex(&platform)) {
        return Err(ApiError::Unauthorized(
            "Creating an organisation needs the platform token".into(),
        ));
    }
    let input: NewOrg = http::json_body(req).await?;
    let slug = OrgSlug::parse(input.slug.as_str()).map_err(|e| ApiError::Invalid(vec![e]))?;
    let name = attest_core::Name::parse_field("name", input.name.as_str())
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = env.d1(DB)?;
    let exists: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT slug FROM organisations WHERE slug = ?1",
        slug.as_str()
    )?)
    .await?;
    if exists.is_some() {
        return Err(ApiError::Conflict(format!("{slug} exists already")));
    }
    let secret = new_secret();
    let id = format!("tok_{}", crypto::random_hex(8));
    crate::audit::commit(
        &db,
        slug.as_str(),
        crate::audit::Change {
            actor: "platform",
            action: "organisation.created",
            target: slug.as_str(),
            before: None,
            after: Some(json!({ "name": name.as_str(), "token": { "id": id, "name": "owner", "scopes": ["admin"] } })),
        },
        vec![
            query!(
                &db,
                "INSERT INTO organisations (slug, name) VALUES (?1, ?2)",
                slug.as_str(),
                name.as_str()
            )?,
            query!(
                &db,
                "INSERT INTO api_tokens (id, org, name, token_hash, scopes) VALUES (?1, ?2, 'owner', ?3, 'admin')",
                &id,
                slug.as_str(),
                crypto::sha256_hex(&secret)
            )?,
        ],
    )
    .await?;
    forms::json(
        201,
        &json!({ "org": slug.as_str(), "name": name.as_str(), "token": { "id": id, "name": "owner", "scopes": ["admin"], "secret": secret } }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewToken {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    expires_at: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/tokens` (admin): a token for a team member, shown once.
pub async fn create_token(
    req: &mut Request,
    env: &Env,
    org: OrgSlug,
) -> Result<Response, ApiError> {
    let caller = authorise(req, env, &org).await?;
    caller.require("admin")?;
    let input: NewToken = http::json_body(req).await?;
    let name = attest_core::Name::parse_field("name", input.name.as_str())
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    if input.scopes.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: "scopes".into(),
            },
        ]));
    }
    if let Some(unknown) = input.scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return Err(ApiError::invalid(
            "scopes",
            format!(
                "{unknown} is not a scope; the scopes are {}",
                SCOPES.join(", ")
            ),
        ));
    }
    let now = attest_core::date::rfc3339(http::now_unix_seconds());
    if let Some(expires) = &input.expires_at {
        let valid = expires.len() == 20
            && attest_core::Date::parse(&expires[..10]).is_ok()
            && expires.ends_with('Z');
        if !valid {
            return Err(ApiError::invalid(
                "expiresAt",
                "must be a UTC time such as 2027-01-31T00:00:00Z",
            ));
        }
        if *expires <= now {
            return Err(ApiError::invalid("expiresAt", "must be in the future"));
        }
    }
    let scopes = input.scopes.join(",");
    let secret = new_secret();
    let id = format!("tok_{}", crypto::random_hex(8));
    let db = env.d1(DB)?;
    crate::audit::commit(
        &db,
        org.as_str(),
        crate::audit::Change {
            actor: &caller.actor(),
            action: "token.created",
            target: &id,
            before: None,
            after: Some(json!({ "name": name.as_str(), "scopes": input.scopes, "expiresAt": input.expires_at })),
        },
        vec![query!(
            &db,
            "INSERT INTO api_tokens (id, org, name, token_hash, scopes, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &id,
            org.as_str(),
            name.as_str(),
            crypto::sha256_hex(&secret),
            &scopes,
            &input.expires_at
        )?],
    )
    .await?;
    forms::json(
        201,
        &json!({ "id": id, "name": name.as_str(), "scopes": input.scopes, "expiresAt": input.expires_at, "secret": secret }),
    )
}

/// `GET /v1/admin/orgs/{org}/tokens` (admin): the tokens, without their secrets.
pub async fn list_tokens(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    authorise(req, env, &org).await?.require("admin")?;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        scopes: String,
        created_at: String,
        expires_at: Option<String>,
        revoked_at: Option<String>,
    }
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        "SELECT id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE org = ?1 ORDER BY created_at, rowid",
        org.as_str()
    )?)
    .await?;
    let tokens: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "scopes": r.scopes.split(',').collect::<Vec<_>>(),
                "createdAt": r.created_at,
                "expiresAt": r.expires_at,
                "revokedAt": r.revoked_at,
            })
        })
        .collect();
    forms::json(200, &json!({ "tokens": tokens }))
}

/// `DELETE /v1/admin/orgs/{org}/tokens/{id}` (admin): the token stops working at once.
pub async fn revoke_token(
    req: &Request,
    env: &Env,
    org: OrgSlug,
    id: &str,
) -> Result<Response, ApiError> {
    let caller = authorise(req, env, &org).await?;
    caller.require("admin")?;
    let db = env.d1(DB)?;
    let found: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT id FROM api_tokens WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        id
    )?)
    .await?;
    if found.is_none() {
        return Err(ApiError::NotFound(format!(
            "{org} has no active token {id}"
        )));
    }
    let now = attest_core::date::rfc3339(http::now_unix_seconds());
    crate::audit::commit(
        &db,
        org.as_str(),
        crate::audit::Change {
            actor: &caller.actor(),
            action: "token.revoked",
            target: id,
            before: None,
            after: Some(json!({ "revokedAt": now })),
        },
        vec![query!(
            &db,
            "UPDATE api_tokens SET revoked_at = ?3 WHERE org = ?1 AND id = ?2",
            org.as_str(),
            id,
            &now
        )?],
    )
    .await?;
    Ok(Response::empty()?.with_status(204))
}
