//! The figures a team opens its day with: what is due this week, what is overdue, what
//! waits for the requester; how often each law's deadline was met over the last twelve
//! months and how long an answer took; vulnerability reports acknowledged within the
//! organisation's commitment; requests per month by kind. Each side (privacy, security)
//! is its own endpoint with its own permission, counted by D1 in one batch.

use std::collections::BTreeMap;

use attest_core::{Date, OrgSlug};
use serde::{Deserialize, Serialize};
use worker::query;

use crate::router::{Ctx, Doc, Json};
use crate::shared::error::ApiError;
use crate::shared::storage::DB;

/// How far back the rates and the monthly counts look.
const MONTHS: u32 = 12;

/// The privacy side of the dashboard.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PrivacySummary {
    /// The day the figures are counted for (UTC).
    today: String,
    /// Open requests due from today to seven days from now.
    due_this_week: i64,
    /// Open requests past their deadline.
    overdue: i64,
    /// Requests waiting for the requester to confirm their address.
    awaiting_verification: i64,
    /// The first day the rates and the monthly counts cover.
    since: String,
    /// Per law, the requests answered (completed or denied) since `since`.
    by_law: Vec<LawFigures>,
    /// The requests received per month since `since`, oldest first, every month present.
    months: Vec<MonthFigures>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LawFigures {
    jurisdiction: String,
    answered: i64,
    /// Answered on or before the deadline (the extended one, where it was extended).
    on_time: i64,
    /// The median time from receipt to answer, in days.
    median_days: Option<f64>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    /// `YYYY-MM`.
    month: String,
    /// Requests received that month, by kind (kinds with none are left out).
    by_kind: BTreeMap<String, i64>,
}

/// The security side of the dashboard.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecuritySummary {
    /// The first day counted.
    since: String,
    /// Reports received since `since`.
    received: i64,
    /// Acknowledged (moved on from `new`) by the time the organisation promised.
    acknowledged_in_time: i64,
    /// Acknowledged after it, or still `new` past it.
    acknowledged_late: i64,
    /// Still `new` and not yet due.
    waiting: i64,
    /// Still `new` past the promised time: the ones to look at now.
    overdue_now: i64,
}

#[derive(Deserialize)]
struct Counts {
    due_this_week: i64,
    overdue: i64,
    awaiting_verification: i64,
}

#[derive(Deserialize)]
struct LawRow {
    jurisdiction: String,
    answered: i64,
    on_time: i64,
}

#[derive(Deserialize)]
struct MedianRow {
    jurisdiction: String,
    seconds: f64,
}

#[derive(Deserialize)]
struct MonthRow {
    month: String,
    kind: String,
    requests: i64,
}

#[derive(Deserialize)]
struct ReportCounts {
    received: i64,
    in_time: Option<i64>,
    late: Option<i64>,
    waiting: Option<i64>,
    overdue_now: Option<i64>,
}

/// The first day of the month `MONTHS - 1` months before `today`'s, and every month from
/// it to `today`'s as `YYYY-MM`.
fn window(today: Date) -> (Date, Vec<String>) {
    let this_month = Date::new(today.year(), today.month(), 1).unwrap_or(today);
    let mut first = this_month;
    for _ in 1..MONTHS {
        first = previous_month(first);
    }
    let months = (0..MONTHS)
        .map(|i| {
            let m = first.add_months(i);
            format!("{:04}-{:02}", m.year(), m.month())
        })
        .collect();
    (first, months)
}

fn previous_month(first_of_month: Date) -> Date {
    let (year, month) = match first_of_month.month() {
        1 => (first_of_month.year() - 1, 12),
        m => (first_of_month.year(), m - 1),
    };
    Date::new(year, month, 1).unwrap_or(first_of_month)
}

/// The median of the middle values SQL found (one for an odd count, two for an even one).
fn median(middles: &[f64]) -> Option<f64> {
    match middles {
        [] => None,
        values => Some(values.iter().sum::<f64>() / values.len() as f64),
    }
}

fn days(seconds: f64) -> f64 {
    (seconds / 86_400.0 * 10.0).round() / 10.0
}

fn rows<T: serde::de::DeserializeOwned>(
    results: &[worker::D1Result],
    i: usize,
) -> Result<Vec<T>, ApiError> {
    results
        .get(i)
        .map(|r| r.results::<T>())
        .transpose()
        .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))
        .map(Option::unwrap_or_default)
}

/// `GET /v1/admin/orgs/{org}/privacy-requests/summary` in the OpenAPI document.
pub const PRIVACY: Doc = Doc {
    id: "privacyRequestsSummary",
    summary: "The privacy dashboard's figures (admin)",
    description: "Counted when asked, from the requests themselves: open ones due this week, overdue and awaiting verification; per law over the last twelve months, the requests answered, how many on time and the median days to answer; requests received per month by kind.",
    answer: "The figures, as of today (UTC).",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests/summary`
pub async fn privacy(ctx: Ctx, org: OrgSlug) -> Result<Json<PrivacySummary>, ApiError> {
    let today = Date::from_unix_seconds(ctx.now);
    let week = today.add_days(7);
    let (first, months) = window(today);
    let since = first.unix_seconds();
    let db = ctx.env.d1(DB)?;
    let org = org.as_str();
    let (today_s, week_s) = (today.to_string(), week.to_string());
    let results = db
        .batch(vec![
            query!(
                &db,
                "SELECT
                   COALESCE(SUM(due_by >= ?2 AND due_by <= ?3), 0) AS due_this_week,
                   COALESCE(SUM(due_by < ?2), 0) AS overdue,
                   COALESCE(SUM(status = 'identity_unverified'), 0) AS awaiting_verification
                 FROM privacy_requests
                 WHERE org = ?1 AND status NOT IN ('completed', 'denied', 'expired')",
                org,
                &today_s,
                &week_s
            )?,
            query!(
                &db,
                "SELECT jurisdiction, COUNT(*) AS answered,
                        SUM(date(closed_at, 'unixepoch') <= due_by) AS on_time
                 FROM privacy_requests
                 WHERE org = ?1 AND status IN ('completed', 'denied') AND closed_at >= ?2
                 GROUP BY jurisdiction ORDER BY jurisdiction",
                org,
                since
            )?,
            query!(
                &db,
                "SELECT jurisdiction, seconds FROM (
                   SELECT jurisdiction, closed_at - received_at AS seconds,
                          ROW_NUMBER() OVER (PARTITION BY jurisdiction ORDER BY closed_at - received_at) AS n,
                          COUNT(*) OVER (PARTITION BY jurisdiction) AS total
                   FROM privacy_requests
                   WHERE org = ?1 AND status IN ('completed', 'denied') AND closed_at >= ?2
                 ) WHERE n IN ((total + 1) / 2, (total + 2) / 2)",
                org,
                since
            )?,
            query!(
                &db,
                "SELECT strftime('%Y-%m', received_at, 'unixepoch') AS month, kind, COUNT(*) AS requests
                 FROM privacy_requests
                 WHERE org = ?1 AND received_at >= ?2
                 GROUP BY month, kind",
                org,
                since
            )?,
        ])
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?;
    let counts = rows::<Counts>(&results, 0)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("no counts".into()))?;
    let medians = rows::<MedianRow>(&results, 2)?;
    let by_law = rows::<LawRow>(&results, 1)?
        .into_iter()
        .map(|law| {
            let middles: Vec<f64> = medians
                .iter()
                .filter(|m| m.jurisdiction == law.jurisdiction)
                .map(|m| m.seconds)
                .collect();
            LawFigures {
                median_days: median(&middles).map(days),
                jurisdiction: law.jurisdiction,
                answered: law.answered,
                on_time: law.on_time,
            }
        })
        .collect();
    let mut by_month: BTreeMap<String, BTreeMap<String, i64>> = months
        .iter()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    for row in rows::<MonthRow>(&results, 3)? {
        if let Some(kinds) = by_month.get_mut(&row.month) {
            kinds.insert(row.kind, row.requests);
        }
    }
    Ok(Json(PrivacySummary {
        today: today_s,
        due_this_week: counts.due_this_week,
        overdue: counts.overdue,
        awaiting_verification: counts.awaiting_verification,
        since: first.to_string(),
        by_law,
        months: by_month
            .into_iter()
            .map(|(month, by_kind)| MonthFigures { month, by_kind })
            .collect(),
    }))
}

/// `GET /v1/admin/orgs/{org}/security-reports/summary` in the OpenAPI document.
pub const SECURITY: Doc = Doc {
    id: "securityReportsSummary",
    summary: "The security dashboard's figures (admin)",
    description: "Over the last twelve months: the reports received, how many were acknowledged (moved on from `new`) within the organisation's commitment, how many late, and how many still wait.",
    answer: "The figures, as of now.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/security-reports/summary`
pub async fn security(ctx: Ctx, org: OrgSlug) -> Result<Json<SecuritySummary>, ApiError> {
    let (first, _) = window(Date::from_unix_seconds(ctx.now));
    let db = ctx.env.d1(DB)?;
    let counts: ReportCounts = query!(
        &db,
        "SELECT COUNT(*) AS received,
                SUM(acknowledged_at IS NOT NULL AND acknowledged_at <= acknowledge_by) AS in_time,
                SUM((acknowledged_at IS NOT NULL AND acknowledged_at > acknowledge_by)
                    OR (status = 'new' AND acknowledge_by < ?3)) AS late,
                SUM(status = 'new' AND acknowledge_by >= ?3) AS waiting,
                SUM(status = 'new' AND acknowledge_by < ?3) AS overdue_now
         FROM security_reports WHERE org = ?1 AND received_at >= ?2",
        org.as_str(),
        first.unix_seconds(),
        ctx.now
    )?
    .first(None)
    .await
    .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?
    .ok_or_else(|| ApiError::Internal("no counts".into()))?;
    Ok(Json(SecuritySummary {
        since: first.to_string(),
        received: counts.received,
        acknowledged_in_time: counts.in_time.unwrap_or(0),
        acknowledged_late: counts.late.unwrap_or(0),
        waiting: counts.waiting.unwrap_or(0),
        overdue_now: counts.overdue_now.unwrap_or(0),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_twelve_whole_months_ending_with_this_one() {
        let (first, months) = window(Date::new(2026, 12, 6).unwrap());
        assert_eq!(first.to_string(), "2026-01-01");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2026-01");
        assert_eq!(months[11], "2026-12");
        let (first, months) = window(Date::new(2026, 3, 31).unwrap());
        assert_eq!(first.to_string(), "2025-04-01");
        assert_eq!(months[0], "2025-04");
        assert_eq!(months[11], "2026-03");
    }

    #[test]
    fn the_median_is_the_middle_or_the_mean_of_the_two_middles() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[2.0, 4.0]), Some(3.0));
        assert_eq!(days(86_400.0 * 2.5), 2.5);
        assert_eq!(days(100_000.0), 1.2);
    }
}
