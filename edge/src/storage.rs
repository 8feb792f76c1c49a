//! D1 access shared by the resources: the binding's name and error mapping.

use serde::de::DeserializeOwned;
use worker::D1PreparedStatement;

use crate::ApiError;

/// The D1 database binding.
pub const DB: &str = "DB";

/// Runs a query and reads its rows; a failing database is a `503`, not a `500`.
pub async fn all<T: DeserializeOwned>(statement: D1PreparedStatement) -> Result<Vec<T>, ApiError> {
    statement
        .all()
        .await
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
    statement
        .first(None)
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))
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
