//! What the Cron Trigger does: expires requests never verified, erases the personal data
//! of requests closed longer than their organisation keeps it, clears spent challenges and
//! old idempotency records, reminds the privacy team of what is due (`reminders`), and
//! delivers the outbox.

use attest_core::privacy::{RequestStatus, UNVERIFIED_FOR_SECONDS};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, D1Database, D1PreparedStatement, Env};

use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::mail::SendGrid;
use crate::shared::outbox::{self, Delivered};
use crate::shared::storage::{self, DB};

/// What one run did, for the logs.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub expired: usize,
    pub erased: usize,
    pub chained: usize,
    pub reminded: Option<crate::shared::reminders::Sent>,
    pub delivered: Option<Delivered>,
}

#[derive(Deserialize)]
struct Due {
    id: String,
    org: String,
    status: String,
}

/// Erases a request's personal data (and that of the e-mail about it), keeping the
/// record that it was answered on time.
fn erase(db: &D1Database, id: &str, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        query!(
            db,
            "UPDATE privacy_requests SET key_id = NULL, email_sealed = NULL, name_sealed = NULL,
                 details_sealed = NULL, email_hash = NULL, erased_at = ?2 WHERE id = ?1",
            id,
            now
        )?,
        query!(db, "DELETE FROM verifications WHERE request_id = ?1", id)?,
        // The team's comments may quote the requester: they go with the personal data.
        query!(
            db,
            "UPDATE request_comments SET key_id = NULL, body_sealed = NULL WHERE request_id = ?1",
            id
        )?,
        query!(
            db,
            "UPDATE outbox SET recipient_sealed = NULL, subject_sealed = NULL, body_sealed = NULL, unsubscribe_sealed = NULL
             WHERE related_id = ?1",
            id
        )?,
    ])
}

fn event(
    db: &D1Database,
    id: &str,
    now: i64,
    from: &str,
    to: &str,
    note: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(query!(
        db,
        "INSERT INTO request_events (request_id, at, actor, from_status, to_status, kind, note)
         VALUES (?1, ?2, 'system', ?3, ?4, CASE WHEN ?3 = ?4 THEN 'erasure' ELSE 'status' END, ?5)",
        id,
        now,
        from,
        to,
        note
    )?)
}

pub async fn run(env: &Env, now: i64) -> Result<Report, ApiError> {
    let db = env.d1(DB)?;
    let mut report = Report::default();

    let unverified: Vec<Due> = storage::all(query!(
        &db,
        "SELECT id, org, status FROM privacy_requests WHERE status = 'identity_unverified' AND received_at <= ?1",
        now - UNVERIFIED_FOR_SECONDS
    )?)
    .await?;
    for request in unverified {
        let mut statements = vec![
            query!(
                &db,
                "UPDATE privacy_requests SET status = 'expired', closed_at = ?2 WHERE id = ?1 AND status = 'identity_unverified'",
                &request.id,
                now
            )?,
            event(&db, &request.id, now, &request.status, RequestStatus::Expired.key(), "not verified within 7 days; its personal data is erased")?,
        ];
        statements.extend(erase(&db, &request.id, now)?);
        let mut change = Change::plain(&db, &request.org, now);
        change.run_all(statements);
        change.audit(audit::Change {
            actor: "system",
            action: "privacy_request.expired",
            target: &request.id,
            before: Some(json!({ "status": request.status })),
            after: Some(
                json!({ "status": RequestStatus::Expired.key(), "personalData": "erased" }),
            ),
        })?;
        change.commit().await?;
        report.expired += 1;
    }

    let closed: Vec<Due> = storage::all(query!(
        &db,
        "SELECT id, org, status FROM privacy_requests
         WHERE status IN ('completed', 'denied') AND erased_at IS NULL
           AND closed_at + retention_days * 86400 <= ?1",
        now
    )?)
    .await?;
    for request in closed {
        let mut statements = vec![event(
            &db,
            &request.id,
            now,
            &request.status,
            &request.status,
            "retention period over; its personal data is erased",
        )?];
        statements.extend(erase(&db, &request.id, now)?);
        let mut change = Change::plain(&db, &request.org, now);
        change.run_all(statements);
        change.audit(audit::Change {
            actor: "system",
            action: "privacy_request.erased",
            target: &request.id,
            before: None,
            after: Some(json!({ "personalData": "erased", "reason": "retention period over" })),
        })?;
        change.commit().await?;
        report.erased += 1;
    }

    storage::batch(
        &db,
        vec![
            query!(
                &db,
                "DELETE FROM used_challenges WHERE expires_at < ?1",
                now
            )?,
            query!(
                &db,
                "DELETE FROM idempotency_keys WHERE created_at < ?1",
                now - 86_400
            )?,
        ]
        .into_iter()
        .chain(crate::shared::subscribers::expire(&db, now)?)
        .chain(erase_decided(&db, now)?)
        .collect(),
    )
    .await?;

    // A reminder that cannot be sent waits for the next run; it never holds up the audit
    // chain or the outbox (verification codes among it).
    if let Ok(keys) = Keys::from_env(env) {
        match crate::shared::reminders::run(env, &keys, now).await {
            Ok(sent) => report.reminded = Some(sent),
            Err(error) => worker::console_error!("reminders failed: {error:?}"),
        }
    }
    report.chained = audit::chain_all(&db).await?;
    report.delivered = deliver(env, now).await?;
    Ok(report)
}

/// The most messages one delivery run sends.
pub const DELIVERY_BATCH: u32 = 50;

/// Delivers what is due: webhook calls always, e-mail when a provider is configured.
pub async fn deliver(env: &Env, now: i64) -> Result<Option<Delivered>, ApiError> {
    let provider = SendGrid::from_env(env);
    let keys = match Keys::from_env(env) {
        Ok(keys) => keys,
        // Nothing was ever sealed for sending without keys.
        Err(_) => return Ok(None),
    };
    Ok(Some(
        outbox::deliver(env, &keys, provider.as_ref(), now, DELIVERY_BATCH).await?,
    ))
}

/// Erases the personal data of requests decided longer ago than their retention period
/// (the cron); the document, the decision and the NDA version and time stay.
pub fn erase_decided(db: &D1Database, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    // A request whose grant is still in force keeps its details until the grant ends.
    let due = "SELECT id FROM document_requests r WHERE status <> 'pending' AND erased_at IS NULL
               AND decided_at + retention_days * 86400 <= ?1
               AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.request_id = r.id AND g.erased_at IS NULL)";
    Ok(vec![
        query!(
            db,
            &format!(
                "UPDATE outbox SET recipient_sealed = NULL, subject_sealed = NULL, body_sealed = NULL
                 WHERE related_id IN ({due})"
            ),
            now
        )?,
        // A grant's viewer once it ended (expired or revoked) longer ago than its retention
        // period; its reference, dates and download times stay.
        query!(
            db,
            "UPDATE grant_downloads SET key_id = NULL, address_sealed = NULL, agent_sealed = NULL
             WHERE grant_id IN (SELECT id FROM grants WHERE erased_at IS NULL
                 AND min(expires_at, coalesce(revoked_at, expires_at)) + retention_days * 86400 <= ?1)",
            now
        )?,
        query!(
            db,
            "UPDATE grants SET key_id = NULL, name_sealed = NULL, company_sealed = NULL,
                 email_sealed = NULL, email_hash = 'erased:' || id, erased_at = ?1
             WHERE erased_at IS NULL
               AND min(expires_at, coalesce(revoked_at, expires_at)) + retention_days * 86400 <= ?1",
            now
        )?,
        query!(
            db,
            &format!(
                "UPDATE document_requests SET key_id = NULL, name_sealed = NULL, company_sealed = NULL,
                     email_sealed = NULL, nda_address_sealed = NULL, note_sealed = NULL, erased_at = ?1
                 WHERE id IN ({due})"
            ),
            now
        )?,
    ])
}
