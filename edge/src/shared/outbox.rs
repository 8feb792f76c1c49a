//! The e-mail outbox: every message is a row before anything is sent, sealed like all
//! personal data. A sender delivers what is due and retries failures with backoff;
//! without a provider the messages wait, readable through the admin API.

use crate::shared::storage::guarded;
use serde::{Deserialize, Serialize};
use worker::{query, D1Database, D1PreparedStatement, Env};

use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::mail::{Look, Message, Provider};
use crate::shared::storage::{self, Only, DB};
use serde_json::{json, Value};

/// The `org` of the platform's own mail (sign-in links): in no organisation's outbox,
/// so no member reads another's link; the operator reads it with the platform token.
pub const PLATFORM: &str = "";

/// After this many failed attempts a message stays in the outbox, marked failed.
pub const MAX_ATTEMPTS: i64 = 12;

/// How long a sender holds a message it is sending before another may try it.
const CLAIM_SECONDS: i64 = 300;

/// The longest wait between two attempts.
const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;

/// An e-mail to enqueue.
pub struct Outgoing<'a> {
    pub org: &'a str,
    /// What it is for: `verification`, `acknowledgement`, `notification`…
    pub purpose: &'a str,
    /// The request or report it is about.
    pub related_id: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

fn context<'a>(id: &'a str, column: &'a str) -> Column<'a> {
    Column::new("outbox", id, column)
}

/// The statement that queues a message on `channel` (`email`; `webhook` calls go out
/// the same way, retried alike, and `event`s are fanned out to them by the sender), to
/// run in the batch of the change it reports (see `change::Change`), written only where
/// `only` holds. `unsubscribe`: the one-click link of mail to a list (RFC 8058).
pub fn message(
    db: &D1Database,
    keys: &Keys,
    channel: &str,
    mail: &Outgoing,
    unsubscribe: Option<&str>,
    only: &Only,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    let id = new_id();
    message_as(db, keys, &id, channel, mail, unsubscribe, only, now)
}

/// A new message's id.
fn new_id() -> String {
    format!("msg_{}", crypto::random_hex(12))
}

/// Whether `id` has the shape `new_id` gives: `msg_` and 24 lowercase hex digits.
pub fn is_id(id: &str) -> bool {
    id.strip_prefix("msg_").is_some_and(|hex| {
        hex.len() == 24 && hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// `message`, with the id it is given.
#[allow(clippy::too_many_arguments)]
fn message_as(
    db: &D1Database,
    keys: &Keys,
    id: &str,
    channel: &str,
    mail: &Outgoing,
    unsubscribe: Option<&str>,
    only: &Only,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    let id = id.to_owned();
    let recipient = keys.seal(context(&id, "recipient"), mail.to)?;
    let subject = keys.seal(context(&id, "subject"), mail.subject)?;
    let body = keys.seal(context(&id, "body"), mail.body)?;
    let unsubscribe = unsubscribe
        .map(|link| keys.seal(context(&id, "unsubscribe"), link))
        .transpose()?;
    Ok(guarded!(
            db,
            &only,
            "INSERT INTO outbox (id, org, purpose, related_id, key_id, recipient_sealed, subject_sealed,
                                 body_sealed, created_at, next_attempt_at, channel, unsubscribe_sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
        &id,
        mail.org,
        mail.purpose,
        mail.related_id,
        keys.key_id(),
        &recipient,
        &subject,
        &body,
        now,
        channel,
        &unsubscribe
    )?)
}

#[derive(Deserialize)]
struct Row {
    id: String,
    org: String,
    channel: String,
    purpose: String,
    related_id: Option<String>,
    key_id: Option<String>,
    recipient_sealed: Option<String>,
    subject_sealed: Option<String>,
    body_sealed: Option<String>,
    unsubscribe_sealed: Option<String>,
    created_at: i64,
    attempts: i64,
    next_attempt_at: i64,
    sent_at: Option<i64>,
    last_error: Option<String>,
}

/// A message as the admin API shows it: an e-mail, or a call to a webhook endpoint.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Message"))]
#[serde(rename_all = "camelCase")]
pub struct Shown {
    pub id: String,
    /// Why it was sent: `verification`, `acknowledgement`, an event's type…
    purpose: String,
    /// The request, report, subscription or endpoint it is about.
    related_id: Option<String>,
    /// `queued`, `sent`, `failed` (gave up retrying) or `erased` (its personal data was).
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["queued", "sent", "failed", "erased"])))]
    status: &'static str,
    to: Option<String>,
    subject: Option<String>,
    body: Option<String>,
    /// The one-click unsubscribe link of mail to a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unsubscribe: Option<String>,
    created_at: String,
    attempts: i64,
    next_attempt_at: Option<String>,
    sent_at: Option<String>,
    last_error: Option<String>,
}

impl Row {
    fn open(
        &self,
        keys: &Keys,
        column: &str,
        sealed: &Option<String>,
    ) -> Result<Option<String>, ApiError> {
        keys.open_kept(
            self.key_id.as_deref(),
            context(&self.id, column),
            sealed.as_deref(),
        )
    }

    fn message(&self, keys: &Keys, look: &Look) -> Result<Option<Message>, ApiError> {
        let to = self.open(keys, "recipient", &self.recipient_sealed)?;
        let subject = self.open(keys, "subject", &self.subject_sealed)?;
        let body = self.open(keys, "body", &self.body_sealed)?;
        Ok(match (to, subject, body) {
            (Some(to), Some(subject), Some(body)) => Some(Message {
                to,
                from_name: look.name.clone(),
                html: Some(crate::shared::mail::html(&subject, &body, look)),
                subject,
                body,
                unsubscribe: self.open(keys, "unsubscribe", &self.unsubscribe_sealed)?,
            }),
            _ => None,
        })
    }
}

const COLUMNS: &str =
    "id, org, channel, purpose, related_id, key_id, recipient_sealed, subject_sealed, body_sealed, unsubscribe_sealed, \
                       created_at, attempts, next_attempt_at, sent_at, last_error";

/// The organisation's messages on `channel` (`email`; `webhook` calls of the webhook
/// `related`), newest first; with `before`, those after that message in this order (none
/// when there is no such message).
pub async fn list(
    env: &Env,
    keys: &Keys,
    org: &str,
    channel: &str,
    related: Option<&str>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<Shown>, ApiError> {
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM outbox WHERE org = ?1 AND channel = ?2 AND (?3 IS NULL OR related_id = ?3)
               AND (?5 IS NULL OR (created_at, rowid) <
                    (SELECT created_at, rowid FROM outbox WHERE org = ?1 AND id = ?5))
             ORDER BY created_at DESC, rowid DESC LIMIT ?4"
        ),
        org,
        channel,
        related,
        limit,
        before
    )?)
    .await?;
    rows.into_iter()
        .map(|row| {
            let status = match (&row.sent_at, &row.recipient_sealed) {
                (Some(_), _) => "sent",
                (None, None) => "erased",
                (None, Some(_)) if row.attempts >= MAX_ATTEMPTS => "failed",
                (None, Some(_)) => "queued",
            };
            Ok(Shown {
                to: row.open(keys, "recipient", &row.recipient_sealed)?,
                subject: row.open(keys, "subject", &row.subject_sealed)?,
                body: row.open(keys, "body", &row.body_sealed)?,
                unsubscribe: row.open(keys, "unsubscribe", &row.unsubscribe_sealed)?,
                id: row.id,
                purpose: row.purpose,
                related_id: row.related_id,
                status,
                created_at: attest_core::date::rfc3339(row.created_at),
                attempts: row.attempts,
                next_attempt_at: (status == "queued")
                    .then(|| attest_core::date::rfc3339(row.next_attempt_at)),
                sent_at: row.sent_at.map(attest_core::date::rfc3339),
                last_error: row.last_error,
            })
        })
        .collect()
}

/// A new delivery of a webhook call already made (sent, or given up on): the same event,
/// payload and endpoint, as a new outbox row due now, so the first call's attempts stay
/// as they were. Its id, and the statement that queues it; `None` when the endpoint has
/// no such call.
pub async fn redelivery(
    db: &D1Database,
    keys: &Keys,
    org: &str,
    endpoint: &str,
    delivery: &str,
    now: i64,
) -> Result<Option<(String, D1PreparedStatement)>, ApiError> {
    let Some(row) = storage::first::<Row>(query!(
        db,
        &format!(
            "SELECT {COLUMNS} FROM outbox WHERE org = ?1 AND channel = 'webhook' AND related_id = ?2 AND id = ?3"
        ),
        org,
        endpoint,
        delivery
    )?)
    .await?
    else {
        return Ok(None);
    };
    if row.sent_at.is_none() && row.attempts < MAX_ATTEMPTS && row.recipient_sealed.is_some() {
        return Err(ApiError::Conflict(format!(
            "{delivery} is still being delivered (attempt {} of {MAX_ATTEMPTS}); it can be sent again once it has gone or failed",
            row.attempts + 1
        )));
    }
    let (Some(url), Some(event), Some(payload)) = (
        row.open(keys, "recipient", &row.recipient_sealed)?,
        row.open(keys, "subject", &row.subject_sealed)?,
        row.open(keys, "body", &row.body_sealed)?,
    ) else {
        return Err(ApiError::Gone(format!("{delivery}'s payload was erased")));
    };
    let copy = Outgoing {
        org,
        purpose: &row.purpose,
        related_id: endpoint,
        to: &url,
        subject: &event,
        body: &payload,
    };
    let id = new_id();
    let statement = message_as(db, keys, &id, "webhook", &copy, None, &Only::always(), now)?;
    Ok(Some((id, statement)))
}

/// The wait before attempt `attempts + 1`: doubling from `base`, at most six hours.
pub fn backoff(base: i64, attempts: i64) -> i64 {
    let doublings = attempts.clamp(0, 20) as u32;
    base.saturating_mul(1 << doublings).min(MAX_BACKOFF_SECONDS)
}

/// What one delivery run did.
#[derive(Debug, Default, Serialize)]
pub struct Delivered {
    pub sent: u32,
    pub failed: u32,
}

/// How many outcomes a delivery run records in one round trip. A run cut off by the
/// runtime (its time after a response is bounded) has sent at most this many messages it
/// has not yet marked sent: those go again once their claim lapses.
const OUTCOMES_PER_WRITE: usize = 10;

/// Sends the messages that are due through `provider`, oldest first, at most `batch`.
///
/// Round trips: one to claim the due messages (a single `UPDATE … RETURNING`: another
/// run, a scheduled one or one after another request, claims none of the same, since
/// D1 runs writes one at a time), then one per `OUTCOMES_PER_WRITE` messages sent to
/// record how each went: a burst of forms costs the database two writes per ten e-mails,
/// not two per e-mail.
pub async fn deliver(
    env: &Env,
    keys: &Keys,
    provider: Option<&impl Provider>,
    now: i64,
    batch: u32,
) -> Result<Delivered, ApiError> {
    let db = env.d1(DB)?;
    // Recorded events become their webhook deliveries first, sent in this same run.
    fan_out(&db, keys, now).await?;
    let base = env
        .var("OUTBOX_RETRY_SECONDS")
        .ok()
        .and_then(|v| v.to_string().parse().ok())
        .unwrap_or(60);
    // E-mail waits while no provider is configured: without one, only webhook calls are
    // due (and the index by channel skips the e-mail that waits).
    let channels = if provider.is_some() {
        "'webhook', 'email'"
    } else {
        "'webhook'"
    };
    let due = format!(
        "channel IN ({channels}) AND sent_at IS NULL AND next_attempt_at <= ?2
         AND recipient_sealed IS NOT NULL AND attempts < ?1"
    );
    let claim = query!(
        &db,
        &format!(
            "UPDATE outbox SET next_attempt_at = ?4
             WHERE id IN (SELECT id FROM outbox WHERE {due} ORDER BY next_attempt_at, rowid LIMIT ?3)
               AND {due}
             RETURNING {COLUMNS}"
        ),
        MAX_ATTEMPTS,
        now,
        batch,
        now + CLAIM_SECONDS
    )?;
    // Not retried: a claim that was in fact written and is tried again would find its
    // messages claimed, and they would wait for the claim to lapse.
    let mut rows: Vec<Row> = claim
        .all()
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?
        .results()
        .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))?;
    // Oldest first (RETURNING gives the rows in no promised order).
    rows.sort_by_key(|row| row.created_at);
    let mut delivered = Delivered::default();
    let mut looks: Vec<(String, Look)> = Vec::new();
    let mut outcomes = Vec::with_capacity(OUTCOMES_PER_WRITE);
    for row in rows {
        let outcome = if row.channel == "webhook" {
            crate::shared::webhooks::call(
                env,
                keys,
                &row.related_id,
                &row.open(keys, "recipient", &row.recipient_sealed)?,
                &row.open(keys, "subject", &row.subject_sealed)?,
                &row.open(keys, "body", &row.body_sealed)?,
                now,
            )
            .await
        } else {
            let look = match looks.iter().find(|(org, _)| *org == row.org) {
                Some((_, look)) => look.clone(),
                None => {
                    let look = org_look(env, &row.org).await;
                    looks.push((row.org.clone(), look.clone()));
                    look
                }
            };
            match (row.message(keys, &look)?, provider) {
                (Some(message), Some(provider)) => provider.send(&message).await,
                (None, _) => Err("the message's data was erased".to_owned()),
                (Some(_), None) => continue,
            }
        };
        outcomes.push(match outcome {
            Ok(()) => {
                delivered.sent += 1;
                query!(
                    &db,
                    "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
                    &row.id,
                    now
                )?
            }
            Err(error) => {
                delivered.failed += 1;
                worker::console_warn!(
                    "outbox: {} attempt {} failed: {error}",
                    row.id,
                    row.attempts + 1
                );
                query!(
                    &db,
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
                    &row.id,
                    now + backoff(base, row.attempts),
                    &error
                )?
            }
        });
        if outcomes.len() >= OUTCOMES_PER_WRITE {
            storage::batch(&db, std::mem::take(&mut outcomes)).await?;
        }
    }
    if !outcomes.is_empty() {
        storage::batch(&db, outcomes).await?;
    }
    Ok(delivered)
}

/// A recorded webhook event not yet fanned out to its endpoints.
pub struct PendingEvent {
    pub id: String,
    pub org: String,
    /// The event's type, e.g. `privacy_request.created`.
    pub event: String,
    /// The JSON every endpoint is sent.
    pub body: String,
    pub created_at: i64,
}

/// The oldest events waiting to be fanned out, at most `limit`.
pub async fn pending_events(
    db: &D1Database,
    keys: &Keys,
    limit: u32,
) -> Result<Vec<PendingEvent>, ApiError> {
    let rows: Vec<Row> = storage::all(query!(
        db,
        &format!(
            "SELECT {COLUMNS} FROM outbox WHERE channel = 'event' AND sent_at IS NULL ORDER BY rowid LIMIT ?1"
        ),
        limit
    )?)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(PendingEvent {
                body: row
                    .open(keys, "body", &row.body_sealed)?
                    .unwrap_or_default(),
                id: row.id,
                org: row.org,
                event: row.purpose,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// The name messages are sent in: the organisation's, from its published profile.
pub async fn org_name(env: &Env, org: &str) -> String {
    org_look(env, org).await.name
}

/// How the organisation's mail looks: its name, accent and logo, from its published
/// profile (the logo's address on the edge's `PUBLIC_ORIGIN`).
pub async fn org_look(env: &Env, org: &str) -> Look {
    let named = |name: &str| Look {
        name: name.to_owned(),
        ..Look::default()
    };
    if org == PLATFORM {
        return named("Attest");
    }
    let Ok(slug) = attest_core::OrgSlug::parse(org) else {
        return named(org);
    };
    match crate::shared::snapshot::Snapshot::load(env, &slug)
        .await
        .and_then(|s| s.profile())
    {
        Ok(profile) => {
            let origin = env
                .var("PUBLIC_ORIGIN")
                .map(|v| v.to_string())
                .unwrap_or_default();
            Look::of(&profile, origin.trim_end_matches('/'))
        }
        Err(_) => named(org),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_by_doubling_up_to_six_hours() {
        assert_eq!(backoff(60, 0), 60);
        assert_eq!(backoff(60, 1), 120);
        assert_eq!(backoff(60, 5), 1920);
        assert_eq!(backoff(60, 11), MAX_BACKOFF_SECONDS);
        assert_eq!(backoff(0, 7), 0);
        assert_eq!(backoff(60, 1000), MAX_BACKOFF_SECONDS);
    }
}

static DELIVERY_DUE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks for the outbox to be sent after the response rather than at the next scheduled
/// run (see `after_response` in `lib.rs`).
pub fn deliver_soon() {
    DELIVERY_DUE.store(true, std::sync::atomic::Ordering::Release);
}

/// Whether a change asked for the outbox to be sent.
pub fn delivery_due() -> bool {
    DELIVERY_DUE.load(std::sync::atomic::Ordering::Acquire)
}

/// Takes the request to send the outbox (true when there was one).
pub fn take_delivery_due() -> bool {
    DELIVERY_DUE.swap(false, std::sync::atomic::Ordering::AcqRel)
}

/// The statement that records `event` for `org`'s endpoints, in the change's own batch
/// (under `only`), without reading them: one outbox row on the `event` channel if any
/// endpoint asked for the event, which the sender fans out to every endpoint that asked
/// for it and existed when it happened.
/// The payload carries ids and states, never personal data.
pub fn webhook_event(
    db: &D1Database,
    keys: &Keys,
    org: &str,
    event: &str,
    data: Value,
    only: &Only,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    let id = format!("evt_{}", crypto::random_hex(12));
    let body = json!({
        "id": id,
        "type": event,
        "org": org,
        "createdAt": attest_core::date::rfc3339(now),
        "data": data,
    })
    .to_string();
    // Only for an organisation with an endpoint that asked for it: most have none, and
    // then nothing is written and nothing is left for the sender to fan out.
    let wanted = only.clone().and(
        "EXISTS (SELECT 1 FROM webhooks WHERE org = ? AND revoked_at IS NULL
                 AND (',' || events || ',') LIKE ?)",
        &[org, &format!("%,{event},%")],
    );
    message(
        db,
        keys,
        "event",
        &Outgoing {
            org,
            purpose: event,
            related_id: &id,
            to: org,
            subject: event,
            body: &body,
        },
        None,
        &wanted,
        now,
    )
}

#[derive(Deserialize)]
struct Active {
    id: String,
    url: String,
    events: String,
    created_at: i64,
}

/// Turns recorded events into one `webhook` delivery per endpoint that asked for the
/// event and existed when it happened; an event is fanned out once (a second sender at
/// the same moment writes nothing). One read of the endpoints and one batch per
/// organisation. How many events it fanned out.
pub async fn fan_out(db: &D1Database, keys: &Keys, now: i64) -> Result<usize, ApiError> {
    let events = pending_events(db, keys, 100).await?;
    let mut orgs: Vec<&str> = events.iter().map(|e| e.org.as_str()).collect();
    orgs.sort_unstable();
    orgs.dedup();
    for org in orgs {
        let endpoints: Vec<Active> = storage::all(query!(
            db,
            "SELECT id, url, events, created_at FROM webhooks WHERE org = ?1 AND revoked_at IS NULL",
            org
        )?)
        .await?;
        let mut statements = Vec::new();
        for event in events.iter().filter(|e| e.org == org) {
            let once = Only::always().and(
                "EXISTS (SELECT 1 FROM outbox WHERE id = ? AND sent_at IS NULL)",
                &[&event.id],
            );
            for endpoint in endpoints.iter().filter(|endpoint| {
                endpoint.created_at <= event.created_at
                    && endpoint.events.split(',').any(|e| e == event.event)
            }) {
                statements.push(message(
                    db,
                    keys,
                    "webhook",
                    &Outgoing {
                        org,
                        purpose: &event.event,
                        related_id: &endpoint.id,
                        to: &endpoint.url,
                        subject: &event.event,
                        body: &event.body,
                    },
                    None,
                    &once,
                    now,
                )?);
            }
            statements.push(query!(
                db,
                "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1 AND sent_at IS NULL",
                &event.id,
                now
            )?);
        }
        storage::batch(db, statements).await?;
    }
    Ok(events.len())
}
