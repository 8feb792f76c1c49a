//! The security team's side of vulnerability reports: listed by acknowledgement
//! deadline, read with their contents opened, moved `new → triaged → resolved` (or closed
//! as duplicate or invalid, with a note), every step audited and told to the reporter.

use attest_core::privacy::ReportStatus;
use attest_core::OrgSlug;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, Env};

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

/// A vulnerability report without its content.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SecurityReportSummary"))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["new", "triaged", "resolved", "duplicate", "invalid"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    received_at: String,
    /// When the organisation promised to acknowledge it.
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    acknowledge_by: String,
    /// Still `new` after `acknowledgeBy`.
    acknowledgement_overdue: bool,
}

/// A vulnerability report in full, opened.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SecurityReportDetail"))]
pub struct Detail {
    #[serde(flatten)]
    summary: Summary,
    title: Option<String>,
    description: Option<String>,
    steps: Option<String>,
    impact: Option<String>,
    /// Where to answer the reporter, if they said.
    email: Option<String>,
    /// The name to credit in the hall of fame.
    credit: Option<String>,
}

/// The organisation's reports, soonest acknowledgement first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SecurityReports"))]
#[serde(rename_all = "camelCase")]
pub struct Reports {
    reports: Vec<Summary>,
    /// The `offset` of the next page; `null` on the last.
    next_offset: Option<i64>,
}

/// Which reports: by status.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["new", "triaged", "resolved", "duplicate", "invalid"])))]
    status: Option<String>,
}

/// Which reports, a page at a time.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListFilter {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["new", "triaged", "resolved", "duplicate", "invalid"])))]
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
    fn summary(&self, now: i64) -> Summary {
        let waiting = self.status == ReportStatus::New.key();
        Summary {
            id: self.id.clone(),
            status: self.status.clone(),
            received_at: attest_core::date::rfc3339(self.received_at),
            acknowledge_by: attest_core::date::rfc3339(self.acknowledge_by),
            acknowledgement_overdue: waiting && self.acknowledge_by < now,
        }
    }

    fn open(
        &self,
        keys: &Keys,
        column: &str,
        sealed: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        keys.open_kept(
            Some(&self.key_id),
            Column::new("security_reports", &self.id, column),
            sealed,
        )
    }

    fn detail(&self, keys: &Keys, now: i64) -> Result<Json<Detail>, ApiError> {
        Ok(Json(Detail {
            summary: self.summary(now),
            title: self.open(keys, "title", Some(&self.title_sealed))?,
            description: self.open(keys, "description", Some(&self.description_sealed))?,
            steps: self.open(keys, "steps", self.steps_sealed.as_deref())?,
            impact: self.open(keys, "impact", self.impact_sealed.as_deref())?,
            email: self.open(keys, "email", self.email_sealed.as_deref())?,
            credit: self.open(keys, "credit", self.credit_sealed.as_deref())?,
        }))
    }
}

/// `GET /v1/admin/orgs/{org}/security-reports` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listSecurityReports",
    summary: "Vulnerability reports by acknowledgement deadline, paged (requests:read)",
    description: "",
    answer: "A page of reports, without their contents; `nextOffset` continues it.",
    errors: &[(
        400,
        "Not a report status, or a `limit` or `offset` out of range.",
    )],
    headers: &[],
};

/// A list's `status` filter: a report status, when given.
fn check_status(status: Option<&str>) -> Result<(), ApiError> {
    match status {
        Some(s) if ReportStatus::from_key(s).is_none() => {
            Err(ApiError::invalid("status", "is not a report status"))
        }
        _ => Ok(()),
    }
}

/// `GET /v1/admin/orgs/{org}/security-reports?status=&limit=&offset=`
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(ListFilter {
        status,
        limit,
        offset,
    }): Query<ListFilter>,
) -> Result<Json<Reports>, ApiError> {
    let env = &ctx.env;
    check_status(status.as_deref())?;
    let (limit, offset) = http::page_window(limit.as_deref(), offset.as_deref(), 100, 200)?;
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM security_reports WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY acknowledge_by, received_at, id LIMIT ?3 OFFSET ?4"
        ),
        org.as_str(),
        status,
        limit + 1,
        offset
    )?)
    .await?;
    let more = rows.len() as i64 > limit;
    let reports = rows
        .iter()
        .take(limit as usize)
        .map(|row| row.summary(ctx.now))
        .collect();
    Ok(Json(Reports {
        reports,
        next_offset: more.then_some(offset + limit),
    }))
}

/// `GET /v1/admin/orgs/{org}/security-reports.csv` in the OpenAPI document.
pub const EXPORT: Doc = Doc {
    id: "exportSecurityReports",
    summary: "Vulnerability reports as CSV, without their contents (requests:read)",
    description: "Every report (or those with `status`), by acknowledgement deadline: when it came, when it was to be and was acknowledged, and where it stands. Titles, descriptions and reporters stay sealed in the edge.",
    answer: "RFC 4180 CSV with a header row: id, status, received_at, acknowledge_by, acknowledged_at, acknowledged_in_time, acknowledgement_overdue.",
    errors: &[(400, "Not a report status.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/security-reports.csv?status=`
pub async fn export(
    ctx: Ctx,
    org: OrgSlug,
    Query(Filter { status }): Query<Filter>,
) -> Result<Page<Csv>, ApiError> {
    #[derive(Deserialize)]
    struct Line {
        id: String,
        status: String,
        received_at: i64,
        acknowledge_by: i64,
        acknowledged_at: Option<i64>,
    }
    check_status(status.as_deref())?;
    let db = ctx.env.d1(DB)?;
    let lines: Vec<Line> = storage::all(query!(
        &db,
        "SELECT id, status, received_at, acknowledge_by, acknowledged_at FROM security_reports
         WHERE org = ?1 AND (?2 IS NULL OR status = ?2) ORDER BY acknowledge_by, received_at, id",
        org.as_str(),
        status
    )?)
    .await?;
    let time = attest_core::date::rfc3339;
    export::csv(
        org.as_str(),
        "security-reports",
        &[
            "id",
            "status",
            "received_at",
            "acknowledge_by",
            "acknowledged_at",
            "acknowledged_in_time",
            "acknowledgement_overdue",
        ],
        lines.into_iter().map(|l| {
            let waiting = l.status == ReportStatus::New.key();
            vec![
                l.id,
                l.status,
                time(l.received_at),
                time(l.acknowledge_by),
                l.acknowledged_at.map(time).unwrap_or_default(),
                l.acknowledged_at
                    .map(|at| export::yes_no(at <= l.acknowledge_by))
                    .unwrap_or_default(),
                export::yes_no(waiting && l.acknowledge_by < ctx.now),
            ]
        }),
    )
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

/// `GET /v1/admin/orgs/{org}/security-reports/{id}` in the OpenAPI document.
pub const READ: Doc = Doc {
    id: "readSecurityReport",
    summary: "One report with its contents opened (requests:read)",
    description: "",
    answer: "The report.",
    errors: &[(404, "No such report.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/security-reports/{id}`
pub async fn read(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    row.detail(&Keys::from_env(env)?, ctx.now)
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SecurityReportTransition"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["to"])))]
pub struct TransitionBody {
    /// The status to move to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["triaged", "resolved", "duplicate", "invalid"])))]
    to: String,
    /// Sent to the reporter with the news; needed for `duplicate` and `invalid`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    note: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/security-reports/{id}/transition` in the OpenAPI document.
pub const TRANSITION: Doc = Doc {
    id: "transitionSecurityReport",
    summary: "`new → triaged → resolved`, or `duplicate`/`invalid` with a note; the reporter is told (requests:write)",
    description: "",
    answer: "The report after the change.",
    errors: &[(400, "Not a step the lifecycle allows, or no note for duplicate/invalid."), (404, "No such report.")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/security-reports/{id}/transition` with `{ to, note }`.
pub async fn transition(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<TransitionBody>,
) -> Result<Json<Detail>, ApiError> {
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
    if note.is_some_and(|n| n.chars().count() > 5000) {
        return Err(ApiError::invalid("note", "must be at most 5000 characters"));
    }
    from.check_transition(to, note)
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let keys = Keys::from_env(env)?;
    let db = env.d1(DB)?;
    let actor = caller.actor();
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "UPDATE security_reports SET status = ?3,
           acknowledged_at = COALESCE(acknowledged_at, CASE WHEN ?2 = 'new' THEN ?4 END)
         WHERE id = ?1 AND status = ?2",
        id,
        from.key(),
        to.key(),
        ctx.now
    )?);
    if let Some(email) = row.open(&keys, "email", row.email_sealed.as_deref())? {
        let org_name = outbox::org_name(env, org.as_str()).await;
        // A note on triage or resolution is the team's word to the reporter, after the news.
        let word = note.map(|n| format!("\n\n{n}")).unwrap_or_default();
        let news = match to {
            ReportStatus::Triaged => format!("We confirmed it and are working on it.{word}"),
            ReportStatus::Resolved => format!("It is resolved. Thank you for reporting it.{word}"),
            ReportStatus::Duplicate => {
                format!("It was reported before: {}", note.unwrap_or_default())
            }
            ReportStatus::Invalid => format!(
                "We do not consider it a vulnerability: {}",
                note.unwrap_or_default()
            ),
            ReportStatus::New => String::new(),
        };
        change.mail(&Outgoing {
            org: org.as_str(),
            purpose: "status",
            related_id: id,
            to: &email,
            subject: &format!("Update on your vulnerability report to {org_name}"),
            body: &format!("Hello,\n\n{news}\n\nReport reference: {id}\n"),
        })?;
    }
    change.audit(audit::Change {
        actor: &actor,
        action: "security_report.status_changed",
        target: id,
        before: Some(json!({ "status": from.key() })),
        after: Some(json!({ "status": to.key(), "withNote": note.is_some() })),
    })?;
    change.commit().await?;
    let row = load(env, &org, id).await?;
    row.detail(&keys, ctx.now)
}
