//! The organisation's e-mail as the outbox holds it, opened for reading (`outbox:read`).

use attest_core::OrgSlug;
use serde_json::json;
use worker::Response;

use crate::router::Ctx;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::{http, outbox};

/// `GET /v1/admin/orgs/{org}/outbox?limit=100`: the organisation's e-mail, newest first,
/// opened for reading.
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let limit = http::query(req, "limit")?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let keys = Keys::from_env(env)?;
    let messages = outbox::list(env, &keys, org.as_str(), "email", None, limit).await?;
    http::json(200, &json!({ "org": org.as_str(), "messages": messages }))
}
