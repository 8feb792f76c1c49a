//! Vulnerability reports from the trust center's report form: checked, proven, sealed,
//! acknowledged by the organisation's commitment.

use attest_core::privacy::{self, SecurityReportForm};
use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::json;
use worker::{query, Response};

use crate::public::challenge::{self, Proof};
use crate::public::forms::{self, Filing, Submission};
use crate::router::Ctx;
use crate::shared::audit;
use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::Only;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    form: SecurityReportForm,
    proof: Option<Proof>,
    #[serde(default)]
    website: String,
}

/// `POST /v1/orgs/{org}/security-reports`
pub async fn create(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let mut ctx = ctx;
    let env = &ctx.env.clone();
    let req = &mut ctx.req;
    let submission: Submission<Body> = forms::receive(req, env, org).await?;
    let origin = submission.origin.clone();
    let now = http::now_unix_seconds();
    let acknowledge_by = privacy::report_acknowledge_by(
        now,
        submission
            .profile
            .commitments
            .vulnerability_acknowledgement_hours,
    );
    if !submission.body.website.is_empty() {
        let decoy = json!({
            "id": format!("sr_{}", crypto::random_hex(12)),
            "acknowledgeBy": attest_core::date::rfc3339(acknowledge_by),
        });
        return Ok(http::with_origin(
            http::json(202, &decoy)?,
            origin.as_deref(),
        ));
    }
    challenge::check(
        &submission.keys,
        env,
        &submission.org,
        submission.body.proof.as_ref(),
    )?;
    let report = submission.body.form.check().map_err(ApiError::Invalid)?;
    let proof = submission.body.proof.as_ref().expect("checked above");
    let response = forms::file(req, env, &submission, proof, |db, only| {
        file(db, &submission, report, now, acknowledge_by, only)
    })
    .await?;
    Ok(http::with_origin(response, origin.as_deref()))
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
) -> Result<Filing, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let id = format!("sr_{}", crypto::random_hex(12));
    let seal =
        |column: &str, text: &str| keys.seal(&format!("security_reports:{id}:{column}"), text);
    let optional = |column: &str, text: Option<&str>| text.map(|t| seal(column, t)).transpose();
    let title = seal("title", report.title.as_str())?;
    let description = seal("description", report.description.as_str())?;
    let steps = optional("steps", report.steps.as_ref().map(|t| t.as_str()))?;
    let impact = optional("impact", report.impact.as_ref().map(|t| t.as_str()))?;
    let email = optional("email", report.email.as_ref().map(|t| t.as_str()))?;
    let credit = optional("credit", report.credit.as_ref().map(|t| t.as_str()))?;
    let mut statements = vec![query!(
        db,
        &only.insert(
            "INSERT INTO security_reports (id, org, received_at, acknowledge_by, key_id, title_sealed,
                 description_sealed, steps_sealed, impact_sealed, email_sealed, credit_sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ),
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
    )?];
    let profile = &submission.profile;
    let org_name = profile.name.to_string();
    let by = attest_core::date::rfc3339(acknowledge_by);
    if let Some(email) = &report.email {
        let body = format!(
            "Hello,\n\nThank you for reporting a vulnerability to {org_name}. Your report \
             \"{title}\" arrived and will be acknowledged by {by}.\n\nReport reference: {id}\n",
            title = report.title
        );
        statements.push(outbox::enqueue_under(
            db,
            keys,
            &Outgoing {
                org,
                purpose: "acknowledgement",
                related_id: &id,
                to: email.as_str(),
                subject: &format!("{org_name} received your vulnerability report"),
                body: &body,
            },
            only,
        )?);
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
        statements.push(outbox::enqueue_under(
            db,
            keys,
            &Outgoing {
                org,
                purpose: "notification",
                related_id: &id,
                to: team.as_str(),
                subject: "New vulnerability report",
                body: &body,
            },
            only,
        )?);
    }
    statements.push(crate::shared::outbox::webhook_event(
        db,
        keys,
        org,
        "security_report.created",
        json!({ "id": id, "status": "new", "acknowledgeBy": by }),
        only,
    )?);
    statements.push(audit::journal(
        db,
        org,
        audit::Change {
            actor: "reporter",
            action: "security_report.created",
            target: &id,
            before: None,
            after: Some(json!({ "status": "new", "acknowledgeBy": by })),
        },
        now,
        only,
    )?);
    Ok(Filing {
        statements,
        status: 202,
        answer: json!({ "id": id, "acknowledgeBy": by }),
    })
}
