//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the team lists, reads and approves or denies; the requester hears either
//! way. Personal data is sealed, and erased once the organisation's retention period
//! after the decision is over (the record of the decision and of the NDA version stays).

use attest_core::documents::{DocumentRequestForm, NewDocumentRequest};
use attest_core::DocumentAccess;
use serde::Deserialize;
use serde_json::json;
use worker::query;

use crate::public::challenge::{self, Proof};
use crate::public::forms::{self, Filing, Submission};
use crate::router::{Accepted, Ctx, Doc};
use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Column};
use crate::shared::error::ApiError;
use crate::shared::outbox::Outgoing;
use crate::shared::storage::Only;

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequestBody"))]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: DocumentRequestForm,
    #[cfg_attr(feature = "openapi", schemars(required))]
    proof: Option<Proof>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(skip))]
    website: String,
}

fn context<'a>(id: &'a str, column: &'a str) -> Column<'a> {
    Column::new("document_requests", id, column)
}

/// `POST /v1/orgs/{org}/document-requests` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "requestDocument",
    summary: "Ask for a document sent on request (and accept the NDA for an `nda` one)",
    description: "The request, sealed, waits for the team's decision; the requester gets an acknowledgement, the team a notification, webhooks `document_request.created`. For an `nda` document the acceptance is recorded with the NDA version, the time and the client address. Same origin rules, proof of work, rate limit and idempotency as privacy requests.",
    answer: "Received.",
    errors: &[(400, "A field is invalid (`errors` names each), or the proof is missing, forged, expired, unsolved or already used (field `proof`)."), (403, "A browser sent it from a site the organisation does not list in `allowedOrigins`.")],
    headers: &[("Idempotency-Key", "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`.")],
};

/// A document request received: it waits for the team's decision.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DocumentRequestAccepted {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("const" = "pending")))]
    status: &'static str,
}

/// `POST /v1/orgs/{org}/document-requests`
pub async fn create(
    ctx: Ctx,
    submission: Submission<Body>,
) -> Result<Accepted<DocumentRequestAccepted>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    if !submission.body.website.is_empty() {
        let decoy = DocumentRequestAccepted {
            id: format!("dr_{}", crypto::random_hex(12)),
            status: "pending",
        };
        return forms::decoy(&submission, &decoy);
    }
    challenge::check(
        &submission.keys,
        env,
        &submission.org,
        submission.body.proof.as_ref(),
        submission.now,
    )?;
    let request = submission
        .body
        .form
        .check(&submission.profile)
        .map_err(ApiError::Invalid)?;
    let address = forms::client(req);
    let proof = submission.body.proof.as_ref().expect("checked above");
    forms::file(req, env, &submission, proof, |db, only| {
        file(db, &submission, request, &address, only)
    })
    .await
}

/// The statements that store a checked request with its e-mails, its webhook event and
/// its audit entry, all written under `only`.
fn file(
    db: &worker::D1Database,
    submission: &Submission<Body>,
    request: NewDocumentRequest,
    address: &str,
    only: &Only,
) -> Result<Filing<DocumentRequestAccepted>, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let profile = &submission.profile;
    let id = format!("dr_{}", crypto::random_hex(12));
    let now = submission.now;
    let seal = |column: &str, text: &str| keys.seal(context(&id, column), text);
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
    let mut change = Change::new(db, keys, org, now).under(only);
    change.run_all([query!(
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
    )?]);
    let org_name = profile.name.to_string();
    let accepted = nda
        .map(|v| format!(" You accepted our non-disclosure agreement (version {v})."))
        .unwrap_or_default();
    change.mail(&Outgoing {
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
    })?;
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
        change.mail(&Outgoing {
            org,
            purpose: "notification",
            related_id: &id,
            to: team.as_str(),
            subject: &format!("Document requested: {title}"),
            body: &format!(
                "Someone asked for \"{title}\" through the trust center. Approve or deny it \
                     through the admin API: reference {id}.\n"
            ),
        })?;
    }
    change.event("document_request.created", json!({ "id": id, "documentId": request.document.id.as_str(), "access": access, "ndaVersion": nda }))?;
    change.audit(audit::Change {
        actor: "requester",
        action: "document_request.created",
        target: &id,
        before: None,
        after: Some(json!({
            "status": "pending",
            "documentId": request.document.id.as_str(),
            "ndaVersion": nda,
        })),
    })?;
    Ok(Filing {
        statements: change.into_statements(),
        answer: DocumentRequestAccepted {
            id,
            status: "pending",
        },
    })
}
