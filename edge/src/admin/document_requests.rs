//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the team lists, reads and approves or denies; the requester hears either
//! way. Personal data is sealed, and erased once the organisation's retention period
//! after the decision is over (the record of the decision and of the NDA version stays).

use attest_core::documents::DocumentRequestStatus;
use attest_core::{Link, OrgSlug};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, D1Database, Response};

use crate::router::{Ctx, Id, Json};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::{self, DB};

fn context(id: &str, column: &str) -> String {
    format!("document_requests:{id}:{column}")
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

impl Row {
    fn summary(&self) -> Value {
        json!({
            "id": self.id,
            "documentId": self.document_id,
            "documentTitle": self.document_title,
            "access": self.access,
            "status": self.status,
            "receivedAt": attest_core::date::rfc3339(self.received_at),
            "nda": self.nda_version.as_ref().map(|v| json!({
                "version": v,
                "acceptedAt": self.nda_accepted_at.map(attest_core::date::rfc3339),
            })),
            "decidedAt": self.decided_at.map(attest_core::date::rfc3339),
            "decidedBy": self.decided_by,
            "erasedAt": self.erased_at.map(attest_core::date::rfc3339),
        })
    }

    fn open(
        &self,
        keys: &Keys,
        column: &str,
        sealed: &Option<String>,
    ) -> Result<Option<String>, ApiError> {
        match (&self.key_id, sealed) {
            (Some(key_id), Some(sealed)) => keys
                .open(key_id, &context(&self.id, column), sealed)
                .map(Some),
            _ => Ok(None),
        }
    }

    fn detail(&self, keys: &Keys) -> Result<Value, ApiError> {
        let mut value = self.summary();
        value["name"] = json!(self.open(keys, "name", &self.name_sealed)?);
        value["company"] = json!(self.open(keys, "company", &self.company_sealed)?);
        value["email"] = json!(self.open(keys, "email", &self.email_sealed)?);
        value["note"] = json!(self
            .note_sealed
            .as_deref()
            .and_then(|stored| stored.split_once('.'))
            .map(|(key_id, sealed)| keys.open(key_id, &context(&self.id, "note"), sealed))
            .transpose()?);
        if let Some(nda) = value["nda"].as_object_mut() {
            nda.insert(
                "acceptedFrom".into(),
                json!(self.open(keys, "nda_address", &self.nda_address_sealed)?),
            );
        }
        Ok(value)
    }
}

/// `GET /v1/admin/orgs/{org}/document-requests?status=`: oldest pending first.
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let status = http::query(req, "status")?;
    if status
        .as_deref()
        .is_some_and(|s| DocumentRequestStatus::from_key(s).is_none())
    {
        return Err(ApiError::invalid(
            "status",
            "must be pending, approved or denied",
        ));
    }
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM document_requests WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY status <> 'pending', received_at LIMIT 500"
        ),
        org.as_str(),
        status
    )?)
    .await?;
    let requests: Vec<Value> = rows.iter().map(Row::summary).collect();
    http::json(200, &json!({ "documentRequests": requests }))
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

/// `GET /v1/admin/orgs/{org}/document-requests/{id}`: with the requester's details.
pub async fn read(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(&env.d1(DB)?, &org, id).await?;
    http::json(200, &row.detail(&Keys::from_env(env)?)?)
}

#[derive(Deserialize)]
pub struct Decision {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: Option<String>,
    /// Where the approved requester gets the document (a share link with its own expiry).
    #[serde(default)]
    link: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/document-requests/{id}/decision` with
/// `{ decision: "approve" | "deny", note?, link? }`; the requester is e-mailed either way.
pub async fn decide(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<Decision>,
) -> Result<Response, ApiError> {
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
    let now = http::now_unix_seconds();
    let actor = caller.actor();
    // The note is sealed under today's key, which may not be the row's: it names its own.
    let note_sealed = note
        .map(|n| {
            Ok::<_, ApiError>(format!(
                "{}.{}",
                keys.key_id(),
                keys.seal(&context(id, "note"), n)?
            ))
        })
        .transpose()?;
    let mut statements = vec![query!(
        &db,
        "UPDATE document_requests SET status = ?3, decided_at = ?4, decided_by = ?5, note_sealed = ?6
         WHERE id = ?1 AND status = ?2",
        id,
        from.key(),
        to.key(),
        now,
        &actor,
        &note_sealed
    )?];
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
        statements.push(outbox::enqueue(
            &db,
            &keys,
            &Outgoing {
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
            },
        )?);
    }
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor: &actor,
            action: "document_request.decided",
            target: id,
            before: Some(json!({ "status": from.key() })),
            after: Some(json!({ "status": to.key(), "withNote": note.is_some(), "withLink": link.is_some() })),
        },
        statements,
    )
    .await?;
    let row = load(&db, &org, id).await?;
    http::json(200, &row.summary())
}
