//! Liveness: the edge answers, and says so.

use crate::router::{Ctx, Doc, Json};
use crate::shared::error::ApiError;

/// `GET /healthz` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "health",
    summary: "Liveness",
    description: "",
    answer: "The edge answers.",
    errors: &[],
    headers: &[],
};

/// The edge is up.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Health {
    /// Always `true`.
    pub ok: bool,
}

pub async fn get(_: Ctx) -> Result<Json<Health>, ApiError> {
    Ok(Json(Health { ok: true }))
}
