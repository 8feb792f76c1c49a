//! The local stack's way into this edge's own stores: SQL against its D1, for the
//! end-to-end tests and benchmarks that count rows or break a table on purpose, and the
//! seeding of the sample organisations (their rows and their published snapshots). None
//! of them may open the local database file from a second process while the edge writes
//! it: SQLite locks the file, and workerd's D1 then fails the edge's own queries
//! (`SQLITE_BUSY`) or stalls them. Through here their SQL is one more query of the
//! edge's, in its order; and a running edge seeds in milliseconds, where `wrangler d1
//! execute` and `wrangler kv bulk put` start a runtime each (about two seconds apiece, on
//! every test stack's start).
//!
//! Off unless the deployment sets `TEST_SQL_TOKEN` (only the local stack does, with a
//! random token in its private vars file), and even then only for plain HTTP to a
//! loopback address with that token: a deployed Worker never answers it.

use attest_core::OrgSlug;
use serde::Deserialize;
use worker::{Env, Request, Response};

use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot;
use crate::shared::storage;

/// Where its routes are; outside the API and its document.
pub const PREFIX: &str = "/__test/";

/// `POST /__test/d1`: one statement (`sql`), whose rows are the answer, or several
/// (`batch`), run as one D1 batch: all of them or none.
#[derive(Deserialize)]
#[serde(untagged)]
enum Sql {
    One { sql: String },
    Batch { batch: Vec<String> },
}

/// `POST /__test/snapshot`: `json` as `org`'s published snapshot, as publishing writes it.
#[derive(Deserialize)]
struct Published {
    org: OrgSlug,
    json: String,
}

/// `POST /__test/d1`, `POST /__test/snapshot` and `POST /__test/memory`, with
/// `Authorization: Bearer <TEST_SQL_TOKEN>`. Anything not allowed is the same `404` as an
/// unknown path.
pub async fn answer(req: &mut Request, env: &Env) -> Result<Response, ApiError> {
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
    /// What the query returned.
    #[derive(serde::Serialize)]
    struct Rows {
        results: Vec<serde_json::Value>,
    }
    let d1 = |e: worker::Error| ApiError::Unavailable(format!("D1: {e}"));
    match &url.path()[PREFIX.len()..] {
        "d1" => {
            let db = env.d1(storage::DB)?;
            let rows = match http::json_body(req).await? {
                Sql::One { sql } => db
                    .prepare(&sql)
                    .all()
                    .await
                    .map_err(d1)?
                    .results::<serde_json::Value>()
                    .map_err(|e| ApiError::Internal(format!("D1 rows: {e}")))?,
                Sql::Batch { batch } => {
                    let statements = batch.iter().map(|sql| db.prepare(sql)).collect();
                    db.batch(statements).await.map_err(d1)?;
                    Vec::new()
                }
            };
            http::json(200, &Rows { results: rows })
        }
        "snapshot" => {
            let Published { org, json } = http::json_body(req).await?;
            snapshot::store(env, &org, &json).await?;
            http::json(
                200,
                &Rows {
                    results: Vec::new(),
                },
            )
        }
        "memory" => {
            /// How much linear memory the Worker's WebAssembly holds (it never shrinks), for
            /// the tests that hold it to a bound under load (an isolate has 128 MB).
            #[derive(serde::Serialize)]
            struct Memory {
                bytes: usize,
            }
            http::json(
                200,
                &Memory {
                    bytes: wasm_memory_bytes(),
                },
            )
        }
        _ => Err(ApiError::NoSuchRoute),
    }
}

#[cfg(target_arch = "wasm32")]
fn wasm_memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65_536
}

#[cfg(not(target_arch = "wasm32"))]
fn wasm_memory_bytes() -> usize {
    0
}
