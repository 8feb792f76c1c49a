//! Webhooks: an organisation registers endpoints for events; each event becomes an outbox
//! row (channel `webhook`) in the same transaction as the change, delivered and retried
//! like e-mail, and signed: `Attest-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
//! with the endpoint's secret, shown once when it is registered.

use attest_core::{OrgSlug, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use worker::query;

use crate::admin::outbox::{page_of, Paging};
use crate::router::{Created, Ctx, Doc, Id, Json, NoContent, Query};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::outbox::{self, Shown};
use crate::shared::storage::{self, DB};
use crate::shared::webhooks::{secret_context, EVENTS};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["url", "events"])))]
pub struct NewWebhook {
    /// https:// (http:// only for 127.0.0.1 and localhost).
    #[serde(default)]
    url: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<EventName>"))]
    events: Vec<String>,
}

/// An endpoint as it is registered: its secret is shown this once.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewWebhookSecret"))]
pub struct NewEndpoint {
    id: String,
    url: String,
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<EventName>"))]
    events: Vec<String>,
    /// `whsec_` and 64 hex digits: the key of the `Attest-Signature` HMAC.
    secret: String,
}

/// A webhook endpoint, without its secret.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Webhook"))]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    id: String,
    url: String,
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<EventName>"))]
    events: Vec<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    created_at: String,
    revoked_at: Option<String>,
}

/// The organisation's webhook endpoints.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Webhooks"))]
pub struct Endpoints {
    webhooks: Vec<Endpoint>,
}

/// The calls to an endpoint, newest first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "WebhookDeliveries"))]
#[serde(rename_all = "camelCase")]
pub struct Deliveries {
    deliveries: Vec<Shown>,
    /// The `before` of the next page; `null` on the last.
    next_before: Option<String>,
}

/// An event an endpoint may ask for (`webhooks::EVENTS`).
#[cfg_attr(not(feature = "openapi"), allow(dead_code))]
pub struct EventName;

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for EventName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WebhookEvent".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "enum": EVENTS })
    }
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

/// `POST /v1/admin/orgs/{org}/webhooks` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "createWebhook",
    summary: "Registers an endpoint for events; its signing secret is shown once (admin)",
    description: "Each delivery is a POST of `{ id, type, org, createdAt, data }` with `Attest-Event` and `Attest-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\" with the secret>`; failures are retried with backoff.",
    answer: "Registered.",
    errors: &[(400, "A URL or event breaks a rule.")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/webhooks` (admin): `{ url, events }`; the secret is shown once.
pub async fn create(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<NewWebhook>,
) -> Result<Created<NewEndpoint>, ApiError> {
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
    let sealed = keys.seal(secret_context(&id), &secret)?;
    let db = env.d1(DB)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run_all(vec![query!(
            &db,
            "INSERT INTO webhooks (id, org, url, events, key_id, secret_sealed, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &id,
            org.as_str(),
            input.url.trim(),
            input.events.join(","),
            keys.key_id(),
            &sealed,
            ctx.now
        )?]);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "webhook.created",
        target: &id,
        before: None,
        after: Some(json!({ "url": input.url.trim(), "events": input.events })),
    })?;
    change.commit().await?;
    Created::new(&NewEndpoint {
        id,
        url: input.url.trim().to_owned(),
        events: input.events,
        secret,
    })
}

/// `GET /v1/admin/orgs/{org}/webhooks` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listWebhooks",
    summary: "The organisation's webhook endpoints (admin)",
    description: "",
    answer: "The endpoints.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/webhooks` (admin)
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Json<Endpoints>, ApiError> {
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
    let webhooks = rows
        .into_iter()
        .map(|r| Endpoint {
            events: r.events.split(',').map(str::to_owned).collect(),
            id: r.id,
            url: r.url,
            created_at: attest_core::date::rfc3339(r.created_at),
            revoked_at: r.revoked_at.map(attest_core::date::rfc3339),
        })
        .collect();
    Ok(Json(Endpoints { webhooks }))
}

/// `DELETE /v1/admin/orgs/{org}/webhooks/{id}` in the OpenAPI document.
pub const REMOVE: Doc = Doc {
    id: "removeWebhook",
    summary: "Removes an endpoint; pending calls fail (admin)",
    description: "",
    answer: "Removed.",
    errors: &[(404, "No such active webhook.")],
    headers: &[],
};

/// `DELETE /v1/admin/orgs/{org}/webhooks/{id}` (admin): no more calls, pending ones fail.
pub async fn remove(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<NoContent, ApiError> {
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
    let keys = Keys::from_env(env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run_all(vec![query!(
        &db,
        "UPDATE webhooks SET revoked_at = ?3 WHERE org = ?1 AND id = ?2",
        org.as_str(),
        id,
        ctx.now
    )?]);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "webhook.removed",
        target: id,
        before: None,
        after: None,
    })?;
    change.commit().await?;
    Ok(NoContent)
}

/// `GET /v1/admin/orgs/{org}/webhooks/{id}/deliveries` in the OpenAPI document.
pub const DELIVERIES: Doc = Doc {
    id: "webhookDeliveries",
    summary: "Calls to an endpoint with their attempts, newest first, paged (admin)",
    description: "",
    answer: "A page of calls, as outbox entries (`to` the URL, `subject` the event, `body` the payload); `nextBefore` continues it.",
    errors: &[(400, "A `limit` outside 1 to 500, or a `before` that is not a message id (`msg_` and 24 hex digits); a well-formed id of no call of this endpoint gives an empty page.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/webhooks/{id}/deliveries?limit=&before=` (admin): each call
/// with its attempts, a page at a time.
pub async fn deliveries(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    Query(query): Query<Paging>,
) -> Result<Json<Deliveries>, ApiError> {
    let env = &ctx.env;
    let (limit, before) = query.window()?;
    let keys = Keys::from_env(env)?;
    let fetched = outbox::list(
        env,
        &keys,
        org.as_str(),
        "webhook",
        Some(id.as_str()),
        before,
        limit + 1,
    )
    .await?;
    let (deliveries, next_before) = page_of(fetched, limit);
    Ok(Json(Deliveries {
        deliveries,
        next_before,
    }))
}

/// Which call to send again.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["delivery"])))]
pub struct Redeliver {
    /// The call's id (`msg_…`, from the endpoint's deliveries).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = r"^msg_[0-9a-f]{24}$")))]
    delivery: String,
}

/// The new call.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "WebhookRedelivery"))]
pub struct Redelivered {
    /// The new call's id: it is among the endpoint's deliveries, due now.
    delivery: String,
    /// The call it repeats.
    of: String,
}

/// `POST /v1/admin/orgs/{org}/webhooks/{id}/redeliver` in the OpenAPI document.
pub const REDELIVER: Doc = Doc {
    id: "redeliverWebhook",
    summary: "Sends a call to an endpoint again, as a new delivery (admin)",
    description: "For a call that went out (or was given up on) and that the receiving side lost or rejected: the same event and payload, signed anew when it is sent, as a new delivery due at once, retried like any other. The first call's attempts stay as they were.",
    answer: "Queued; the sender makes the call right after this answer.",
    errors: &[
        (400, "`delivery` is missing."),
        (404, "No active endpoint with this id, or it has no such call."),
        (409, "The call is still being delivered: its attempts are not over."),
        (410, "The call's payload was erased."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/webhooks/{id}/redeliver` (admin): `{ delivery }`.
pub async fn redeliver(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<Redeliver>,
) -> Result<Created<Redelivered>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let delivery = input.delivery.trim();
    if delivery.is_empty() {
        return Err(ApiError::Invalid(vec![ValidationError::Required {
            field: "delivery".into(),
        }]));
    }
    let db = env.d1(DB)?;
    let active: Option<Value> = storage::first(query!(
        &db,
        "SELECT id FROM webhooks WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        id
    )?)
    .await?;
    if active.is_none() {
        return Err(ApiError::NotFound(format!(
            "{org} has no active webhook {id}"
        )));
    }
    let keys = Keys::from_env(env)?;
    let Some((new, statement)) =
        outbox::redelivery(&db, &keys, org.as_str(), id, delivery, ctx.now).await?
    else {
        return Err(ApiError::NotFound(format!(
            "webhook {id} has no delivery {delivery}"
        )));
    };
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(statement);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "webhook.redelivered",
        target: id,
        before: None,
        after: Some(json!({ "delivery": new, "of": delivery })),
    })?;
    change.commit().await?;
    Created::new(&Redelivered {
        delivery: new,
        of: delivery.to_owned(),
    })
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
