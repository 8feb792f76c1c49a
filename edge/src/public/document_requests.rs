//! Documents sent on request: a visitor asks with the widget's form (and, for an `nda`
//! document, accepts the organisation's NDA: the version, the time and the address are
//! recorded); the organisation's approval rules decide at once where one speaks (a grant
//! and its link by e-mail, or a refusal), else the team approves or denies; the requester
//! hears either way, and can ask where their request stands with the token it was
//! answered with. Personal data is sealed, and erased once the organisation's retention
//! period after the decision is over (the record of the decision and of the NDA version
//! stays).

use crate::shared::storage::guarded;
use attest_core::approval::{ApprovalRules, Decided, RuleDecision, NDA_REMEMBERED_SECONDS};
use attest_core::documents::{DocumentRequestForm, NewDocumentRequest};
use attest_core::DocumentAccess;
use serde::Deserialize;
use serde_json::json;
use worker::query;

use crate::public::challenge::{self, Proof};
use crate::public::forms::{self, Filing, Submission};
use crate::public::pages::LinkToken;
use crate::router::{Accepted, Ctx, Doc, Id, Json, Query};
use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::grants::{self, RulesRow};
use crate::shared::outbox::Outgoing;
use crate::shared::storage::{self, Only, DB};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DocumentRequestBody"))]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: DocumentRequestForm,
    /// For an `nda` document, instead of `ndaAccepted`: the `ndaPass` an earlier request
    /// from this address was answered with. Where the organisation remembers NDAs, one
    /// accepted within the last 12 months (the version still in force) is not asked for
    /// again.
    #[serde(default)]
    nda_pass: Option<String>,
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
    description: "The request, sealed, is decided at once where the organisation's approval rules speak for the requester's e-mail domain (`approved`: a grant, and its link by e-mail; `denied`, e.g. a free-mail address), else it waits for the team (`pending`). The requester gets an e-mail either way, the team a notification, webhooks `document_request.created`. A document without its file yet is never approved automatically (`available: false`; the team is told). For an `nda` document the acceptance is recorded with the NDA version, the time and the client address, and answered with an `ndaPass` that stands for it for 12 months. Same origin rules, proof of work, rate limit and idempotency as privacy requests.",
    answer: "Received, with how it was decided and the token to ask where it stands.",
    errors: &[(400, "A field is invalid (`errors` names each), or the proof is missing, forged, expired, unsolved or already used (field `proof`), or the `ndaPass` is not one (field `ndaPass`)."), (403, "A browser sent it from a site the organisation does not list in `allowedOrigins`.")],
    headers: &[("Idempotency-Key", "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`.")],
};

/// A document request received, and how it stands.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DocumentRequestAccepted {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["pending", "approved", "denied"])))]
    status: &'static str,
    /// The document has its file: `false` means the team was told to upload it, and the
    /// request waits for them.
    available: bool,
    /// Asks `GET /v1/document-requests/{id}` where the request stands.
    status_token: String,
    /// For an `nda` document: stands for this NDA acceptance for 12 months (send it as
    /// `ndaPass` with the next request).
    #[serde(skip_serializing_if = "Option::is_none")]
    nda_pass: Option<String>,
}

/// The rules, whether the document has its file: what the form needs besides the profile.
#[derive(Deserialize)]
struct Standing {
    domains: Option<String>,
    refuse_free_mail: Option<i64>,
    remember_nda: Option<i64>,
    grant_days: Option<i64>,
    file_version: Option<i64>,
}

impl Standing {
    fn rules(&self) -> Result<ApprovalRules, ApiError> {
        match (
            &self.domains,
            self.refuse_free_mail,
            self.remember_nda,
            self.grant_days,
        ) {
            (Some(domains), Some(refuse_free_mail), Some(remember_nda), Some(grant_days)) => {
                RulesRow::from_parts(domains, refuse_free_mail, remember_nda, grant_days).rules()
            }
            _ => Ok(ApprovalRules::default()),
        }
    }
}

/// The NDA pass for an acceptance: the time, and a MAC over the organisation, the address
/// and the version.
fn nda_pass(keys: &Keys, org: &str, email: &str, version: &str, accepted_at: i64) -> String {
    let mac = keys.mac(
        "nda-pass",
        &format!(
            "{org}|{}|{version}|{accepted_at}",
            email.trim().to_lowercase()
        ),
    );
    format!("np_{accepted_at}_{}", &mac[..32])
}

/// When the pass says the NDA `version` was accepted by `email`, if it is true and recent.
fn remembered(
    keys: &Keys,
    org: &str,
    email: &str,
    version: &str,
    pass: &str,
    now: i64,
) -> Option<i64> {
    let at: i64 = pass.strip_prefix("np_")?.split('_').next()?.parse().ok()?;
    (crypto::same(&nda_pass(keys, org, email, version, at), pass)
        && at <= now
        && now - at < NDA_REMEMBERED_SECONDS)
        .then_some(at)
}

/// The status token of a request: a MAC of its id, nothing stored.
fn status_token(keys: &Keys, id: &str) -> String {
    format!("dt_{}", &keys.mac("document-request-status", id)[..40])
}

/// `POST /v1/orgs/{org}/document-requests`
pub async fn create(
    ctx: Ctx,
    mut submission: Submission<Body>,
) -> Result<Accepted<DocumentRequestAccepted>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    if !submission.body.website.is_empty() {
        let id = format!("dr_{}", crypto::random_hex(12));
        let decoy = DocumentRequestAccepted {
            status_token: status_token(&submission.keys, &id),
            id,
            status: "pending",
            available: true,
            nda_pass: None,
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
    let org = submission.org.as_str().to_owned();
    let db = env.d1(DB)?;
    let standing: Standing = storage::first(query!(
        &db,
        "SELECT r.domains, r.refuse_free_mail, r.remember_nda, r.grant_days,
                (SELECT MAX(version) FROM document_files WHERE org = ?1 AND document_id = ?2) AS file_version
         FROM (SELECT 1) LEFT JOIN approval_rules r ON r.org = ?1",
        &org,
        submission.body.form.document_id.trim()
    )?)
    .await?
    .ok_or_else(|| ApiError::Internal("a SELECT without a row".into()))?;
    let rules = standing.rules()?;
    // An NDA accepted before stands in for the click-through, where the rules allow.
    let mut nda_from = None;
    if let Some(pass) = submission
        .body
        .nda_pass
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        if !submission.body.form.nda_accepted {
            let form = &submission.body.form;
            match remembered(&submission.keys, &org, &form.email, form.nda_version.trim(), pass, submission.now) {
                Some(at) if rules.remember_nda => nda_from = Some(at),
                Some(_) => {
                    return Err(ApiError::invalid(
                        "ndaAccepted",
                        "must be given: this organisation asks for the NDA with every request",
                    ))
                }
                None => {
                    return Err(ApiError::invalid(
                        "ndaPass",
                        "is not a pass for this address and NDA version, or it is over 12 months old: accept the NDA again",
                    ))
                }
            }
            submission.body.form.nda_accepted = true;
        }
    }
    let request = submission
        .body
        .form
        .check(&submission.profile)
        .map_err(ApiError::Invalid)?;
    let available = standing.file_version.is_some();
    let decided = available
        .then(|| rules.decide(request.email.as_str()))
        .flatten()
        .filter(|d| d.decision != RuleDecision::Review);
    let address = forms::client(req);
    let proof = submission.body.proof.as_ref().expect("checked above");
    let base = ctx.base.clone();
    forms::file(req, env, &submission, proof, |db, only| {
        file(
            db,
            &submission,
            request,
            &Filed {
                address: &address,
                available,
                decided: decided.as_ref(),
                grant_days: rules.grant_days,
                nda_from,
                base: &base,
            },
            only,
        )
    })
    .await
}

/// What was found out about a request before it is filed.
struct Filed<'a> {
    address: &'a str,
    available: bool,
    decided: Option<&'a Decided>,
    grant_days: u32,
    /// When the NDA the pass stands for was accepted.
    nda_from: Option<i64>,
    base: &'a str,
}

/// The statements that store a checked request with its e-mails, its webhook event and
/// its audit entry (and, where a rule decided, its decision and grant), all written under
/// `only`.
fn file(
    db: &worker::D1Database,
    submission: &Submission<Body>,
    request: NewDocumentRequest,
    filed: &Filed<'_>,
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
    let status = match filed.decided.map(|d| d.decision) {
        Some(RuleDecision::Approve) => "approved",
        Some(RuleDecision::Deny) => "denied",
        _ => "pending",
    };
    let rule = filed.decided.map(|d| d.rule.as_str());
    let nda_accepted_at = nda.map(|_| filed.nda_from.unwrap_or(now));
    let title = request.document.title.to_string();
    let name_sealed = seal("name", request.name.as_str())?;
    let company_sealed = seal("company", request.company.as_str())?;
    let email_sealed = seal("email", request.email.as_str())?;
    let address_sealed = nda
        .map(|_| seal("nda_address", filed.address))
        .transpose()?;
    let mut change = Change::new(db, keys, org, now).under(only);
    change.run_all([guarded!(
            db,
            &only,
            "INSERT INTO document_requests (id, org, document_id, document_title, access, received_at,
                 retention_days, key_id, name_sealed, company_sealed, email_sealed, nda_version,
                 nda_accepted_at, nda_address_sealed, status, decided_at, decided_by, decided_by_rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
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
        nda_accepted_at,
        &address_sealed,
        status,
        rule.map(|_| now),
        rule.map(|_| "rule"),
        rule
    )?]);
    let org_name = profile.name.to_string();
    let name = request.name.to_string();
    let accepted = match (nda, filed.nda_from) {
        (Some(v), Some(_)) => format!(" Your acceptance of our non-disclosure agreement (version {v}) within the last 12 months stands for it."),
        (Some(v), None) => format!(" You accepted our non-disclosure agreement (version {v})."),
        _ => String::new(),
    };
    let mut granted = None;
    let (subject, body) = match filed.decided.map(|d| d.decision) {
        Some(RuleDecision::Approve) => {
            let grant = grants::grant(
                &mut change,
                keys,
                only,
                filed.base,
                now,
                &grants::Granting {
                    request_id: &id,
                    document_id: request.document.id.as_str(),
                    document_title: &title,
                    name: request.name.as_str(),
                    company: request.company.as_str(),
                    email: request.email.as_str(),
                    days: filed.grant_days,
                    by: "rule",
                    rule,
                    retention_days: profile.privacy_requests.retention_days as i64,
                },
            )?;
            let mail = grants::approval_mail(&org_name, &name, &title, &grant, None, &id);
            granted = Some(grant);
            mail
        }
        Some(_) => {
            let why = if rule == Some("free-mail domains refused") {
                " It is shared with people asking from their organisation's own e-mail address: please ask again from your work address."
            } else {
                ""
            };
            (
                format!("Your request for \"{title}\""),
                format!(
                    "Hello {name},\n\n{org_name} cannot share \"{title}\" in answer to this request.{why}\n\nRequest reference: {id}\n"
                ),
            )
        }
        None => {
            let waiting = if filed.available {
                " You will hear from us when it has been reviewed."
            } else {
                " The document is not available yet: the team has been told, and you will hear from us when it is."
            };
            (
                format!("{org_name} received your request for \"{title}\""),
                format!(
                    "Hello {name},\n\n{org_name} received your request for \"{title}\".{accepted}{waiting}\n\nRequest reference: {id}\n"
                ),
            )
        }
    };
    change.mail(&Outgoing {
        org,
        purpose: match status {
            "pending" => "acknowledgement",
            _ => "decision",
        },
        related_id: &id,
        to: request.email.as_str(),
        subject: &subject,
        body: &body,
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
        let (subject, text) = match (status, filed.available) {
            ("pending", true) => (
                format!("Document requested: {title}"),
                format!("Someone asked for \"{title}\" through the trust center. Approve or deny it in the console's document requests: reference {id}.\n"),
            ),
            ("pending", false) => (
                format!("Document requested, but it has no file: {title}"),
                format!("Someone asked for \"{title}\" through the trust center, and the document has no file yet. Upload it on the console's documents screen, then approve or deny the request: reference {id}.\n"),
            ),
            _ => (
                format!("Document request {status} by a rule: {title}"),
                format!("A request for \"{title}\" was {status} at once by the approval rule \"{}\". Reference {id}.\n", rule.unwrap_or_default()),
            ),
        };
        change.mail(&Outgoing {
            org,
            purpose: "notification",
            related_id: &id,
            to: team.as_str(),
            subject: &subject,
            body: &text,
        })?;
    }
    change.event("document_request.created", json!({ "id": id, "documentId": request.document.id.as_str(), "access": access, "ndaVersion": nda, "status": status }))?;
    change.audit(audit::Change {
        actor: "requester",
        action: "document_request.created",
        target: &id,
        before: None,
        after: Some(json!({
            "status": "pending",
            "documentId": request.document.id.as_str(),
            "ndaVersion": nda,
            "ndaRemembered": filed.nda_from.is_some(),
            "available": filed.available,
        })),
    })?;
    if let Some(decided) = filed.decided {
        change.audit(audit::Change {
            actor: "rule",
            action: "document_request.decided",
            target: &id,
            before: Some(json!({ "status": "pending" })),
            after: Some(json!({
                "status": status,
                "rule": decided.rule,
                "grant": granted.as_ref().map(|g| g.id.as_str()),
            })),
        })?;
    }
    let nda_pass = nda.map(|v| {
        nda_pass(
            keys,
            org,
            request.email.as_str(),
            v,
            nda_accepted_at.unwrap_or(now),
        )
    });
    Ok(Filing {
        statements: change.into_statements(),
        answer: DocumentRequestAccepted {
            status_token: status_token(keys, &id),
            id,
            status,
            available: filed.available,
            nda_pass,
        },
    })
}

/// Where a request stands, for its requester.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestStanding {
    id: String,
    document_id: String,
    document_title: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["pending", "approved", "denied"])))]
    status: String,
    /// For an approved request: whether its link still works, and until when.
    grant: Option<GrantStanding>,
}

/// A grant as its viewer may see it (the link itself is in their e-mail only).
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrantStanding {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["active", "expired", "revoked"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: String,
}

/// `GET /v1/document-requests/{id}` in the OpenAPI document.
pub const STATUS: Doc = Doc {
    id: "documentRequestStatus",
    summary: "Where a document request stands, for its requester (by its status token)",
    description: "The widget asks this when its visitor comes back: pending, approved (with the grant's state and end; the download link is only ever in the requester's e-mail) or denied. No personal data.",
    answer: "The request's state.",
    errors: &[(404, "No such request, or the token is not its own.")],
    headers: &[],
};

/// `GET /v1/document-requests/{id}?token=`
pub async fn status(
    ctx: Ctx,
    Id(id): Id,
    Query(link): Query<LinkToken>,
) -> Result<Json<RequestStanding>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        document_id: String,
        document_title: String,
        status: String,
        expires_at: Option<i64>,
        revoked_at: Option<i64>,
    }
    let keys = Keys::from_env(&ctx.env)?;
    let unknown = || ApiError::NotFound(format!("no document request {id} for this token"));
    let token = link.given().ok_or_else(unknown)?;
    if !crypto::same(&status_token(&keys, &id), &token) {
        return Err(unknown());
    }
    let db = ctx.env.d1(DB)?;
    let row: Row = storage::first(query!(
        &db,
        "SELECT r.id, r.document_id, r.document_title, r.status, g.expires_at, g.revoked_at
         FROM document_requests r LEFT JOIN grants g ON g.request_id = r.id WHERE r.id = ?1",
        &id
    )?)
    .await?
    .ok_or_else(unknown)?;
    let grant = row.expires_at.map(|expires_at| GrantStanding {
        status: if row.revoked_at.is_some() {
            "revoked"
        } else if expires_at <= ctx.now {
            "expired"
        } else {
            "active"
        }
        .to_owned(),
        expires_at: attest_core::date::rfc3339(expires_at),
    });
    Ok(Json(RequestStanding {
        id: row.id,
        document_id: row.document_id,
        document_title: row.document_title,
        status: row.status,
        grant,
    }))
}
