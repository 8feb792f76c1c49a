//! Documents' files: the PDFs in R2 (the `FILES` bucket) and their rows in D1, as the
//! team's uploads and the visitors' downloads both read them.

use serde::{Deserialize, Serialize};
use worker::{query, D1Database, Env};

use crate::shared::error::ApiError;
use crate::shared::storage;

/// The R2 bucket of documents' files.
pub const FILES: &str = "FILES";

/// One uploaded version of a document's file.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct FileVersion {
    pub version: i64,
    /// Bytes.
    pub size: i64,
    /// The SHA-256 of the file as uploaded, hex.
    pub sha256: String,
    pub pages: i64,
    /// The last day the file is valid for (a SOC 2 report's period).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date")))]
    pub valid_until: Option<String>,
    pub uploaded_by: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    pub uploaded_at: String,
}

#[derive(Deserialize)]
pub struct FileRow {
    pub version: i64,
    pub object_key: String,
    pub size: i64,
    pub sha256: String,
    pub pages: i64,
    pub valid_until: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

impl FileRow {
    pub fn shown(&self) -> FileVersion {
        FileVersion {
            version: self.version,
            size: self.size,
            sha256: self.sha256.clone(),
            pages: self.pages,
            valid_until: self.valid_until.clone(),
            uploaded_by: self.uploaded_by.clone(),
            uploaded_at: attest_core::date::rfc3339(self.uploaded_at),
        }
    }
}

pub const FILE_COLUMNS: &str =
    "version, object_key, size, sha256, pages, valid_until, uploaded_by, uploaded_at";

/// The document's newest file, if it has one.
pub async fn current_file(
    db: &D1Database,
    org: &str,
    document_id: &str,
) -> Result<Option<FileRow>, ApiError> {
    storage::first(query!(
        db,
        &format!(
            "SELECT {FILE_COLUMNS} FROM document_files WHERE org = ?1 AND document_id = ?2
             ORDER BY version DESC LIMIT 1"
        ),
        org,
        document_id
    )?)
    .await
}

/// An organisation's logo's place in R2 (`admin::logo` keeps it there, `public::logo`
/// serves it).
pub fn logo_key(org: &attest_core::OrgSlug, file: &attest_core::LogoFile) -> String {
    format!("{org}/logos/{}", file.as_str())
}

/// True when the organisation has uploaded the logo `file`.
pub async fn logo_exists(
    env: &Env,
    org: &attest_core::OrgSlug,
    file: &attest_core::LogoFile,
) -> Result<bool, ApiError> {
    let head = env
        .bucket(FILES)?
        .head(logo_key(org, file))
        .await
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))?;
    Ok(head.is_some())
}

/// Keeps `bytes` in the bucket under `key`, with the media type it is served as.
pub async fn put(env: &Env, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), ApiError> {
    let metadata = worker::HttpMetadata {
        content_type: Some(content_type.into()),
        ..Default::default()
    };
    env.bucket(FILES)?
        .put(key, bytes)
        .http_metadata(metadata)
        .execute()
        .await
        .map(drop)
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))
}

/// The bytes of a stored file.
pub async fn file_bytes(env: &Env, row: &FileRow) -> Result<Vec<u8>, ApiError> {
    let object = env
        .bucket(FILES)?
        .get(row.object_key.as_str())
        .execute()
        .await
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))?
        .ok_or_else(|| ApiError::Internal(format!("R2 has no object {}", row.object_key)))?;
    object
        .body()
        .ok_or_else(|| ApiError::Internal("an R2 object without a body".into()))?
        .bytes()
        .await
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))
}

/// A PDF as a response: never cached, never sniffed.
pub fn pdf_response(
    bytes: Vec<u8>,
    filename: &str,
    disposition: &str,
) -> Result<worker::Response, ApiError> {
    let mut response = worker::Response::from_bytes(bytes)?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/pdf")?;
    headers.set(
        "content-disposition",
        &format!("{disposition}; filename=\"{filename}\""),
    )?;
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(response)
}
