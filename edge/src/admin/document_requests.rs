//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the team lists, reads and approves or denies; the requester hears either
//! way. Personal data is sealed, and erased once the organisation's retention period
//! after the decision is over (the record of the decision and of the NDA version stays).

use attest_core::documents::DocumentRequestStatus;
use attest_core::{Link, OrgSlug};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, D1Database};

use crate::admin::export;
use crate::router::{Csv, Ctx, Doc, Id, Json, Page, Query};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::{Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::{self, DB};

fn context<'a>(id: &'a str, column: &'a str) -> Column<'a> {
    Column::new("document_requests", id, column)
}

#[derive(Deserialize)]
struct Row {
    id: String,
    document_id: String,
    document_title: String,
    access: String,
    status: String,
    received_at: i64,
    key_id: Option<String>,
    name_sealed: Option<String>,
    company_sealed: Option<String>,
    email_sealed: Option<String>,
    nda_version: Option<String>,
    nda_accepted_at: Option<i64>,
    nda_address_sealed: Option<String>,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    note_sealed: Option<String>,
    erased_at: Option<i64>,
}

const COLUMNS: &str = "id, document_id, document_title, access, status, received_at, key_id, \
     name_sealed, company_sealed, email_sealed, nda_version, nda_accepted_at, nda_address_sealed, \
     decided_at, decided_by, note_sealed, erased_at";

/// A document request without the requester's personal data.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequestSummary"))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    id: String,
    document_id: String,
    document_title: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["on_request", "nda"])))]
    access: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["pending", "approved", "denied"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    received_at: String,
    /// The NDA accepted, for an `nda` document.
    nda: Option<Nda>,
    decided_at: Option<String>,
    decided_by: Option<String>,
    /// When the requester's personal data was erased (retention).
    erased_at: Option<String>,
}

/// The NDA a requester accepted.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AcceptedNda"))]
#[serde(rename_all = "camelCase")]
pub struct Nda {
    version: String,
    accepted_at: Option<String>,
    /// The client address it was accepted from (in the full request only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    accepted_from: Option<String>,
}

/// A document request in full, opened.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequestDetail"))]
pub struct Detail {
    #[serde(flatten)]
    summary: Summary,
    name: Option<String>,
    company: Option<String>,
    email: Option<String>,
    /// The decision's note, as the requester was sent it.
    note: Option<String>,
}

/// The organisation's document requests, pending first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequests"))]
#[serde(rename_all = "camelCase")]
pub struct DocumentRequests {
    document_requests: Vec<Summary>,
    /// The `offset` of the next page; `null` on the last.
    next_offset: Option<i64>,
}

/// Which requests: by status.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["pending", "approved", "denied"])))]
    status: Option<String>,
}

/// Which requests, a page at a time.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListFilter {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["pending", "approved", "denied"])))]
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

impl Row {
    fn summary(&self) -> Summary {
        Summary {
            id: self.id.clone(),
            document_id: self.document_id.clone(),
            document_title: self.document_title.clone(),
            access: self.access.clone(),
            status: self.status.clone(),
            received_at: attest_core::date::rfc3339(self.received_at),
            nda: self.nda_version.as_ref().map(|version| Nda {
                version: version.clone(),
                accepted_at: self.nda_accepted_at.map(attest_core::date::rfc3339),
                accepted_from: None,
            }),
            decided_at: self.decided_at.map(attest_core::date::rfc3339),
            decided_by: self.decided_by.clone(),
            erased_at: self.erased_at.map(attest_core::date::rfc3339),
        }
    }

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

    fn detail(&self, keys: &Keys) -> Result<Json<Detail>, ApiError> {
        let mut summary = self.summary();
        if let Some(nda) = summary.nda.as_mut() {
            nda.accepted_from = self.open(keys, "nda_address", &self.nda_address_sealed)?;
        }
        Ok(Json(Detail {
            summary,
            name: self.open(keys, "name", &self.name_sealed)?,
            company: self.open(keys, "company", &self.company_sealed)?,
            email: self.open(keys, "email", &self.email_sealed)?,
            note: self
                .note_sealed
                .as_deref()
                .and_then(|stored| stored.split_once('.'))
                .map(|(key_id, sealed)| keys.open(key_id, context(&self.id, "note"), sealed))
                .transpose()?,
        }))
    }
}

/// `GET /v1/admin/orgs/{org}/document-requests` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listDocumentRequests",
    summary: "Document requests, pending first, oldest first, paged (requests:read)",
    description: "",
    answer: "A page of requests, without personal data; `nextOffset` continues it.",
    errors: &[(
        400,
        "`status` is not a document request status, or a `limit` or `offset` is out of range.",
    )],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/document-requests?status=&limit=&offset=`: oldest pending
/// first.
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(ListFilter {
        status,
        limit,
        offset,
    }): Query<ListFilter>,
) -> Result<Json<DocumentRequests>, ApiError> {
    let (limit, offset) = http::page_window(limit.as_deref(), offset.as_deref(), 100, 200)?;
    let rows = select(&ctx, &org, status, Some((limit + 1, offset))).await?;
    let more = rows.len() as i64 > limit;
    let document_requests = rows.iter().take(limit as usize).map(Row::summary).collect();
    Ok(Json(DocumentRequests {
        document_requests,
        next_offset: more.then_some(offset + limit),
    }))
}

/// `GET /v1/admin/orgs/{org}/document-requests.csv` in the OpenAPI document.
pub const EXPORT: Doc = Doc {
    id: "exportDocumentRequests",
    summary: "Document requests as CSV, without the requesters' personal data (requests:read)",
    description: "Every request (or those with `status`), pending first: which document, its access, when it came, the NDA version accepted and when, the decision and who made it.",
    answer: "RFC 4180 CSV with a header row: id, document_id, document_title, access, status, received_at, nda_version, nda_accepted_at, decided_at, decided_by, personal_data_erased_at.",
    errors: &[(400, "Not a document request status.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/document-requests.csv?status=`
pub async fn export(
    ctx: Ctx,
    org: OrgSlug,
    Query(Filter { status }): Query<Filter>,
) -> Result<Page<Csv>, ApiError> {
    let rows = select(&ctx, &org, status, None).await?;
    let time = attest_core::date::rfc3339;
    export::csv(
        org.as_str(),
        "document-requests",
        &[
            "id",
            "document_id",
            "document_title",
            "access",
            "status",
            "received_at",
            "nda_version",
            "nda_accepted_at",
            "decided_at",
            "decided_by",
            "personal_data_erased_at",
        ],
        rows.into_iter().map(|r| {
            vec![
                r.id,
                r.document_id,
                r.document_title,
                r.access,
                r.status,
                time(r.received_at),
                r.nda_version.unwrap_or_default(),
                r.nda_accepted_at.map(time).unwrap_or_default(),
                r.decided_at.map(time).unwrap_or_default(),
                r.decided_by.unwrap_or_default(),
                r.erased_at.map(time).unwrap_or_default(),
            ]
        }),
    )
}

/// The organisation's document requests (those with `status`, when given), pending
/// first; with `page`, at most its limit from its offset.
async fn select(
    ctx: &Ctx,
    org: &OrgSlug,
    status: Option<String>,
    page: Option<(i64, i64)>,
) -> Result<Vec<Row>, ApiError> {
    if status
        .as_deref()
        .is_some_and(|s| DocumentRequestStatus::from_key(s).is_none())
    {
        return Err(ApiError::invalid(
            "status",
            "must be pending, approved or denied",
        ));
    }
    let db = ctx.env.d1(DB)?;
    storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM document_requests WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY status <> 'pending', received_at, id LIMIT ?3 OFFSET ?4"
        ),
        org.as_str(),
        status,
        // SQLite reads a negative LIMIT as none.
        page.map_or(-1, |(limit, _)| limit),
        page.map_or(0, |(_, offset)| offset)
    )?)
    .await
}

async fn load(db: &D1Database, org: &OrgSlug, id: &str) -> Result<Row, ApiError> {
    storage::first(query!(
        db,
        &format!("SELECT {COLUMNS} FROM document_requests WHERE org = ?1 AND id = ?2"),
        org.as_str(),
        id
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no document request {id}")))
}

/// `GET /v1/admin/orgs/{org}/document-requests/{id}` in the OpenAPI document.
pub const READ: Doc = Doc {
    id: "readDocumentRequest",
    summary:
        "A document request with the requester's details and the NDA acceptance (requests:read)",
    description: "",
    answer: "The request.",
    errors: &[(404, "No such request.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/document-requests/{id}`: with the requester's details.
pub async fn read(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(&env.d1(DB)?, &org, id).await?;
    row.detail(&Keys::from_env(env)?)
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequestDecision"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["decision"])))]
pub struct Decision {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["approve", "deny"])))]
    decision: String,
    /// Sent to the requester, and kept sealed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    note: Option<String>,
    /// For an approval: an `https` link where the requester gets the document (a share
    /// link with its own expiry).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(url))]
    link: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/document-requests/{id}/decision` in the OpenAPI document.
pub const DECIDE: Doc = Doc {
    id: "decideDocumentRequest",
    summary: "Approve or deny a document request; the requester is e-mailed (requests:write)",
    description: "",
    answer: "The request after the decision.",
    errors: &[
        (400, "`decision`, `note` or `link` is invalid."),
        (404, "No such request."),
        (409, "The request was decided already."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/document-requests/{id}/decision` with
/// `{ decision: "approve" | "deny", note?, link? }`; the requester is e-mailed either way.
pub async fn decide(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<Decision>,
) -> Result<Json<Summary>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let to = match input.decision.trim() {
        "approve" => DocumentRequestStatus::Approved,
        "deny" => DocumentRequestStatus::Denied,
        _ => return Err(ApiError::invalid("decision", "must be approve or deny")),
    };
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 5000) {
        return Err(ApiError::invalid("note", "must be at most 5000 characters"));
    }
    let link = input
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Link::parse(l).map_err(|e| ApiError::invalid("link", e.message())))
        .transpose()?;
    if to == DocumentRequestStatus::Denied && link.is_some() {
        return Err(ApiError::invalid("link", "is for an approval only"));
    }
    let db = env.d1(DB)?;
    let row = load(&db, &org, id).await?;
    let from = DocumentRequestStatus::from_key(&row.status).ok_or_else(|| {
        ApiError::Internal(format!("unknown document request status {}", row.status))
    })?;
    from.check_decision(to)
        .map_err(|e| ApiError::Conflict(format!("decision {}", e.message())))?;
    let keys = Keys::from_env(env)?;
    let now = ctx.now;
    let actor = caller.actor();
    // The note is sealed under today's key, which may not be the row's: it names its own.
    let note_sealed = note
        .map(|n| {
            Ok::<_, ApiError>(format!(
                "{}.{}",
                keys.key_id(),
                keys.seal(context(id, "note"), n)?
            ))
        })
        .transpose()?;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change.run(query!(
        &db,
        "UPDATE document_requests SET status = ?3, decided_at = ?4, decided_by = ?5, note_sealed = ?6
         WHERE id = ?1 AND status = ?2",
        id,
        from.key(),
        to.key(),
        now,
        &actor,
        &note_sealed
    )?);
    if let (Some(email), Some(name)) = (
        row.open(&keys, "email", &row.email_sealed)?,
        row.open(&keys, "name", &row.name_sealed)?,
    ) {
        let org_name = outbox::org_name(env, org.as_str()).await;
        let title = &row.document_title;
        let mut body = match to {
            DocumentRequestStatus::Approved => {
                format!("Hello {name},\n\n{org_name} approved your request for \"{title}\".")
            }
            _ => format!(
                "Hello {name},\n\n{org_name} reviewed your request for \"{title}\" and cannot share it."
            ),
        };
        if let Some(link) = &link {
            body.push_str(&format!("\n\nYou can get it here:\n\n    {link}"));
        }
        if let Some(note) = note {
            body.push_str(&format!("\n\n{note}"));
        }
        body.push_str(&format!("\n\nRequest reference: {id}\n"));
        change.mail(&Outgoing {
            org: org.as_str(),
            purpose: "decision",
            related_id: id,
            to: &email,
            subject: &match to {
                DocumentRequestStatus::Approved => {
                    format!("{org_name} approved your request for \"{title}\"")
                }
                _ => format!("Your request for \"{title}\""),
            },
            body: &body,
        })?;
    }
    change.audit(audit::Change {
        actor: &actor,
        action: "document_request.decided",
        target: id,
        before: Some(json!({ "status": from.key() })),
        after: Some(
            json!({ "status": to.key(), "withNote": note.is_some(), "withLink": link.is_some() }),
        ),
    })?;
    change.commit().await?;
    let row = load(&db, &org, id).await?;
    Ok(Json(row.summary()))
}
