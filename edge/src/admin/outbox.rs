//! The organisation's e-mail as the outbox holds it, opened for reading (`outbox:read`).

use attest_core::OrgSlug;

use crate::router::{Ctx, Doc, Json, Query};
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Shown};

/// `GET /v1/admin/orgs/{org}/outbox` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "adminOutbox",
    summary: "The organisation's e-mail outbox, newest first (admin)",
    description: "Every message the edge sent or will send, opened for reading: how to read them where no e-mail provider is configured.",
    answer: "The messages.",
    errors: &[],
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

/// The organisation's e-mail.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Outbox {
    org: String,
    messages: Vec<Shown>,
}

/// `GET /v1/admin/orgs/{org}/outbox?limit=100`: the organisation's e-mail, newest first,
/// opened for reading.
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(query): Query<Limit>,
) -> Result<Json<Outbox>, ApiError> {
    let env = &ctx.env;
    let limit = http::number_in("limit", query.limit.as_deref(), 100, 1..=500)? as u32;
    let keys = Keys::from_env(env)?;
    let messages = outbox::list(env, &keys, org.as_str(), "email", None, limit).await?;
    Ok(Json(Outbox {
        org: org.to_string(),
        messages,
    }))
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
    let messages = outbox::list(env, &keys, outbox::PLATFORM, "email", None, limit).await?;
    Ok(Json(PlatformOutbox { messages }))
}
