//! Liveness: the edge answers, and says so.

use worker::Response;

use crate::router::Ctx;
use crate::shared::error::ApiError;

pub async fn get(_: Ctx) -> Result<Response, ApiError> {
    let mut response = Response::from_json(&serde_json::json!({ "ok": true }))?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}
