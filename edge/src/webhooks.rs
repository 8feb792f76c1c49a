//! Webhooks: an organisation registers endpoints for events; each event becomes an outbox
//! row (channel `webhook`) in the same transaction as the change, delivered and retried
//! like e-mail, and signed: `Attest-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
//! with the endpoint's secret, shown once when it is registered.

use attest_core::{OrgSlug, ValidationError};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;
use worker::{
    query, D1Database, D1PreparedStatement, Env, Fetch, Headers, Method, Request, RequestInit,
    Response,
};

use crate::crypto::{self, Keys};
use crate::outbox::{self, Outgoing};
use crate::storage::{self, Only, DB};
use crate::{admin, audit, forms, http, ApiError};

/// The events an endpoint may ask for.
pub const EVENTS: [&str; 6] = [
    "privacy_request.created",
    "privacy_request.verified",
    "privacy_request.status_changed",
    "security_report.created",
    "document_request.created",
    "profile.published",
];

fn secret_context(id: &str) -> String {
    format!("webhooks:{id}:secret")
}

/// The statement that records `event` for `org`'s endpoints, in the change's own batch
/// (under `only`), without reading them: one outbox row on the `event` channel if any
/// endpoint asked for the event, which the sender fans out to every endpoint that asked
/// for it and existed when it happened.
/// The payload carries ids and states, never personal data.
pub fn enqueue(
    db: &D1Database,
    keys: &Keys,
    org: &str,
    event: &str,
    data: Value,
    only: &Only,
) -> Result<D1PreparedStatement, ApiError> {
    let id = format!("evt_{}", crypto::random_hex(12));
    let body = json!({
        "id": id,
        "type": event,
        "org": org,
        "createdAt": attest_core::date::rfc3339(http::now_unix_seconds()),
        "data": data,
    })
    .to_string();
    // Only for an organisation with an endpoint that asked for it: most have none, and
    // then nothing is written and nothing is left for the sender to fan out.
    let wanted = only.clone().and(format!(
        "EXISTS (SELECT 1 FROM webhooks WHERE org = {} AND revoked_at IS NULL
                 AND (',' || events || ',') LIKE {})",
        storage::literal(org),
        storage::literal(&format!("%,{event},%"))
    ));
    outbox::enqueue_on(
        db,
        keys,
        "event",
        &Outgoing {
            org,
            purpose: event,
            related_id: &id,
            to: org,
            subject: event,
            body: &body,
        },
        &wanted,
    )
}

#[derive(Deserialize)]
struct Active {
    id: String,
    url: String,
    events: String,
    created_at: i64,
}

/// Turns recorded events into one `webhook` delivery per endpoint that asked for the
/// event and existed when it happened; an event is fanned out once (a second sender at
/// the same moment writes nothing). One read of the endpoints and one batch per
/// organisation. How many events it fanned out.
pub async fn fan_out(db: &D1Database, keys: &Keys, now: i64) -> Result<usize, ApiError> {
    let events = outbox::pending_events(db, keys, 100).await?;
    let mut orgs: Vec<&str> = events.iter().map(|e| e.org.as_str()).collect();
    orgs.sort_unstable();
    orgs.dedup();
    for org in orgs {
        let endpoints: Vec<Active> = storage::all(query!(
            db,
            "SELECT id, url, events, created_at FROM webhooks WHERE org = ?1 AND revoked_at IS NULL",
            org
        )?)
        .await?;
        let mut statements = Vec::new();
        for event in events.iter().filter(|e| e.org == org) {
            let once = Only::always().and(format!(
                "EXISTS (SELECT 1 FROM outbox WHERE id = {} AND sent_at IS NULL)",
                storage::literal(&event.id)
            ));
            for endpoint in endpoints.iter().filter(|endpoint| {
                endpoint.created_at <= event.created_at
                    && endpoint.events.split(',').any(|e| e == event.event)
            }) {
                statements.push(outbox::enqueue_on(
                    db,
                    keys,
                    "webhook",
                    &Outgoing {
                        org,
                        purpose: &event.event,
                        related_id: &endpoint.id,
                        to: &endpoint.url,
                        subject: &event.event,
                        body: &event.body,
                    },
                    &once,
                )?);
            }
            statements.push(query!(
                db,
                "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1 AND sent_at IS NULL",
                &event.id,
                now
            )?);
        }
        storage::batch(db, statements).await?;
    }
    Ok(events.len())
}

/// The signature header of `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", crypto::hex(&mac.finalize().into_bytes()))
}

/// Calls an endpoint with one event; `Err` says why, for the retry.
pub async fn call(
    env: &Env,
    keys: &Keys,
    webhook: &Option<String>,
    url: &Option<String>,
    event: &Option<String>,
    body: &Option<String>,
    now: i64,
) -> Result<(), String> {
    let (Some(webhook), Some(url), Some(event), Some(body)) = (webhook, url, event, body) else {
        return Err("the delivery's data is gone".into());
    };
    #[derive(Deserialize)]
    struct Secret {
        key_id: String,
        secret_sealed: String,
    }
    let db = env.d1(DB).map_err(|e| e.to_string())?;
    let statement = query!(
        &db,
        "SELECT key_id, secret_sealed FROM webhooks WHERE id = ?1 AND revoked_at IS NULL",
        webhook
    )
    .map_err(|e| e.to_string())?;
    let secret: Secret = storage::first(statement)
        .await
        .map_err(|e| format!("{e:?}"))?
        .ok_or("the webhook was removed")?;
    let secret = keys
        .open(
            &secret.key_id,
            &secret_context(webhook),
            &secret.secret_sealed,
        )
        .map_err(|e| format!("{e:?}"))?;
    let headers = Headers::new();
    let set = |name: &str, value: &str| headers.set(name, value).map_err(|e| e.to_string());
    set("content-type", "application/json")?;
    set("attest-event", event)?;
    set("attest-signature", &signature(&secret, now, body))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.as_str().into()));
    let request = worker::Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
    let response = Fetch::Request(request)
        .send()
        .await
        .map_err(|e| format!("endpoint unreachable: {e}"))?;
    match response.status_code() {
        200..=299 => Ok(()),
        status => Err(format!("endpoint answered {status}")),
    }
}

#[derive(Deserialize)]
struct NewWebhook {
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
pub async fn create(req: &mut Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    let caller = admin::authorise(req, env, &org).await?;
    caller.require("admin")?;
    let input: NewWebhook = http::json_body(req).await?;
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
    forms::json(
        201,
        &json!({ "id": id, "url": input.url.trim(), "events": input.events, "secret": secret }),
    )
}

/// `GET /v1/admin/orgs/{org}/webhooks` (admin)
pub async fn list(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org).await?.require("admin")?;
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
    forms::json(200, &json!({ "webhooks": hooks }))
}

/// `DELETE /v1/admin/orgs/{org}/webhooks/{id}` (admin): no more calls, pending ones fail.
pub async fn remove(
    req: &Request,
    env: &Env,
    org: OrgSlug,
    id: &str,
) -> Result<Response, ApiError> {
    let caller = admin::authorise(req, env, &org).await?;
    caller.require("admin")?;
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
pub async fn deliveries(
    req: &Request,
    env: &Env,
    org: OrgSlug,
    id: &str,
) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org).await?.require("admin")?;
    let keys = Keys::from_env(env)?;
    let calls = outbox::list(env, &keys, org.as_str(), "webhook", Some(id), 200).await?;
    forms::json(200, &json!({ "deliveries": calls }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_an_hmac_of_the_time_and_the_body() {
        let header = signature("whsec_test", 1_700_000_000, "{}");
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(header.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(header, signature("whsec_other", 1_700_000_000, "{}"));
        assert_ne!(header, signature("whsec_test", 1_700_000_001, "{}"));
    }

    #[test]
    fn endpoints_are_https_except_on_this_machine() {
        assert!(check_url("https://hooks.example.com/attest").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("http://hooks.example.com/attest").is_err());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("not a url").is_err());
    }
}
