//! Webhooks: an organisation registers endpoints for events; each event becomes an outbox
//! row (channel `webhook`) in the same transaction as the change, delivered and retried
//! like e-mail, and signed: `Attest-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
//! with the endpoint's secret, shown once when it is registered.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use worker::{query, Env, Fetch, Headers, Method, RequestInit};

use crate::shared::crypto::{self, Column, Keys};
use crate::shared::storage::{self, DB};

pub use attest_core::webhooks::EVENTS;

pub fn secret_context(id: &str) -> Column<'_> {
    Column::new("webhooks", id, "secret")
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
            secret_context(webhook),
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
}
