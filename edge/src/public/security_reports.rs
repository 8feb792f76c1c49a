//! Vulnerability reports from the trust center's report form: checked, proven, sealed,
//! acknowledged by the organisation's commitment.

use crate::shared::storage::guarded;
use attest_core::privacy::{self, SecurityReportForm};
use serde::Deserialize;
use serde_json::json;

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
#[cfg_attr(feature = "openapi", schemars(rename = "SecurityReportBody"))]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: SecurityReportForm,
    #[cfg_attr(feature = "openapi", schemars(required))]
    proof: Option<Proof>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(skip))]
    website: String,
}

/// `POST /v1/orgs/{org}/security-reports` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "fileSecurityReport",
    summary: "Report a vulnerability",
    description: "Same origin rules, proof of work, rate limit and idempotency as privacy requests. The report is encrypted at rest; the organisation's security contact is told it arrived.",
    answer: "Received.",
    errors: &[(400, "A field is invalid (`errors` names each), or the proof is missing, forged, expired, unsolved or already used (field `proof`).")],
    headers: &[("Idempotency-Key", "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`.")],
};

/// A vulnerability report received.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecurityReportAccepted {
    id: String,
    /// From the organisation's `vulnerabilityAcknowledgementHours`, or 72 hours.
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    acknowledge_by: String,
}

/// `POST /v1/orgs/{org}/security-reports`
pub async fn create(
    ctx: Ctx,
    submission: Submission<Body>,
) -> Result<Accepted<SecurityReportAccepted>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let now = submission.now;
    let acknowledge_by = privacy::report_acknowledge_by(
        now,
        submission
            .profile
            .commitments
            .vulnerability_acknowledgement_hours,
    );
    if !submission.body.website.is_empty() {
        let decoy = SecurityReportAccepted {
            id: format!("sr_{}", crypto::random_hex(12)),
            acknowledge_by: attest_core::date::rfc3339(acknowledge_by),
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
    let report = submission.body.form.check().map_err(ApiError::Invalid)?;
    let proof = submission.body.proof.as_ref().expect("checked above");
    forms::file(req, env, &submission, proof, |db, only| {
        file(db, &submission, report, now, acknowledge_by, only)
    })
    .await
}

/// The statements that store a checked report with its e-mails, its webhook event and
/// its audit entry, all written under `only`.
fn file(
    db: &worker::D1Database,
    submission: &Submission<Body>,
    report: privacy::NewSecurityReport,
    now: i64,
    acknowledge_by: i64,
    only: &Only,
) -> Result<Filing<SecurityReportAccepted>, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let id = format!("sr_{}", crypto::random_hex(12));
    let seal =
        |column: &str, text: &str| keys.seal(Column::new("security_reports", &id, column), text);
    let optional = |column: &str, text: Option<&str>| text.map(|t| seal(column, t)).transpose();
    let title = seal("title", report.title.as_str())?;
    let description = seal("description", report.description.as_str())?;
    let steps = optional("steps", report.steps.as_ref().map(|t| t.as_str()))?;
    let impact = optional("impact", report.impact.as_ref().map(|t| t.as_str()))?;
    let email = optional("email", report.email.as_ref().map(|t| t.as_str()))?;
    let credit = optional("credit", report.credit.as_ref().map(|t| t.as_str()))?;
    let mut change = Change::new(db, keys, org, now).under(only);
    change.run_all([guarded!(
        db,
        &only,
        "INSERT INTO security_reports (id, org, received_at, acknowledge_by, key_id, title_sealed,
                 description_sealed, steps_sealed, impact_sealed, email_sealed, credit_sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &id,
        org,
        now,
        acknowledge_by,
        keys.key_id(),
        &title,
        &description,
        &steps,
        &impact,
        &email,
        &credit
    )?]);
    let profile = &submission.profile;
    let org_name = profile.name.to_string();
    let by = attest_core::date::rfc3339(acknowledge_by);
    if let Some(email) = &report.email {
        let body = format!(
            "Hello,\n\nThank you for reporting a vulnerability to {org_name}. Your report \
             \"{title}\" arrived and will be acknowledged by {by}.\n\nReport reference: {id}\n",
            title = report.title
        );
        change.mail(&Outgoing {
            org,
            purpose: "acknowledgement",
            related_id: &id,
            to: email.as_str(),
            subject: &format!("{org_name} received your vulnerability report"),
            body: &body,
        })?;
    }
    // The team hears of it at its security address; the report itself stays sealed here.
    let team = profile
        .vulnerability_disclosure
        .as_ref()
        .and_then(|v| v.contact.as_ref())
        .or(profile
            .contacts
            .security
            .as_ref()
            .and_then(|c| c.email.as_ref()));
    if let Some(team) = team {
        let body = format!(
            "A vulnerability report arrived through the trust center. Acknowledge it by \
             {by}.\n\nRead it through the admin API: reference {id}.\n"
        );
        change.mail(&Outgoing {
            org,
            purpose: "notification",
            related_id: &id,
            to: team.as_str(),
            subject: "New vulnerability report",
            body: &body,
        })?;
    }
    change.event(
        "security_report.created",
        json!({ "id": id, "status": "new", "acknowledgeBy": by }),
    )?;
    change.audit(audit::Change {
        actor: "reporter",
        action: "security_report.created",
        target: &id,
        before: None,
        after: Some(json!({ "status": "new", "acknowledgeBy": by })),
    })?;
    Ok(Filing {
        statements: change.into_statements(),
        answer: SecurityReportAccepted {
            id,
            acknowledge_by: by,
        },
    })
}
