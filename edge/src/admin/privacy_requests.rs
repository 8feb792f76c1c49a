//! The privacy team's inbox: the organisation's requests, sorted by when they are due,
//! each with its history, its assignee and the team's internal comments; the requester's
//! personal data opened only on purpose (`reveal`, an audit entry each time); moved along
//! its lifecycle (`requests:write`), every step e-mailed to the requester and audited.

use attest_core::members::{Permission, Role};
use attest_core::privacy::{self, Jurisdiction, RequestStatus};
use attest_core::{Date, OrgSlug, RequestKind, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wasm_bindgen::JsValue;
use worker::{query, Env};

use crate::router::{Created, Csv, Ctx, Doc, Id, Json, Page, Query};
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
    assignee: Option<String>,
    assignee_name: Option<String>,
    assignee_email: Option<String>,
}

/// Which requests: by status, kind, jurisdiction, the overdue ones; a page of them.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filter {
    /// A status, or `open` for every one not yet closed.
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["open", "identity_unverified", "pending", "in_progress", "completed", "denied", "expired"])))]
    status: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(with = "Option<RequestKind>"))]
    kind: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(with = "Option<Jurisdiction>"))]
    jurisdiction: Option<String>,
    /// `true`: only open requests past their deadline.
    #[cfg_attr(feature = "openapi", schemars(with = "Option<bool>"))]
    overdue: Option<String>,
    /// Only those assigned to this member (`per_…`), to the caller (`me`), or to no one
    /// (`none`).
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = r"^(me|none|per_[A-Za-z0-9]{1,64})$"))
    )]
    assignee: Option<String>,
    /// Only those whose reference starts with this (case does not matter).
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = r"^[A-Za-z0-9_]{0,64}$"))
    )]
    reference: Option<String>,
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
    /// Days until the deadline, as the law counts them (`dayCount`): `0` on the day,
    /// negative once overdue; `null` once the request is closed.
    days_left: Option<i64>,
    /// `calendar`, or `business` (a CCPA opt-out: 15 business days).
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["calendar", "business"])))]
    day_count: &'static str,
    /// The browser sent Global Privacy Control.
    gpc: bool,
    /// The member it is assigned to.
    assignee: Option<Assignee>,
}

/// A member a request is assigned to.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestAssignee"))]
pub struct Assignee {
    /// The person's id (`per_…`).
    id: String,
    name: String,
    email: String,
}

/// A privacy request in full: its whole history; the requester's personal data stays
/// sealed until a member reveals it (`revealPrivacyRequester`).
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestDetail"))]
pub struct Detail {
    #[serde(flatten)]
    summary: Summary,
    requester: Requester,
    history: Vec<Step>,
}

/// Whether the requester's personal data is still kept, or when it was erased (retention).
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequester"))]
#[serde(rename_all = "camelCase")]
pub struct Requester {
    kept: bool,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    erased_at: Option<String>,
}

/// The requester's personal data, opened.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequesterData"))]
pub struct PersonalData {
    name: Option<String>,
    email: Option<String>,
    details: Option<String>,
}

/// A step of a request's history, with its note opened.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestStep"))]
pub struct Step {
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    at: String,
    /// `requester`, `system`, `token:<name>` or `member:<address>`.
    actor: String,
    /// The member's name, for an actor `member:<address>`.
    #[serde(rename = "actorName")]
    actor_name: Option<String>,
    /// `status`, `extension`, `assignment` (the note names the member; none when
    /// unassigned) or `erasure`.
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

/// A request's row with its assignee's name, from `FROM`.
const COLUMNS: &str = "r.id, r.jurisdiction, r.kind, r.status, r.received_at, r.due_by, \
     r.extended, r.gpc, r.key_id, r.email_sealed, r.name_sealed, r.details_sealed, r.erased_at, \
     r.assignee, p.name AS assignee_name, p.email AS assignee_email";

const FROM: &str = "FROM privacy_requests r LEFT JOIN people p ON p.id = r.assignee";

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
            days_left: self.days_left(today),
            day_count: if self.business_days() {
                "business"
            } else {
                "calendar"
            },
            gpc: self.gpc != 0,
            assignee: match (&self.assignee, &self.assignee_name, &self.assignee_email) {
                (Some(id), Some(name), Some(email)) => Some(Assignee {
                    id: id.clone(),
                    name: name.clone(),
                    email: email.clone(),
                }),
                _ => None,
            },
        }
    }

    fn law(&self) -> Option<(Jurisdiction, RequestKind)> {
        Some((
            Jurisdiction::from_key(&self.jurisdiction)?,
            RequestKind::from_key(&self.kind)?,
        ))
    }

    fn business_days(&self) -> bool {
        self.law()
            .is_some_and(|(j, k)| privacy::counts_business_days(j, k))
    }

    fn days_left(&self, today: Date) -> Option<i64> {
        if self.status().map_or(true, |s| s.is_final()) {
            return None;
        }
        let (jurisdiction, kind) = self.law()?;
        let due = Date::parse(&self.due_by).ok()?;
        Some(privacy::days_left(jurisdiction, kind, today, due))
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
    errors: &[
        (400, "A filter names no status, kind or law."),
        (
            403,
            "`assignee=me` from an API token, which has no requests of its own.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests?status=&kind=&jurisdiction=&overdue=true&assignee=&reference=&limit=&offset=`
///
/// The statement names only the filters given, so that SQLite serves each from an index
/// (by assignee, or the organisation's by due date) rather than reading every request.
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Query(filter): Query<Filter>,
) -> Result<Json<Requests>, ApiError> {
    let env = &ctx.env;
    let Filter {
        status,
        kind,
        jurisdiction,
        overdue,
        assignee,
        reference,
        limit,
        offset,
    } = filter;
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE r.org = ?1");
    let mut binds: Vec<JsValue> = vec![org.as_str().into()];
    if status.as_deref() == Some("open") {
        sql.push_str(" AND r.status NOT IN ('completed', 'denied', 'expired')");
    } else if let Some(status) = status.as_deref() {
        if RequestStatus::from_key(status).is_none() {
            return Err(ApiError::invalid("status", "is not a request status"));
        }
        and(&mut sql, &mut binds, "r.status = ?", status.into());
    }
    if let Some(kind) = kind.as_deref() {
        if RequestKind::from_key(kind).is_none() {
            return Err(ApiError::invalid("kind", "is not a kind of request"));
        }
        and(&mut sql, &mut binds, "r.kind = ?", kind.into());
    }
    if let Some(jurisdiction) = jurisdiction.as_deref() {
        if Jurisdiction::from_key(jurisdiction).is_none() {
            return Err(ApiError::invalid("jurisdiction", "is not a jurisdiction"));
        }
        and(
            &mut sql,
            &mut binds,
            "r.jurisdiction = ?",
            jurisdiction.into(),
        );
    }
    match overdue.as_deref() {
        None | Some("false") => {}
        Some("true") => and(
            &mut sql,
            &mut binds,
            "r.due_by < ? AND r.status NOT IN ('completed', 'denied', 'expired')",
            Date::from_unix_seconds(ctx.now).to_string().into(),
        ),
        Some(_) => return Err(ApiError::invalid("overdue", "must be true or false")),
    }
    match assignee.as_deref() {
        None => {}
        Some("none") => {
            sql.push_str(" AND r.assignee IS NULL");
        }
        Some("me") => match caller.person() {
            Some(person) => and(&mut sql, &mut binds, "r.assignee = ?", person.into()),
            None => {
                return Err(ApiError::Forbidden(
                    "assignee=me is for a member signed in: a token has no requests of its own; name a member (per_…) or none".into(),
                ))
            }
        },
        Some(person) if is_person_id(person) => {
            and(&mut sql, &mut binds, "r.assignee = ?", person.into())
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "assignee",
                "must be a member's id (per_…), me or none",
            ))
        }
    }
    if let Some(reference) = reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let reference = reference.to_ascii_lowercase();
        if reference.len() > 64
            || !reference
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(ApiError::invalid(
                "reference",
                "is a request's reference: letters, digits and _ (pr_…)",
            ));
        }
        and(
            &mut sql,
            &mut binds,
            "r.id LIKE ? ESCAPE '\\'",
            // `_` is LIKE's any-one-character: escaped, it is itself.
            format!("{}%", reference.replace('_', "\\_")).into(),
        );
    }
    let (limit, offset) = http::page_window(limit.as_deref(), offset.as_deref(), 50, 200)?;
    let n = binds.len();
    sql.push_str(&format!(
        " ORDER BY r.due_by, r.received_at, r.id LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    ));
    binds.push(JsValue::from_f64((limit + 1) as f64));
    binds.push(JsValue::from_f64(offset as f64));
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(db.prepare(&sql).bind(&binds)?).await?;
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

/// Adds `AND clause` to `sql`, its `?` bound to `value`.
fn and(sql: &mut String, binds: &mut Vec<JsValue>, clause: &str, value: JsValue) {
    binds.push(value);
    sql.push_str(" AND ");
    sql.push_str(&clause.replace('?', &format!("?{}", binds.len())));
}

/// `per_` and what `crypto::random_hex` makes.
fn is_person_id(id: &str) -> bool {
    id.strip_prefix("per_").is_some_and(|rest| {
        !rest.is_empty() && rest.len() <= 64 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

async fn load(env: &Env, org: &OrgSlug, id: &str) -> Result<Row, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        &format!("SELECT {COLUMNS} {FROM} WHERE r.org = ?1 AND r.id = ?2"),
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
    actor_name: Option<String>,
    from_status: Option<String>,
    to_status: String,
    kind: String,
    note: Option<String>,
}

/// The whole request and its history with the notes opened; the personal data sealed.
async fn detail(env: &Env, keys: &Keys, row: &Row, now: i64) -> Result<Json<Detail>, ApiError> {
    let db = env.d1(DB)?;
    let events: Vec<Event> = storage::all(query!(
        &db,
        "SELECT e.at, e.actor, p.name AS actor_name, e.from_status, e.to_status, e.kind, e.note
         FROM request_events e
           LEFT JOIN people p ON e.actor LIKE 'member:%' AND p.email = substr(e.actor, 8)
         WHERE e.request_id = ?1 ORDER BY e.id",
        &row.id
    )?)
    .await?;
    let requester = Requester {
        kept: row.erased_at.is_none(),
        erased_at: row.erased_at.map(attest_core::date::rfc3339),
    };
    let history = events
        .into_iter()
        .map(|e| Step {
            note: e
                .note
                .map(|n| open_note(keys, &row.id, &n).unwrap_or_default()),
            at: attest_core::date::rfc3339(e.at),
            actor: e.actor,
            actor_name: e.actor_name,
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
    summary: "One request with its history, its personal data sealed (requests:read)",
    description: "Whether the requester's personal data is still kept; `POST …/reveal` opens it.",
    answer: "The request.",
    errors: &[(404, "No such request of this organisation.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests/{id}`.
pub async fn read(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let row = load(env, &org, id.as_str()).await?;
    let keys = Keys::from_env(env)?;
    detail(env, &keys, &row, ctx.now).await
}

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/reveal` in the OpenAPI document.
pub const REVEAL: Doc = Doc {
    id: "revealPrivacyRequester",
    summary: "Opens the requester's personal data, as an entry in the audit log (requests:read)",
    description: "Each opening is an entry in the audit log (`privacy_request.personal_data_opened`), naming who opened it.",
    answer: "The requester's name, address and what they wrote.",
    errors: &[(404, "No such request of this organisation."), (410, "Its personal data was erased (retention).")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/reveal`: the personal data, opened on
/// purpose and audited in the same batch as nothing else: if the entry cannot be written,
/// nothing is shown.
pub async fn reveal(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<Json<PersonalData>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    if let Some(at) = row.erased_at {
        return Err(ApiError::Gone(format!(
            "The personal data of {id} was erased on {}, as the retention period asks",
            attest_core::date::rfc3339(at)
        )));
    }
    let keys = Keys::from_env(env)?;
    let opened = PersonalData {
        name: row.open(&keys, "name", &row.name_sealed)?,
        email: row.open(&keys, "email", &row.email_sealed)?,
        details: row.open(&keys, "details", &row.details_sealed)?,
    };
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
    Ok(Json(opened))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestAssignment"))]
pub struct AssignBody {
    /// The member (`per_…`) who takes it, or `null` to leave it with no one.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schemars(regex(pattern = r"^per_[A-Za-z0-9]{1,64}$"))
    )]
    assignee: Option<String>,
}

/// `PUT /v1/admin/orgs/{org}/privacy-requests/{id}/assignee` in the OpenAPI document.
pub const ASSIGN: Doc = Doc {
    id: "assignPrivacyRequest",
    summary: "Assigns a request to a member of the privacy team, or to no one (requests:write)",
    description: "The member must be one whose role reads privacy requests. The step is in the request's history and the audit log.",
    answer: "The request after the change.",
    errors: &[(400, "Not a member of this organisation, or one whose role cannot see privacy requests (field `assignee`)."), (404, "No such request of this organisation.")],
    headers: &[],
};

#[derive(Deserialize)]
struct MemberRow {
    name: String,
    email: String,
    role: String,
}

/// `PUT /v1/admin/orgs/{org}/privacy-requests/{id}/assignee` with `{ assignee }`.
pub async fn assign(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<AssignBody>,
) -> Result<Json<Detail>, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let row = load(env, &org, id).await?;
    let status = row.status()?;
    let db = env.d1(DB)?;
    let assignee = match input.assignee.as_deref() {
        None => None,
        Some(person) if is_person_id(person) => {
            let member: Option<MemberRow> = storage::first(query!(
                &db,
                "SELECT p.name, p.email, m.role FROM memberships m JOIN people p ON p.id = m.person_id
                 WHERE m.org = ?1 AND m.person_id = ?2",
                org.as_str(),
                person
            )?)
            .await?;
            let Some(member) = member else {
                return Err(ApiError::invalid(
                    "assignee",
                    "is not a member of this organisation",
                ));
            };
            let sees = Role::from_key(&member.role)
                .is_some_and(|r| r.permissions().contains(&Permission::ReadPrivacyRequests));
            if !sees {
                return Err(ApiError::invalid(
                    "assignee",
                    format!(
                        "{} is a {} here, a role that cannot see privacy requests",
                        member.name, member.role
                    ),
                ));
            }
            Some((person.to_owned(), member))
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "assignee",
                "must be a member's id (per_…)",
            ))
        }
    };
    let new_id = assignee.as_ref().map(|(person, _)| person.as_str());
    if new_id == row.assignee.as_deref() {
        let keys = Keys::from_env(env)?;
        return detail(env, &keys, &row, ctx.now).await;
    }
    let keys = Keys::from_env(env)?;
    let now = ctx.now;
    let actor = caller.actor();
    let note = assignee
        .as_ref()
        .map(|(_, m)| seal_note(&keys, id, &format!("{} <{}>", m.name, m.email)))
        .transpose()?;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change
        .run(query!(
            &db,
            "UPDATE privacy_requests SET assignee = ?2 WHERE id = ?1",
            id,
            new_id
        )?)
        .run(query!(
            &db,
            "INSERT INTO request_events (request_id, at, actor, from_status, to_status, kind, note)
             VALUES (?1, ?2, ?3, ?4, ?4, 'assignment', ?5)",
            id,
            now,
            &actor,
            status.key(),
            note
        )?)
        .audit(audit::Change {
            actor: &actor,
            action: "privacy_request.assigned",
            target: id,
            before: Some(json!({ "assignee": row.assignee })),
            after: Some(json!({ "assignee": new_id })),
        })?;
    change.commit().await?;
    let row = load(env, &org, id).await?;
    detail(env, &keys, &row, now).await
}

/// A comment of the team's on a request.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestComment"))]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    at: String,
    /// `member:<address>` or `token:<name>`.
    author: String,
    /// The member's name, for an author `member:<address>`.
    author_name: Option<String>,
    /// What they wrote; `null` once erased with the request's personal data.
    body: Option<String>,
}

/// A request's comments, oldest first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestComments"))]
pub struct Comments {
    comments: Vec<Comment>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewPrivacyRequestComment"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["body"])))]
pub struct CommentBody {
    /// For the team only: never shown or sent to the requester; kept sealed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 5000)))]
    body: String,
}

#[derive(Deserialize)]
struct CommentRow {
    id: String,
    at: i64,
    author: String,
    author_name: Option<String>,
    key_id: Option<String>,
    body_sealed: Option<String>,
}

fn comment_column(id: &str) -> crate::shared::crypto::Column<'_> {
    crate::shared::crypto::Column::new("request_comments", id, "body")
}

/// `GET /v1/admin/orgs/{org}/privacy-requests/{id}/comments` in the OpenAPI document.
pub const COMMENTS: Doc = Doc {
    id: "listPrivacyRequestComments",
    summary: "The team's internal comments on a request, oldest first (requests:read)",
    description: "Never shown to the requester. Erased with the request's personal data.",
    answer: "The comments.",
    errors: &[(404, "No such request of this organisation.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-requests/{id}/comments`.
pub async fn comments(ctx: Ctx, org: OrgSlug, Id(id): Id) -> Result<Json<Comments>, ApiError> {
    let env = &ctx.env;
    let row = load(env, &org, id.as_str()).await?;
    let keys = Keys::from_env(env)?;
    let db = env.d1(DB)?;
    let rows: Vec<CommentRow> = storage::all(query!(
        &db,
        "SELECT c.id, c.at, c.author, p.name AS author_name, c.key_id, c.body_sealed
         FROM request_comments c
           LEFT JOIN people p ON c.author LIKE 'member:%' AND p.email = substr(c.author, 8)
         WHERE c.request_id = ?1 ORDER BY c.at, c.id",
        &row.id
    )?)
    .await?;
    let comments = rows
        .into_iter()
        .map(|c| {
            let body = keys.open_kept(
                c.key_id.as_deref(),
                comment_column(&c.id),
                c.body_sealed.as_deref(),
            )?;
            Ok(Comment {
                at: attest_core::date::rfc3339(c.at),
                id: c.id,
                author: c.author,
                author_name: c.author_name,
                body,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Json(Comments { comments }))
}

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/comments` in the OpenAPI document.
pub const COMMENT: Doc = Doc {
    id: "commentOnPrivacyRequest",
    summary: "Adds an internal comment to a request, for the team only (requests:write)",
    description: "Sealed at rest; the audit log records that a comment was made, not what it says.",
    answer: "The comment.",
    errors: &[
        (
            400,
            "An empty comment, or one over 5000 characters (field `body`).",
        ),
        (404, "No such request of this organisation."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/comments` with `{ body }`.
pub async fn comment(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<CommentBody>,
) -> Result<Created<Comment>, ApiError> {
    let env = &ctx.env;
    let row = load(env, &org, id.as_str()).await?;
    let text = input.body.trim();
    if text.is_empty() {
        return Err(ApiError::Invalid(vec![ValidationError::Required {
            field: "body".into(),
        }]));
    }
    // As sent, as the OpenAPI document counts it: white space at the ends counts too.
    if input.body.chars().count() > 5000 {
        return Err(ApiError::Invalid(vec![ValidationError::TooLong {
            field: "body".into(),
            max: 5000,
        }]));
    }
    if row.erased_at.is_some() {
        return Err(ApiError::Gone(format!(
            "The personal data of {} was erased: its comments were too, and it takes no more",
            row.id
        )));
    }
    let keys = Keys::from_env(env)?;
    let db = env.d1(DB)?;
    let comment_id = format!("cmt_{}", crate::shared::crypto::random_hex(10));
    let sealed = keys.seal(comment_column(&comment_id), text)?;
    let actor = caller.actor();
    let now = ctx.now;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change
        .run(query!(
            &db,
            "INSERT INTO request_comments (id, request_id, at, author, key_id, body_sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &comment_id,
            &row.id,
            now,
            &actor,
            keys.key_id(),
            &sealed
        )?)
        .audit(audit::Change {
            actor: &actor,
            action: "privacy_request.commented",
            target: &row.id,
            before: None,
            after: Some(json!({ "comment": comment_id })),
        })?;
    change.commit().await?;
    Created::new(&Comment {
        id: comment_id,
        at: attest_core::date::rfc3339(now),
        author: actor,
        author_name: caller.person().map(|_| caller.name().to_owned()),
        body: Some(text.to_owned()),
    })
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

/// The subject and body of the e-mail that tells the requester `news`.
fn letter(org_name: &str, row: &Row, news: &str) -> (String, String) {
    let kind = RequestKind::from_key(&row.kind).map_or("your request", kind_in_words);
    let body = format!(
        "Hello,\n\nAbout your request to {org_name}: {kind}.\n\n{news}\n\nRequest reference: {}\n",
        row.id
    );
    (format!("Update on your request to {org_name}"), body)
}

/// What the requester is told of a move to `to`.
fn news_of(to: RequestStatus, note: Option<&str>) -> String {
    match (to, note) {
        (RequestStatus::InProgress, _) => "We are working on it.".to_owned(),
        (RequestStatus::Completed, Some(note)) => format!("It is completed.\n\n{note}"),
        (RequestStatus::Completed, None) => "It is completed.".to_owned(),
        (RequestStatus::Denied, Some(note)) => {
            format!("We cannot fulfil it, for this reason:\n\n{note}")
        }
        _ => format!("Its status is now: {}.", to.key()),
    }
}

/// What the requester is told of an extension to `due`.
fn news_of_extension(reason: &str, due: Date) -> String {
    format!("We need more time to answer it, for this reason:\n\n{reason}\n\nYou will have our answer by {due}.")
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
    let (subject, body) = letter(org_name, row, news);
    change.mail(&Outgoing {
        org,
        purpose: "status",
        related_id: &row.id,
        to: &email,
        subject: &subject,
        body: &body,
    })?;
    Ok(())
}

/// A transition's note, trimmed, and refused past 5000 characters.
fn note_of(note: Option<&str>) -> Result<Option<&str>, ApiError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 5000) {
        return Err(ApiError::Invalid(vec![ValidationError::TooLong {
            field: "note".into(),
            max: 5000,
        }]));
    }
    Ok(note)
}

/// Where a transition to `to` may go from `row`, checked as `transition` checks it.
fn check_move(
    row: &Row,
    to: &str,
    note: Option<&str>,
    now: i64,
) -> Result<(RequestStatus, RequestStatus), ApiError> {
    let from = row.status()?;
    let to = RequestStatus::from_key(to.trim())
        .ok_or_else(|| ApiError::invalid("to", "is not a request status"))?;
    if to == RequestStatus::Expired {
        return Err(ApiError::invalid(
            "to",
            "requests expire by themselves, 7 days unverified",
        ));
    }
    from.check_transition(to, note, row.received_at, now)
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok((from, to))
}

/// Where an extension of `row` would take its deadline, checked as `extend` checks it:
/// `reason` as it was sent (its length counted as the OpenAPI document counts it), the
/// rest of the checks on it trimmed.
fn check_extension(row: &Row, reason: &str, now: i64) -> Result<Date, ApiError> {
    let status = row.status()?;
    if status.is_final() {
        return Err(ApiError::Conflict(format!(
            "This request is {}: there is nothing to extend",
            status.key()
        )));
    }
    let (jurisdiction, kind) = row.law().ok_or_else(|| {
        ApiError::Internal(format!(
            "unknown law or kind {} {}",
            row.jurisdiction, row.kind
        ))
    })?;
    if reason.chars().count() > 5000 {
        return Err(ApiError::invalid(
            "reason",
            "must be at most 5000 characters",
        ));
    }
    let reason = reason.trim();
    privacy::extend(
        jurisdiction,
        kind,
        Date::from_unix_seconds(row.received_at),
        row.extended != 0,
        Date::from_unix_seconds(now),
        reason,
    )
    .map_err(|e| ApiError::Invalid(vec![e]))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestStepPreview"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["to"])))]
pub struct PreviewBody {
    /// The step: a status to move to, or `extended` for an extension.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["in_progress", "completed", "denied", "extended"])))]
    to: String,
    /// The transition's note, or the extension's reason.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 5000)))]
    note: Option<String>,
}

/// The e-mail a step would send.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyRequestEmailPreview"))]
pub struct EmailPreview {
    subject: String,
    body: String,
    /// Whether it would be sent: `false` once the address is erased.
    sent: bool,
}

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/preview` in the OpenAPI document.
pub const PREVIEW: Doc = Doc {
    id: "previewPrivacyRequestStep",
    summary:
        "The e-mail a transition or extension would send, without taking the step (requests:write)",
    description:
        "Checked as the step itself is: what it would refuse, this refuses alike. Changes nothing.",
    answer: "The e-mail's subject and body.",
    errors: &[
        (
            400,
            "Not a step its lifecycle allows now (fields `to`, `note`, `dueBy`).",
        ),
        (404, "No such request of this organisation."),
        (409, "The request is closed."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/privacy-requests/{id}/preview` with `{ to, note }`.
pub async fn preview(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    Json(input): Json<PreviewBody>,
) -> Result<Json<EmailPreview>, ApiError> {
    let env = &ctx.env;
    let row = load(env, &org, id.as_str()).await?;
    let note = note_of(input.note.as_deref())?;
    let news = if input.to.trim() == "extended" {
        let reason = note.unwrap_or_default();
        news_of_extension(reason, check_extension(&row, reason, ctx.now)?)
    } else {
        let (_, to) = check_move(&row, &input.to, note, ctx.now)?;
        news_of(to, note)
    };
    let org_name = outbox::org_name(env, org.as_str()).await;
    let (subject, body) = letter(&org_name, &row, &news);
    Ok(Json(EmailPreview {
        subject,
        body,
        sent: row.erased_at.is_none() && row.email_sealed.is_some(),
    }))
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
    let note = note_of(input.note.as_deref())?;
    let now = ctx.now;
    let (from, to) = check_move(&row, &input.to, note, now)?;
    let db = env.d1(DB)?;
    let keys = Keys::from_env(env)?;
    let org_name = outbox::org_name(env, org.as_str()).await;
    let news = news_of(to, note);
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
    let due = check_extension(&row, &input.reason, ctx.now)?;
    let reason = input.reason.trim();
    let db = env.d1(DB)?;
    let keys = Keys::from_env(env)?;
    let org_name = outbox::org_name(env, org.as_str()).await;
    let now = ctx.now;
    let actor = caller.actor();
    let note = format!("Extended to {due}: {reason}");
    let news = news_of_extension(reason, due);
    let sealed_note = seal_note(&keys, id, &note)?;
    let mut change = Change::new(&db, &keys, org.as_str(), now);
    change
        .run(query!(
            &db,
            "UPDATE privacy_requests SET due_by = ?2, extended = 1 WHERE id = ?1 AND extended = 0",
            id,
            due.to_string()
        )?)
        // The new deadline is reminded of in its turn.
        .run(query!(
            &db,
            "DELETE FROM reminders_sent WHERE request_id = ?1 AND kind = 'due_soon'",
            id
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
        &format!("SELECT {COLUMNS} {FROM} WHERE r.org = ?1 ORDER BY r.received_at, r.id"),
        org.as_str()
    )?)
    .await?;
    let today = Date::from_unix_seconds(ctx.now);
    let yes_no = crate::admin::export::yes_no;
    crate::admin::export::csv(
        org.as_str(),
        "privacy-requests",
        &[
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
        ],
        rows.iter().map(|row| {
            vec![
                row.id.clone(),
                row.jurisdiction.clone(),
                row.kind.clone(),
                row.status.clone(),
                attest_core::date::rfc3339(row.received_at),
                row.due_by.clone(),
                yes_no(row.extended != 0),
                yes_no(row.overdue(today)),
                yes_no(row.gpc != 0),
                row.erased_at
                    .map(attest_core::date::rfc3339)
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// A member who may take privacy requests.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyTeamMember"))]
pub struct TeamMember {
    /// The person's id (`per_…`), what `assignee` takes.
    id: String,
    name: String,
    email: String,
    #[cfg_attr(feature = "openapi", schemars(with = "Role"))]
    role: String,
}

/// The members requests may be assigned to.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PrivacyTeam"))]
pub struct Team {
    members: Vec<TeamMember>,
}

/// `GET /v1/admin/orgs/{org}/privacy-team` in the OpenAPI document.
pub const TEAM: Doc = Doc {
    id: "listPrivacyTeam",
    summary: "The members a privacy request may be assigned to, by name (requests:read)",
    description: "Those whose role reads privacy requests: what the inbox's assignee filter and the assignment offer, without the members permission.",
    answer: "The members.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/privacy-team`.
pub async fn team(ctx: Ctx, org: OrgSlug) -> Result<Json<Team>, ApiError> {
    let db = ctx.env.d1(DB)?;
    let members: Vec<TeamMember> = storage::all(query!(
        &db,
        "SELECT p.id, p.name, p.email, m.role FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.org = ?1 ORDER BY p.name, p.email",
        org.as_str()
    )?)
    .await?;
    let members = members
        .into_iter()
        .filter(|m| {
            Role::from_key(&m.role)
                .is_some_and(|r| r.permissions().contains(&Permission::ReadPrivacyRequests))
        })
        .collect();
    Ok(Json(Team { members }))
}
