//! The security team's side of vulnerability reports: listed by acknowledgement
//! deadline, read with their contents opened, moved `new → triaged → resolved` (or closed
//! as duplicate or invalid, with a note), every step audited and told to the reporter.

use attest_core::privacy::ReportStatus;
use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, Env, Response};

use crate::router::{Ctx, Id, Json};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::storage::{self, DB};

#[derive(Deserialize)]
struct Row {
    id: String,
    status: String,
    received_at: i64,
    acknowledge_by: i64,
    key_id: String,
    title_sealed: String,
    description_sealed: String,
    steps_sealed: Option<String>,
    impact_sealed: Option<String>,
    email_sealed: Option<String>,
    credit_sealed: Option<String>,
}

const COLUMNS: &str =
    "id, status, received_at, acknowledge_by, key_id, title_sealed, description_sealed, \
                       steps_sealed, impact_sealed, email_sealed, credit_sealed";

impl Row {
    fn summary(&self) -> Value {
        let waiting = self.status == ReportStatus::New.key();
        json!({
            "id": self.id,
            "status": self.status,
            "receivedAt": attest_core::date::rfc3339(self.received_at),
            "acknowledgeBy": attest_core::date::rfc3339(self.acknowledge_by),
            "acknowledgementOverdue": waiting && self.acknowledge_by < http::now_unix_seconds(),
        })
    }

    fn open(
        &self,
        keys: &Keys,
        column: &str,
        sealed: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        sealed
            .map(|s| {
                keys.open(
                    &self.key_id,
                    &format!("security_reports:{}:{column}", self.id),
                    s,
                )
            })
            .transpose()
    }

    fn detail(&self, keys: &Keys) -> Result<Value, ApiError> {
        let mut value = self.summary();
        value["title"] = json!(self.open(keys, "title", Some(&self.title_sealed))?);
        value["description"] =
            json!(self.open(keys, "description", Some(&self.description_sealed))?);
        value["steps"] = json!(self.open(keys, "steps", self.steps_sealed.as_deref())?);
        value["impact"] = json!(self.open(keys, "impact", self.impact_sealed.as_deref())?);
        value["email"] = json!(self.open(keys, "email", self.email_sealed.as_deref())?);
        value["credit"] = json!(self.open(keys, "credit", self.credit_sealed.as_deref())?);
        Ok(value)
    }
}

/// `GET /v1/admin/orgs/{org}/security-reports?status=`
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let status = http::query(req, "status")?;
    if status
        .as_deref()
        .is_some_and(|s| ReportStatus::from_key(s).is_none())
    {
        return Err(ApiError::invalid("status", "is not a report status"));
    }
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM security_reports WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY acknowledge_by, received_at LIMIT 500"
        ),
        org.as_str(),
        status
    )?)
    .await?;
    let reports: Vec<Value> = rows.iter().map(Row::summary).collect();
    http::json(200, &json!({ "reports": reports }))
}

async fn load(env: &Env, org: &OrgSlug, id: &str) -> Result<Row, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM security_reports WHERE org = ?1 AND id = ?2"),
        org.as_str(),
        id
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no security report {id}")))
}

/// `GET /v1/admin/orgs/{org}/security-reports/{id}`
pub async fn read(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    http::json(200, &row.detail(&Keys::from_env(env)?)?)
}

#[derive(Deserialize)]
pub struct TransitionBody {
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/security-reports/{id}/transition` with `{ to, note }`.
pub async fn transition(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<TransitionBody>,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    let from = ReportStatus::from_key(&row.status)
        .ok_or_else(|| ApiError::Internal(format!("unknown report status {}", row.status)))?;
    let to = ReportStatus::from_key(input.to.trim())
        .ok_or_else(|| ApiError::invalid("to", "is not a report status"))?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    from.check_transition(to, note)
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let keys = Keys::from_env(env)?;
    let db = env.d1(DB)?;
    let actor = caller.actor();
    let mut statements = vec![query!(
        &db,
        "UPDATE security_reports SET status = ?3 WHERE id = ?1 AND status = ?2",
        id,
        from.key(),
        to.key()
    )?];
    if let Some(email) = row.open(&keys, "email", row.email_sealed.as_deref())? {
        let org_name = outbox::org_name(env, org.as_str()).await;
        let news = match to {
            ReportStatus::Triaged => "We confirmed it and are working on it.".to_owned(),
            ReportStatus::Resolved => "It is resolved. Thank you for reporting it.".to_owned(),
            ReportStatus::Duplicate => {
                format!("It was reported before: {}", note.unwrap_or_default())
            }
            ReportStatus::Invalid => format!(
                "We do not consider it a vulnerability: {}",
                note.unwrap_or_default()
            ),
            ReportStatus::New => String::new(),
        };
        statements.push(outbox::enqueue(
            &db,
            &keys,
            &Outgoing {
                org: org.as_str(),
                purpose: "status",
                related_id: id,
                to: &email,
                subject: &format!("Update on your vulnerability report to {org_name}"),
                body: &format!("Hello,\n\n{news}\n\nReport reference: {id}\n"),
            },
        )?);
    }
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor: &actor,
            action: "security_report.status_changed",
            target: id,
            before: Some(json!({ "status": from.key() })),
            after: Some(json!({ "status": to.key(), "withNote": note.is_some() })),
        },
        statements,
    )
    .await?;
    let row = load(env, &org, id).await?;
    http::json(200, &row.detail(&keys)?)
}
