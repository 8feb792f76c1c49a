//! The audit log: every change to what an organisation publishes and every step of every
//! privacy request or security report is an entry, journaled in the same transaction as
//! the change itself and then chained by hashes (`attest_core::audit`), in journal order.
//! Nothing here updates or deletes an entry, journaled or chained.

use crate::shared::storage::guarded;
use attest_core::audit::Entry;
use serde::Deserialize;
use serde_json::Value;
use worker::{query, D1Database, D1PreparedStatement};

use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::storage::{self, Only};

/// A change to record.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The statement that journals `change` for `org`'s log at `at`, under `only`: to run in
/// the change's own batch. The org is noted for chaining once the response is out.
pub fn journal(
    db: &D1Database,
    org: &str,
    change: Change<'_>,
    at: i64,
    only: &Only,
) -> Result<D1PreparedStatement, ApiError> {
    to_chain(org);
    Ok(guarded!(
        db,
        &only,
        "INSERT INTO audit_journal (org, at, actor, action, target, before_json, after_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        org,
        attest_core::date::rfc3339(at),
        change.actor,
        change.action,
        change.target,
        change.before.as_ref().map(Value::to_string),
        change.after.as_ref().map(Value::to_string)
    )?)
}

/// The statements that journal `change` in the log of each of `orgs` (what a person
/// does for themselves, signing in or adding a passkey, is in every organisation's log
/// they are in).
pub fn journal_each<'o>(
    db: &D1Database,
    orgs: impl IntoIterator<Item = &'o str>,
    change: &Change<'_>,
    at: i64,
    only: &Only,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    orgs.into_iter()
        .map(|org| {
            journal(
                db,
                org,
                Change {
                    before: change.before.clone(),
                    after: change.after.clone(),
                    ..*change
                },
                at,
                only,
            )
        })
        .collect()
}

thread_local! {
    /// Organisations this isolate journaled for and has not chained since.
    static TO_CHAIN: std::cell::RefCell<std::collections::BTreeSet<String>> =
        const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

fn to_chain(org: &str) {
    TO_CHAIN.with(|orgs| {
        orgs.borrow_mut().insert(org.to_owned());
    });
}

/// Whether this isolate has journaled entries it has not chained yet.
pub fn chaining_due() -> bool {
    TO_CHAIN.with(|orgs| !orgs.borrow().is_empty())
}

/// Chains the entries this isolate journaled, organisation by organisation (after the
/// responses: see `lib.rs`); how many, or `None` when the database failed (the
/// organisation stays noted for the next run).
pub async fn chain_noted(db: &D1Database) -> Option<usize> {
    let mut chained = 0;
    while let Some(org) = TO_CHAIN.with(|orgs| orgs.borrow_mut().pop_first()) {
        match chain(db, &org).await {
            Ok(n) => chained += n,
            Err(error) => {
                worker::console_warn!("audit: chaining {org} deferred: {error:?}");
                to_chain(&org);
                return None;
            }
        }
    }
    Some(chained)
}

/// How many journaled entries one round trip chains.
const CHAIN_PAGE: usize = 50;

#[derive(Deserialize)]
struct Journaled {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// Appends `org`'s journaled entries that are not in the log yet, in journal order, each
/// linked to the one before. Several chainers at once compute the same entries; the
/// log's keys let one of them write each, and the others read the new head and go on.
pub async fn chain(db: &D1Database, org: &str) -> Result<usize, ApiError> {
    #[derive(Deserialize)]
    struct Head {
        seq: i64,
        hash: String,
        journal_id: Option<i64>,
    }
    let mut chained = 0;
    for _ in 0..100 {
        let head: Option<Head> = storage::first(query!(
            db,
            "SELECT seq, hash, journal_id FROM audit_log WHERE org = ?1 ORDER BY seq DESC LIMIT 1",
            org
        )?)
        .await?;
        let after = head.as_ref().and_then(|h| h.journal_id).unwrap_or(0);
        let pending: Vec<Journaled> = storage::all(query!(
            db,
            &format!(
                "SELECT id, at, actor, action, target, before_json, after_json FROM audit_journal
             WHERE org = ?1 AND id > ?2 ORDER BY id LIMIT {CHAIN_PAGE}"
            ),
            org,
            after
        )?)
        .await?;
        if pending.is_empty() {
            return Ok(chained);
        }
        let (mut seq, mut prev_hash) = head.map_or((0, String::new()), |h| (h.seq, h.hash));
        let parse = |text: &Option<String>| {
            text.as_deref()
                .map(|t| serde_json::from_str(t).unwrap_or(Value::String(t.to_owned())))
        };
        let mut batch = Vec::with_capacity(pending.len());
        for journaled in &pending {
            seq += 1;
            let entry = Entry {
                seq,
                at: journaled.at.clone(),
                actor: journaled.actor.clone(),
                action: journaled.action.clone(),
                target: journaled.target.clone(),
                before: parse(&journaled.before_json),
                after: parse(&journaled.after_json),
                prev_hash: prev_hash.clone(),
            };
            let hash = entry.hash();
            batch.push(query!(
                db,
                "INSERT INTO audit_log (org, seq, at, actor, action, target, before_json, after_json, prev_hash, hash, journal_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                org,
                entry.seq,
                &entry.at,
                &entry.actor,
                &entry.action,
                &entry.target,
                &journaled.before_json,
                &journaled.after_json,
                &entry.prev_hash,
                &hash,
                journaled.id
            )?);
            prev_hash = hash;
        }
        match db.batch(batch).await {
            Ok(_) => {
                chained += pending.len();
                // Fewer than a page were waiting: that was all of them.
                if pending.len() < CHAIN_PAGE {
                    return Ok(chained);
                }
            }
            // Another chainer wrote them first: read the new head and go on.
            Err(error) if error.to_string().contains("UNIQUE") => {
                let wait = 1 + u64::from(crypto::random_bytes(1)[0]) / 16;
                worker::Delay::from(std::time::Duration::from_millis(wait)).await;
            }
            Err(error) => return Err(ApiError::Unavailable(format!("D1: {error}"))),
        }
    }
    Ok(chained)
}

/// Chains every organisation's journaled entries (the Cron Trigger's sweep).
pub async fn chain_all(db: &D1Database) -> Result<usize, ApiError> {
    #[derive(Deserialize)]
    struct Org {
        org: String,
    }
    let orgs: Vec<Org> = storage::all(query!(
        db,
        "SELECT o.slug AS org FROM organisations o
         WHERE EXISTS (SELECT 1 FROM audit_journal j WHERE j.org = o.slug AND j.id > COALESCE(
           (SELECT l.journal_id FROM audit_log l WHERE l.org = o.slug ORDER BY l.seq DESC LIMIT 1), 0))"
    ))
    .await?;
    let mut chained = 0;
    for org in orgs {
        chained += chain(db, &org.org).await?;
    }
    Ok(chained)
}
