//! The privacy team's inbox: the organisation's requests, sorted by when they are due,
//! each readable in full (its personal data opened for `requests:read`) and moved along
//! its lifecycle (`requests:write`), every step e-mailed to the requester and audited.

use attest_core::privacy::{self, Jurisdiction, RequestStatus};
use attest_core::{Date, OrgSlug, RequestKind, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, Env, Response};

use crate::router::{Csv, Ctx, Doc, Id, Json, Page, Query};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::privacy::{context, event, kind_in_words, open_note, seal_note};
use crate::shared::storage::{self, Only, DB};

#[derive(Deserialize)]
struct Row {
    id: String,
    jurisdiction: String,
    kind: String,
    status: String,
    received_at: i64,
    due_by: String,
    extended: i64,
    gpc: i64,
    key_id: Option<String>,
    email_sealed: Option<String>,
    name_sealed: Option<String>,
    details_sealed: Option<String>,
    erased_at: Option<i64>,
}

/// Which requests: by status, kind, jurisdiction, the overdue ones; a page of them.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["identity_unverified", "pending", "in_progress", "completed", "denied", "expired"])))]
    status: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(with = "Option<RequestKind>"))]
    kind: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(with = "Option<Jurisdiction>"))]
    jurisdiction: Option<String>,
    /// `true`: only open requests past their deadline.
    #[cfg_attr(feature = "openapi", schemars(with = "Option<bool>"))]
    overdue: Option<String>,
    /// At most this many (1 to 200; 50 when not given).
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

/// A privacy request without its personal data.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestSummary"))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(with = "Jurisdiction"))]
    jurisdiction: String,
    #[cfg_attr(feature = "openapi", schemars(with = "RequestKind"))]
    kind: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["identity_unverified", "pending", "in_progress", "completed", "denied", "expired"])))]
    status: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    received_at: String,
    /// The legal deadline.
    #[cfg_attr(feature = "openapi", schemars(with = "Date"))]
    due_by: String,
    extended: bool,
    /// Open and past its deadline.
    overdue: bool,
    /// The browser sent Global Privacy Control.
    gpc: bool,
}

/// A privacy request in full: its personal data opened, its whole history.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestDetail"))]
pub struct Detail {
    #[serde(flatten)]
    summary: Summary,
    requester: Requester,
    history: Vec<Step>,
}

/// Who asked: their data, or when it was erased (retention).
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequester"))]
#[serde(untagged)]
pub enum Requester {
    Kept {
        name: Option<String>,
        email: Option<String>,
        details: Option<String>,
    },
    Erased {
        #[serde(rename = "erasedAt")]
        erased_at: String,
    },
}

/// A step of a request's history, with its note opened.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestStep"))]
pub struct Step {
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    at: String,
    /// `requester`, `system`, or `token:<name>`.
    actor: String,
    /// `status`, `extension` or `note`.
    kind: String,
    from: Option<String>,
    to: String,
    note: Option<String>,
}

/// A page of requests, soonest due first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestPage"))]
#[serde(rename_all = "camelCase")]
pub struct Requests {
    requests: Vec<Summary>,
    /// The `offset` of the next page; `null` on the last.
    next_offset: Option<i64>,
}

/// The furthest a page may start: far past any inbox, well within what D1 binds exactly.
const MAX_OFFSET: i64 = 1_000_000_000;

const COLUMNS: &str =
    "id, jurisdiction, kind, status, received_at, due_by, extended, gpc, key_id, \
                       email_sealed, name_sealed, details_sealed, erased_at";

impl Row {
    fn status(&self) -> Result<RequestStatus, ApiError> {
        RequestStatus::from_key(&self.status)
            .ok_or_else(|| ApiError::Internal(format!("unknown status {}", self.status)))
    }

    fn overdue(&self, today: Date) -> bool {
        let open = self.status().is_ok_and(|s| !s.is_final());
        open && Date::parse(&self.due_by).is_ok_and(|due| due < today)
    }

    /// The request without its personal data.
    fn summary(&self, today: Date) -> Summary {
        Summary {
            id: self.id.clone(),
            jurisdiction: self.jurisdiction.clone(),
            kind: self.kind.clone(),
            status: self.status.clone(),
            received_at: attest_core::date::rfc3339(self.received_at),
            due_by: self.due_by.clone(),
            extended: self.extended != 0,
            overdue: self.overdue(today),
            gpc: self.gpc != 0,
        }
    }

    fn open(
        &self,
        keys: &Keys,
        column: &str,
        sealed: &Option<String>,
    ) -> Result<Option<String>, ApiError> {
        keys.open_kept(
            self.key_id.as_deref(),
            context(&self.id, column),
            sealed.as_deref(),
        )
    }
}

/// `GET /v1/admin/orgs/{org}/privacy-requests` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listPrivacyRequests",
    summary: "The inbox: requests sorted by due date, paged (requests:read)",
    description: "",
    answer: "A page; `nextOffset` continues it. No personal data.",
    errors: &[(400, "A filter names no status, kind or law.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests?status=&kind=&jurisdiction=&overdue=true&limit=&offset=`
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    Query(filter): Query<Filter>,
) -> Result<Json<Requests>, ApiError> {
    let env = &ctx.env;
    let Filter {
        status,
        kind,
        jurisdiction,
        overdue,
        limit,
        offset,
    } = filter;
    if status
        .as_deref()
        .is_some_and(|s| RequestStatus::from_key(s).is_none())
    {
        return Err(ApiError::invalid("status", "is not a request status"));
    }
    if kind
        .as_deref()
        .is_some_and(|k| RequestKind::from_key(k).is_none())
    {
        return Err(ApiError::invalid("kind", "is not a kind of request"));
    }
    if jurisdiction
        .as_deref()
        .is_some_and(|j| Jurisdiction::from_key(j).is_none())
    {
        return Err(ApiError::invalid("jurisdiction", "is not a jurisdiction"));
    }
    let overdue = match overdue.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::invalid("overdue", "must be true or false")),
    };
    let limit = http::number_in("limit", limit.as_deref(), 50, 1..=200)?;
    let offset = http::number_in("offset", offset.as_deref(), 0, 0..=MAX_OFFSET)?;
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT {COLUMNS} FROM privacy_requests WHERE org = ?1
               AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR kind = ?3)
               AND (?4 IS NULL OR jurisdiction = ?4)
               AND (?5 = 0 OR (due_by < ?6 AND status NOT IN ('completed', 'denied', 'expired')))
             ORDER BY due_by, received_at, id LIMIT ?7 OFFSET ?8"
        ),
        org.as_str(),
        status,
        kind,
        jurisdiction,
        i32::from(overdue),
        Date::from_unix_seconds(ctx.now).to_string(),
        limit + 1,
        offset
    )?)
    .await?;
    let more = rows.len() as i64 > limit;
    let today = Date::from_unix_seconds(ctx.now);
    let requests = rows
        .iter()
        .take(limit as usize)
        .map(|row| row.summary(today))
        .collect();
    Ok(Json(Requests {
        requests,
        next_offset: more.then_some(offset + limit),
    }))
}

async fn load(env: &Env, org: &OrgSlug, id: &str) -> Result<Row, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM privacy_requests WHERE org = ?1 AND id = ?2"),
        org.as_str(),
        id
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no privacy request {id}")))
}

#[derive(Deserialize)]
struct Event {
    at: i64,
    actor: String,
    from_status: Option<String>,
    to_status: String,
    kind: String,
    note: Option<String>,
}

/// The whole request: personal data opened, the full history with its notes.
async fn detail(env: &Env, keys: &Keys, row: &Row, now: i64) -> Result<Json<Detail>, ApiError> {
    let db = env.d1(DB)?;
    let events: Vec<Event> = storage::all(query!(
        &db,
        "SELECT at, actor, from_status, to_status, kind, note FROM request_events WHERE request_id = ?1 ORDER BY id",
        &row.id
    )?)
    .await?;
    let requester = match row.erased_at {
        Some(at) => Requester::Erased {
            erased_at: attest_core::date::rfc3339(at),
        },
        None => Requester::Kept {
            name: row.open(keys, "name", &row.name_sealed)?,
            email: row.open(keys, "email", &row.email_sealed)?,
            details: row.open(keys, "details", &row.details_sealed)?,
        },
    };
    let history = events
        .into_iter()
        .map(|e| Step {
            note: e
                .note
                .map(|n| open_note(keys, &row.id, &n).unwrap_or_default()),
            at: attest_core::date::rfc3339(e.at),
            actor: e.actor,
            kind: e.kind,
            from: e.from_status,
            to: e.to_status,
        })
        .collect();
    Ok(Json(Detail {
        summary: row.summary(Date::from_unix_seconds(now)),
        requester,
        history,
    }))
}

/// `GET /v1/admin/orgs/{org}/privacy-requests/{id}` in the OpenAPI document.
pub const READ: Doc = Doc {
    id: "readPrivacyRequest",
    summary: "One request with its personal data and history (requests:read)",
    description: "Each opening of personal data still kept is an entry in the audit log (`privacy_request.personal_data_opened`), naming who opened it.",
    answer: "The request.",
    errors: &[(404, "No such request of this organisation.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests/{id}`: each opening of personal data still
/// kept is an entry in the audit log, naming who opened it.
pub async fn read(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    let keys = Keys::from_env(env)?;
    let shown = detail(env, &keys, &row, ctx.now).await?;
    if row.erased_at.is_none() {
        let db = env.d1(DB)?;
        let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
        change.audit(audit::Change {
            actor: &caller.actor(),
            action: "privacy_request.personal_data_opened",
            target: id,
            before: None,
            after: None,
        })?;
        change.commit().await?;
    }
    Ok(shown)
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestTransition"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["to"])))]
pub struct TransitionBody {
    /// The status to move to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["in_progress", "completed", "denied"])))]
    to: String,
    /// A denial's reason (shown to the requester), or a note for the history; kept sealed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    note: Option<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestExtension"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["reason"])))]
pub struct ExtendBody {
    /// Why it takes longer: told to the requester, as the law requires.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    reason: String,
}

/// The e-mail telling the requester what happened, when their address is still kept.
fn tell_requester(
    change: &mut Change,
    keys: &Keys,
    org_name: &str,
    row: &Row,
    news: &str,
) -> Result<(), ApiError> {
    let Some(email) = row.open(keys, "email", &row.email_sealed)? else {
        return Ok(());
    };
    let org = change.org();
    let kind = RequestKind::from_key(&row.kind).map_or("your request", kind_in_words);
    let body = format!(
        "Hello,\n\nAbout your request to {org_name}: {kind}.\n\n{news}\n\nRequest reference: {}\n",
        row.id
    );
    change.mail(&Outgoing {
        org,
        purpose: "status",
        related_id: &row.id,
        to: &email,
        subject: &format!("Update on your request to {org_name}"),
        body: &body,
    })?;
    Ok(())
}

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/transition` in the OpenAPI document.
pub const TRANSITION: Doc = Doc {
    id: "transitionPrivacyRequest",
    summary: "Moves a request along its lifecycle and tells the requester (requests:write)",
    description: "`pending → in_progress → completed | denied`; a denial needs a `note` (its reason, shown to the requester).",
    answer: "The request after the change.",
    errors: &[(400, "Not a change its lifecycle allows, or a denial without a reason."), (404, "No such request of this organisation.")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/transition` with `{ to, note }`.
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
    let from = row.status()?;
    let to = RequestStatus::from_key(input.to.trim())
        .ok_or_else(|| ApiError::invalid("to", "is not a request status"))?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 5000) {
        return Err(ApiError::Invalid(vec![ValidationError::TooLong {
            field: "note".into(),
            max: 5000,
        }]));
    }
    let now = ctx.now;
    if to == RequestStatus::Expired {
        return Err(ApiError::invalid(
            "to",
            "requests expire by themselves, 7 days unverified",
        ));
    }
    from.check_transition(to, note, row.received_at, now)
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = env.d1(DB)?;
    let keys = Keys::from_env(env)?;
    let org_name = outbox::org_name(env, org.as_str()).await;
    let news = match (to, note) {
        (RequestStatus::InProgress, _) => "We are working on it.".to_owned(),
        (RequestStatus::Completed, Some(note)) => format!("It is completed.\n\n{note}"),
        (RequestStatus::Completed, None) => "It is completed.".to_owned(),
        (RequestStatus::Denied, Some(note)) => {
            format!("We cannot fulfil it, for this reason:\n\n{note}")
        }
        _ => format!("Its status is now: {}.", to.key()),
    };
    let actor = caller.actor();
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change
        .run(query!(
            &db,
            "UPDATE privacy_requests SET status = ?3,
                 closed_at = CASE WHEN ?3 IN ('completed', 'denied') THEN ?4 ELSE closed_at END
             WHERE id = ?1 AND status = ?2",
            id,
            from.key(),
            to.key(),
            now
        )?)
        .run(event(
            &db,
            &keys,
            id,
            now,
            &actor,
            Some(from),
            to,
            note,
            &Only::always(),
        )?);
    tell_requester(&mut change, &keys, &org_name, &row, &news)?;
    change
        .event(
            "privacy_request.status_changed",
            json!({ "id": id, "from": from.key(), "status": to.key() }),
        )?
        .audit(audit::Change {
            actor: &actor,
            action: "privacy_request.status_changed",
            target: id,
            before: Some(json!({ "status": from.key() })),
            after: Some(json!({ "status": to.key(), "withNote": note.is_some() })),
        })?;
    change.commit().await?;
    let row = load(env, &org, id).await?;
    detail(env, &keys, &row, ctx.now).await
}

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/extend` in the OpenAPI document.
pub const EXTEND: Doc = Doc {
    id: "extendPrivacyRequest",
    summary: "Extends the deadline once, with a reason, within the first period (requests:write)",
    description: "",
    answer: "The request with its new due date.",
    errors: &[(400, "Already extended, too late, not extendable (opt-outs), or no reason (field `dueBy` or `note`)."), (404, "No such request of this organisation."), (409, "The request is closed.")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/extend` with `{ reason }`.
pub async fn extend(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<ExtendBody>,
) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    let status = row.status()?;
    if status.is_final() {
        return Err(ApiError::Conflict(format!(
            "This request is {}: there is nothing to extend",
            status.key()
        )));
    }
    let jurisdiction = Jurisdiction::from_key(&row.jurisdiction)
        .ok_or_else(|| ApiError::Internal(format!("unknown jurisdiction {}", row.jurisdiction)))?;
    let kind = RequestKind::from_key(&row.kind)
        .ok_or_else(|| ApiError::Internal(format!("unknown kind {}", row.kind)))?;
    let received = Date::from_unix_seconds(row.received_at);
    let reason = input.reason.trim();
    if reason.chars().count() > 5000 {
        return Err(ApiError::invalid(
            "reason",
            "must be at most 5000 characters",
        ));
    }
    let due = privacy::extend(
        jurisdiction,
        kind,
        received,
        row.extended != 0,
        Date::from_unix_seconds(ctx.now),
        reason,
    )
    .map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = env.d1(DB)?;
    let keys = Keys::from_env(env)?;
    let org_name = outbox::org_name(env, org.as_str()).await;
    let now = ctx.now;
    let actor = caller.actor();
    let note = format!("Extended to {due}: {reason}");
    let news = format!("We need more time to answer it, for this reason:\n\n{reason}\n\nYou will have our answer by {due}.");
    let sealed_note = seal_note(&keys, id, &note)?;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change
        .run(query!(
            &db,
            "UPDATE privacy_requests SET due_by = ?2, extended = 1 WHERE id = ?1 AND extended = 0",
            id,
            due.to_string()
        )?)
        .run(query!(
            &db,
            "INSERT INTO request_events (request_id, at, actor, from_status, to_status, kind, note)
             VALUES (?1, ?2, ?3, ?4, ?4, 'extension', ?5)",
            id,
            now,
            &actor,
            status.key(),
            &sealed_note
        )?);
    tell_requester(&mut change, &keys, &org_name, &row, &news)?;
    change.audit(audit::Change {
        actor: &actor,
        action: "privacy_request.extended",
        target: id,
        before: Some(json!({ "dueBy": row.due_by })),
        after: Some(json!({ "dueBy": due.to_string() })),
    })?;
    change.commit().await?;
    let row = load(env, &org, id).await?;
    detail(env, &keys, &row, ctx.now).await
}

/// `GET /v1/admin/orgs/{org}/privacy-requests.csv` in the OpenAPI document.
pub const EXPORT: Doc = Doc {
    id: "exportPrivacyRequests",
    summary: "The register of requests as CSV, without personal data (requests:read)",
    description: "",
    answer: "RFC 4180 CSV with a header row: id, jurisdiction, kind, status, received_at, due_by, extended, overdue, gpc, personal_data_erased_at.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests.csv`: the register of requests, one row
/// each, for the records that prove timely answers. No personal data: it is for filing.
pub async fn export(ctx: Ctx, org: OrgSlug) -> Result<Page<Csv>, ApiError> {
    let env = &ctx.env;
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!("SELECT {COLUMNS} FROM privacy_requests WHERE org = ?1 ORDER BY received_at, id"),
        org.as_str()
    )?)
    .await?;
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let header = [
        "id",
        "jurisdiction",
        "kind",
        "status",
        "received_at",
        "due_by",
        "extended",
        "overdue",
        "gpc",
        "personal_data_erased_at",
    ];
    let failed = |e: csv::Error| ApiError::Internal(format!("CSV: {e}"));
    writer.write_record(header).map_err(failed)?;
    for row in &rows {
        writer
            .write_record([
                row.id.as_str(),
                &row.jurisdiction,
                &row.kind,
                &row.status,
                &attest_core::date::rfc3339(row.received_at),
                &row.due_by,
                if row.extended != 0 { "yes" } else { "no" },
                if row.overdue(Date::from_unix_seconds(ctx.now)) {
                    "yes"
                } else {
                    "no"
                },
                if row.gpc != 0 { "yes" } else { "no" },
                &row.erased_at
                    .map(attest_core::date::rfc3339)
                    .unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(format!("CSV: {e}")))?;
    let mut response = Response::from_bytes(bytes)?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/csv; charset=utf-8; header=present")?;
    headers.set(
        "content-disposition",
        &format!("attachment; filename=\"{org}-privacy-requests.csv\""),
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(Page::new(response))
}
