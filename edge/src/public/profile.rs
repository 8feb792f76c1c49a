//! `GET /v1/orgs/{org}`: the published trust profile, as stored in its snapshot.

use attest_core::{OrgSlug, TrustProfile};
use worker::Response;

use crate::router::{Ctx, Doc, JsonOf, Stored};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot::{Snapshot, CACHE_CONTROL};

/// `GET /v1/orgs/{org}` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "getProfile",
    summary: "The organisation's published trust profile",
    description: "",
    answer: "The profile.",
    errors: &[
        (400, "The slug is not valid; `errors` names the field."),
        (
            404,
            "No such organisation, or it has published nothing yet.",
        ),
    ],
    headers: &[],
};

pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Stored<JsonOf<TrustProfile>>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let snapshot = Snapshot::load(env, &org).await?;
    if http::not_modified(req, &snapshot.etag) {
        return http::respond_not_modified(&snapshot.etag, CACHE_CONTROL).map(Stored::new);
    }
    http::cached(
        Response::from_bytes(snapshot.json.to_vec())?,
        "application/json; charset=utf-8",
        CACHE_CONTROL,
        &snapshot.etag,
    )
    .map(Stored::new)
}
