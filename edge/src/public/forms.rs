//! What every public form submission goes through before its own handler: the
//! organisation exists, the browser's origin is one it allows, the client is within its
//! rate, the body is JSON of the right shape; then the one batch that files it,
//! idempotently.

use crate::shared::storage::guarded;
use attest_core::{OrgSlug, TrustProfile};
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{query, D1PreparedStatement, Env, Request, Response};

use crate::public::challenge::{self, Proof};
#[cfg(feature = "openapi")]
use crate::router::Operation;
use crate::router::{Accepted, Ctx, Extract, Schema};
use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::grouped;
use crate::shared::http;
use crate::shared::snapshot::Snapshot;
use crate::shared::storage::{Only, DB};

/// The rate-limit binding for the forms (see `wrangler.toml`).
const LIMITER: &str = "FORMS";

/// A submission that passed the common checks.
pub struct Submission<T> {
    pub org: OrgSlug,
    pub profile: std::rc::Rc<TrustProfile>,
    /// The browser origin it came from; `None` for API clients.
    pub origin: Option<String>,
    pub body: T,
    /// The body as sent, for idempotency.
    pub raw: Vec<u8>,
    /// The browser sent `Sec-GPC: 1` (Global Privacy Control).
    pub gpc: bool,
    pub keys: Keys,
    /// The request's clock reading.
    pub now: i64,
    /// The request's execution context (its batch is sent with others', see `grouped`).
    pub context: std::rc::Rc<worker::Context>,
}

/// A form's body, after the organisation, the origin and the rate are checked.
impl<T: DeserializeOwned + Schema> Extract for Submission<T> {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let org = OrgSlug::extract(ctx).await?;
        let env = ctx.env.clone();
        receive(&mut ctx.req, &env, org, ctx.now, ctx.context.clone()).await
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        OrgSlug::describe(operation);
        operation.json_body::<T>(http::MAX_BODY_BYTES / 1024);
        operation.header(
            "Idempotency-Key",
            "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`.",
            serde_json::json!({ "type": "string", "maxLength": 255 }),
        );
        operation.problem(403, "A browser sent it from a site the organisation does not list in `allowedOrigins`, or the organisation takes no such submissions.");
        operation.problem(404, "No such organisation.");
        operation.problem(422, "The `Idempotency-Key` was used with a different body.");
        operation.problem(
            429,
            "Too many submissions from this address; retry after `Retry-After` seconds.",
        );
        operation.answer_header("Idempotent-Replayed", "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.");
    }
}

pub async fn receive<T: DeserializeOwned>(
    req: &mut Request,
    env: &Env,
    org: OrgSlug,
    now: i64,
    context: std::rc::Rc<worker::Context>,
) -> Result<Submission<T>, ApiError> {
    let profile = Snapshot::load(env, &org).await?.profile()?;
    let origin = http::form_origin(req, &profile)?;
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
        now,
        context,
    })
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers().get(name).ok().flatten()
}

/// The client's address, as Cloudflare reports it.
pub fn client(req: &Request) -> String {
    header(req, "cf-connecting-ip").unwrap_or_else(|| "unknown".to_owned())
}

/// Counts this submission against the client's limit for the organisation.
async fn limit(env: &Env, org: &OrgSlug, req: &Request) -> Result<(), ApiError> {
    limit_as(env, &format!("{org}:{}", client(req))).await
}

/// Counts a stamped copy against the client's limit for the organisation (stamping is
/// the costliest thing a visitor can ask for), apart from its forms.
pub async fn limit_copies(env: &Env, org: &OrgSlug, req: &Request) -> Result<(), ApiError> {
    limit_as(env, &format!("{org}:copy:{}", client(req))).await
}

async fn limit_as(env: &Env, key: &str) -> Result<(), ApiError> {
    let limiter = match env.rate_limiter(LIMITER) {
        Ok(limiter) => limiter,
        Err(error) => {
            // A deployment without the binding still works; it says so in its logs.
            worker::console_warn!("rate limiting is off: {error}");
            return Ok(());
        }
    };
    let outcome = limiter
        .limit(key.to_owned())
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

/// What a form stores: the statements (built under the `Only` the pipeline hands over)
/// and the answer the client gets, and gets again on a replay.
pub struct Filing<A> {
    pub statements: Vec<D1PreparedStatement>,
    /// The `202` answer, also stored for replays.
    pub answer: A,
}

/// Every form answers `202` with its answer, readable by the origin it came from.
const STATUS: u16 = 202;

#[derive(serde::Deserialize)]
struct Stored {
    body_hash: String,
    status: i64,
    key_id: String,
    response_sealed: String,
    claim: Option<String>,
}

/// Files a checked submission in one round trip, shared with the other forms in flight
/// (`grouped`). One batch spends the proof of work under a claim of its own (a spent
/// proof stays as it is), claims the `Idempotency-Key` with the answer where the proof is
/// this batch's, writes the form's statements where the claim is the batch's own, and
/// reads the key's row back (without a key, the spend returns its claim). The batch's
/// own claim: filed. Another's (a replay, or a twin sent at the same moment): nothing
/// was written, and the stored answer comes back, or a `422` for another body; a proof
/// spent by another request: a `400`, nothing written. No statement fails on purpose, so
/// the batch can share its transaction; a failure of the store writes nothing: no claim,
/// no spent proof, no half of a request.
pub async fn file<A: Serialize>(
    req: &Request,
    env: &Env,
    submission: &Submission<impl Sized>,
    proof: &Proof,
    build: impl FnOnce(&worker::D1Database, &Only) -> Result<Filing<A>, ApiError>,
) -> Result<Accepted<A>, ApiError> {
    let origin = submission.origin.as_deref();
    filed(req, env, submission, proof, build)
        .await
        .map(|answer| answer.map(|response| http::with_origin(response, origin)))
}

/// What a bot that filled in the honeypot is told: an answer like any other (`answer`),
/// and nothing is kept.
pub fn decoy<A: Serialize>(
    submission: &Submission<impl Sized>,
    answer: &A,
) -> Result<Accepted<A>, ApiError> {
    let origin = submission.origin.as_deref();
    Ok(Accepted::new(answer)?.map(|response| http::with_origin(response, origin)))
}

async fn filed<A: Serialize>(
    req: &Request,
    env: &Env,
    submission: &Submission<impl Sized>,
    proof: &Proof,
    build: impl FnOnce(&worker::D1Database, &Only) -> Result<Filing<A>, ApiError>,
) -> Result<Accepted<A>, ApiError> {
    let key = idempotency_key(req)?;
    let db = env.d1(DB)?;
    let org = submission.org.as_str();
    let keys = &submission.keys;
    // This batch's own mark: on the proof it spends and on the key it claims.
    let claim = format!("c_{}", crypto::random_hex(16));
    let spent_by_this = challenge::spent_by(proof, &claim);
    // With a key, the key's claim (made only where the proof is this batch's) stands for
    // both; without one, the proof's.
    let only = if key.is_some() {
        Only::claimed(&claim)
    } else {
        spent_by_this.clone()
    };
    let filing = build(&db, &only)?;
    let mut statements = Vec::with_capacity(filing.statements.len() + 3);
    statements.push(challenge::spend(&db, proof, &claim)?);
    let body_hash = crypto::sha256_hex_bytes(&submission.raw);
    if let Some(key) = &key {
        let answer = keys.seal(
            Column::new("idempotency_keys", org, key),
            &serde_json::to_string(&filing.answer)?,
        )?;
        statements.push(guarded!(
            &db,
            &spent_by_this,
            "INSERT INTO idempotency_keys (org, key, body_hash, status, key_id, response_sealed, created_at, claim)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (org, key) DO NOTHING",
            org,
            key,
            &body_hash,
            STATUS,
            keys.key_id(),
            &answer,
            submission.now,
            &claim
        )?);
    }
    statements.extend(filing.statements);
    let Some(key) = key else {
        // Without a key, the spend's own answer says whose the proof was: one statement
        // fewer than reading it back.
        let results = grouped::batch(&submission.context, env, statements)
            .await
            .map_err(|error| ApiError::Unavailable(format!("D1: {error}")))?;
        #[derive(serde::Deserialize)]
        struct Spent {
            claim: String,
        }
        let spent = results
            .first()
            .ok_or_else(|| ApiError::Internal("the batch's spend is missing".into()))?
            .results::<Spent>()
            .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))?;
        return match spent.into_iter().next() {
            Some(Spent { claim: mine }) if mine == claim => Accepted::new(&filing.answer),
            _ => Err(challenge::already_used()),
        };
    };
    statements.push(query!(
        &db,
        "SELECT body_hash, status, key_id, response_sealed, claim FROM idempotency_keys WHERE org = ?1 AND key = ?2",
        org,
        &key
    )?);
    let results = grouped::batch(&submission.context, env, statements)
        .await
        .map_err(|error| ApiError::Unavailable(format!("D1: {error}")))?;
    let read = results
        .last()
        .ok_or_else(|| ApiError::Internal("the batch's read-back is missing".into()))?;
    let stored: Stored = read
        .results::<Stored>()
        .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))?
        .into_iter()
        .next()
        // No key row: the proof was spent by another request, so nothing was claimed.
        .ok_or_else(challenge::already_used)?;
    if stored.claim.as_deref() == Some(claim.as_str()) {
        return Accepted::new(&filing.answer);
    }
    if !crypto::same(&stored.body_hash, &body_hash) {
        return Err(ApiError::Unprocessable(
            "This Idempotency-Key was used with a different body; use a new key for a new request"
                .into(),
        ));
    }
    let body = keys.open(
        &stored.key_id,
        Column::new("idempotency_keys", org, &key),
        &stored.response_sealed,
    )?;
    // The answer as it was first sent, byte for byte.
    let mut response = Response::from_bytes(body.into_bytes())?.with_status(stored.status as u16);
    let headers = response.headers_mut();
    headers.set("content-type", "application/json")?;
    headers.set("cache-control", "no-store")?;
    headers.set("idempotent-replayed", "true")?;
    Ok(Accepted::sent(response))
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(format!("JSON: {error}"))
    }
}
