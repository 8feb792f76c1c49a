//! `GET /v1/admin/me`: who is asking, and what they may do in each organisation.

use attest_core::members::Permission;
use serde::Serialize;

use crate::router::{Ctx, Doc, Identified, Json};
use crate::shared::error::ApiError;

/// `GET /v1/admin/me` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "me",
    summary: "Who is asking: the caller, its organisations and what it may do in each",
    description: "For an API token: its name and its organisation, with the token's scopes and the permissions they grant. The console asks this first.",
    answer: "The caller.",
    errors: &[],
    headers: &[],
};

/// The caller of the admin API.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Me {
    /// `token`: an API token, for machines.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["token"])))]
    kind: &'static str,
    /// The token's name, as the audit log names it (`token:<name>`).
    name: String,
    organisations: Vec<Membership>,
}

/// An organisation the caller may act in, and what it may do there.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Membership {
    org: String,
    /// A token's scopes.
    scopes: Vec<String>,
    /// What those let it do, each the permission an admin route declares.
    permissions: Vec<Permission>,
}

pub async fn get(_: Ctx, Identified(callers): Identified) -> Result<Json<Me>, ApiError> {
    let name = callers
        .first()
        .map(|c| c.name().to_owned())
        .unwrap_or_default();
    Ok(Json(Me {
        kind: "token",
        name,
        organisations: callers
            .iter()
            .map(|caller| Membership {
                org: caller.org().to_owned(),
                scopes: caller.scopes().map(str::to_owned).collect(),
                permissions: caller.permissions(),
            })
            .collect(),
    }))
}
