//! Privacy requests from the public side: filing one, proving the e-mail address is the
//! requester's (a code, or a link whose page confirms with a POST), and following it.

use crate::shared::storage::guarded;
use attest_core::privacy::{self, PrivacyRequestForm, RequestStatus};
use attest_core::Date;
use serde::Deserialize;
use serde_json::json;
use worker::{query, Env, Request};

use crate::public::challenge::{self, Proof};
use crate::public::forms::{self, Filing, Submission};
use crate::public::pages::{self, LinkToken};
use crate::router::{Accepted, Ctx, Doc, Extract, Form, Html, Id, Json, Page, Query, Typed};
use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::privacy::{context, event, kind_in_words, open_note};
use crate::shared::storage::{self, Only, DB};

/// How long a code is good for, and how many wrong guesses it takes.
const CODE_SECONDS: i64 = 10 * 60;
const CODE_TRIES: i64 = 3;
/// How long the link in the e-mail is good for.
const LINK_SECONDS: i64 = 24 * 3600;

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestBody"))]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: PrivacyRequestForm,
    #[cfg_attr(feature = "openapi", schemars(required))]
    proof: Option<Proof>,
    /// A field people never see and bots fill in.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(skip))]
    website: String,
}

/// `POST /v1/orgs/{org}/privacy-requests` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "filePrivacyRequest",
    summary: "File a privacy request (GDPR, UK GDPR, CCPA)",
    description: "Browsers may send it only from the organisation's `allowedOrigins`; clients that send no `Origin` (API clients) may always. Requests that need identity verification start `identity_unverified` and an e-mail with a code and a link goes out; opting out and limiting (CCPA) start `pending`.",
    answer: "Received.",
    errors: &[(400, "A field is invalid (`errors` names each), or the proof is missing, forged, expired, unsolved or already used (field `proof`).")],
    headers: &[("Idempotency-Key", "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`."), ("Sec-GPC", "Global Privacy Control: `1` is recorded with the request.")],
};

/// `POST /v1/orgs/{org}/privacy-requests`
pub async fn create(
    ctx: Ctx,
    submission: Submission<Body>,
) -> Result<Accepted<PrivacyRequestAccepted>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let base = ctx.base.as_str();
    if !submission.body.website.is_empty() {
        // A bot: it gets an answer that looks like any other, and nothing is kept.
        return forms::decoy(&submission, &decoy(submission.now));
    }
    let offered = &submission.profile.privacy_requests.jurisdictions;
    if offered.is_empty() {
        return Err(ApiError::Forbidden(format!(
            "{} takes no privacy requests through this service",
            submission.profile.name
        )));
    }
    challenge::check(
        &submission.keys,
        env,
        &submission.org,
        submission.body.proof.as_ref(),
        submission.now,
    )?;
    let request = submission
        .body
        .form
        .check(offered)
        .map_err(ApiError::Invalid)?;
    let proof = submission.body.proof.as_ref().expect("checked above");
    forms::file(req, env, &submission, proof, |db, only| {
        file(db, &submission, request, base, only)
    })
    .await
}

/// A privacy request received.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PrivacyRequestAccepted {
    id: String,
    /// `identity_unverified` until the requester confirms the address; `pending` for
    /// requests that need no verification (opting out, limiting).
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["identity_unverified", "pending"])))]
    status: &'static str,
    /// GDPR/UK GDPR and other: one month from receipt; CCPA: 45 days; opting out and
    /// limiting: 15 business days.
    #[cfg_attr(feature = "openapi", schemars(with = "Date"))]
    due_by: String,
    /// The requester's key to the status view; shown once, stored only as a hash.
    status_token: String,
}

/// What a bot that filled in the honeypot is told.
fn decoy(now: i64) -> PrivacyRequestAccepted {
    let received = Date::from_unix_seconds(now);
    PrivacyRequestAccepted {
        id: format!("pr_{}", crypto::random_hex(12)),
        status: "identity_unverified",
        due_by: received.add_months(1).to_string(),
        status_token: format!("st_{}", crypto::random_hex(32)),
    }
}

/// The statements that store a checked request with its first event, its verification,
/// its first e-mail, its webhook event and its audit entry, all written under `only`.
fn file(
    db: &worker::D1Database,
    submission: &Submission<Body>,
    request: privacy::NewPrivacyRequest,
    base: &str,
    only: &Only,
) -> Result<Filing<PrivacyRequestAccepted>, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let id = format!("pr_{}", crypto::random_hex(12));
    let status_token = format!("st_{}", crypto::random_hex(32));
    let now = submission.now;
    let received = Date::from_unix_seconds(now);
    let due = privacy::due_by(request.jurisdiction, request.kind, received);
    let status = RequestStatus::initial(request.kind);
    let email = request.email.as_str();
    let details = request.details.as_ref().map(|d| d.as_str());

    let email_sealed = keys.seal(context(&id, "email"), email)?;
    let name_sealed = keys.seal(context(&id, "name"), request.name.as_str())?;
    let details_sealed = details
        .map(|d| keys.seal(context(&id, "details"), d))
        .transpose()?;
    let mut change = Change::new(db, keys, org, now).under(only);
    change.run_all([
        guarded!(
            db,
            &only,
            "INSERT INTO privacy_requests (id, org, jurisdiction, kind, status, received_at, due_by, gpc,
                     retention_days, status_token_hash, key_id, email_sealed, name_sealed, details_sealed, email_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            &id,
            org,
            request.jurisdiction.key(),
            request.kind.key(),
            status.key(),
            now,
            due.to_string(),
            i32::from(submission.gpc),
            submission.profile.privacy_requests.retention_days,
            crypto::sha256_hex(&status_token),
            keys.key_id(),
            &email_sealed,
            &name_sealed,
            &details_sealed,
            keys.mac("email", &email.to_lowercase())
        )?,
        event(
            db,
            keys,
            &id,
            now,
            "requester",
            None,
            status,
            submission.gpc.then_some("Global Privacy Control signal sent"),
            only,
        )?,
    ]);
    let org_name = submission.profile.name.to_string();
    let kind = kind_in_words(request.kind);
    if status == RequestStatus::IdentityUnverified {
        let (code, link) = (crypto::random_code(), crypto::random_hex(32));
        change.run(guarded!(
            db,
            &only,
            "INSERT INTO verifications (request_id, code_hash, link_token_hash, link_expires_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            &id,
            keys.mac("code", &format!("{id}:{code}")),
            crypto::sha256_hex(&link),
            now + LINK_SECONDS,
            now + CODE_SECONDS
        )?);
        let body = format!(
            "Hello,\n\n{org_name} received your request: {kind}.\n\nTo confirm that this \
             e-mail address is yours, enter this code where you made the request (it is valid \
             for 10 minutes):\n\n    {code}\n\nor open this link and press \"Confirm\" (valid \
             for 24 hours):\n\n    {base}/v1/privacy-requests/{id}/confirm?token={link}\n\n\
             Once confirmed, your request will be answered by {due}.\n\nIf you did not make \
             this request, ignore this e-mail: nothing happens without confirmation, and the \
             request is deleted after 7 days.\n\nRequest reference: {id}\n"
        );
        change.mail(&Outgoing {
            org,
            purpose: "verification",
            related_id: &id,
            to: email,
            subject: &format!("Confirm your request to {org_name}"),
            body: &body,
        })?;
    } else {
        acknowledgement(&mut change, &org_name, &id, email, kind, due)?;
    }
    change.event(
        "privacy_request.created",
        json!({ "id": id, "jurisdiction": request.jurisdiction.key(), "kind": request.kind.key(),
                "status": status.key(), "dueBy": due.to_string() }),
    )?;
    change.audit(audit::Change {
        actor: "requester",
        action: "privacy_request.created",
        target: &id,
        before: None,
        after: Some(json!({
            "jurisdiction": request.jurisdiction.key(),
            "kind": request.kind.key(),
            "status": status.key(),
            "dueBy": due.to_string(),
            "gpc": submission.gpc,
        })),
    })?;
    Ok(Filing {
        statements: change.into_statements(),
        answer: PrivacyRequestAccepted {
            id,
            status: status.key(),
            due_by: due.to_string(),
            status_token,
        },
    })
}

#[allow(clippy::too_many_arguments)]
fn acknowledgement(
    change: &mut Change,
    org_name: &str,
    id: &str,
    email: &str,
    kind: &str,
    due: Date,
) -> Result<(), ApiError> {
    let org = change.org();
    let body = format!(
        "Hello,\n\n{org_name} has your request: {kind}.\n\nIt will be answered by {due}. You \
         can follow it where you made it, with the status link you were given.\n\nRequest \
         reference: {id}\n"
    );
    change.mail(&Outgoing {
        org,
        purpose: "acknowledgement",
        related_id: id,
        to: email,
        subject: &format!("{org_name} received your request"),
        body: &body,
    })?;
    Ok(())
}

#[derive(Deserialize)]
struct Stored {
    org: String,
    jurisdiction: String,
    kind: String,
    status: String,
    received_at: i64,
    due_by: String,
    extended: i64,
    status_token_hash: String,
    key_id: Option<String>,
    email_sealed: Option<String>,
}

impl Stored {
    fn status(&self) -> Result<RequestStatus, ApiError> {
        RequestStatus::from_key(&self.status)
            .ok_or_else(|| ApiError::Internal(format!("unknown status {}", self.status)))
    }
}

fn unauthorized() -> ApiError {
    ApiError::Unauthorized(
        "This needs the request's status token as `Authorization: Bearer <statusToken>`".into(),
    )
}

/// The request `id`, if `req` carries its status token. An unknown id and a wrong token
/// get the same answer: the API does not tell which requests exist.
async fn authorised(req: &Request, env: &Env, id: &str) -> Result<Stored, ApiError> {
    let token = http::bearer(req).ok_or_else(unauthorized)?;
    match row(env, id).await? {
        Some(stored) if crypto::same(&stored.status_token_hash, &crypto::sha256_hex(&token)) => {
            Ok(stored)
        }
        _ => Err(unauthorized()),
    }
}

async fn row(env: &Env, id: &str) -> Result<Option<Stored>, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT org, jurisdiction, kind, status, received_at, due_by, extended, status_token_hash,
                key_id, email_sealed
         FROM privacy_requests WHERE id = ?1",
        id
    )?)
    .await
}

/// The request of the path, for the caller holding its status token (`401` otherwise,
/// and for an unknown id alike).
pub struct Requester(Stored);

impl Extract for Requester {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        authorised(&ctx.req, &ctx.env, ctx.param("id"))
            .await
            .map(Requester)
    }
}

#[derive(Deserialize)]
struct Event {
    at: i64,
    actor: String,
    to_status: String,
    kind: String,
    note: Option<String>,
}

/// `GET /v1/privacy-requests/{id}` in the OpenAPI document.
pub const STATUS: Doc = Doc {
    id: "privacyRequestStatus",
    summary: "Where a request stands (for the requester)",
    description: "Shows no personal data. An unknown id and a wrong token get the same `401`.",
    answer: "The request's status and history.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it.")],
    headers: &[],
};

/// `GET /v1/privacy-requests/{id}`: where the request stands, without its personal data.
pub async fn status(
    ctx: Ctx,
    Id(id): Id,
    Requester(stored): Requester,
) -> Result<Typed<RequestView, 200>, ApiError> {
    status_of(&ctx.env, &id, stored).await
}

/// Where a request stands, as its requester sees it: without its personal data, with
/// the reasons the requester is owed.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestStatus"))]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    id: String,
    org: String,
    #[cfg_attr(feature = "openapi", schemars(with = "privacy::Jurisdiction"))]
    jurisdiction: String,
    #[cfg_attr(feature = "openapi", schemars(with = "attest_core::RequestKind"))]
    kind: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["identity_unverified", "pending", "in_progress", "completed", "denied", "expired"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    received_at: String,
    #[cfg_attr(feature = "openapi", schemars(with = "Date"))]
    due_by: String,
    /// The deadline was extended (GDPR art. 12(3), CCPA: by two months or 45 days).
    extended: bool,
    history: Vec<RequestStep>,
}

/// A step of a request's history.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestStatusStep"))]
pub struct RequestStep {
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    at: String,
    status: String,
    /// Who took it: the requester, the system (a deadline, retention) or the team.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["requester", "system", "team"])))]
    actor: String,
    /// A denial's or an extension's reason.
    note: Option<String>,
}

async fn status_of(
    env: &Env,
    id: &str,
    stored: Stored,
) -> Result<Typed<RequestView, 200>, ApiError> {
    let db = env.d1(DB)?;
    let events: Vec<Event> = storage::all(query!(
        &db,
        // The team's own steps (who has the request) are not the requester's to see.
        "SELECT at, actor, to_status, kind, note FROM request_events
         WHERE request_id = ?1 AND kind IN ('status', 'extension', 'erasure') ORDER BY id",
        id
    )?)
    .await?;
    let keys = Keys::from_env(env)?;
    let history: Vec<RequestStep> = events
        .into_iter()
        .map(|e| {
            let actor = match e.actor.as_str() {
                "requester" | "system" => e.actor.clone(),
                _ => "team".to_owned(),
            };
            // Only reasons the requester is owed are shown: a denial's, an extension's.
            let note = ((e.kind == "status" && e.to_status == "denied") || e.kind == "extension")
                .then_some(e.note)
                .flatten()
                .map(|n| open_note(&keys, id, &n).unwrap_or_default());
            RequestStep {
                at: attest_core::date::rfc3339(e.at),
                status: e.to_status,
                actor,
                note,
            }
        })
        .collect();
    let view = RequestView {
        id: id.to_owned(),
        extended: stored.extended != 0,
        received_at: attest_core::date::rfc3339(stored.received_at),
        org: stored.org,
        jurisdiction: stored.jurisdiction,
        kind: stored.kind,
        status: stored.status,
        due_by: stored.due_by,
        history,
    };
    // The answer depends on the token: no shared cache may keep it for another.
    Ok(Typed::new(&view)?.map(|mut response| {
        let _ = response.headers_mut().set("vary", "authorization");
        response
    }))
}

/// The code from the e-mail.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "VerificationCode"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["code"])))]
pub struct CodeBody {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = r"^[0-9]{6}$")))]
    code: String,
}

#[derive(Deserialize)]
struct Verification {
    code_hash: String,
    link_token_hash: String,
    link_expires_at: i64,
    expires_at: i64,
    attempts: i64,
}

async fn verification(env: &Env, id: &str) -> Result<Option<Verification>, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT code_hash, link_token_hash, link_expires_at, expires_at, attempts FROM verifications WHERE request_id = ?1",
        id
    )?)
    .await
}

fn code_error(reason: String) -> ApiError {
    ApiError::invalid("code", reason)
}

/// `POST /v1/privacy-requests/{id}/verify` in the OpenAPI document.
pub const VERIFY: Doc = Doc {
    id: "verifyPrivacyRequest",
    summary: "Confirm the e-mail address with the code it received",
    description: "A code is valid for 10 minutes and 3 tries; then a new one must be asked for.",
    answer: "Verified: the request is `pending`.",
    errors: &[
        (
            400,
            "Not the code sent (field `code`, with the tries left).",
        ),
        (
            409,
            "Nothing to verify, or the code expired or is locked after 3 wrong tries.",
        ),
    ],
    headers: &[],
};

/// `POST /v1/privacy-requests/{id}/verify` with `{ "code": "123456" }`.
pub async fn verify(
    ctx: Ctx,
    Id(id): Id,
    Requester(stored): Requester,
    Json(body): Json<CodeBody>,
) -> Result<Typed<RequestView, 200>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let code = body.code.trim();
    if stored.status()? != RequestStatus::IdentityUnverified {
        return Err(ApiError::Conflict(format!(
            "This request is {}; there is nothing to verify",
            stored.status
        )));
    }
    let keys = Keys::from_env(env)?;
    let Some(open) = verification(env, id).await? else {
        return Err(ApiError::Conflict(
            "There is no code to check: ask for a new one".into(),
        ));
    };
    let now = ctx.now;
    if open.attempts >= CODE_TRIES {
        return Err(ApiError::Conflict(
            "This code was entered wrongly 3 times and no longer works: ask for a new code".into(),
        ));
    }
    if open.expires_at <= now {
        return Err(ApiError::Conflict(
            "This code has expired: ask for a new code".into(),
        ));
    }
    let right = code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && crypto::same(&keys.mac("code", &format!("{id}:{code}")), &open.code_hash);
    if !right {
        let db = env.d1(DB)?;
        storage::run(query!(
            &db,
            "UPDATE verifications SET attempts = attempts + 1 WHERE request_id = ?1",
            id
        )?)
        .await?;
        let left = CODE_TRIES - open.attempts - 1;
        return Err(code_error(match left {
            0 => "is not the code we sent, and that was the last try: ask for a new code".into(),
            1 => "is not the code we sent; 1 try left".into(),
            n => format!("is not the code we sent; {n} tries left"),
        }));
    }
    confirm(
        env,
        &keys,
        id,
        &stored,
        "verified with the code from the e-mail",
        ctx.now,
    )
    .await?;
    let stored = row(env, id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("{id} vanished while it was verified")))?;
    status_of(env, id, stored).await
}

/// Marks the request verified: its status, an event, the acknowledgement e-mail.
async fn confirm(
    env: &Env,
    keys: &Keys,
    id: &str,
    stored: &Stored,
    how: &str,
    now: i64,
) -> Result<(), ApiError> {
    let db = env.d1(DB)?;
    RequestStatus::IdentityUnverified.check_transition(
        RequestStatus::Pending,
        None,
        stored.received_at,
        now,
    )?;
    let email = match (&stored.key_id, &stored.email_sealed) {
        (Some(key_id), Some(sealed)) => keys.open(key_id, context(id, "email"), sealed)?,
        _ => {
            return Err(ApiError::Conflict(
                "This request's data has been erased".into(),
            ))
        }
    };
    let org_name = outbox::org_name(env, &stored.org).await;
    let kind =
        attest_core::RequestKind::from_key(&stored.kind).map_or("your request", kind_in_words);
    let due = Date::parse(&stored.due_by)?;
    let mut change = Change::new(&db, keys, &stored.org, now);
    change.run_all(vec![
            query!(
                &db,
                "UPDATE privacy_requests SET status = 'pending', verified_at = ?2 WHERE id = ?1 AND status = 'identity_unverified'",
                id,
                now
            )?,
            event(
                &db,
                keys,
                id,
                now,
                "requester",
                Some(RequestStatus::IdentityUnverified),
                RequestStatus::Pending,
                Some(how),
                &Only::always(),
            )?,
            query!(&db, "DELETE FROM verifications WHERE request_id = ?1", id)?,
        ]);
    acknowledgement(&mut change, &org_name, id, &email, kind, due)?;
    change.event(
        "privacy_request.verified",
        json!({ "id": id, "status": RequestStatus::Pending.key() }),
    )?;
    change.audit(audit::Change {
        actor: "requester",
        action: "privacy_request.verified",
        target: id,
        before: Some(json!({ "status": RequestStatus::IdentityUnverified.key() })),
        after: Some(json!({ "status": RequestStatus::Pending.key(), "how": how })),
    })?;
    change.commit().await
}

/// `POST /v1/privacy-requests/{id}/verification` in the OpenAPI document.
pub const RESEND: Doc = Doc {
    id: "newVerificationCode",
    summary: "Send a new code and link; earlier ones stop working",
    description: "",
    answer: "A new e-mail is on its way.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (409, "The request needs no verification (any more)."), (429, "A new code was sent less than a minute ago.")],
    headers: &[],
};

/// A new code and link sent.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewVerificationCode"))]
#[serde(rename_all = "camelCase")]
pub struct NewCode {
    id: String,
    status: String,
    /// When the new code stops working (the link works for a day).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    code_expires: String,
}

/// `POST /v1/privacy-requests/{id}/verification`: a new code and link, the old ones void.
pub async fn resend(
    ctx: Ctx,
    Id(id): Id,
    Requester(stored): Requester,
) -> Result<Accepted<NewCode>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let base = ctx.base.as_str();
    if stored.status()? != RequestStatus::IdentityUnverified {
        return Err(ApiError::Conflict(format!(
            "This request is {}; there is nothing to verify",
            stored.status
        )));
    }
    let keys = Keys::from_env(env)?;
    let now = ctx.now;
    if let Some(open) = verification(env, id).await? {
        // One new code a minute at most: the code is the only thing a guesser can reset.
        if open.expires_at - CODE_SECONDS + 60 > now {
            return Err(ApiError::TooManyRequests(
                (open.expires_at - CODE_SECONDS + 60 - now).max(1) as u32,
            ));
        }
    }
    let email = match (&stored.key_id, &stored.email_sealed) {
        (Some(key_id), Some(sealed)) => keys.open(key_id, context(id, "email"), sealed)?,
        _ => {
            return Err(ApiError::Conflict(
                "This request's data has been erased".into(),
            ))
        }
    };
    let (code, link) = (crypto::random_code(), crypto::random_hex(32));
    let db = env.d1(DB)?;
    let body = format!(
        "Hello,\n\nHere is a new code to confirm your request (valid for 10 minutes):\n\n    \
         {code}\n\nor open this link and press \"Confirm\" (valid for 24 hours):\n\n    \
         {base}/v1/privacy-requests/{id}/confirm?token={link}\n\nEarlier codes and links no \
         longer work.\n\nRequest reference: {id}\n"
    );
    let mut change = Change::new(&db, &keys, &stored.org, now);
    change.run_all(vec![
            query!(
                &db,
                "INSERT INTO verifications (request_id, code_hash, link_token_hash, link_expires_at, expires_at, attempts)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0)
                 ON CONFLICT (request_id) DO UPDATE SET code_hash = excluded.code_hash,
                   link_token_hash = excluded.link_token_hash, link_expires_at = excluded.link_expires_at,
                   expires_at = excluded.expires_at, attempts = 0",
                id,
                keys.mac("code", &format!("{id}:{code}")),
                crypto::sha256_hex(&link),
                now + LINK_SECONDS,
                now + CODE_SECONDS
            )?,
        ]);
    change.mail(&Outgoing {
        org: &stored.org,
        purpose: "verification",
        related_id: id,
        to: &email,
        subject: "A new code for your request",
        body: &body,
    })?;
    change.audit(audit::Change {
        actor: "requester",
        action: "privacy_request.code_sent",
        target: id,
        before: None,
        after: None,
    })?;
    change.commit().await?;
    Accepted::new(&NewCode {
        id: id.to_owned(),
        status: stored.status,
        code_expires: attest_core::date::rfc3339(now + CODE_SECONDS),
    })
}

/// `GET /v1/privacy-requests/{id}/confirm` in the OpenAPI document.
pub const CONFIRM_PAGE: Doc = Doc {
    id: "confirmPage",
    summary: "The page the e-mail's link opens",
    description:
        "Changes nothing (mail scanners follow links): it shows a button that confirms with a POST.",
    answer: "An HTML page.",
    errors: &[
        (400, "The link has no token: a page saying so."),
        (
            404,
            "No such request or subscription: a page saying the link does not work.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/privacy-requests/{id}/confirm?token=…`: the page the e-mail links to. It
/// changes nothing: mail scanners open links. Its button confirms with a POST.
pub async fn confirm_page(
    ctx: Ctx,
    Id(id): Id,
    Query(link): Query<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let Some(token) = link.given() else {
        return Ok(pages::no_token());
    };
    let state = link_state(env, id, &token, ctx.now).await?;
    Ok(match state {
        LinkState::Valid => pages::confirm_form(id, &token),
        LinkState::AlreadyConfirmed => pages::message("Already confirmed", "This request has already been confirmed. There is nothing more to do."),
        LinkState::Invalid => pages::message("This link does not work", "It has expired or been replaced by a newer one. Ask for a new code where you made the request."),
        LinkState::Unknown => pages::unknown_link(),
    })
}

/// `POST /v1/privacy-requests/{id}/confirm` in the OpenAPI document.
pub const CONFIRM_LINK: Doc = Doc {
    id: "confirmByLink",
    summary: "Confirm the e-mail address from the link's page",
    description: "",
    answer: "An HTML page saying whether it worked.",
    errors: &[
        (400, "The form has no token: a page saying so."),
        (
            404,
            "No such request or subscription: a page saying the link does not work.",
        ),
    ],
    headers: &[],
};

/// `POST /v1/privacy-requests/{id}/confirm` from that page's button.
pub async fn confirm_link(
    ctx: Ctx,
    Id(id): Id,
    Form(link): Form<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let Some(token) = link.given() else {
        return Ok(pages::no_token());
    };
    Ok(match link_state(env, id, &token, ctx.now).await? {
        LinkState::Valid => {
            let db = env.d1(DB)?;
            let stored: Stored = storage::first(query!(
                &db,
                "SELECT org, jurisdiction, kind, status, received_at, due_by, extended, status_token_hash,
                        key_id, email_sealed FROM privacy_requests WHERE id = ?1",
                id
            )?)
            .await?
            .ok_or_else(|| ApiError::NotFound("no such request".into()))?;
            let keys = Keys::from_env(env)?;
            confirm(env, &keys, id, &stored, "verified with the link from the e-mail", ctx.now).await?;
            pages::message(
                "Confirmed",
                &format!("Thank you. Your request is confirmed and will be answered by {}.", stored.due_by),
            )
        }
        LinkState::AlreadyConfirmed => pages::message("Already confirmed", "This request has already been confirmed. There is nothing more to do."),
        LinkState::Invalid => pages::message("This link does not work", "It has expired or been replaced by a newer one. Ask for a new code where you made the request."),
        LinkState::Unknown => pages::unknown_link(),
    })
}

enum LinkState {
    Valid,
    AlreadyConfirmed,
    Invalid,
    /// No such request: the link was never one of ours (`404`).
    Unknown,
}

async fn link_state(env: &Env, id: &str, token: &str, now: i64) -> Result<LinkState, ApiError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(LinkState::Invalid);
    }
    let db = env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        status: String,
    }
    let Some(row) = storage::first::<Row>(query!(
        &db,
        "SELECT status FROM privacy_requests WHERE id = ?1",
        id
    )?)
    .await?
    else {
        return Ok(LinkState::Unknown);
    };
    if row.status != RequestStatus::IdentityUnverified.key() {
        return Ok(if row.status == RequestStatus::Expired.key() {
            LinkState::Invalid
        } else {
            LinkState::AlreadyConfirmed
        });
    }
    Ok(match verification(env, id).await? {
        Some(open)
            if open.link_expires_at > now
                && crypto::same(&open.link_token_hash, &crypto::sha256_hex(token)) =>
        {
            LinkState::Valid
        }
        _ => LinkState::Invalid,
    })
}
