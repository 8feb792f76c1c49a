//! The audit log: every change to what an organisation publishes and every step of every
//! privacy request or security report is an entry, appended in the same transaction as
//! the change itself and chained by hashes (`attest_core::audit`). Nothing here updates
//! or deletes an entry.

use attest_core::audit::{self, Entry};
use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, D1Database, D1PreparedStatement, Env, Request, Response};

use crate::storage::{self, DB};
use crate::{admin, forms, http, ApiError};

/// A change to record.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Deserialize)]
struct Head {
    seq: i64,
    hash: String,
}

/// Runs `statements` and appends `change` to `org`'s log, all or nothing. Two changes at
/// the same moment contend for the same `seq`; the loser reads the new head and retries.
pub async fn commit(
    db: &D1Database,
    org: &str,
    change: Change<'_>,
    statements: Vec<D1PreparedStatement>,
) -> Result<(), ApiError> {
    let mut last_error = String::new();
    for _ in 0..5 {
        let head: Option<Head> = storage::first(query!(
            db,
            "SELECT seq, hash FROM audit_log WHERE org = ?1 ORDER BY seq DESC LIMIT 1",
            org
        )?)
        .await?;
        let entry = Entry {
            seq: head.as_ref().map_or(1, |h| h.seq + 1),
            at: attest_core::date::rfc3339(http::now_unix_seconds()),
            actor: change.actor.to_owned(),
            action: change.action.to_owned(),
            target: change.target.to_owned(),
            before: change.before.clone(),
            after: change.after.clone(),
            prev_hash: head.map(|h| h.hash).unwrap_or_default(),
        };
        let mut batch = statements.clone();
        batch.push(query!(
            db,
            "INSERT INTO audit_log (org, seq, at, actor, action, target, before_json, after_json, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            org,
            entry.seq,
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.target,
            entry.before.as_ref().map(Value::to_string),
            entry.after.as_ref().map(Value::to_string),
            &entry.prev_hash,
            entry.hash()
        )?);
        match db.batch(batch).await {
            Ok(_) => return Ok(()),
            Err(error) if error.to_string().contains("UNIQUE") => last_error = error.to_string(),
            Err(error) => return Err(ApiError::Unavailable(format!("D1: {error}"))),
        }
    }
    Err(ApiError::Unavailable(format!(
        "the audit log stayed busy: {last_error}"
    )))
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
pub async fn list(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org).await?.require("admin")?;
    let param = |name: &str| http::query(req, name).ok().flatten();
    let after: i64 = param("after").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: i64 = param("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let db = env.d1(DB)?;
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
    forms::json(200, &json!({ "entries": entries, "nextAfter": next }))
}

/// `GET /v1/admin/orgs/{org}/audit/verify`: walks the whole chain.
pub async fn verify(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org).await?.require("admin")?;
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM audit_log WHERE org = ?1 ORDER BY seq"),
        org.as_str()
    )?)
    .await?;
    let entries: Vec<(Entry, &str)> = rows.iter().map(|r| (r.entry(), r.hash.as_str())).collect();
    let first_bad = audit::verify(entries.iter().map(|(e, h)| (e, *h)));
    forms::json(
        200,
        &json!({ "ok": first_bad.is_none(), "entries": rows.len(), "firstBadSeq": first_bad }),
    )
}
