//! What the requester's side and the team's side of a privacy request share: where its
//! sealed columns and notes are bound, how its kind reads in an e-mail, and the
//! statement that records a step of its history.

use crate::shared::storage::guarded;
use attest_core::privacy::RequestStatus;

use crate::shared::crypto::{Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::storage::Only;

pub fn context<'a>(id: &'a str, column: &'a str) -> Column<'a> {
    Column::new("privacy_requests", id, column)
}

pub fn kind_in_words(kind: attest_core::RequestKind) -> &'static str {
    use attest_core::RequestKind::*;
    match kind {
        Access => "a copy of your personal data",
        Rectification | Correction => "correction of your personal data",
        Erasure | Deletion => "deletion of your personal data",
        Restriction => "restriction of the processing of your personal data",
        Portability => "your personal data in a portable format",
        Objection => "objection to the processing of your personal data",
        OptOutSaleSharing => "opting out of the sale or sharing of your personal data",
        LimitSensitive => "limiting the use of your sensitive personal data",
    }
}

/// The statement recording a step of a request.
/// A note of a request's history as stored: sealed (team notes may say anything about
/// the requester), `sealed:<key id>.<hex>`.
pub fn seal_note(keys: &Keys, id: &str, note: &str) -> Result<String, ApiError> {
    Ok(format!(
        "sealed:{}.{}",
        keys.key_id(),
        keys.seal(Column::new("request_events", id, "note"), note)?
    ))
}

/// A stored note, opened; notes the edge wrote itself (`system`'s) are plain.
pub fn open_note(keys: &Keys, id: &str, stored: &str) -> Result<String, ApiError> {
    match stored
        .strip_prefix("sealed:")
        .and_then(|s| s.split_once('.'))
    {
        Some((key_id, sealed)) => {
            keys.open(key_id, Column::new("request_events", id, "note"), sealed)
        }
        None => Ok(stored.to_owned()),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn event(
    db: &worker::D1Database,
    keys: &Keys,
    id: &str,
    at: i64,
    actor: &str,
    from: Option<RequestStatus>,
    to: RequestStatus,
    note: Option<&str>,
    only: &Only,
) -> Result<worker::D1PreparedStatement, ApiError> {
    let note = note.map(|n| seal_note(keys, id, n)).transpose()?;
    Ok(guarded!(
            db,
            &only,
            "INSERT INTO request_events (request_id, at, actor, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id,
        at,
        actor,
        from.map(|s| s.key()),
        to.key(),
        note
    )?)
}
