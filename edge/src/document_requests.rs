//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the team lists, reads and approves or denies; the requester hears either
//! way. Personal data is sealed, and erased once the organisation's retention period
//! after the decision is over (the record of the decision and of the NDA version stays).

use attest_core::documents::{DocumentRequestForm, DocumentRequestStatus, NewDocumentRequest};
use attest_core::{DocumentAccess, Link, OrgSlug};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, D1Database, D1PreparedStatement, Env, Request, Response};

use crate::challenge::{self, Proof};
use crate::crypto::{self, Keys};
use crate::forms::{self, Filing, Submission};
use crate::outbox::{self, Outgoing};
use crate::storage::{self, Only, DB};
use crate::{admin, audit, http, ApiError};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: DocumentRequestForm,
    proof: Option<Proof>,
    #[serde(default)]
    website: String,
}

fn context(id: &str, column: &str) -> String {
    format!("document_requests:{id}:{column}")
}

/// `POST /v1/orgs/{org}/document-requests`
pub async fn create(req: &mut Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    let submission: Submission<Body> = forms::receive(req, env, org).await?;
    let origin = submission.origin.clone();
    if !submission.body.website.is_empty() {
        let decoy = json!({ "id": format!("dr_{}", crypto::random_hex(12)), "status": "pending" });
        return Ok(forms::with_origin(
            forms::json(202, &decoy)?,
            origin.as_deref(),
        ));
    }
    challenge::check(
        &submission.keys,
        env,
        &submission.org,
        submission.body.proof.as_ref(),
    )?;
    let request = submission
        .body
        .form
        .check(&submission.profile)
        .map_err(ApiError::Invalid)?;
    let address = forms::client(req);
    let proof = submission.body.proof.as_ref().expect("checked above");
    let response = forms::file(req, env, &submission, proof, |db, only| {
        file(db, &submission, request, &address, only)
    })
    .await?;
    Ok(forms::with_origin(response, origin.as_deref()))
}

/// The statements that store a checked request with its e-mails, its webhook event and
/// its audit entry, all written under `only`.
fn file(
    db: &worker::D1Database,
    submission: &Submission<Body>,
    request: NewDocumentRequest,
    address: &str,
    only: &Only,
) -> Result<Filing, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let profile = &submission.profile;
    let id = format!("dr_{}", crypto::random_hex(12));
    let now = http::now_unix_seconds();
    let seal = |column: &str, text: &str| keys.seal(&context(&id, column), text);
    let nda = request.nda_version.as_ref().map(|v| v.as_str());
    let access = match request.document.access {
        DocumentAccess::Nda => "nda",
        _ => "on_request",
    };
    let title = request.document.title.to_string();
    let name_sealed = seal("name", request.name.as_str())?;
    let company_sealed = seal("company", request.company.as_str())?;
    let email_sealed = seal("email", request.email.as_str())?;
    let address_sealed = nda.map(|_| seal("nda_address", address)).transpose()?;
    let mut statements = vec![query!(
        db,
        &only.insert(
            "INSERT INTO document_requests (id, org, document_id, document_title, access, received_at,
                 retention_days, key_id, name_sealed, company_sealed, email_sealed, nda_version,
                 nda_accepted_at, nda_address_sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ),
        &id,
        org,
        request.document.id.as_str(),
        &title,
        access,
        now,
        profile.privacy_requests.retention_days,
        keys.key_id(),
        &name_sealed,
        &company_sealed,
        &email_sealed,
        nda,
        nda.map(|_| now),
        &address_sealed
    )?];
    let org_name = profile.name.to_string();
    let accepted = nda
        .map(|v| format!(" You accepted our non-disclosure agreement (version {v})."))
        .unwrap_or_default();
    statements.push(outbox::enqueue_under(
        db,
        keys,
        &Outgoing {
            org,
            purpose: "acknowledgement",
            related_id: &id,
            to: request.email.as_str(),
            subject: &format!("{org_name} received your request for \"{title}\""),
            body: &format!(
                "Hello {name},\n\n{org_name} received your request for \"{title}\".{accepted} \
                 You will hear from us when it has been reviewed.\n\nRequest reference: {id}\n",
                name = request.name
            ),
        },
        only,
    )?);
    if let Some(team) = profile
        .contacts
        .security
        .as_ref()
        .and_then(|c| c.email.as_ref())
        .or(profile
            .contacts
            .privacy
            .as_ref()
            .and_then(|c| c.email.as_ref()))
    {
        statements.push(outbox::enqueue_under(
            db,
            keys,
            &Outgoing {
                org,
                purpose: "notification",
                related_id: &id,
                to: team.as_str(),
                subject: &format!("Document requested: {title}"),
                body: &format!(
                    "Someone asked for \"{title}\" through the trust center. Approve or deny it \
                     through the admin API: reference {id}.\n"
                ),
            },
            only,
        )?);
    }
    statements.push(crate::webhooks::enqueue(
        db,
        keys,
        org,
        "document_request.created",
        json!({ "id": id, "documentId": request.document.id.as_str(), "access": access, "ndaVersion": nda }),
        only,
    )?);
    statements.push(audit::journal(
        db,
        org,
        audit::Change {
            actor: "requester",
            action: "document_request.created",
            target: &id,
            before: None,
            after: Some(json!({
                "status": "pending",
                "documentId": request.document.id.as_str(),
                "ndaVersion": nda,
            })),
        },
        now,
        only,
    )?);
    Ok(Filing {
        statements,
        status: 202,
        answer: json!({ "id": id, "status": "pending" }),
    })
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
pub async fn list(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org)
        .await?
        .require("requests:read")?;
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
    forms::json(200, &json!({ "documentRequests": requests }))
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
pub async fn read(req: &Request, env: &Env, org: OrgSlug, id: &str) -> Result<Response, ApiError> {
    admin::authorise(req, env, &org)
        .await?
        .require("requests:read")?;
    let row = load(&env.d1(DB)?, &org, id).await?;
    forms::json(200, &row.detail(&Keys::from_env(env)?)?)
}

#[derive(Deserialize)]
struct Decision {
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
    req: &mut Request,
    env: &Env,
    org: OrgSlug,
    id: &str,
) -> Result<Response, ApiError> {
    let caller = admin::authorise(req, env, &org).await?;
    caller.require("requests:write")?;
    let input: Decision = http::json_body(req).await?;
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
    forms::json(200, &row.summary())
}

/// Erases the personal data of requests decided longer ago than their retention period
/// (the cron); the document, the decision and the NDA version and time stay.
pub fn erase_decided(db: &D1Database, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let due = "SELECT id FROM document_requests WHERE status <> 'pending' AND erased_at IS NULL
               AND decided_at + retention_days * 86400 <= ?1";
    Ok(vec![
        query!(
            db,
            &format!(
                "UPDATE outbox SET recipient_sealed = NULL, subject_sealed = NULL, body_sealed = NULL
                 WHERE related_id IN ({due})"
            ),
            now
        )?,
        query!(
            db,
            &format!(
                "UPDATE document_requests SET key_id = NULL, name_sealed = NULL, company_sealed = NULL,
                     email_sealed = NULL, nda_address_sealed = NULL, note_sealed = NULL, erased_at = ?1
                 WHERE id IN ({due})"
            ),
            now
        )?,
    ])
}
