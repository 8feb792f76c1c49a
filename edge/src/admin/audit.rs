//! The audit log: every change to what an organisation publishes and every step of every
//! privacy request or security report is an entry, journaled in the same transaction as
//! the change itself and then chained by hashes (`attest_core::audit`), in journal order.
//! Nothing here updates or deletes an entry, journaled or chained.

use attest_core::audit::{self, Entry};
use attest_core::OrgSlug;
use serde::Deserialize;
use serde_json::Value;
use worker::query;

use crate::router::{Ctx, Doc, Json, Query};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

thread_local! {
    /// Organisations this isolate journaled for and has not chained since.
    static TO_CHAIN: std::cell::RefCell<std::collections::BTreeSet<String>> =
        const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

#[derive(Deserialize)]
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    before_json: Option<String>,
    after_json: Option<String>,
    prev_hash: String,
    hash: String,
    /// The member's name, for an actor `member:<email>` (listing only).
    #[serde(default)]
    actor_name: Option<String>,
}

impl Row {
    fn entry(&self) -> Entry {
        let parse = |text: &Option<String>| {
            text.as_deref()
                .map(|t| serde_json::from_str(t).unwrap_or(Value::String(t.to_owned())))
        };
        Entry {
            seq: self.seq,
            at: self.at.clone(),
            actor: self.actor.clone(),
            action: self.action.clone(),
            target: self.target.clone(),
            before: parse(&self.before_json),
            after: parse(&self.after_json),
            prev_hash: self.prev_hash.clone(),
        }
    }
}

/// Which entries: after a `seq`, by action, target or time.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    /// Entries after this `seq` (the previous page's `nextAfter`).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u64>", range(max = 1_000_000_000_000u64))
    )]
    after: Option<String>,
    /// At most this many (1 to 500; 100 when not given).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u32>", range(min = 1, max = 500))
    )]
    limit: Option<String>,
    /// Only this action, e.g. `profile.published`.
    action: Option<String>,
    /// Only this actor, e.g. `member:ada@example.com`, `token:deploy bot`, `requester`.
    actor: Option<String>,
    /// Only entries about this id.
    target: Option<String>,
    /// Only entries at or after this time (RFC 3339).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    since: Option<String>,
    /// Only entries before this time (RFC 3339).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    until: Option<String>,
    /// `oldest` first (the default, paged by `after`) or `newest` first (paged by `before`).
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["oldest", "newest"])))]
    order: Option<String>,
    /// With `order=newest`: entries before this `seq` (the previous page's `nextBefore`).
    #[cfg_attr(
        feature = "openapi",
        schemars(with = "Option<u64>", range(min = 1, max = 1_000_000_000_001u64))
    )]
    before: Option<String>,
}

/// An entry as the log holds it, with its hash.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AuditEntry"))]
pub struct Logged {
    #[serde(flatten)]
    entry: Entry,
    /// SHA-256 of the entry's canonical JSON (sorted keys, no white space) without `hash`
    /// and `actorName`.
    hash: String,
    /// The name of the member the actor names (`member:<email>`), as they are called now;
    /// absent for tokens, the edge itself and people no longer known.
    #[serde(rename = "actorName", skip_serializing_if = "Option::is_none")]
    actor_name: Option<String>,
}

/// A page of the log, in the order asked for.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AuditPage"))]
#[serde(rename_all = "camelCase")]
pub struct Page {
    entries: Vec<Logged>,
    /// The `after` of the next page, oldest first; `null` on the last.
    next_after: Option<i64>,
    /// The `before` of the next page, newest first; only with `order=newest`.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_before: Option<i64>,
}

/// The chain, checked from its first entry.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AuditVerification"))]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    /// Every entry is intact and linked to the one before.
    ok: bool,
    /// How many entries it checked.
    entries: usize,
    /// Where the chain breaks.
    first_bad_seq: Option<i64>,
}

/// The largest `after`: far past any log, well within what D1 binds exactly.
const MAX_SEQ: i64 = 1_000_000_000_000;

const COLUMNS: &str = "seq, at, actor, action, target, before_json, after_json, prev_hash, hash";

/// `GET /v1/admin/orgs/{org}/audit` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "auditLog",
    summary: "The organisation's audit log, oldest or newest first, paged (admin)",
    description: "",
    answer: "A page of entries; `nextAfter` (or `nextBefore`, newest first) continues it.",
    errors: &[(400, "A filter is not valid: `after`, `before`, `limit`, `order`, `since` or `until`; `errors` names it.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/audit?after=SEQ&limit=N&action=&actor=&target=&since=&until=&order=&before=`
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(query): Query<Filter>,
) -> Result<Json<Page>, ApiError> {
    let newest = newest_first(query.order.as_deref())?;
    let limit = http::number_in("limit", query.limit.as_deref(), 100, 1..=500)?;
    let rows = select(
        &ctx,
        &org,
        Selection {
            action: query.action,
            actor: query.actor,
            target: query.target,
            since: http::time_in("since", query.since)?,
            until: http::time_in("until", query.until)?,
            newest,
            after: http::number_in("after", query.after.as_deref(), 0, 0..=MAX_SEQ)?,
            before: http::number_in(
                "before",
                query.before.as_deref(),
                MAX_SEQ + 1,
                1..=MAX_SEQ + 1,
            )?,
            limit: limit + 1,
        },
    )
    .await?;
    let more = rows.len() as i64 > limit;
    let entries: Vec<Logged> = rows
        .iter()
        .take(limit as usize)
        .map(|row| Logged {
            entry: row.entry(),
            hash: row.hash.clone(),
            actor_name: row.actor_name.clone(),
        })
        .collect();
    let last = more.then(|| entries.last().map(|e| e.entry.seq)).flatten();
    Ok(Json(Page {
        entries,
        next_after: if newest { None } else { last },
        next_before: if newest { last } else { None },
    }))
}

/// `order`: `newest` first, or `oldest` (the default).
fn newest_first(order: Option<&str>) -> Result<bool, ApiError> {
    match order {
        None | Some("oldest") => Ok(false),
        Some("newest") => Ok(true),
        Some(_) => Err(ApiError::invalid("order", "must be oldest or newest")),
    }
}

/// Which entries the list or an export reads, checked: the filters, the order, the `seq`
/// bounds (exclusive) and how many at most.
struct Selection {
    action: Option<String>,
    actor: Option<String>,
    target: Option<String>,
    since: Option<String>,
    until: Option<String>,
    newest: bool,
    after: i64,
    before: i64,
    limit: i64,
}

/// The entries `selection` names, each with its member's name, after chaining what the
/// journal holds.
async fn select(ctx: &Ctx, org: &OrgSlug, selection: Selection) -> Result<Vec<Row>, ApiError> {
    let db = ctx.env.d1(DB)?;
    crate::shared::audit::chain(&db, org.as_str()).await?;
    let direction = if selection.newest { "DESC" } else { "ASC" };
    storage::all(query!(
        &db,
        &format!(
            "SELECT a.seq, a.at, a.actor, a.action, a.target, a.before_json, a.after_json,
                    a.prev_hash, a.hash, p.name AS actor_name
             FROM audit_log a
               LEFT JOIN people p ON a.actor LIKE 'member:%' AND p.email = substr(a.actor, 8)
             WHERE a.org = ?1 AND a.seq > ?2 AND a.seq < ?8
               AND (?3 IS NULL OR a.action = ?3) AND (?4 IS NULL OR a.target = ?4)
               AND (?5 IS NULL OR a.at >= ?5) AND (?6 IS NULL OR a.at < ?6)
               AND (?9 IS NULL OR a.actor = ?9)
             ORDER BY a.seq {direction} LIMIT ?7"
        ),
        org.as_str(),
        selection.after,
        selection.action,
        selection.target,
        selection.since,
        selection.until,
        selection.limit,
        selection.before,
        selection.actor
    )?)
    .await
}

/// Which entries an export holds: the list's filters, without its paging.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ExportFilter {
    /// Only this action, e.g. `profile.published`.
    action: Option<String>,
    /// Only this actor, e.g. `member:ada@example.com`, `token:deploy bot`, `requester`.
    actor: Option<String>,
    /// Only entries about this id.
    target: Option<String>,
    /// Only entries at or after this time (RFC 3339).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    since: Option<String>,
    /// Only entries before this time (RFC 3339).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    until: Option<String>,
    /// `oldest` first (the default) or `newest` first.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["oldest", "newest"])))]
    order: Option<String>,
}

/// The most entries one export holds: more is asked for with a narrower `since`/`until`.
const MAX_EXPORT: i64 = 50_000;

/// `GET /v1/admin/orgs/{org}/audit.csv` in the OpenAPI document.
pub const EXPORT: Doc = Doc {
    id: "exportAuditLog",
    summary: "The audit log as CSV, filtered as the list is (admin)",
    description: "Every entry that matches `action`, `actor`, `target`, `since` and `until`, oldest first (or newest with `order=newest`), with its before and after as JSON and its hashes, so the file can be checked against the chain. At most 50,000 entries: narrow the time for more.",
    answer: "RFC 4180 CSV with a header row: seq, at, actor, actor_name, action, target, before, after, prev_hash, hash.",
    errors: &[(400, "A filter is not valid (`errors` names it), or more than 50,000 entries match.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/audit.csv?action=&actor=&target=&since=&until=&order=`
pub async fn export(
    ctx: Ctx,
    org: OrgSlug,
    Query(query): Query<ExportFilter>,
) -> Result<crate::router::Page<crate::router::Csv>, ApiError> {
    let rows = select(
        &ctx,
        &org,
        Selection {
            action: query.action,
            actor: query.actor,
            target: query.target,
            since: http::time_in("since", query.since)?,
            until: http::time_in("until", query.until)?,
            newest: newest_first(query.order.as_deref())?,
            after: 0,
            before: MAX_SEQ + 1,
            limit: MAX_EXPORT + 1,
        },
    )
    .await?;
    if rows.len() as i64 > MAX_EXPORT {
        return Err(ApiError::invalid(
            "since",
            "more than 50,000 entries match: narrow the time with since and until",
        ));
    }
    crate::admin::export::csv(
        org.as_str(),
        "audit-log",
        &[
            "seq",
            "at",
            "actor",
            "actor_name",
            "action",
            "target",
            "before",
            "after",
            "prev_hash",
            "hash",
        ],
        rows.into_iter().map(|r| {
            vec![
                r.seq.to_string(),
                r.at,
                r.actor,
                r.actor_name.unwrap_or_default(),
                r.action,
                r.target,
                r.before_json.unwrap_or_default(),
                r.after_json.unwrap_or_default(),
                r.prev_hash,
                r.hash,
            ]
        }),
    )
}

/// What the log can be filtered by: its actions and its actors, with how many entries each.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AuditFacets"))]
pub struct Facets {
    actions: Vec<Facet>,
    actors: Vec<Facet>,
}

/// One value of a facet.
#[derive(serde::Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AuditFacet"))]
pub struct Facet {
    /// The action (`profile.published`) or the actor (`member:ada@example.com`).
    value: String,
    /// How many entries have it.
    entries: i64,
    /// For an actor `member:<email>`: the member's name as they are called now.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

/// `GET /v1/admin/orgs/{org}/audit/facets` in the OpenAPI document.
pub const FACETS: Doc = Doc {
    id: "auditFacets",
    summary: "The actions and actors the audit log holds, for filtering it (admin)",
    description: "",
    answer: "Every action and every actor in the organisation's log, most entries first, with members' names.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/audit/facets`
pub async fn facets(ctx: Ctx, org: OrgSlug) -> Result<Json<Facets>, ApiError> {
    let db = ctx.env.d1(DB)?;
    crate::shared::audit::chain(&db, org.as_str()).await?;
    let results = db
        .batch(vec![
            query!(
                &db,
                "SELECT action AS value, COUNT(*) AS entries, NULL AS name FROM audit_log
                 WHERE org = ?1 GROUP BY action ORDER BY entries DESC, value",
                org.as_str()
            )?,
            query!(
                &db,
                "SELECT a.actor AS value, a.entries, p.name FROM
                   (SELECT actor, COUNT(*) AS entries FROM audit_log WHERE org = ?1 GROUP BY actor) a
                   LEFT JOIN people p ON a.actor LIKE 'member:%' AND p.email = substr(a.actor, 8)
                 ORDER BY a.entries DESC, a.actor",
                org.as_str()
            )?,
        ])
        .await
        .map_err(|e| ApiError::Unavailable(format!("D1: {e}")))?;
    let rows = |i: usize| -> Result<Vec<Facet>, ApiError> {
        results
            .get(i)
            .map(|r| r.results::<Facet>())
            .transpose()
            .map_err(|e| ApiError::Internal(format!("D1 rows do not match: {e}")))
            .map(Option::unwrap_or_default)
    };
    Ok(Json(Facets {
        actions: rows(0)?,
        actors: rows(1)?,
    }))
}

/// `GET /v1/admin/orgs/{org}/audit/verify` in the OpenAPI document.
pub const VERIFY: Doc = Doc {
    id: "verifyAuditLog",
    summary: "Checks the whole hash chain (admin)",
    description: "",
    answer: "`ok` when every entry is intact and linked; otherwise `firstBadSeq` is where the chain breaks.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/audit/verify`: walks the whole chain.
pub async fn verify(ctx: Ctx, org: OrgSlug) -> Result<Json<Verified>, ApiError> {
    let env = &ctx.env;
    let db = env.d1(DB)?;
    crate::shared::audit::chain(&db, org.as_str()).await?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM audit_log WHERE org = ?1 ORDER BY seq"),
        org.as_str()
    )?)
    .await?;
    let entries: Vec<(Entry, &str)> = rows.iter().map(|r| (r.entry(), r.hash.as_str())).collect();
    let first_bad = audit::verify(entries.iter().map(|(e, h)| (e, *h)));
    Ok(Json(Verified {
        ok: first_bad.is_none(),
        entries: rows.len(),
        first_bad_seq: first_bad,
    }))
}
