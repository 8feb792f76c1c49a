//! Liveness: the edge answers, and says so.

use worker::Response;

use crate::ApiError;

pub fn get() -> Result<Response, ApiError> {
    let mut response = Response::from_json(&serde_json::json!({ "ok": true }))?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}
