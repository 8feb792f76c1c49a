//! What every public form submission goes through before its own handler: the
//! organisation exists, the browser's origin is one it allows, the client is within its
//! rate, the body is JSON of the right shape; and, after the handler, idempotency.

use std::future::Future;

use attest_core::{OrgSlug, TrustProfile};
use serde::de::DeserializeOwned;
use serde_json::Value;
use worker::{query, Env, Method, Request, Response};

use crate::crypto::{self, Keys};
use crate::profile::Snapshot;
use crate::storage::{self, DB};
use crate::{http, ApiError};

/// The rate-limit binding for the forms (see `wrangler.toml`).
const LIMITER: &str = "FORMS";

/// A submission that passed the common checks.
pub struct Submission<T> {
    pub org: OrgSlug,
    pub profile: TrustProfile,
    /// The browser origin it came from; `None` for API clients.
    pub origin: Option<String>,
    pub body: T,
    /// The body as sent, for idempotency.
    pub raw: Vec<u8>,
    /// The browser sent `Sec-GPC: 1` (Global Privacy Control).
    pub gpc: bool,
    pub keys: Keys,
}

pub async fn receive<T: DeserializeOwned>(
    req: &mut Request,
    env: &Env,
    org: OrgSlug,
) -> Result<Submission<T>, ApiError> {
    let profile = Snapshot::load(env, &org).await?.profile()?;
    let origin = allowed_origin(req, &profile)?;
    limit(env, &org, req).await?;
    let keys = Keys::from_env(env)?;
    let raw = http::json_bytes(req, http::MAX_BODY_BYTES).await?;
    let body = http::parse_json(&raw)?;
    let gpc = header(req, "sec-gpc").is_some_and(|v| v.trim() == "1");
    Ok(Submission {
        org,
        profile,
        origin,
        body,
        raw,
        gpc,
        keys,
    })
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers().get(name).ok().flatten()
}

/// The request's `Origin` when the organisation allows it; no `Origin` (an API client,
/// not a browser) is allowed too. Anything else is refused before the body is read.
pub fn allowed_origin(req: &Request, profile: &TrustProfile) -> Result<Option<String>, ApiError> {
    let Some(origin) = header(req, "origin") else {
        return Ok(None);
    };
    if profile
        .allowed_origins
        .iter()
        .any(|allowed| allowed.as_str().eq_ignore_ascii_case(origin.trim()))
    {
        Ok(Some(origin))
    } else {
        Err(ApiError::Forbidden(format!(
            "{origin} is not among the sites this organisation accepts forms from"
        )))
    }
}

/// The answer to a preflight for a form: allowed for the organisation's origins only.
pub async fn preflight(
    req: &Request,
    env: &Env,
    org: OrgSlug,
    allowed: &[Method],
) -> Result<Response, ApiError> {
    let profile = Snapshot::load(env, &org).await?.profile()?;
    let origin = allowed_origin(req, &profile)?;
    let response = http::preflight(allowed)?;
    Ok(with_origin(response, origin.as_deref()))
}

/// Lets the browser at `origin` read the response (the default `*` does not apply to
/// forms, whose answers carry secrets).
pub fn with_origin(mut response: Response, origin: Option<&str>) -> Response {
    if let Some(origin) = origin {
        let headers = response.headers_mut();
        let _ = headers.set("access-control-allow-origin", origin);
        let _ = headers.set("vary", "origin");
    }
    response
}

/// The client's address, as Cloudflare reports it.
pub fn client(req: &Request) -> String {
    header(req, "cf-connecting-ip").unwrap_or_else(|| "unknown".to_owned())
}

/// Counts this submission against the client's limit for the organisation.
async fn limit(env: &Env, org: &OrgSlug, req: &Request) -> Result<(), ApiError> {
    let limiter = match env.rate_limiter(LIMITER) {
        Ok(limiter) => limiter,
        Err(error) => {
            // A deployment without the binding still works; it says so in its logs.
            worker::console_warn!("rate limiting is off: {error}");
            return Ok(());
        }
    };
    let outcome = limiter
        .limit(format!("{org}:{}", client(req)))
        .await
        .map_err(|e| ApiError::Unavailable(format!("rate limiter: {e}")))?;
    if outcome.success {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests(60))
    }
}

/// An `Idempotency-Key`: 1 to 255 visible ASCII characters.
fn idempotency_key(req: &Request) -> Result<Option<String>, ApiError> {
    let Some(key) = header(req, "idempotency-key") else {
        return Ok(None);
    };
    let key = key.trim().trim_matches('"').to_owned();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(Some(key))
}

#[derive(serde::Deserialize)]
struct Stored {
    body_hash: String,
    status: i64,
    key_id: String,
    response_sealed: String,
    created_at: i64,
}

/// After this long, a claimed `Idempotency-Key` without an answer is taken over.
const ABANDONED_AFTER_SECONDS: i64 = 60;

/// Runs `handle` once per `Idempotency-Key`: the same key with the same body gets the
/// first answer again; with another body, a `422`. Without a key it just runs.
pub async fn idempotent<F, Fut>(
    req: &Request,
    env: &Env,
    submission: &Submission<impl Sized>,
    handle: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(u16, Value), ApiError>>,
{
    let Some(key) = idempotency_key(req)? else {
        let (status, body) = handle().await?;
        return json(status, &body);
    };
    let db = env.d1(DB)?;
    let org = submission.org.as_str();
    let keys = &submission.keys;
    let body_hash = crypto::hex(&sha2::Digest::finalize(
        <sha2::Sha256 as sha2::Digest>::new_with_prefix(&submission.raw),
    ));
    let context = format!("idempotency_keys:{org}:{key}");
    let claimed = storage::run(query!(
        &db,
        "INSERT INTO idempotency_keys (org, key, body_hash, status, key_id, response_sealed, created_at)
         VALUES (?1, ?2, ?3, 0, ?4, '', ?5) ON CONFLICT (org, key) DO NOTHING",
        org,
        &key,
        &body_hash,
        keys.key_id(),
        http::now_unix_seconds()
    )?)
    .await?;
    if storage::changes(&claimed) == 0 {
        let stored: Stored = storage::first(query!(
            &db,
            "SELECT body_hash, status, key_id, response_sealed, created_at FROM idempotency_keys WHERE org = ?1 AND key = ?2",
            org,
            &key
        )?)
        .await?
        .ok_or_else(|| ApiError::Unavailable("idempotency key vanished".into()))?;
        if !crypto::same(&stored.body_hash, &body_hash) {
            return Err(ApiError::Unprocessable(
                "This Idempotency-Key was used with a different body; use a new key for a new request".into(),
            ));
        }
        if stored.status == 0 {
            // A claim whose request never finished (it failed and could not even release
            // the claim) is taken over after a while; a fresh one is still running.
            let now = http::now_unix_seconds();
            let taken = if stored.created_at <= now - ABANDONED_AFTER_SECONDS {
                storage::run(query!(
                    &db,
                    "UPDATE idempotency_keys SET created_at = ?4 WHERE org = ?1 AND key = ?2 AND status = 0 AND created_at = ?3",
                    org,
                    &key,
                    stored.created_at,
                    now
                )?)
                .await?
            } else {
                return Err(ApiError::Conflict(
                    "A request with this Idempotency-Key is still being processed; retry shortly"
                        .into(),
                ));
            };
            if storage::changes(&taken) == 0 {
                return Err(ApiError::Conflict(
                    "A request with this Idempotency-Key is still being processed; retry shortly"
                        .into(),
                ));
            }
        } else {
            let body = keys.open(&stored.key_id, &context, &stored.response_sealed)?;
            let mut response = json(stored.status as u16, &serde_json::from_str(&body)?)?;
            response.headers_mut().set("idempotent-replayed", "true")?;
            return Ok(response);
        }
    }
    match handle().await {
        Ok((status, body)) => {
            let sealed = keys.seal(&context, &body.to_string())?;
            storage::run(query!(
                &db,
                "UPDATE idempotency_keys SET status = ?3, response_sealed = ?4 WHERE org = ?1 AND key = ?2",
                org,
                &key,
                status,
                &sealed
            )?)
            .await?;
            json(status, &body)
        }
        Err(error) => {
            // Nothing was created: the same key may try again (at once if the claim is
            // released, after `ABANDONED_AFTER_SECONDS` if even that fails).
            if let Ok(release) = query!(
                &db,
                "DELETE FROM idempotency_keys WHERE org = ?1 AND key = ?2",
                org,
                &key
            ) {
                let _ = storage::run(release).await;
            }
            Err(error)
        }
    }
}

pub fn json(status: u16, body: &Value) -> Result<Response, ApiError> {
    let mut response = Response::from_json(body)?.with_status(status);
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(format!("JSON: {error}"))
    }
}
