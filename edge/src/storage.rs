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
