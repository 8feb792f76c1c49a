//! Webhooks: an organisation registers endpoints for events; each event becomes an outbox
//! row (channel `webhook`) in the same transaction as the change, delivered and retried
//! like e-mail, and signed: `Attest-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
//! with the endpoint's secret, shown once when it is registered.

use attest_core::{OrgSlug, ValidationError};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, Response};

use crate::router::{Ctx, Id, Json};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self};
use crate::shared::storage::{self, DB};
use crate::shared::webhooks::{secret_context, EVENTS};

#[derive(Deserialize)]
pub struct NewWebhook {
    #[serde(default)]
    url: String,
    #[serde(default)]
    events: Vec<String>,
}

/// An endpoint URL: https, or http on this machine for development.
fn check_url(url: &str) -> Result<(), ApiError> {
    let parsed = worker::Url::parse(url).map_err(|_| ApiError::invalid("url", "must be a URL"))?;
    let local = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost"));
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if local => Ok(()),
        _ => Err(ApiError::invalid("url", "must be an https:// URL")),
    }
}

/// `POST /v1/admin/orgs/{org}/webhooks` (admin): `{ url, events }`; the secret is shown once.
pub async fn create(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<NewWebhook>,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    check_url(input.url.trim())?;
    if input.events.is_empty() {
        return Err(ApiError::Invalid(vec![ValidationError::Required {
            field: "events".into(),
        }]));
    }
    if let Some(unknown) = input.events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ApiError::invalid(
            "events",
            format!(
                "{unknown} is not an event; the events are {}",
                EVENTS.join(", ")
            ),
        ));
    }
    let keys = Keys::from_env(env)?;
    let id = format!("wh_{}", crypto::random_hex(8));
    let secret = format!("whsec_{}", crypto::random_hex(32));
    let sealed = keys.seal(&secret_context(&id), &secret)?;
    let db = env.d1(DB)?;
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor: &caller.actor(),
            action: "webhook.created",
            target: &id,
            before: None,
            after: Some(json!({ "url": input.url.trim(), "events": input.events })),
        },
        vec![query!(
            &db,
            "INSERT INTO webhooks (id, org, url, events, key_id, secret_sealed, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &id,
            org.as_str(),
            input.url.trim(),
            input.events.join(","),
            keys.key_id(),
            &sealed,
            http::now_unix_seconds()
        )?],
    )
    .await?;
    http::json(
        201,
        &json!({ "id": id, "url": input.url.trim(), "events": input.events, "secret": secret }),
    )
}

/// `GET /v1/admin/orgs/{org}/webhooks` (admin)
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let env = &ctx.env;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        url: String,
        events: String,
        created_at: i64,
        revoked_at: Option<i64>,
    }
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        "SELECT id, url, events, created_at, revoked_at FROM webhooks WHERE org = ?1 ORDER BY created_at, rowid",
        org.as_str()
    )?)
    .await?;
    let hooks: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id, "url": r.url, "events": r.events.split(',').collect::<Vec<_>>(),
                "createdAt": attest_core::date::rfc3339(r.created_at),
                "revokedAt": r.revoked_at.map(attest_core::date::rfc3339),
            })
        })
        .collect();
    http::json(200, &json!({ "webhooks": hooks }))
}

/// `DELETE /v1/admin/orgs/{org}/webhooks/{id}` (admin): no more calls, pending ones fail.
pub async fn remove(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let db = env.d1(DB)?;
    let found: Option<Value> = storage::first(query!(
        &db,
        "SELECT id FROM webhooks WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        id
    )?)
    .await?;
    if found.is_none() {
        return Err(ApiError::NotFound(format!(
            "{org} has no active webhook {id}"
        )));
    }
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor: &caller.actor(),
            action: "webhook.removed",
            target: id,
            before: None,
            after: None,
        },
        vec![query!(
            &db,
            "UPDATE webhooks SET revoked_at = ?3 WHERE org = ?1 AND id = ?2",
            org.as_str(),
            id,
            http::now_unix_seconds()
        )?],
    )
    .await?;
    Ok(Response::empty()?.with_status(204))
}

/// `GET /v1/admin/orgs/{org}/webhooks/{id}/deliveries` (admin): each call with its attempts.
pub async fn deliveries(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let keys = Keys::from_env(env)?;
    let calls = outbox::list(env, &keys, org.as_str(), "webhook", Some(id), 200).await?;
    http::json(200, &json!({ "deliveries": calls }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_https_except_on_this_machine() {
        assert!(check_url("https://hooks.example.com/attest").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("http://hooks.example.com/attest").is_err());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("not a url").is_err());
    }
}
