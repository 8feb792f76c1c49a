//! The subscribers to an organisation's subprocessor changes, as both sides need them:
//! their one-click unsubscribe links, the e-mails a publish sends them, and the expiry of
//! subscriptions never confirmed.

use attest_core::subprocessors::SubprocessorChanges;
use serde::Deserialize;
use worker::{query, D1Database, D1PreparedStatement};

use crate::shared::change::Change;
use crate::shared::crypto::{Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::outbox::Outgoing;
use crate::shared::storage;

/// How long the confirmation link works.
pub const CONFIRM_SECONDS: i64 = 7 * 86_400;

pub fn unsubscribe_token(keys: &Keys, id: &str) -> String {
    keys.mac("subscription-unsubscribe", id)
}

/// The one-click unsubscribe link of subscription `id`.
pub fn unsubscribe_link(keys: &Keys, base: &str, id: &str) -> String {
    format!(
        "{base}/v1/subscriptions/{id}/unsubscribe?token={}",
        unsubscribe_token(keys, id)
    )
}

/// The e-mail a subscriber is sent when a publish changes the subprocessor list.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Letter {
    pub subject: String,
    /// The text, with the subscriber's own unsubscribe link at its end.
    pub body: String,
}

/// The e-mail telling a subscriber of `changes` in `version`: what `notify` sends, and
/// what the console's review shows before publishing (with a placeholder for the link).
pub fn letter(
    org: &str,
    org_name: &str,
    version: i64,
    changes: &SubprocessorChanges,
    base: &str,
    unsubscribe: &str,
) -> Letter {
    let feed = format!("{base}/v1/orgs/{org}/subprocessors/feed.atom");
    Letter {
        subject: format!("{org_name} subprocessors: {}", changes.summary()),
        body: format!(
            "Hello,\n\n{org_name} changed its list of subprocessors (version {version}):\n\n{}\n\
                 Every change is also in the feed: {feed}\n\nYou get this e-mail because you \
                 subscribed to these changes. To stop, open:\n\n    {unsubscribe}\n",
            changes.describe()
        ),
    }
}

/// The e-mails telling the organisation's confirmed subscribers of `changes` in
/// `version`, added to the publish's change.
pub async fn notify(
    change: &mut Change<'_>,
    keys: &Keys,
    org_name: &str,
    version: i64,
    changes: &SubprocessorChanges,
    base: &str,
) -> Result<(), ApiError> {
    let (db, org) = (change.db(), change.org());
    #[derive(Deserialize)]
    struct Subscriber {
        id: String,
        key_id: String,
        email_sealed: String,
    }
    let subscribers: Vec<Subscriber> = storage::all(query!(
        db,
        "SELECT id, key_id, email_sealed FROM subscriptions WHERE org = ?1 AND status = 'confirmed'",
        org
    )?)
    .await?;
    for s in &subscribers {
        let email = keys.open(
            &s.key_id,
            Column::new("subscriptions", &s.id, "email"),
            &s.email_sealed,
        )?;
        let unsubscribe = unsubscribe_link(keys, base, &s.id);
        let Letter { subject, body } = letter(org, org_name, version, changes, base, &unsubscribe);
        change.mail_to_list(
            &Outgoing {
                org,
                purpose: "subprocessor_change",
                related_id: &s.id,
                to: &email,
                subject: &subject,
                body: &body,
            },
            &unsubscribe,
        )?;
    }
    Ok(())
}

/// How many confirmed subscribers `org` has: who a publish that changes its subprocessors
/// e-mails.
pub async fn confirmed(db: &D1Database, org: &str) -> Result<i64, ApiError> {
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let count: Option<Count> = storage::first(query!(
        db,
        "SELECT COUNT(*) AS n FROM subscriptions WHERE org = ?1 AND status = 'confirmed'",
        org
    )?)
    .await?;
    Ok(count.map_or(0, |c| c.n))
}

/// Deletes subscriptions never confirmed, and the address in their e-mail (the cron).
pub fn expire(db: &D1Database, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let before = now - CONFIRM_SECONDS;
    Ok(vec![
        query!(
            db,
            "UPDATE outbox SET recipient_sealed = NULL, subject_sealed = NULL, body_sealed = NULL
             WHERE related_id IN (SELECT id FROM subscriptions WHERE status = 'pending' AND confirm_sent_at <= ?1)",
            before
        )?,
        query!(
            db,
            "DELETE FROM subscriptions WHERE status = 'pending' AND confirm_sent_at <= ?1",
            before
        )?,
    ])
}
