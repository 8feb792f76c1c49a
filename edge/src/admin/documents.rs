//! The team's side of gated documents: each document's PDF file in R2 (every upload a
//! new version, older ones kept, an optional "valid until" with a reminder before it
//! lapses), the grants made when requests are approved (listed per document and per
//! viewer, revoked, renewed, each with the log of its downloads), the leak lookup by the
//! reference printed on a copy, and the organisation's approval rules.

use attest_core::approval::{self, ApprovalRules};
use attest_core::pdf;
use attest_core::{Date, Document, OrgSlug, TrustProfile};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, D1Database, Env};

use crate::router::{
    Created, Ctx, Doc, DocumentId, Id, Json, Page, Pdf, PdfBody, Query, VersionNumber,
};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::files::{self, FileRow, FileVersion, FILES, FILE_COLUMNS};
use crate::shared::grants::{self, rules_of, RulesRow};
use crate::shared::http;
use crate::shared::storage::{self, DB};

/// The documents of the organisation's draft and of its latest published version (the
/// draft's first): a file may be uploaded for a document before it is published.
async fn documents_of(db: &D1Database, org: &OrgSlug) -> Result<Vec<Document>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        profile_json: String,
    }
    let rows: Vec<Row> = storage::all(query!(
        db,
        "SELECT profile_json FROM profile_drafts WHERE org = ?1
         UNION ALL
         SELECT profile_json FROM (SELECT profile_json FROM profile_versions WHERE org = ?1
                                   ORDER BY version DESC LIMIT 1)",
        org.as_str()
    )?)
    .await?;
    let mut documents: Vec<Document> = Vec::new();
    for row in rows {
        let profile: TrustProfile = serde_json::from_str(&row.profile_json)
            .map_err(|e| ApiError::Internal(format!("a stored profile does not parse: {e}")))?;
        for document in profile.documents {
            if !documents.iter().any(|d| d.id == document.id) {
                documents.push(document);
            }
        }
    }
    Ok(documents)
}

async fn document_of(
    db: &D1Database,
    org: &OrgSlug,
    id: &DocumentId,
) -> Result<Document, ApiError> {
    documents_of(db, org)
        .await?
        .into_iter()
        .find(|d| d.id == id.0)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "{org} has no document {} in its draft or its published profile",
                id.0.as_str()
            ))
        })
}

/// The upload's options, in the query (the body is the PDF).
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    /// The last day the file is valid for (`YYYY-MM-DD`, today or later): the editors are
    /// reminded 30 days before.
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>", extend("format" = "date")))]
    valid_until: Option<String>,
}

/// `PUT /v1/admin/orgs/{org}/documents/{document}/file` in the OpenAPI document.
pub const UPLOAD: Doc = Doc {
    id: "uploadDocumentFile",
    summary: "Upload a new version of a document's PDF (content:write)",
    description: "The body is the PDF itself (`Content-Type: application/pdf`, at most 25 MB). It must be a whole, readable PDF with pages and without encryption, since every copy that leaves is stamped for its viewer. The file is kept in R2; older versions stay listed. Audited as `document.file_uploaded`.",
    answer: "The new version.",
    errors: &[
        (400, "The file is not a PDF, is cut short, is encrypted, has no pages or does not read (field `file`, the reason in words); or `validUntil` is not a date from today on."),
        (404, "No such document in the draft or the published profile."),
    ],
    headers: &[],
};

/// `PUT /v1/admin/orgs/{org}/documents/{document}/file?validUntil=`
pub async fn upload(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
    caller: Caller,
    Query(options): Query<UploadOptions>,
    PdfBody(bytes): PdfBody,
) -> Result<Created<FileVersion>, ApiError> {
    let now = ctx.now;
    let valid_until = options
        .valid_until
        .as_deref()
        .map(|d| {
            let date = Date::parse(d).map_err(|_| {
                ApiError::invalid("validUntil", "must be a date written YYYY-MM-DD")
            })?;
            if date < Date::from_unix_seconds(now) {
                return Err(ApiError::invalid(
                    "validUntil",
                    "is in the past: give the last day the file is still valid for",
                ));
            }
            Ok(date)
        })
        .transpose()?;
    let db = ctx.env.d1(DB)?;
    let document = document_of(&db, &org, &document).await?;
    let checked = pdf::check(&bytes).map_err(|e| ApiError::invalid("file", e.to_string()))?;
    let sha256 = crypto::sha256_hex_bytes(&bytes);
    let size = bytes.len() as i64;
    let key = format!(
        "{org}/{}/{}-{}.pdf",
        document.id.as_str(),
        &sha256[..16],
        crypto::random_hex(6)
    );
    files::put(&ctx.env, &key, bytes, "application/pdf").await?;
    let bucket = ctx.env.bucket(FILES)?;
    let actor = caller.actor();
    let valid_until = valid_until.map(|d| d.to_string());
    let keys = Keys::from_env(&ctx.env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change.run(query!(
        &db,
        "INSERT INTO document_files (org, document_id, version, object_key, size, sha256, pages,
             valid_until, uploaded_by, uploaded_at)
         SELECT ?1, ?2, COALESCE(MAX(version), 0) + 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9
         FROM document_files WHERE org = ?1 AND document_id = ?2",
        org.as_str(),
        document.id.as_str(),
        &key,
        size,
        &sha256,
        checked.pages,
        &valid_until,
        &actor,
        now
    )?);
    change.audit(audit::Change {
        actor: &actor,
        action: "document.file_uploaded",
        target: document.id.as_str(),
        before: None,
        after: Some(json!({
            "size": size,
            "sha256": sha256,
            "pages": checked.pages,
            "validUntil": valid_until,
        })),
    })?;
    if let Err(error) = change.commit().await {
        // Nothing names the object: it goes too.
        let _ = bucket.delete(key.as_str()).await;
        return Err(error);
    }
    let row: FileRow = storage::first(query!(
        &db,
        &format!("SELECT {FILE_COLUMNS} FROM document_files WHERE org = ?1 AND object_key = ?2"),
        org.as_str(),
        &key
    )?)
    .await?
    .ok_or_else(|| ApiError::Internal("the uploaded file's row is missing".into()))?;
    Created::new(&row.shown())
}

/// A document's files, newest first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Files {
    document_id: String,
    files: Vec<FileVersion>,
}

/// `GET /v1/admin/orgs/{org}/documents/{document}/files` in the OpenAPI document.
pub const FILES_LIST: Doc = Doc {
    id: "listDocumentFiles",
    summary: "A document's uploaded versions, newest first (content:read)",
    description: "",
    answer: "Every version, the current one first.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/documents/{document}/files`
pub async fn versions(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
) -> Result<Json<Files>, ApiError> {
    let db = ctx.env.d1(DB)?;
    let rows: Vec<FileRow> = storage::all(query!(
        &db,
        &format!(
            "SELECT {FILE_COLUMNS} FROM document_files WHERE org = ?1 AND document_id = ?2
             ORDER BY version DESC"
        ),
        org.as_str(),
        document.0.as_str()
    )?)
    .await?;
    Ok(Json(Files {
        document_id: document.0.as_str().to_owned(),
        files: rows.iter().map(FileRow::shown).collect(),
    }))
}

/// `GET /v1/admin/orgs/{org}/documents/{document}/files/{n}` in the OpenAPI document.
pub const FILE_READ: Doc = Doc {
    id: "readDocumentFile",
    summary: "One uploaded version as it was uploaded, unstamped (content:read)",
    description: "For the team to check what it uploaded. Visitors only ever get stamped copies of gated documents.",
    answer: "The PDF.",
    errors: &[(400, "Not a version number."), (404, "No such version.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/documents/{document}/files/{n}`
pub async fn file(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
    VersionNumber(n): VersionNumber,
) -> Result<Page<Pdf>, ApiError> {
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.bytes().all(|b| b == b'0') {
        return Err(ApiError::invalid("n", "must be a version number from 1"));
    }
    // A number past any version there can be (or D1 can bind) is one there is not.
    let n: i64 = n
        .parse::<i64>()
        .ok()
        .filter(|n| *n <= 9_007_199_254_740_991)
        .ok_or_else(|| ApiError::NotFound(format!("{} has no version {n}", document.0.as_str())))?;
    let db = ctx.env.d1(DB)?;
    let row: FileRow = storage::first(query!(
        &db,
        &format!(
            "SELECT {FILE_COLUMNS} FROM document_files WHERE org = ?1 AND document_id = ?2 AND version = ?3"
        ),
        org.as_str(),
        document.0.as_str(),
        n
    )?)
    .await?
    .ok_or_else(|| {
        ApiError::NotFound(format!("{} has no version {n}", document.0.as_str()))
    })?;
    let bytes = files::file_bytes(&ctx.env, &row).await?;
    files::pdf_response(
        bytes,
        &format!("{}-v{n}.pdf", document.0.as_str()),
        "attachment",
    )
    .map(Page::new)
}

/// A document as the team sees it: its access, its current file, its grants.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DocumentState {
    id: String,
    title: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["public", "on_request", "nda"])))]
    access: String,
    /// The newest upload; `null` when there is none yet.
    file: Option<FileVersion>,
    /// How many versions were uploaded.
    versions: i64,
    /// Grants still in force.
    active_grants: i64,
    /// Requests waiting for a decision.
    pending_requests: i64,
}

/// The organisation's documents.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Documents {
    documents: Vec<DocumentState>,
}

/// `GET /v1/admin/orgs/{org}/documents` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listDocuments",
    summary: "The organisation's documents with their current file and grants (content:read)",
    description: "The documents of the draft and of the published profile, in the draft's order.",
    answer: "Each document with its newest file, its count of versions, of grants in force and of pending requests.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/documents`
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Json<Documents>, ApiError> {
    #[derive(Deserialize)]
    struct Counts {
        document_id: String,
        versions: i64,
        active_grants: i64,
        pending_requests: i64,
    }
    let db = ctx.env.d1(DB)?;
    let documents = documents_of(&db, &org).await?;
    let newest: Vec<(String, FileRow)> = {
        #[derive(Deserialize)]
        struct Row {
            document_id: String,
            #[serde(flatten)]
            file: FileRow,
        }
        let rows: Vec<Row> = storage::all(query!(
            &db,
            &format!(
                "SELECT document_id, {FILE_COLUMNS} FROM document_files f WHERE org = ?1
                   AND version = (SELECT MAX(version) FROM document_files
                                  WHERE org = f.org AND document_id = f.document_id)"
            ),
            org.as_str()
        )?)
        .await?;
        rows.into_iter().map(|r| (r.document_id, r.file)).collect()
    };
    let counts: Vec<Counts> = storage::all(query!(
        &db,
        "SELECT document_id, SUM(versions) AS versions, SUM(active) AS active_grants,
                SUM(pending) AS pending_requests
         FROM (SELECT document_id, 1 AS versions, 0 AS active, 0 AS pending FROM document_files WHERE org = ?1
               UNION ALL
               SELECT document_id, 0, 1, 0 FROM grants
                WHERE org = ?1 AND revoked_at IS NULL AND expires_at > ?2
               UNION ALL
               SELECT document_id, 0, 0, 1 FROM document_requests WHERE org = ?1 AND status = 'pending')
         GROUP BY document_id",
        org.as_str(),
        ctx.now
    )?)
    .await?;
    let documents = documents
        .into_iter()
        .map(|d| {
            let id = d.id.as_str();
            let count = counts.iter().find(|c| c.document_id == id);
            DocumentState {
                id: id.to_owned(),
                title: d.title.to_string(),
                access: match d.access {
                    attest_core::DocumentAccess::Public => "public",
                    attest_core::DocumentAccess::OnRequest => "on_request",
                    attest_core::DocumentAccess::Nda => "nda",
                }
                .to_owned(),
                file: newest.iter().find(|(d, _)| d == id).map(|(_, f)| f.shown()),
                versions: count.map_or(0, |c| c.versions),
                active_grants: count.map_or(0, |c| c.active_grants),
                pending_requests: count.map_or(0, |c| c.pending_requests),
            }
        })
        .collect();
    Ok(Json(Documents { documents }))
}

// ---------------------------------------------------------------------------------------
// Grants

#[derive(Deserialize)]
struct GrantRow {
    id: String,
    reference: String,
    document_id: String,
    document_title: String,
    request_id: String,
    key_id: Option<String>,
    name_sealed: Option<String>,
    company_sealed: Option<String>,
    email_sealed: Option<String>,
    granted_at: i64,
    granted_by: String,
    rule: Option<String>,
    expires_at: i64,
    renewed_at: Option<i64>,
    renewed_by: Option<String>,
    revoked_at: Option<i64>,
    revoked_by: Option<String>,
    erased_at: Option<i64>,
    downloads: i64,
}

const GRANT_COLUMNS: &str = "g.id, g.reference, g.document_id, g.document_title, g.request_id, \
     g.key_id, g.name_sealed, g.company_sealed, g.email_sealed, g.granted_at, g.granted_by, g.rule, \
     g.expires_at, g.renewed_at, g.renewed_by, g.revoked_at, g.revoked_by, g.erased_at, \
     (SELECT COUNT(*) FROM grant_downloads d WHERE d.grant_id = g.id) AS downloads";

/// A grant with its viewer.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    id: String,
    /// Printed on every copy: what the leak lookup finds.
    reference: String,
    document_id: String,
    document_title: String,
    request_id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["active", "expired", "revoked"])))]
    status: &'static str,
    /// The viewer's details; `null` once erased (retention).
    name: Option<String>,
    company: Option<String>,
    email: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    granted_at: String,
    granted_by: String,
    /// The approval rule that granted it, when no member did.
    rule: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: String,
    renewed_at: Option<String>,
    renewed_by: Option<String>,
    revoked_at: Option<String>,
    revoked_by: Option<String>,
    erased_at: Option<String>,
    /// Copies taken.
    downloads: i64,
}

impl GrantRow {
    fn status(&self, now: i64) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at <= now {
            "expired"
        } else {
            "active"
        }
    }

    fn shown(&self, keys: &Keys, now: i64) -> Result<Grant, ApiError> {
        let open = |column: &str, sealed: &Option<String>| {
            keys.open_kept(
                self.key_id.as_deref(),
                grants::context(&self.id, column),
                sealed.as_deref(),
            )
        };
        let time = attest_core::date::rfc3339;
        Ok(Grant {
            id: self.id.clone(),
            reference: self.reference.clone(),
            document_id: self.document_id.clone(),
            document_title: self.document_title.clone(),
            request_id: self.request_id.clone(),
            status: self.status(now),
            name: open("name", &self.name_sealed)?,
            company: open("company", &self.company_sealed)?,
            email: open("email", &self.email_sealed)?,
            granted_at: time(self.granted_at),
            granted_by: self.granted_by.clone(),
            rule: self.rule.clone(),
            expires_at: time(self.expires_at),
            renewed_at: self.renewed_at.map(time),
            renewed_by: self.renewed_by.clone(),
            revoked_at: self.revoked_at.map(time),
            revoked_by: self.revoked_by.clone(),
            erased_at: self.erased_at.map(time),
            downloads: self.downloads,
        })
    }
}

/// Grants, newest first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Grants {
    grants: Vec<Grant>,
    /// The `offset` of the next page; `null` on the last.
    next_offset: Option<i64>,
}

/// Which grants: of a document, of a viewer (by e-mail), in a status; a page at a time.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct GrantFilter {
    /// A document's id.
    #[cfg_attr(feature = "openapi", schemars(extend("pattern" = "^[a-z0-9-]{1,64}$")))]
    document: Option<String>,
    /// The viewer's e-mail address (matched whole, in any case).
    email: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["active", "expired", "revoked"])))]
    status: Option<String>,
    /// At most this many (1 to 200; 100 when not given).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u32>", range(min = 1, max = 200))
    )]
    limit: Option<String>,
    /// Skip this many (the previous page's `nextOffset`).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u32>", range(max = 1_000_000_000))
    )]
    offset: Option<String>,
}

/// `GET /v1/admin/orgs/{org}/grants` in the OpenAPI document.
pub const GRANTS: Doc = Doc {
    id: "listGrants",
    summary: "Grants, newest first, per document or per viewer (requests:read)",
    description: "",
    answer: "A page of grants with their viewers; `nextOffset` continues it.",
    errors: &[(400, "`status` is not active, expired or revoked, `document` is not an id, or `limit`/`offset` is out of range.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/grants?document=&email=&status=&limit=&offset=`
pub async fn list_grants(
    ctx: Ctx,
    org: OrgSlug,
    Query(filter): Query<GrantFilter>,
) -> Result<Json<Grants>, ApiError> {
    let (limit, offset) =
        http::page_window(filter.limit.as_deref(), filter.offset.as_deref(), 100, 200)?;
    let is_id = |d: &str| {
        (1..=64).contains(&d.len())
            && d.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if filter.document.as_deref().is_some_and(|d| !is_id(d)) {
        return Err(ApiError::invalid("document", "must be a document's id"));
    }
    let status = filter.status.as_deref();
    if status.is_some_and(|s| !["active", "expired", "revoked"].contains(&s)) {
        return Err(ApiError::invalid(
            "status",
            "must be active, expired or revoked",
        ));
    }
    let keys = Keys::from_env(&ctx.env)?;
    let email_hash = filter
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| grants::email_hash(&keys, e));
    let db = ctx.env.d1(DB)?;
    let rows: Vec<GrantRow> = storage::all(query!(
        &db,
        &format!(
            "SELECT {GRANT_COLUMNS} FROM grants g WHERE g.org = ?1
               AND (?2 IS NULL OR g.document_id = ?2) AND (?3 IS NULL OR g.email_hash = ?3)
               AND (?4 IS NULL
                    OR (?4 = 'revoked' AND g.revoked_at IS NOT NULL)
                    OR (?4 = 'expired' AND g.revoked_at IS NULL AND g.expires_at <= ?5)
                    OR (?4 = 'active' AND g.revoked_at IS NULL AND g.expires_at > ?5))
             ORDER BY g.granted_at DESC, g.id DESC LIMIT ?6 OFFSET ?7"
        ),
        org.as_str(),
        filter.document.as_deref(),
        &email_hash,
        status,
        ctx.now,
        limit + 1,
        offset
    )?)
    .await?;
    let more = rows.len() as i64 > limit;
    let grants = rows
        .iter()
        .take(limit as usize)
        .map(|r| r.shown(&keys, ctx.now))
        .collect::<Result<_, _>>()?;
    Ok(Json(Grants {
        grants,
        next_offset: more.then_some(offset + limit),
    }))
}

/// One copy taken under a grant.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Download {
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    at: String,
    /// The file's version the copy was made of.
    file_version: i64,
    /// The client address it was taken from; `null` once erased.
    address: Option<String>,
    /// The browser that took it.
    user_agent: Option<String>,
    /// Taken from an address no earlier copy of this grant came from: a forwarded link
    /// shows here.
    new_address: bool,
}

/// A grant with every copy taken under it.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrantDetail {
    #[serde(flatten)]
    grant: Grant,
    /// Oldest first.
    download_log: Vec<Download>,
}

async fn grant_detail(
    env: &Env,
    db: &D1Database,
    org: &OrgSlug,
    column: &str,
    value: &str,
    now: i64,
) -> Result<Option<GrantDetail>, ApiError> {
    #[derive(Deserialize)]
    struct DownloadRow {
        at: i64,
        file_version: i64,
        key_id: Option<String>,
        id: String,
        address_sealed: Option<String>,
        agent_sealed: Option<String>,
    }
    let Some(row): Option<GrantRow> = storage::first(query!(
        db,
        &format!("SELECT {GRANT_COLUMNS} FROM grants g WHERE g.org = ?1 AND g.{column} = ?2"),
        org.as_str(),
        value
    )?)
    .await?
    else {
        return Ok(None);
    };
    let keys = Keys::from_env(env)?;
    let rows: Vec<DownloadRow> = storage::all(query!(
        db,
        "SELECT id, at, file_version, key_id, address_sealed, agent_sealed FROM grant_downloads
         WHERE grant_id = ?1 ORDER BY at, rowid",
        &row.id
    )?)
    .await?;
    let mut seen: Vec<String> = Vec::new();
    let mut download_log = Vec::with_capacity(rows.len());
    for d in rows {
        let open = |column: &str, sealed: &Option<String>| {
            keys.open_kept(
                d.key_id.as_deref(),
                crate::shared::crypto::Column::new("grant_downloads", &d.id, column),
                sealed.as_deref(),
            )
        };
        let address = open("address", &d.address_sealed)?;
        let new_address = matches!(&address, Some(a) if !seen.is_empty() && !seen.contains(a));
        if let Some(a) = &address {
            if !seen.contains(a) {
                seen.push(a.clone());
            }
        }
        download_log.push(Download {
            at: attest_core::date::rfc3339(d.at),
            file_version: d.file_version,
            user_agent: open("agent", &d.agent_sealed)?,
            address,
            new_address,
        });
    }
    Ok(Some(GrantDetail {
        grant: row.shown(&keys, now)?,
        download_log,
    }))
}

/// `GET /v1/admin/orgs/{org}/grants/{id}` in the OpenAPI document.
pub const GRANT: Doc = Doc {
    id: "readGrant",
    summary: "A grant with its viewer and every copy taken (requests:read)",
    description: "",
    answer: "The grant and its download log, oldest first; a copy from an address none before it came from is marked `newAddress`.",
    errors: &[(404, "No such grant.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/grants/{id}`
pub async fn read_grant(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Json<GrantDetail>, ApiError> {
    let db = ctx.env.d1(DB)?;
    grant_detail(&ctx.env, &db, &org, "id", &id, ctx.now)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("{org} has no grant {id}")))
}

/// The reference as found on a copy.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Lookup {
    /// As printed (`7K3Q-9XWM`): eight of Crockford's base-32 characters, in any case,
    /// with or without the hyphen and spaces (`O` reads as zero, `I` and `L` as one).
    #[cfg_attr(
        feature = "openapi",
        schemars(required, extend("pattern" = "^[ -]*([0-9A-TV-Za-tv-z][ -]*){8}$"))
    )]
    reference: Option<String>,
}

/// `GET /v1/admin/orgs/{org}/grants/lookup` in the OpenAPI document.
pub const LOOKUP: Doc = Doc {
    id: "lookUpGrant",
    summary: "Leak lookup: the grant a copy's printed reference names, with its viewer and downloads (requests:read)",
    description: "Paste the reference from a copy found in the wild. Only the organisation's own grants are found.",
    answer: "The grant and its download log.",
    errors: &[
        (400, "`reference` cannot be a grant reference (eight letters and digits, such as 7K3Q-9XWM)."),
        (404, "No grant of this organisation has this reference."),
    ],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/grants/lookup?reference=`
pub async fn lookup(
    ctx: Ctx,
    org: OrgSlug,
    Query(Lookup { reference }): Query<Lookup>,
) -> Result<Json<GrantDetail>, ApiError> {
    let reference = reference
        .as_deref()
        .and_then(approval::parse_grant_reference)
        .ok_or_else(|| {
            ApiError::invalid(
                "reference",
                "must be a grant reference: eight letters and digits, such as 7K3Q-9XWM",
            )
        })?;
    let db = ctx.env.d1(DB)?;
    grant_detail(&ctx.env, &db, &org, "reference", &reference, ctx.now)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("{org} has no grant with reference {reference}")))
}

async fn grant_row(db: &D1Database, org: &OrgSlug, id: &str) -> Result<GrantRow, ApiError> {
    storage::first(query!(
        db,
        &format!("SELECT {GRANT_COLUMNS} FROM grants g WHERE g.org = ?1 AND g.id = ?2"),
        org.as_str(),
        id
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no grant {id}")))
}

/// `POST /v1/admin/orgs/{org}/grants/{id}/revoke` in the OpenAPI document.
pub const REVOKE: Doc = Doc {
    id: "revokeGrant",
    summary: "Revoke a grant: its link stops working at once (requests:write)",
    description: "Audited as `grant.revoked`; webhooks `document_grant.revoked`.",
    answer: "The grant, revoked.",
    errors: &[
        (404, "No such grant."),
        (409, "The grant was revoked already."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/grants/{id}/revoke`
pub async fn revoke(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<Json<Grant>, ApiError> {
    let db = ctx.env.d1(DB)?;
    let row = grant_row(&db, &org, &id).await?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Conflict(format!(
            "grant {id} was revoked already"
        )));
    }
    let keys = Keys::from_env(&ctx.env)?;
    let actor = caller.actor();
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "UPDATE grants SET revoked_at = ?3, revoked_by = ?4 WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        &id,
        ctx.now,
        &actor
    )?);
    change.event(
        "document_grant.revoked",
        json!({ "id": id, "documentId": row.document_id, "reference": row.reference }),
    )?;
    change.audit(audit::Change {
        actor: &actor,
        action: "grant.revoked",
        target: &id,
        before: Some(json!({ "status": row.status(ctx.now) })),
        after: Some(json!({ "status": "revoked" })),
    })?;
    change.commit().await?;
    grant_row(&db, &org, &id)
        .await?
        .shown(&keys, ctx.now)
        .map(Json)
}

/// How long a renewal runs, from now.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Renewal {
    /// 1 to 90; 30 when not given.
    #[serde(default, deserialize_with = "approval::whole_number")]
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 90)))]
    days: Option<i64>,
}

/// `POST /v1/admin/orgs/{org}/grants/{id}/renew` in the OpenAPI document.
pub const RENEW: Doc = Doc {
    id: "renewGrant",
    summary: "Renew a grant for 1 to 90 days from now, also after it expired (requests:write)",
    description: "The same link works again until the new end; the viewer is e-mailed. Audited as `grant.renewed`.",
    answer: "The grant, renewed.",
    errors: &[
        (400, "`days` is not 1 to 90."),
        (404, "No such grant."),
        (409, "The grant was revoked (a revoked grant stays revoked: approve a new request), or its viewer's details were erased."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/grants/{id}/renew` with `{ days? }`
pub async fn renew(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(Renewal { days }): Json<Renewal>,
) -> Result<Json<Grant>, ApiError> {
    let days = approval::grant_days(days).map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = ctx.env.d1(DB)?;
    let row = grant_row(&db, &org, &id).await?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Conflict(format!(
            "grant {id} was revoked: it stays revoked (approve a new request instead)"
        )));
    }
    if row.erased_at.is_some() {
        return Err(ApiError::Conflict(format!(
            "grant {id}'s viewer details were erased (retention): it cannot be renewed"
        )));
    }
    let keys = Keys::from_env(&ctx.env)?;
    let shown = row.shown(&keys, ctx.now)?;
    let actor = caller.actor();
    let expires_at = ctx.now + days as i64 * 86_400;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "UPDATE grants SET expires_at = ?3, renewed_at = ?4, renewed_by = ?5
         WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        &id,
        expires_at,
        ctx.now,
        &actor
    )?);
    if let (Some(email), Some(name)) = (&shown.email, &shown.name) {
        let org_name = crate::shared::outbox::org_name(&ctx.env, org.as_str()).await;
        let link = grants::link(&keys, &ctx.base, org.as_str(), &row.document_id, &id);
        change.mail(&crate::shared::outbox::Outgoing {
            org: org.as_str(),
            purpose: "grant_renewed",
            related_id: &row.request_id,
            to: email,
            subject: &format!("Your access to \"{}\" was extended", row.document_title),
            body: &format!(
                "Hello {name},\n\n{org_name} extended your access to \"{title}\" until {until} (UTC). \
                 The link is the same:\n\n    {link}\n\nGrant reference: {reference}\n",
                title = row.document_title,
                until = grants::day(expires_at),
                reference = row.reference,
            ),
        })?;
    }
    change.audit(audit::Change {
        actor: &actor,
        action: "grant.renewed",
        target: &id,
        before: Some(json!({ "expiresAt": shown.expires_at })),
        after: Some(json!({ "expiresAt": attest_core::date::rfc3339(expires_at), "days": days })),
    })?;
    change.commit().await?;
    grant_row(&db, &org, &id)
        .await?
        .shown(&keys, ctx.now)
        .map(Json)
}

// ---------------------------------------------------------------------------------------
// Approval rules

/// The approval rules with who changed them last.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Rules {
    #[serde(flatten)]
    rules: ApprovalRules,
    updated_at: Option<String>,
    updated_by: Option<String>,
}

/// `GET /v1/admin/orgs/{org}/approval-rules` in the OpenAPI document.
pub const RULES: Doc = Doc {
    id: "readApprovalRules",
    summary: "How document requests are decided without a member (requests:read)",
    description: "Domain rules (the most specific match decides), the built-in refusal of free-mail addresses, the NDA remembered for 12 months, and the days an automatic approval grants.",
    answer: "The rules; the defaults until the organisation sets its own.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/approval-rules`
pub async fn rules(ctx: Ctx, org: OrgSlug) -> Result<Json<Rules>, ApiError> {
    let db = ctx.env.d1(DB)?;
    let row = grants::rules_row(&db, org.as_str()).await?;
    Ok(Json(Rules {
        rules: row
            .as_ref()
            .map_or_else(|| Ok(ApprovalRules::default()), RulesRow::rules)?,
        updated_at: row
            .as_ref()
            .and_then(|r| r.updated_at)
            .map(attest_core::date::rfc3339),
        updated_by: row.and_then(|r| r.updated_by),
    }))
}

/// `PUT /v1/admin/orgs/{org}/approval-rules` in the OpenAPI document.
pub const PUT_RULES: Doc = Doc {
    id: "putApprovalRules",
    summary: "Set how document requests are decided without a member (requests:write)",
    description: "Replaces the rules. Audited as `approval_rules.changed` with the rules before and after.",
    answer: "The rules as stored (patterns in lower case).",
    errors: &[(400, "A domain pattern is not `example.com` or `*.example.com`, is named twice, there are over 100, or `grantDays` is not 1 to 90; `errors` names each.")],
    headers: &[],
};

/// `PUT /v1/admin/orgs/{org}/approval-rules`
pub async fn put_rules(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<ApprovalRules>,
) -> Result<Json<Rules>, ApiError> {
    let rules = input.checked().map_err(ApiError::Invalid)?;
    let db = ctx.env.d1(DB)?;
    let before = rules_of(&db, org.as_str()).await?;
    let keys = Keys::from_env(&ctx.env)?;
    let actor = caller.actor();
    let domains =
        serde_json::to_string(&rules.domains).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "INSERT INTO approval_rules (org, domains, refuse_free_mail, remember_nda, grant_days, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (org) DO UPDATE SET domains = excluded.domains,
             refuse_free_mail = excluded.refuse_free_mail, remember_nda = excluded.remember_nda,
             grant_days = excluded.grant_days, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
        org.as_str(),
        &domains,
        rules.refuse_free_mail as i64,
        rules.remember_nda as i64,
        rules.grant_days as i64,
        ctx.now,
        &actor
    )?);
    change.audit(audit::Change {
        actor: &actor,
        action: "approval_rules.changed",
        target: org.as_str(),
        before: Some(json!(before)),
        after: Some(json!(rules)),
    })?;
    change.commit().await?;
    Ok(Json(Rules {
        rules,
        updated_at: Some(attest_core::date::rfc3339(ctx.now)),
        updated_by: Some(actor),
    }))
}
