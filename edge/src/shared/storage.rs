//! D1 access shared by the resources: the binding's name and error mapping.

use serde::de::DeserializeOwned;
use worker::D1PreparedStatement;

use crate::shared::error::ApiError;

/// The D1 database binding.
pub const DB: &str = "DB";

/// Runs a query and reads its rows; a failing database is a `503`, not a `500`.
pub async fn all<T: DeserializeOwned>(statement: D1PreparedStatement) -> Result<Vec<T>, ApiError> {
    let mut tries = 0;
    let result = loop {
        match statement.all().await {
            Err(error) if transient(&error) && tries < READ_RETRIES => tries += 1,
            outcome => break outcome,
        }
    };
    result
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?
        .results()
        .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))
}

/// Runs a statement that writes; a failing database is a `503`.
pub async fn run(statement: D1PreparedStatement) -> Result<worker::D1Result, ApiError> {
    statement
        .run()
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))
}

/// The first row of a query, if any.
pub async fn first<T: DeserializeOwned>(
    statement: D1PreparedStatement,
) -> Result<Option<T>, ApiError> {
    let mut tries = 0;
    loop {
        match statement.first(None).await {
            Err(error) if transient(&error) && tries < READ_RETRIES => tries += 1,
            outcome => break outcome.map_err(|e| ApiError::Unavailable(format!("D1: {e}"))),
        }
    }
}

/// How often a read is tried again after a transient failure: as Cloudflare's D1 retries
/// read-only queries itself (twice), which the local one does not.
const READ_RETRIES: u32 = 2;

/// A failure worth trying a read again for: the database busy or its object reset.
fn transient(error: &worker::Error) -> bool {
    let text = error.to_string();
    [
        "SQLITE_BUSY",
        "database is locked",
        "internal error",
        "reset",
    ]
    .iter()
    .any(|sign| text.contains(sign))
}

/// Runs statements in one transaction: all of them or none.
pub async fn batch(
    db: &worker::D1Database,
    statements: Vec<D1PreparedStatement>,
) -> Result<(), ApiError> {
    db.batch(statements)
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?;
    Ok(())
}

/// How many rows a write changed.
pub fn changes(result: &worker::D1Result) -> usize {
    result
        .meta()
        .ok()
        .flatten()
        .and_then(|m| m.changes)
        .unwrap_or(0)
}

/// Runs statements in one transaction and hands back each one's result, in order; the
/// error as D1 gave it, for the caller to tell a broken constraint from a failing store.
pub async fn batch_results(
    db: &worker::D1Database,
    statements: Vec<D1PreparedStatement>,
) -> Result<Vec<worker::D1Result>, worker::Error> {
    db.batch(statements).await
}

/// Runs statements in one transaction, as `batch`, and says whether the first changed
/// a row: the claim the rest were written under (`Only`) was this batch's own.
pub async fn batch_claimed(
    db: &worker::D1Database,
    statements: Vec<D1PreparedStatement>,
) -> Result<bool, ApiError> {
    let results = batch_results(db, statements)
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?;
    Ok(results.first().map_or(0, changes) > 0)
}

/// The condition the statements of a change are written under, as SQL. A public form's
/// batch claims its `Idempotency-Key` first and writes the rest only where the claim is
/// its own, so that a replay (or a concurrent twin) writes nothing and one round trip
/// both files a request and answers a replay.
///
/// The condition's values (a claim, a salt, an id) are bound parameters, never part of the
/// SQL text: every form then sends the same few statements, which the database parses
/// once and keeps prepared, instead of parsing each anew.
#[derive(Debug, Clone, Default)]
pub struct Only {
    conditions: Vec<String>,
    values: Vec<String>,
}

impl Only {
    /// No condition: the statements always write.
    pub fn always() -> Self {
        Self::default()
    }

    /// Where the `idempotency_keys` row with this claim exists (the claim is made in the
    /// same batch, so it exists exactly when this batch made it).
    pub fn claimed(claim: &str) -> Self {
        Self::always().and(
            "EXISTS (SELECT 1 FROM idempotency_keys WHERE claim = ?)",
            &[claim],
        )
    }

    /// This condition and `sql`, a boolean SQL expression with a bare `?` for each of
    /// `values`, in order (and no other `?`).
    pub fn and(mut self, sql: &str, values: &[&str]) -> Self {
        debug_assert_eq!(sql.matches('?').count(), values.len());
        self.conditions.push(sql.to_owned());
        self.values.extend(values.iter().map(|v| (*v).to_owned()));
        self
    }

    /// The condition's values, bound after the statement's own (see `guarded!`).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// `INSERT INTO t (…) VALUES (…) [ON CONFLICT …]` written to insert only where the
    /// condition holds: `INSERT INTO t (…) SELECT … WHERE condition [ON CONFLICT …]`, the
    /// condition's parameters numbered after the statement's own `?1`…`?n`.
    pub fn insert(&self, sql: &str) -> String {
        if self.conditions.is_empty() {
            return sql.to_owned();
        }
        let mut next = highest_parameter(sql);
        let condition = self
            .conditions
            .join(" AND ")
            .split('?')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part.to_owned()
                } else {
                    next += 1;
                    format!("?{next}{part}")
                }
            })
            .collect::<String>();
        let values = sql
            .find("VALUES")
            .expect("an INSERT … VALUES (…) statement");
        let open = values + sql[values..].find('(').expect("VALUES (…)");
        let mut depth = 0;
        let close = sql[open..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(open + i)
            })
            .expect("VALUES (…) is closed");
        format!(
            "{}SELECT {} WHERE {condition}{}",
            &sql[..values],
            &sql[open + 1..close],
            &sql[close + 1..]
        )
    }
}

/// The highest `?n` of a statement written with numbered parameters only.
fn highest_parameter(sql: &str) -> usize {
    sql.split('?')
        .skip(1)
        .map(|after| {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            assert!(digits > 0, "numbered parameters only: {sql}");
            after[..digits]
                .parse::<usize>()
                .expect("a parameter number")
        })
        .max()
        .unwrap_or(0)
}

/// `query!` for an `INSERT … VALUES` written under an `Only` (see `Only::insert`): the
/// statement's own values, then the condition's.
macro_rules! guarded {
    ($db:expr, $only:expr, $sql:expr, $($args:expr),* $(,)?) => {{
        let only: &$crate::shared::storage::Only = $only;
        let sql = only.insert($sql);
        (|| -> ::worker::Result<::worker::D1PreparedStatement> {
            let serializer = ::worker::d1::serde_wasm_bindgen::Serializer::new()
                .serialize_missing_as_null(true);
            let mut bindings = vec![$(
                ::serde::ser::Serialize::serialize(&$args, &serializer)
                    .map_err(|e| ::worker::Error::Internal(e.into()))?
            ),*];
            bindings.extend(only.values().iter().map(|v| ::wasm_bindgen::JsValue::from_str(v)));
            ::worker::D1Database::prepare($db, &sql).bind(&bindings)
        })()
    }};
}
pub(crate) use guarded;

/// `text` as an SQL string literal (for values the edge made itself, such as ids).
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_insert_becomes_an_insert_select_under_the_condition() {
        let only = Only::claimed("c_1").and("x > ? AND y = ?", &["1", "it's"]);
        assert_eq!(
            only.insert("INSERT INTO t (a, b) VALUES (?1, lower(?2)) ON CONFLICT (a) DO UPDATE SET b = ?3"),
            "INSERT INTO t (a, b) SELECT ?1, lower(?2) WHERE EXISTS (SELECT 1 FROM idempotency_keys \
             WHERE claim = ?4) AND x > ?5 AND y = ?6 ON CONFLICT (a) DO UPDATE SET b = ?3"
        );
        assert_eq!(only.values(), ["c_1", "1", "it's"]);
        // The same statement under another claim is the same SQL: parsed once.
        assert_eq!(
            Only::claimed("c_2").insert("INSERT INTO t (a) VALUES (?1)"),
            Only::claimed("c_1").insert("INSERT INTO t (a) VALUES (?1)")
        );
    }

    #[test]
    #[should_panic(expected = "numbered parameters only")]
    fn a_statement_with_a_bare_parameter_is_refused() {
        Only::claimed("c_1").insert("INSERT INTO t (a) VALUES (?)");
    }

    #[test]
    fn without_a_condition_statements_are_unchanged() {
        let sql = "INSERT INTO t (a) VALUES (?1)";
        assert_eq!(Only::always().insert(sql), sql);
    }

    #[test]
    fn literals_cannot_end_early() {
        assert_eq!(literal("it's"), "'it''s'");
    }
}
