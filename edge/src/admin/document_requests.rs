//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the team lists, reads and approves or denies; the requester hears either
//! way. Personal data is sealed, and erased once the organisation's retention period
//! after the decision is over (the record of the decision and of the NDA version stays).

use attest_core::approval;
use attest_core::documents::DocumentRequestStatus;
use attest_core::OrgSlug;
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
use crate::shared::files;
use crate::shared::grants;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::{self, Only, DB};

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
    retention_days: i64,
    decided_by_rule: Option<String>,
    grant_id: Option<String>,
    grant_reference: Option<String>,
    grant_expires_at: Option<i64>,
    grant_status: Option<String>,
}

const COLUMNS: &str = "id, document_id, document_title, access, status, received_at, key_id, \
     name_sealed, company_sealed, email_sealed, nda_version, nda_accepted_at, nda_address_sealed, \
     decided_at, decided_by, note_sealed, erased_at, retention_days, decided_by_rule, \
     (SELECT g.id FROM grants g WHERE g.request_id = document_requests.id) AS grant_id, \
     (SELECT g.reference FROM grants g WHERE g.request_id = document_requests.id) AS grant_reference, \
     (SELECT g.expires_at FROM grants g WHERE g.request_id = document_requests.id) AS grant_expires_at, \
     (SELECT CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked' WHEN g.expires_at <= unixepoch() \
             THEN 'expired' ELSE 'active' END FROM grants g WHERE g.request_id = document_requests.id) AS grant_status";

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
    /// The approval rule that decided it, when no member did.
    decided_by_rule: Option<String>,
    /// The grant its approval made.
    grant: Option<GrantBrief>,
    /// When the requester's personal data was erased (retention).
    erased_at: Option<String>,
}

/// The grant a request's approval made.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrantBrief {
    id: String,
    /// Printed on every copy.
    reference: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["active", "expired", "revoked"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: String,
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
            decided_by_rule: self.decided_by_rule.clone(),
            grant: match (
                &self.grant_id,
                &self.grant_reference,
                self.grant_expires_at,
                &self.grant_status,
            ) {
                (Some(id), Some(reference), Some(expires_at), Some(status)) => Some(GrantBrief {
                    id: id.clone(),
                    reference: reference.clone(),
                    status: status.clone(),
                    expires_at: attest_core::date::rfc3339(expires_at),
                }),
                _ => None,
            },
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
#[serde(deny_unknown_fields)]
pub struct Decision {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["approve", "deny"])))]
    decision: String,
    /// Sent to the requester, and kept sealed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    note: Option<String>,
    /// For an approval: how many days the grant lasts (1 to 90; 30 when not given).
    #[serde(default, deserialize_with = "approval::whole_number")]
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 90)))]
    days: Option<i64>,
}

/// `POST /v1/admin/orgs/{org}/document-requests/{id}/decision` in the OpenAPI document.
pub const DECIDE: Doc = Doc {
    id: "decideDocumentRequest",
    summary: "Approve or deny a document request; the requester is e-mailed (requests:write)",
    description: "An approval makes a grant for `days` (1 to 90, 30 by default): the requester is e-mailed the link to the page where they download copies stamped for them. A document must have its file uploaded before a request for it is approved.",
    answer: "The request after the decision, with its grant when approved.",
    errors: &[
        (400, "`decision`, `note` or `days` is invalid."),
        (404, "No such request."),
        (409, "The request was decided already, or the document has no file yet (upload it first)."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/document-requests/{id}/decision` with
/// `{ decision: "approve" | "deny", note?, days? }`; the requester is e-mailed either way.
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
    if to == DocumentRequestStatus::Denied && input.days.is_some() {
        return Err(ApiError::invalid("days", "is for an approval only"));
    }
    let days = approval::grant_days(input.days).map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = env.d1(DB)?;
    let row = load(&db, &org, id).await?;
    let from = DocumentRequestStatus::from_key(&row.status).ok_or_else(|| {
        ApiError::Internal(format!("unknown document request status {}", row.status))
    })?;
    from.check_decision(to)
        .map_err(|e| ApiError::Conflict(format!("decision {}", e.message())))?;
    if to == DocumentRequestStatus::Approved
        && files::current_file(&db, org.as_str(), &row.document_id)
            .await?
            .is_none()
    {
        return Err(ApiError::Conflict(format!(
            "\"{}\" has no file yet: upload it on the documents screen, then approve",
            row.document_title
        )));
    }
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
    // The grant, the e-mail and the entries only where this call made the decision.
    let only = Only::always().and(
        &format!(
            "EXISTS (SELECT 1 FROM document_requests WHERE id = ? AND status = ? AND decided_at = {now})"
        ),
        &[id, to.key()],
    );
    change.now_under(&only);
    let mut granted = None;
    let details = (
        row.open(&keys, "email", &row.email_sealed)?,
        row.open(&keys, "name", &row.name_sealed)?,
        row.open(&keys, "company", &row.company_sealed)?,
    );
    let org_name = outbox::org_name(env, org.as_str()).await;
    let title = &row.document_title;
    if let (Some(email), Some(name), Some(company)) = &details {
        let (subject, body) = match to {
            DocumentRequestStatus::Approved => {
                let grant = grants::grant(
                    &mut change,
                    &keys,
                    &only,
                    &ctx.base,
                    now,
                    &grants::Granting {
                        request_id: id,
                        document_id: &row.document_id,
                        document_title: title,
                        name,
                        company,
                        email,
                        days,
                        by: &actor,
                        rule: None,
                        retention_days: row.retention_days,
                    },
                )?;
                let mail = grants::approval_mail(&org_name, name, title, &grant, note, id);
                granted = Some(grant);
                mail
            }
            _ => {
                let mut body = format!(
                    "Hello {name},\n\n{org_name} reviewed your request for \"{title}\" and cannot share it."
                );
                if let Some(note) = note {
                    body.push_str(&format!("\n\n{note}"));
                }
                body.push_str(&format!("\n\nRequest reference: {id}\n"));
                (format!("Your request for \"{title}\""), body)
            }
        };
        change.mail(&Outgoing {
            org: org.as_str(),
            purpose: "decision",
            related_id: id,
            to: email,
            subject: &subject,
            body: &body,
        })?;
    } else if to == DocumentRequestStatus::Approved {
        return Err(ApiError::Conflict(format!(
            "request {id}'s requester details were erased (retention): it cannot be approved"
        )));
    }
    change.audit(audit::Change {
        actor: &actor,
        action: "document_request.decided",
        target: id,
        before: Some(json!({ "status": from.key() })),
        after: Some(json!({
            "status": to.key(),
            "withNote": note.is_some(),
            "grant": granted.as_ref().map(|g| g.id.as_str()),
        })),
    })?;
    change.commit().await?;
    let row = load(&db, &org, id).await?;
    Ok(Json(row.summary()))
}
