//! A member's own reminders: for each organisation where they answer privacy requests,
//! which of the Cron Trigger's e-mails they get (the daily digest, three days before a
//! deadline, once overdue). All are on until the member turns one off.

use attest_core::members::{Permission, Role};
use serde::{Deserialize, Serialize};
use worker::query;

use crate::router::{Ctx, Doc, Identified, Json};
use crate::shared::auth;
use crate::shared::error::ApiError;
use crate::shared::storage::{self, DB};

/// What a member gets from one organisation.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "MemberReminders"))]
#[serde(rename_all = "camelCase")]
pub struct Reminders {
    org: String,
    /// A daily e-mail of the requests that came in.
    #[serde(default = "on")]
    digest: bool,
    /// Three days before a request of theirs (or, with no one assigned, any) is due.
    #[serde(default = "on")]
    due_soon: bool,
    /// When such a request becomes overdue.
    #[serde(default = "on")]
    overdue: bool,
}

fn on() -> bool {
    true
}

/// The member's reminders, organisation by organisation.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "MemberRemindersList"))]
pub struct List {
    reminders: Vec<Reminders>,
}

/// `GET /v1/admin/me/reminders` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "myReminders",
    summary: "The e-mail reminders one gets, per organisation where one answers privacy requests (signed in)",
    description: "",
    answer: "One entry per such organisation.",
    errors: &[(401, "No member's session: reminders are a person's, not a token's.")],
    headers: &[],
};

async fn load(
    db: &worker::D1Database,
    person: &str,
    memberships: &[auth::Membership],
) -> Result<Vec<Reminders>, ApiError> {
    #[derive(Deserialize)]
    struct Off {
        org: String,
        kind: String,
    }
    let off: Vec<Off> = storage::all(query!(
        db,
        "SELECT org, kind FROM reminder_opt_outs WHERE person_id = ?1",
        person
    )?)
    .await?;
    let is_on = |org: &str, kind: &str| !off.iter().any(|o| o.org == org && o.kind == kind);
    Ok(memberships
        .iter()
        .filter(|m| {
            Role::from_key(&m.role)
                .is_some_and(|r| r.permissions().contains(&Permission::ReadPrivacyRequests))
        })
        .map(|m| Reminders {
            org: m.org.clone(),
            digest: is_on(&m.org, "digest"),
            due_soon: is_on(&m.org, "due_soon"),
            overdue: is_on(&m.org, "overdue"),
        })
        .collect())
}

/// `GET /v1/admin/me/reminders`.
pub async fn get(ctx: Ctx, Identified(identity): Identified) -> Result<Json<List>, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    Ok(Json(List {
        reminders: load(&db, &member.person, &memberships).await?,
    }))
}

/// `PUT /v1/admin/me/reminders` in the OpenAPI document.
pub const PUT: Doc = Doc {
    id: "setMyReminders",
    summary: "Turns one's reminders from an organisation on or off (signed in)",
    description: "",
    answer: "The member's reminders after the change.",
    errors: &[
        (
            400,
            "Not an organisation where the member answers privacy requests (field `org`).",
        ),
        (403, "An API token: reminders are a person's."),
    ],
    headers: &[],
};

/// `PUT /v1/admin/me/reminders` with `{ org, digest, dueSoon, overdue }`.
pub async fn put(
    ctx: Ctx,
    Identified(identity): Identified,
    Json(input): Json<Reminders>,
) -> Result<Json<List>, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    let mine = load(&db, &member.person, &memberships).await?;
    if !mine.iter().any(|r| r.org == input.org) {
        return Err(ApiError::Forbidden(format!(
            "You answer no privacy requests in {}: there are no reminders from it to set",
            input.org
        )));
    }
    let mut statements = Vec::new();
    for (kind, wanted) in [
        ("digest", input.digest),
        ("due_soon", input.due_soon),
        ("overdue", input.overdue),
    ] {
        statements.push(if wanted {
            query!(
                &db,
                "DELETE FROM reminder_opt_outs WHERE org = ?1 AND person_id = ?2 AND kind = ?3",
                &input.org,
                &member.person,
                kind
            )?
        } else {
            query!(
                &db,
                "INSERT INTO reminder_opt_outs (org, person_id, kind) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                &input.org,
                &member.person,
                kind
            )?
        });
    }
    storage::batch(&db, statements).await?;
    Ok(Json(List {
        reminders: load(&db, &member.person, &memberships).await?,
    }))
}
