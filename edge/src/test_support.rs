//! SQL against this edge's own D1, for the end-to-end tests and benchmarks that count
//! rows or break a table on purpose. They must not open the local database file from a
//! second process while the edge writes it: SQLite locks the file, and workerd's D1 then
//! fails the edge's own queries (`SQLITE_BUSY`) or stalls them. Through here their SQL is
//! one more query of the edge's, in its order.
//!
//! Off unless the deployment sets `TEST_SQL_TOKEN` (only the local stack does, with a
//! random token in its private vars file), and even then only for plain HTTP to a
//! loopback address with that token: a deployed Worker never answers it.

use serde::Deserialize;
use worker::{Env, Request, Response};

use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage;

/// The path; outside the API and its document.
pub const PATH: &str = "/__test/d1";

#[derive(Deserialize)]
struct Sql {
    sql: String,
}

/// `POST /__test/d1 {sql}` with `Authorization: Bearer <TEST_SQL_TOKEN>`: the rows of
/// the statement. Anything not allowed is the same `404` as an unknown path.
pub async fn sql(req: &mut Request, env: &Env) -> Result<Response, ApiError> {
    let token = env
        .var("TEST_SQL_TOKEN")
        .ok()
        .map(|v| v.to_string())
        .filter(|t| t.len() >= 32);
    let url = req.url()?;
    let local = url.scheme() == "http"
        && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let sent = http::bearer(req).unwrap_or_default();
    match token {
        Some(token)
            if local && crypto::same(&crypto::sha256_hex(&sent), &crypto::sha256_hex(&token)) => {}
        _ => return Err(ApiError::NoSuchRoute),
    }
    let Sql { sql } = http::json_body(req).await?;
    let db = env.d1(storage::DB)?;
    let rows = db
        .prepare(&sql)
        .all()
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?
        .results::<serde_json::Value>()
        .map_err(|e| ApiError::Internal(format!("D1 rows: {e}")))?;
    /// What the query returned.
    #[derive(serde::Serialize)]
    struct Rows {
        results: Vec<serde_json::Value>,
    }
    http::json(200, &Rows { results: rows })
}
