//! `GET /openapi.json`: the OpenAPI 3.1 document of the API, kept in step with the route
//! table by a test.

use worker::Response;

use crate::router::{Ctx, Doc, JsonOf, Page};
use crate::shared::error::ApiError;

pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// `GET /openapi.json` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "openapi",
    summary: "This document",
    description: "",
    answer: "The OpenAPI document.",
    errors: &[],
    headers: &[],
};

pub async fn get(_: Ctx) -> Result<Page<JsonOf<serde_json::Value>>, ApiError> {
    let mut response = Response::from_bytes(DOCUMENT.as_bytes().to_vec())?;
    response
        .headers_mut()
        .set("content-type", "application/json; charset=utf-8")?;
    response
        .headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(Page::new(response))
}
