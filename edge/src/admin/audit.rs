//! The audit log: every change to what an organisation publishes and every step of every
//! privacy request or security report is an entry, journaled in the same transaction as
//! the change itself and then chained by hashes (`attest_core::audit`), in journal order.
//! Nothing here updates or deletes an entry, journaled or chained.

use attest_core::audit::{self, Entry};
use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, Response};

use crate::router::Ctx;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

thread_local! {
    /// Organisations this isolate journaled for and has not chained since.
    static TO_CHAIN: std::cell::RefCell<std::collections::BTreeSet<String>> =
        const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

#[derive(Deserialize)]
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    before_json: Option<String>,
    after_json: Option<String>,
    prev_hash: String,
    hash: String,
}

impl Row {
    fn entry(&self) -> Entry {
        let parse = |text: &Option<String>| {
            text.as_deref()
                .map(|t| serde_json::from_str(t).unwrap_or(Value::String(t.to_owned())))
        };
        Entry {
            seq: self.seq,
            at: self.at.clone(),
            actor: self.actor.clone(),
            action: self.action.clone(),
            target: self.target.clone(),
            before: parse(&self.before_json),
            after: parse(&self.after_json),
            prev_hash: self.prev_hash.clone(),
        }
    }
}

const COLUMNS: &str = "seq, at, actor, action, target, before_json, after_json, prev_hash, hash";

/// `GET /v1/admin/orgs/{org}/audit?after=SEQ&limit=N&action=&target=&since=&until=`
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let param = |name: &str| http::query(req, name).ok().flatten();
    let after: i64 = param("after").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: i64 = param("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let db = env.d1(DB)?;
    crate::shared::audit::chain(&db, org.as_str()).await?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM audit_log WHERE org = ?1 AND seq > ?2
               AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR target = ?4)
               AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)
             ORDER BY seq LIMIT ?7"
        ),
        org.as_str(),
        after,
        param("action"),
        param("target"),
        param("since"),
        param("until"),
        limit + 1
    )?)
    .await?;
    let more = rows.len() as i64 > limit;
    let entries: Vec<Value> = rows
        .iter()
        .take(limit as usize)
        .map(|row| {
            let mut value = serde_json::to_value(row.entry()).unwrap_or(Value::Null);
            value["hash"] = Value::String(row.hash.clone());
            value
        })
        .collect();
    let next = more
        .then(|| entries.last().map(|e| e["seq"].clone()))
        .flatten();
    http::json(200, &json!({ "entries": entries, "nextAfter": next }))
}

/// `GET /v1/admin/orgs/{org}/audit/verify`: walks the whole chain.
pub async fn verify(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let db = env.d1(DB)?;
    crate::shared::audit::chain(&db, org.as_str()).await?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM audit_log WHERE org = ?1 ORDER BY seq"),
        org.as_str()
    )?)
    .await?;
    let entries: Vec<(Entry, &str)> = rows.iter().map(|r| (r.entry(), r.hash.as_str())).collect();
    let first_bad = audit::verify(entries.iter().map(|(e, h)| (e, *h)));
    http::json(
        200,
        &json!({ "ok": first_bad.is_none(), "entries": rows.len(), "firstBadSeq": first_bad }),
    )
}
