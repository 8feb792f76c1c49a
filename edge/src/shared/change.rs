//! One change to an organisation's records, as every admin transition and every public
//! form makes it: its statements, the e-mail it sends, the webhook event it raises and
//! its audit journal entry, written together in one D1 transaction (a batch), or not at
//! all. A public form hands its change the `Only` of its claim, so the form's one batch
//! writes it only where the `Idempotency-Key` is its own (see `public::forms`).
//!
//! ```text
//! let mut change = Change::new(&db, &keys, org, ctx.now);
//! change.run(update)?;                       // the record itself
//! change.mail(&Outgoing { … })?;             // the e-mail it sends
//! change.event("privacy_request.status_changed", json!({ … }))?;
//! change.audit(audit::Change { … })?;        // the journal entry
//! change.commit().await?;                    // one batch
//! ```

use serde_json::Value;
use worker::{D1Database, D1PreparedStatement};

use crate::shared::audit;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::{self, Only};

pub struct Change<'a> {
    db: &'a D1Database,
    /// What seals its e-mail and events; a change without keys writes neither.
    keys: Option<&'a Keys>,
    org: &'a str,
    now: i64,
    only: Only,
    statements: Vec<D1PreparedStatement>,
}

impl<'a> Change<'a> {
    /// A change to `org`'s records at `now` (the request's clock reading).
    pub fn new(db: &'a D1Database, keys: &'a Keys, org: &'a str, now: i64) -> Self {
        Self {
            keys: Some(keys),
            ..Self::plain(db, org, now)
        }
    }

    /// A change that sends nothing (retention's expiries and erasures): statements and
    /// its audit entry only.
    pub fn plain(db: &'a D1Database, org: &'a str, now: i64) -> Self {
        Self {
            db,
            keys: None,
            org,
            now,
            only: Only::always(),
            statements: Vec::new(),
        }
    }

    /// Every statement after this written only where `only` holds (a form's claim).
    pub fn under(mut self, only: &Only) -> Self {
        self.only = only.clone();
        self
    }

    /// What follows written only where `only` holds (an e-mail sent only when the row it
    /// is about is in the state it speaks of).
    pub fn now_under(&mut self, only: &Only) -> &mut Self {
        self.only = only.clone();
        self
    }

    pub fn db(&self) -> &'a D1Database {
        self.db
    }

    pub fn org(&self) -> &'a str {
        self.org
    }

    fn sealer(&self) -> Result<&'a Keys, ApiError> {
        self.keys
            .ok_or_else(|| ApiError::Internal("a change without keys sends nothing".into()))
    }

    /// A statement of the change itself.
    pub fn run(&mut self, statement: D1PreparedStatement) -> &mut Self {
        self.statements.push(statement);
        self
    }

    /// Statements of the change itself.
    pub fn run_all(
        &mut self,
        statements: impl IntoIterator<Item = D1PreparedStatement>,
    ) -> &mut Self {
        self.statements.extend(statements);
        self
    }

    /// The e-mail it sends: queued in the same batch, so it exists exactly when the
    /// change does.
    pub fn mail(&mut self, mail: &Outgoing) -> Result<&mut Self, ApiError> {
        let statement = outbox::message(
            self.db,
            self.sealer()?,
            "email",
            mail,
            None,
            &self.only,
            self.now,
        )?;
        Ok(self.run(statement))
    }

    /// An e-mail to a list, with the one-click `unsubscribe` link its `List-Unsubscribe`
    /// header carries (RFC 8058).
    pub fn mail_to_list(
        &mut self,
        mail: &Outgoing,
        unsubscribe: &str,
    ) -> Result<&mut Self, ApiError> {
        let statement = outbox::message(
            self.db,
            self.sealer()?,
            "email",
            mail,
            Some(unsubscribe),
            &self.only,
            self.now,
        )?;
        Ok(self.run(statement))
    }

    /// The webhook event it raises (ids and states, never personal data).
    pub fn event(&mut self, event: &str, data: Value) -> Result<&mut Self, ApiError> {
        let statement = outbox::webhook_event(
            self.db,
            self.sealer()?,
            self.org,
            event,
            data,
            &self.only,
            self.now,
        )?;
        Ok(self.run(statement))
    }

    /// Its entry in the organisation's audit log (chained after the response).
    pub fn audit(&mut self, entry: audit::Change<'_>) -> Result<&mut Self, ApiError> {
        let statement = audit::journal(self.db, self.org, entry, self.now, &self.only)?;
        Ok(self.run(statement))
    }

    /// Its statements, for a batch that holds more (a form's claim and replay).
    pub fn into_statements(self) -> Vec<D1PreparedStatement> {
        self.statements
    }

    /// Writes it: all of it, or none.
    pub async fn commit(self) -> Result<(), ApiError> {
        storage::batch(self.db, self.statements).await
    }
}
