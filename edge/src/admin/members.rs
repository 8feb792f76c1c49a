//! The team: an organisation's members and their roles, invitations, and a member's own
//! sessions. Owners and admins manage members (`manage_members`); only an owner makes,
//! changes or removes an owner, and the last owner stays. An invitation is accepted by
//! signing in as its address, never by another that holds the link.

use crate::shared::storage::guarded;
use attest_core::members::{self, lifetimes, Role};
use attest_core::OrgSlug;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::query;

use crate::router::{Created, Ctx, Doc, Id, Identified, Json, NoContent};
use crate::shared::audit;
use crate::shared::auth::{self, Caller};
use crate::shared::change::Change;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::session;
use crate::shared::storage::{self, literal, Only, DB};

/// A member of the organisation.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct MemberShown {
    /// The person's id.
    id: String,
    email: String,
    name: String,
    role: Role,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    joined_at: String,
    /// Their last sign-in, if they have one.
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    last_signed_in_at: Option<String>,
    /// How many passkeys they have.
    passkeys: u32,
}

/// An invitation, without its secret.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationShown {
    id: String,
    email: String,
    role: Role,
    /// Who sent it, as the audit log names them.
    invited_by: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    created_at: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: String,
    /// `pending`, `accepted`, `revoked` or `expired`.
    #[cfg_attr(
        feature = "openapi",
        schemars(extend("enum" = ["pending", "accepted", "revoked", "expired"]))
    )]
    status: &'static str,
}

/// The organisation's team.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Team {
    org: String,
    members: Vec<MemberShown>,
    /// Newest first, the last 100.
    invitations: Vec<InvitationShown>,
}

#[derive(Deserialize)]
struct MemberRow {
    id: String,
    email: String,
    name: String,
    role: String,
    joined_at: i64,
    last_signed_in_at: Option<i64>,
    passkeys: u32,
}

impl MemberRow {
    fn shown(self) -> Option<MemberShown> {
        Some(MemberShown {
            role: Role::from_key(&self.role)?,
            id: self.id,
            email: self.email,
            name: self.name,
            joined_at: attest_core::date::rfc3339(self.joined_at),
            last_signed_in_at: self.last_signed_in_at.map(attest_core::date::rfc3339),
            passkeys: self.passkeys,
        })
    }
}

const MEMBER_COLUMNS: &str = "p.id, p.email, p.name, m.role, m.joined_at,
    (SELECT MAX(created_at) FROM sessions WHERE person_id = p.id) AS last_signed_in_at,
    (SELECT COUNT(*) FROM passkeys WHERE person_id = p.id AND removed_at IS NULL) AS passkeys";

#[derive(Deserialize)]
struct InvitationRow {
    id: String,
    email: String,
    role: String,
    invited_by: String,
    created_at: i64,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl InvitationRow {
    fn shown(self, now: i64) -> Option<InvitationShown> {
        let status = match (self.accepted_at, self.revoked_at) {
            (Some(_), _) => "accepted",
            (None, Some(_)) => "revoked",
            (None, None) if self.expires_at <= now => "expired",
            (None, None) => "pending",
        };
        Some(InvitationShown {
            role: Role::from_key(&self.role)?,
            id: self.id,
            email: self.email,
            invited_by: self.invited_by,
            created_at: attest_core::date::rfc3339(self.created_at),
            expires_at: attest_core::date::rfc3339(self.expires_at),
            status,
        })
    }
}

/// `GET /v1/admin/orgs/{org}/members` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listMembers",
    summary: "The organisation's members with their roles, and its invitations (manage_members)",
    description: "",
    answer: "The team.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/members`.
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Json<Team>, ApiError> {
    let db = ctx.env.d1(DB)?;
    let rows: Vec<MemberRow> = storage::all(query!(
        &db,
        &format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.org = ?1 ORDER BY p.name, p.email"
        ),
        org.as_str()
    )?)
    .await?;
    let invitations: Vec<InvitationRow> = storage::all(query!(
        &db,
        "SELECT id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at
         FROM invitations WHERE org = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 100",
        org.as_str()
    )?)
    .await?;
    Ok(Json(Team {
        org: org.to_string(),
        members: rows.into_iter().filter_map(MemberRow::shown).collect(),
        invitations: invitations
            .into_iter()
            .filter_map(|i| i.shown(ctx.now))
            .collect(),
    }))
}

/// Who may hand out or take away `role`: an owner's role only an owner (a person, not a
/// token).
fn may_grant(caller: &Caller, role: Role) -> Result<(), ApiError> {
    if role == Role::Owner && caller.role() != Some(Role::Owner) {
        return Err(ApiError::Forbidden(
            "Only an owner makes, changes or removes an owner".into(),
        ));
    }
    Ok(())
}

fn role_in(field: &'static str, raw: &str) -> Result<Role, ApiError> {
    Role::from_key(raw).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("must be one of {}", Role::ALL.map(Role::key).join(", ")),
        )
    })
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewInvitationBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["email", "role"])))]
pub struct NewInvitation {
    /// Who is invited: they accept by signing in as this address.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "attest_core::Email"))]
    email: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "Role"))]
    role: String,
}

/// `POST /v1/admin/orgs/{org}/invitations` in the OpenAPI document.
pub const INVITE: Doc = Doc {
    id: "invite",
    summary: "Invites an address with a role: an e-mail with a link that works once, for 7 days (manage_members)",
    description: "Only an owner invites an owner. A new invitation to an address replaces the pending one.",
    answer: "Invited.",
    errors: &[
        (400, "The address or role breaks a rule."),
        (409, "The address is a member already."),
    ],
    headers: &[],
};

/// An invitation as it is made: queued with its e-mail, by `actor`.
#[allow(clippy::too_many_arguments)]
pub fn invitation_statements(
    change: &mut Change<'_>,
    base: &str,
    org_name: &str,
    email: &str,
    role: Role,
    actor: &str,
    inviter: &str,
    now: i64,
) -> Result<InvitationShown, ApiError> {
    let db = change.db();
    let org = change.org();
    let id = format!("inv_{}", crypto::random_hex(8));
    let token = format!("ati_{}", crypto::random_hex(32));
    let expires = now + lifetimes::INVITATION;
    change.run_all(vec![
        query!(
            db,
            "UPDATE invitations SET revoked_at = ?3
             WHERE org = ?1 AND email = ?2 AND accepted_at IS NULL AND revoked_at IS NULL",
            org,
            email,
            now
        )?,
        query!(
            db,
            "INSERT INTO invitations (id, org, email, role, token_hash, invited_by, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &id,
            org,
            email,
            role.key(),
            crypto::sha256_hex(&token),
            actor,
            now,
            expires
        )?,
    ]);
    let link = format!("{base}/console/join?invitation={token}&org={org}");
    change.mail(&Outgoing {
        org,
        purpose: "invitation",
        related_id: &id,
        to: email,
        subject: &format!("{inviter} invites you to {org_name} on Attest"),
        body: &format!(
            "{inviter} invites you to join {org_name}'s team on Attest as {role}.\n\nAccept: {link}\n\nYou accept by signing in as {email}. The invitation works once, until {}.\n",
            attest_core::date::rfc3339(expires),
            role = role.key()
        ),
    })?;
    change.audit(audit::Change {
        actor,
        action: "member.invited",
        target: &id,
        before: None,
        after: Some(json!({ "email": email, "role": role.key() })),
    })?;
    Ok(InvitationShown {
        id,
        email: email.to_owned(),
        role,
        invited_by: actor.to_owned(),
        created_at: attest_core::date::rfc3339(now),
        expires_at: attest_core::date::rfc3339(expires),
        status: "pending",
    })
}

/// `POST /v1/admin/orgs/{org}/invitations`.
pub async fn invite(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<NewInvitation>,
) -> Result<Created<InvitationShown>, ApiError> {
    let email = members::member_email(&input.email)?;
    let role = role_in("role", &input.role)?;
    may_grant(&caller, role)?;
    let db = ctx.env.d1(DB)?;
    let member: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT m.role FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.org = ?1 AND p.email = ?2",
        org.as_str(),
        email.as_str()
    )?)
    .await?;
    if member.is_some() {
        return Err(ApiError::Conflict(format!(
            "{email} is a member of {org} already; change their role instead"
        )));
    }
    let keys = Keys::from_env(&ctx.env)?;
    let org_name = outbox::org_name(&ctx.env, org.as_str()).await;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    let shown = invitation_statements(
        &mut change,
        &ctx.base,
        &org_name,
        email.as_str(),
        role,
        &caller.actor(),
        caller.name(),
        ctx.now,
    )?;
    change.commit().await?;
    Created::new(&shown)
}

/// `DELETE /v1/admin/orgs/{org}/invitations/{id}` in the OpenAPI document.
pub const REVOKE_INVITATION: Doc = Doc {
    id: "revokeInvitation",
    summary: "Withdraws a pending invitation: its link stops working (manage_members)",
    description: "",
    answer: "Withdrawn.",
    errors: &[(404, "No such pending invitation.")],
    headers: &[],
};

/// `DELETE /v1/admin/orgs/{org}/invitations/{id}`.
pub async fn revoke_invitation(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<NoContent, ApiError> {
    let db = ctx.env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        role: String,
        email: String,
    }
    let found: Option<Row> = storage::first(query!(
        &db,
        "SELECT role, email FROM invitations WHERE org = ?1 AND id = ?2
           AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?3",
        org.as_str(),
        &id,
        ctx.now
    )?)
    .await?;
    let found =
        found.ok_or_else(|| ApiError::NotFound(format!("{org} has no pending invitation {id}")))?;
    may_grant(&caller, role_in("role", &found.role)?)?;
    let keys = Keys::from_env(&ctx.env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "UPDATE invitations SET revoked_at = ?3 WHERE org = ?1 AND id = ?2",
        org.as_str(),
        &id,
        ctx.now
    )?);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "member.invitation_revoked",
        target: &id,
        before: Some(json!({ "email": found.email, "role": found.role })),
        after: None,
    })?;
    change.commit().await?;
    Ok(NoContent)
}

/// The member `id` of `org`, or a `404`.
async fn member_of(
    db: &worker::D1Database,
    org: &OrgSlug,
    id: &str,
) -> Result<MemberRow, ApiError> {
    storage::first(query!(
        db,
        &format!(
            "SELECT {MEMBER_COLUMNS} FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.org = ?1 AND m.person_id = ?2"
        ),
        org.as_str(),
        id
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no member {id}")))
}

/// A statement that fails its batch, and so the change, when `org` would be left
/// without an owner (a concurrent change the check before it could not see).
fn an_owner_stays(db: &worker::D1Database, org: &OrgSlug) -> worker::D1PreparedStatement {
    db.prepare(format!(
        "INSERT INTO memberships (org, person_id, role, joined_at)
         SELECT 'x', 'x', 'no owner left', 0
         WHERE NOT EXISTS (SELECT 1 FROM memberships WHERE org = {} AND role = 'owner')",
        literal(org.as_str())
    ))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "MemberRoleBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["role"])))]
pub struct NewRole {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "Role"))]
    role: String,
}

/// `PATCH /v1/admin/orgs/{org}/members/{id}` in the OpenAPI document.
pub const CHANGE_ROLE: Doc = Doc {
    id: "changeMemberRole",
    summary: "Changes a member's role (manage_members; an owner's only by an owner)",
    description: "",
    answer: "The member with the new role.",
    errors: &[
        (400, "Not a role."),
        (404, "No such member."),
        (409, "The organisation would have no owner left."),
    ],
    headers: &[],
};

/// `PATCH /v1/admin/orgs/{org}/members/{id}`.
pub async fn change_role(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
    Json(input): Json<NewRole>,
) -> Result<Json<MemberShown>, ApiError> {
    let role = role_in("role", &input.role)?;
    let db = ctx.env.d1(DB)?;
    let member = member_of(&db, &org, &id).await?;
    let before = role_in("role", &member.role)?;
    may_grant(&caller, before)?;
    may_grant(&caller, role)?;
    if before == Role::Owner && role != Role::Owner {
        only_owner_check(&db, &org).await?;
    }
    if before != role {
        let keys = Keys::from_env(&ctx.env)?;
        let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
        change.run_all(vec![
            query!(
                &db,
                "UPDATE memberships SET role = ?3 WHERE org = ?1 AND person_id = ?2",
                org.as_str(),
                &id,
                role.key()
            )?,
            // Fails the batch, and so the change, when no owner would be left.
            an_owner_stays(&db, &org),
        ]);
        // A role that no longer sees privacy requests holds none of them: they go back to
        // the team's unassigned ones.
        if !role.may(attest_core::members::Permission::ReadPrivacyRequests) {
            change.run(unassign(&db, &org, &id)?);
        }
        change.audit(audit::Change {
            actor: &caller.actor(),
            action: "member.role_changed",
            target: &id,
            before: Some(json!({ "email": member.email, "role": before.key() })),
            after: Some(json!({ "email": member.email, "role": role.key() })),
        })?;
        change.commit().await.map_err(|_| last_owner(&org))?;
    }
    let member = member_of(&db, &org, &id).await?;
    member
        .shown()
        .map(Json)
        .ok_or_else(|| ApiError::Internal("a stored role that is not one".into()))
}

/// `409` when `org` has one owner only (who is about to stop being one).
async fn only_owner_check(db: &worker::D1Database, org: &OrgSlug) -> Result<(), ApiError> {
    let owners: Option<serde_json::Value> = storage::first(query!(
        db,
        "SELECT COUNT(*) AS n FROM memberships WHERE org = ?1 AND role = 'owner' HAVING n > 1",
        org.as_str()
    )?)
    .await?;
    match owners {
        Some(_) => Ok(()),
        None => Err(last_owner(org)),
    }
}

fn last_owner(org: &OrgSlug) -> ApiError {
    ApiError::Conflict(format!(
        "{org} would have no owner left; make another member an owner first"
    ))
}

/// `DELETE /v1/admin/orgs/{org}/members/{id}` in the OpenAPI document.
pub const REMOVE: Doc = Doc {
    id: "removeMember",
    summary: "Removes a member: their access ends at once, and their sessions with it when they belong nowhere else (manage_members)",
    description: "",
    answer: "Removed.",
    errors: &[
        (404, "No such member."),
        (409, "The organisation would have no owner left."),
    ],
    headers: &[],
};

/// `DELETE /v1/admin/orgs/{org}/members/{id}`.
pub async fn remove(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<NoContent, ApiError> {
    let db = ctx.env.d1(DB)?;
    let member = member_of(&db, &org, &id).await?;
    let role = role_in("role", &member.role)?;
    may_grant(&caller, role)?;
    if role == Role::Owner {
        only_owner_check(&db, &org).await?;
    }
    let keys = Keys::from_env(&ctx.env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run_all(vec![
        query!(
            &db,
            "DELETE FROM memberships WHERE org = ?1 AND person_id = ?2",
            org.as_str(),
            &id
        )?,
        unassign(&db, &org, &id)?,
        // Nowhere else to be: every session ends now.
        query!(
            &db,
            "UPDATE sessions SET ended_at = ?2 WHERE person_id = ?1 AND ended_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM memberships WHERE person_id = ?1)",
            &id,
            ctx.now
        )?,
        an_owner_stays(&db, &org),
    ]);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "member.removed",
        target: &id,
        before: Some(json!({ "email": member.email, "name": member.name, "role": role.key() })),
        after: None,
    })?;
    change.commit().await.map_err(|_| last_owner(&org))?;
    Ok(NoContent)
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "AcceptInvitationBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["token"])))]
pub struct Accept {
    /// The `invitation` of the e-mailed link.
    #[serde(default)]
    token: String,
}

/// What accepting answers: where the member now is.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Joined {
    org: String,
    role: Role,
}

/// `POST /v1/admin/me/invitations` in the OpenAPI document.
pub const ACCEPT: Doc = Doc {
    id: "acceptInvitation",
    summary: "Accepts an invitation as the member signed in, who must be its address",
    description: "",
    answer: "Joined.",
    errors: &[
        (400, "No token."),
        (
            403,
            "The invitation is for another address, or the caller is an API token.",
        ),
        (404, "No such invitation."),
        (409, "A member of the organisation already."),
        (
            410,
            "Used already, withdrawn or expired: ask for a new one.",
        ),
    ],
    headers: &[],
};

/// `ada@vinterre.example` as `a…@vinterre.example`: enough for its owner to know it.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "another address".into(),
    }
}

/// `POST /v1/admin/me/invitations`.
pub async fn accept(
    ctx: Ctx,
    Identified(identity): Identified,
    Json(input): Json<Accept>,
) -> Result<Json<Joined>, ApiError> {
    let (member, _) = auth::member_only(identity)?;
    let token = input.token.trim();
    if token.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: "token".into(),
            },
        ]));
    }
    let db = ctx.env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        org: String,
        email: String,
        role: String,
        expires_at: i64,
        accepted_at: Option<i64>,
        revoked_at: Option<i64>,
        member: i64,
    }
    let row: Option<Row> = storage::first(query!(
        &db,
        "SELECT i.id, i.org, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at,
                (SELECT COUNT(*) FROM memberships WHERE org = i.org AND person_id = ?2) AS member
         FROM invitations i WHERE i.token_hash = ?1",
        crypto::sha256_hex(token),
        &member.person
    )?)
    .await?;
    let row = row.ok_or_else(|| ApiError::NotFound("No such invitation".into()))?;
    if row.accepted_at.is_some() {
        return Err(ApiError::Gone(
            "This invitation was accepted already".into(),
        ));
    }
    if row.revoked_at.is_some() {
        return Err(ApiError::Gone(
            "This invitation was withdrawn; ask for a new one".into(),
        ));
    }
    if row.expires_at <= ctx.now {
        return Err(ApiError::Gone(
            "This invitation has expired; ask for a new one".into(),
        ));
    }
    if row.email != member.email {
        return Err(ApiError::Forbidden(format!(
            "This invitation is for {}; sign in as that address to accept it",
            masked(&row.email)
        )));
    }
    if row.member > 0 {
        return Err(ApiError::Conflict(format!(
            "You are a member of {} already",
            row.org
        )));
    }
    let role = role_in("role", &row.role)?;
    let keys = Keys::from_env(&ctx.env)?;
    let only = Only::always().and(
        &format!(
            "EXISTS (SELECT 1 FROM invitations WHERE id = ? AND accepted_by = ? AND accepted_at = {})",
            ctx.now
        ),
        &[&row.id, &member.person],
    );
    let mut change = Change::new(&db, &keys, &row.org, ctx.now).under(&Only::always());
    change.run(query!(
        &db,
        "UPDATE invitations SET accepted_at = ?2, accepted_by = ?3
         WHERE id = ?1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?2",
        &row.id,
        ctx.now,
        &member.person
    )?);
    change.now_under(&only);
    change.run(guarded!(
        &db,
        &only,
        "INSERT INTO memberships (org, person_id, role, joined_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
        &row.org,
        &member.person,
        role.key(),
        ctx.now
    )?);
    change.audit(audit::Change {
        actor: &member.actor(),
        action: "member.joined",
        target: &member.person,
        before: None,
        after: Some(
            json!({ "name": member.name, "email": member.email, "role": role.key(), "invitation": row.id }),
        ),
    })?;
    if !storage::batch_claimed(&db, change.into_statements()).await? {
        return Err(ApiError::Gone(
            "This invitation was accepted already".into(),
        ));
    }
    Ok(Json(Joined { org: row.org, role }))
}

/// One of a member's sessions.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionShown {
    id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["link", "sso", "passkey"])))]
    method: String,
    /// The browser's `User-Agent` at sign-in.
    user_agent: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    created_at: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    last_seen_at: String,
    /// When it ends unless used sooner (idle) and at the latest (absolute).
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: String,
    /// This is the session of the call.
    current: bool,
}

/// A member's live sessions.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Sessions {
    sessions: Vec<SessionShown>,
}

/// `GET /v1/admin/me/sessions` in the OpenAPI document.
pub const SESSIONS: Doc = Doc {
    id: "mySessions",
    summary: "The member's live sessions, the current one marked",
    description: "",
    answer: "The sessions, newest first.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/me/sessions`.
pub async fn sessions(
    ctx: Ctx,
    Identified(identity): Identified,
) -> Result<Json<Sessions>, ApiError> {
    let (member, _) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        method: String,
        user_agent: String,
        created_at: i64,
        last_seen_at: i64,
        expires_at: i64,
    }
    let rows: Vec<Row> = storage::all(query!(
        &db,
        &format!(
            "SELECT s.id, s.method, s.user_agent, s.created_at, s.last_seen_at, s.expires_at
             FROM sessions s WHERE s.person_id = ?1 AND {} ORDER BY s.created_at DESC",
            session::live("?2")
        ),
        &member.person,
        ctx.now
    )?)
    .await?;
    Ok(Json(Sessions {
        sessions: rows
            .into_iter()
            .map(|r| SessionShown {
                current: r.id == member.session,
                expires_at: attest_core::date::rfc3339(
                    r.expires_at.min(r.last_seen_at + lifetimes::SESSION_IDLE),
                ),
                id: r.id,
                method: r.method,
                user_agent: r.user_agent,
                created_at: attest_core::date::rfc3339(r.created_at),
                last_seen_at: attest_core::date::rfc3339(r.last_seen_at),
            })
            .collect(),
    }))
}

/// `DELETE /v1/admin/me/sessions/{id}` in the OpenAPI document.
pub const END_SESSION: Doc = Doc {
    id: "endSession",
    summary: "Ends one of the member's sessions; the current one is signing out",
    description: "",
    answer: "Ended; for the current session the cookie is cleared too.",
    errors: &[(404, "No such live session of the member.")],
    headers: &[],
};

/// `DELETE /v1/admin/me/sessions/{id}`: ends a session (signing out, for the current).
pub async fn end_session(
    ctx: Ctx,
    Identified(identity): Identified,
    Id(id): Id,
) -> Result<NoContent, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    let mut statements = vec![query!(
        &db,
        "UPDATE sessions SET ended_at = ?3 WHERE id = ?1 AND person_id = ?2 AND ended_at IS NULL",
        &id,
        &member.person,
        ctx.now
    )?];
    let action = if id == member.session {
        "member.signed_out"
    } else {
        "member.session_ended"
    };
    let only = Only::always().and(
        &format!(
            "EXISTS (SELECT 1 FROM sessions WHERE id = ? AND ended_at = {})",
            ctx.now
        ),
        &[&id],
    );
    statements.extend(audit::journal_each(
        &db,
        memberships.iter().map(|m| m.org.as_str()),
        &audit::Change {
            actor: &member.actor(),
            action,
            target: &member.person,
            before: None,
            after: Some(json!({ "session": id })),
        },
        ctx.now,
        &only,
    )?);
    if !storage::batch_claimed(&db, statements).await? {
        return Err(ApiError::NotFound(format!("You have no live session {id}")));
    }
    Ok(NoContent)
}

/// Leaves the privacy requests assigned to `person` in `org` with no one.
fn unassign(
    db: &worker::D1Database,
    org: &OrgSlug,
    person: &str,
) -> Result<worker::D1PreparedStatement, ApiError> {
    Ok(query!(
        db,
        "UPDATE privacy_requests SET assignee = NULL WHERE org = ?1 AND assignee = ?2",
        org.as_str(),
        person
    )?)
}
