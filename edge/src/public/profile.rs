//! `GET /v1/orgs/{org}`: the published trust profile, as stored in its snapshot.

use attest_core::OrgSlug;
use worker::Response;

use crate::router::Ctx;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot::{Snapshot, CACHE_CONTROL};

pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let snapshot = Snapshot::load(env, &org).await?;
    if http::not_modified(req, &snapshot.etag) {
        return http::respond_not_modified(&snapshot.etag, CACHE_CONTROL);
    }
    http::cached(
        Response::from_bytes(snapshot.json.to_vec())?,
        "application/json; charset=utf-8",
        CACHE_CONTROL,
        &snapshot.etag,
    )
}
