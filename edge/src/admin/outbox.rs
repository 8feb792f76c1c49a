//! The organisation's e-mail as the outbox holds it, opened for reading (`outbox:read`).

use attest_core::OrgSlug;
use worker::query;

use crate::admin::export;
use crate::router::{Csv, Ctx, Doc, Json, Page, Query};
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Shown};
use crate::shared::storage::{self, DB};

/// `GET /v1/admin/orgs/{org}/outbox` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "adminOutbox",
    summary: "The organisation's e-mail outbox, newest first, paged (admin)",
    description: "Every message the edge sent or will send, opened for reading: how to read them where no e-mail provider is configured.",
    answer: "A page of messages; `nextBefore` continues it.",
    errors: &[(400, "A `limit` outside 1 to 500, or a `before` that is not a message id.")],
    headers: &[],
};

/// How many, newest first.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Limit {
    /// At most this many (1 to 500; 100 when not given).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u32>", range(min = 1, max = 500))
    )]
    limit: Option<String>,
}

/// How many, newest first, and from where.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Paging {
    /// At most this many (1 to 500; 100 when not given).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u32>", range(min = 1, max = 500))
    )]
    limit: Option<String>,
    /// The messages after this one, newest first (the previous page's `nextBefore`).
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = r"^msg_[0-9a-f]{24}$")))]
    before: Option<String>,
}

impl Paging {
    /// The page asked for: how many, and after which message (a `400` naming the field
    /// that is neither).
    pub fn window(&self) -> Result<(u32, Option<&str>), ApiError> {
        let limit = http::number_in("limit", self.limit.as_deref(), 100, 1..=500)? as u32;
        let before = self.before.as_deref();
        if before.is_some_and(|b| !outbox::is_id(b)) {
            return Err(ApiError::invalid(
                "before",
                "must be a message id (msg_ and 24 hex digits)",
            ));
        }
        Ok((limit, before))
    }
}

/// A page from messages fetched one past `limit`: at most `limit` of them, and the next
/// page's `before` when there was one more.
pub fn page_of(mut fetched: Vec<Shown>, limit: u32) -> (Vec<Shown>, Option<String>) {
    let more = fetched.len() > limit as usize;
    fetched.truncate(limit as usize);
    let next_before = more.then(|| fetched.last().map(|m| m.id.clone())).flatten();
    (fetched, next_before)
}

/// The organisation's e-mail.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Outbox {
    org: String,
    messages: Vec<Shown>,
    /// The `before` of the next page; `null` on the last.
    next_before: Option<String>,
}

/// `GET /v1/admin/orgs/{org}/outbox?limit=100`: the organisation's e-mail, newest first,
/// opened for reading.
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(query): Query<Paging>,
) -> Result<Json<Outbox>, ApiError> {
    let env = &ctx.env;
    let (limit, before) = query.window()?;
    let keys = Keys::from_env(env)?;
    let fetched = outbox::list(env, &keys, org.as_str(), "email", None, before, limit + 1).await?;
    let (messages, next_before) = page_of(fetched, limit);
    Ok(Json(Outbox {
        org: org.to_string(),
        messages,
        next_before,
    }))
}

/// `GET /v1/admin/orgs/{org}/outbox.csv` in the OpenAPI document.
pub const EXPORT: Doc = Doc {
    id: "exportOutbox",
    summary: "The organisation's e-mail as CSV, without recipients or contents (outbox:read)",
    description: "Every e-mail, newest first: its purpose, what it is about, its delivery state, attempts and last error. Recipients, subjects and bodies stay sealed in the edge.",
    answer: "RFC 4180 CSV with a header row: id, purpose, related_id, status, created_at, attempts, sent_at, last_error.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/outbox.csv`
pub async fn export(ctx: Ctx, org: OrgSlug) -> Result<Page<Csv>, ApiError> {
    #[derive(serde::Deserialize)]
    struct Line {
        id: String,
        purpose: String,
        related_id: Option<String>,
        status: String,
        created_at: i64,
        attempts: i64,
        sent_at: Option<i64>,
        last_error: Option<String>,
    }
    let db = ctx.env.d1(DB)?;
    let lines: Vec<Line> = storage::all(query!(
        &db,
        &format!(
            "SELECT id, purpose, related_id, created_at, attempts, sent_at, last_error,
                    CASE WHEN sent_at IS NOT NULL THEN 'sent'
                         WHEN recipient_sealed IS NULL THEN 'erased'
                         WHEN attempts >= {} THEN 'failed'
                         ELSE 'queued' END AS status
             FROM outbox WHERE org = ?1 AND channel = 'email'
             ORDER BY created_at DESC, rowid DESC",
            outbox::MAX_ATTEMPTS
        ),
        org.as_str()
    )?)
    .await?;
    let time = attest_core::date::rfc3339;
    export::csv(
        org.as_str(),
        "outbox",
        &[
            "id",
            "purpose",
            "related_id",
            "status",
            "created_at",
            "attempts",
            "sent_at",
            "last_error",
        ],
        lines.into_iter().map(|l| {
            vec![
                l.id,
                l.purpose,
                l.related_id.unwrap_or_default(),
                l.status,
                time(l.created_at),
                l.attempts.to_string(),
                l.sent_at.map(time).unwrap_or_default(),
                l.last_error.unwrap_or_default(),
            ]
        }),
    )
}

/// `GET /v1/admin/outbox` in the OpenAPI document.
pub const PLATFORM_LIST: Doc = Doc {
    id: "platformOutbox",
    summary: "The platform's own e-mail (members' sign-in links), newest first (platform token)",
    description: "In no organisation's outbox, so that no member reads another's sign-in link: where no e-mail provider is configured, the operator reads them here.",
    answer: "The messages.",
    errors: &[(400, "A limit outside 1 to 500.")],
    headers: &[],
};

/// The platform's own e-mail.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PlatformOutbox {
    messages: Vec<Shown>,
}

/// `GET /v1/admin/outbox?limit=100` (platform token): sign-in links and the like.
pub async fn platform_list(
    ctx: Ctx,
    Query(query): Query<Limit>,
) -> Result<Json<PlatformOutbox>, ApiError> {
    let env = &ctx.env;
    let limit = http::number_in("limit", query.limit.as_deref(), 100, 1..=500)? as u32;
    let keys = Keys::from_env(env)?;
    let messages = outbox::list(env, &keys, outbox::PLATFORM, "email", None, None, limit).await?;
    Ok(Json(PlatformOutbox { messages }))
}
