//! Members' sessions: a random secret in an `HttpOnly`, `SameSite=Strict` cookie (with
//! `Secure` and the `__Host-` prefix over HTTPS), kept in D1 only as its SHA-256, ending
//! after `SESSION_IDLE` unused or `SESSION_ABSOLUTE` after sign-in, whichever is first.
//! A change made with a session also needs its CSRF token (`X-CSRF-Token`, which the
//! console reads from `GET /v1/admin/me`) and the edge's own `Origin`.

use crate::shared::storage::guarded;
use attest_core::members::lifetimes::{SESSION_ABSOLUTE, SESSION_IDLE};
use worker::{query, D1Database, D1PreparedStatement, Method, Request};

use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::storage::Only;

/// The cookie over HTTPS: host-only, `Secure`, path `/` (RFC 6265bis `__Host-`).
const SECURE_COOKIE: &str = "__Host-attest_session";
/// The cookie over plain HTTP (loopback only: the demo and the tests).
const PLAIN_COOKIE: &str = "attest_session";

/// The header a change made with a session carries.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How often a session's last use is written down (its idle clock's resolution).
const TOUCH_SECONDS: i64 = 60;

/// The value of the cookie `name` in the request, if it has one.
pub fn cookie(req: &Request, name: &str) -> Option<String> {
    let header = req.headers().get("cookie").ok().flatten()?;
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

fn https(req: &Request) -> bool {
    req.url().is_ok_and(|url| url.scheme() == "https")
}

/// The session secret the request carries, if any.
pub fn secret(req: &Request) -> Option<String> {
    cookie(req, SECURE_COOKIE)
        .or_else(|| (!https(req)).then(|| cookie(req, PLAIN_COOKIE)).flatten())
}

/// `Set-Cookie` for a new session's secret.
pub fn set_cookie(req: &Request, secret: &str) -> String {
    if https(req) {
        format!(
            "{SECURE_COOKIE}={secret}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={SESSION_ABSOLUTE}"
        )
    } else {
        format!(
            "{PLAIN_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_ABSOLUTE}"
        )
    }
}

/// A new session: its id, its secret (for the cookie) and the statement that stores it.
pub struct NewSession {
    pub id: String,
    pub secret: String,
    pub statement: D1PreparedStatement,
}

/// Starts a session for `person` signed in by `method` (`link`, `sso`, `passkey`).
pub fn start(
    db: &D1Database,
    req: &Request,
    person: &str,
    method: &str,
    sso_org: Option<&str>,
    only: &Only,
    now: i64,
) -> Result<NewSession, ApiError> {
    let id = format!("ses_{}", crypto::random_hex(8));
    let secret = format!("ats_{}", crypto::random_hex(32));
    let agent: String = req
        .headers()
        .get("user-agent")
        .ok()
        .flatten()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let statement = guarded!(
            db,
            &only,
            "INSERT INTO sessions (id, token_hash, person_id, method, sso_org, user_agent, created_at, last_seen_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
        &id,
        crypto::sha256_hex(&secret),
        person,
        method,
        sso_org,
        &agent,
        now,
        now + SESSION_ABSOLUTE
    )?;
    Ok(NewSession {
        id,
        secret,
        statement,
    })
}

/// The condition on `sessions s` that it is live at `?now` (bound by the caller).
pub fn live(now_param: &str) -> String {
    format!(
        "s.ended_at IS NULL AND s.expires_at > {now_param} AND s.last_seen_at > {now_param} - {SESSION_IDLE}"
    )
}

/// Writes down the session's use, at most once a minute.
pub async fn touch(db: &D1Database, id: &str, last_seen: i64, now: i64) -> Result<(), ApiError> {
    if now - last_seen >= TOUCH_SECONDS {
        crate::shared::storage::run(query!(
            db,
            "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1 AND ended_at IS NULL",
            id,
            now
        )?)
        .await?;
    }
    Ok(())
}

/// The CSRF token of the session whose secret hashes to `token_hash`.
pub fn csrf_token(keys: &Keys, token_hash: &str) -> String {
    keys.mac("csrf", token_hash)
}

/// A change made with a session: it must come from the edge's own origin and carry the
/// session's CSRF token. Reads (`GET`, `HEAD`) need neither.
pub fn check_csrf(req: &Request, keys: &Keys, token_hash: &str) -> Result<(), ApiError> {
    if matches!(req.method(), Method::Get | Method::Head) {
        return Ok(());
    }
    let own = req.url()?.origin().ascii_serialization();
    let origin = req.headers().get("origin").ok().flatten();
    if origin.as_deref() != Some(own.as_str()) {
        return Err(ApiError::Forbidden(format!(
            "A change made with a session must come from {own} itself (the Origin header)"
        )));
    }
    let sent = req
        .headers()
        .get(CSRF_HEADER)
        .ok()
        .flatten()
        .unwrap_or_default();
    if sent.is_empty() || !crypto::same(&sent, &csrf_token(keys, token_hash)) {
        return Err(ApiError::Forbidden(
            "A change made with a session needs its CSRF token in X-CSRF-Token (GET /v1/admin/me gives it)"
                .into(),
        ));
    }
    Ok(())
}
