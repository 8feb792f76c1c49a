//! The admin API's door: API tokens, scoped to one organisation, stored as hashes. And
//! the first admin resource, the e-mail outbox.

use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::json;
use worker::{query, Response};

use crate::router::{Ctx, Id, Json};
use crate::shared::auth::{self, Caller};
use crate::shared::crypto::{self};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

/// A new token's secret: 256 random bits.
fn new_secret() -> String {
    format!("atk_{}", crypto::random_hex(32))
}

#[derive(Deserialize)]
pub struct NewOrg {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
}

/// `POST /v1/admin/orgs` with the platform token: a new organisation and its first
/// token (`admin`), shown once.
pub async fn create_org(ctx: Ctx, Json(input): Json<NewOrg>) -> Result<Response, ApiError> {
    let env = &ctx.env;
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
    crate::shared::audit::commit(
        &db,
        slug.as_str(),
        crate::shared::audit::Change {
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
    http::json(
        201,
        &json!({ "org": slug.as_str(), "name": name.as_str(), "token": { "id": id, "name": "owner", "scopes": ["admin"], "secret": secret } }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewToken {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    expires_at: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/tokens` (admin): a token for a team member, shown once.
pub async fn create(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<NewToken>,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let name = attest_core::Name::parse_field("name", input.name.as_str())
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    if input.scopes.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: "scopes".into(),
            },
        ]));
    }
    if let Some(unknown) = input
        .scopes
        .iter()
        .find(|s| !auth::SCOPES.contains(&s.as_str()))
    {
        return Err(ApiError::invalid(
            "scopes",
            format!(
                "{unknown} is not a scope; the scopes are {}",
                auth::SCOPES.join(", ")
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
    crate::shared::audit::commit(
        &db,
        org.as_str(),
        crate::shared::audit::Change {
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
    http::json(
        201,
        &json!({ "id": id, "name": name.as_str(), "scopes": input.scopes, "expiresAt": input.expires_at, "secret": secret }),
    )
}

/// `GET /v1/admin/orgs/{org}/tokens` (admin): the tokens, without their secrets.
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let env = &ctx.env;
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
    http::json(200, &json!({ "tokens": tokens }))
}

/// `DELETE /v1/admin/orgs/{org}/tokens/{id}` (admin): the token stops working at once.
pub async fn revoke(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
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
    crate::shared::audit::commit(
        &db,
        org.as_str(),
        crate::shared::audit::Change {
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
