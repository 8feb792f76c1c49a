//! Reminders to the privacy team, by the Cron Trigger: a reminder three days before a
//! request is due and another once it is overdue, to its assignee or, with no one
//! assigned, to every member whose role reads privacy requests; and a daily digest of the
//! requests that came in. Each is sent once (`reminders_sent`, `digests`); each member
//! turns each kind off for themselves (`reminder_opt_outs`). The e-mails name requests by
//! reference, kind and deadline, never the requester.

use attest_core::members::{Permission, Role};
use attest_core::{Date, RequestKind};
use serde::Deserialize;
use worker::{query, D1Database, Env};

use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::privacy::kind_in_words;
use crate::shared::storage::{self, DB};

/// How many days before its deadline a request is reminded of.
pub const DAYS_BEFORE: i64 = 3;

/// The most requests one run reminds of (the rest wait for the next minute).
const BATCH: u32 = 50;

#[derive(Deserialize)]
struct Due {
    id: String,
    org: String,
    kind: String,
    due_by: String,
    assignee: Option<String>,
}

#[derive(Deserialize, Clone)]
struct Member {
    person_id: String,
    email: String,
    name: String,
    role: String,
}

/// What one run sent, for the logs.
#[derive(Debug, Default, serde::Serialize)]
pub struct Sent {
    pub due_soon: usize,
    pub overdue: usize,
    pub digests: usize,
    /// Documents' files whose "valid until" is 30 days away or less.
    pub lapsing: usize,
}

/// How many days before a file's "valid until" its editors are reminded.
pub const LAPSE_DAYS: i64 = 30;

/// Reminds the editors of each organisation (every member whose role edits content) once
/// that a document's current file is valid for 30 days or fewer: a new report is due.
async fn lapsing(env: &Env, db: &D1Database, keys: &Keys, now: i64) -> Result<usize, ApiError> {
    #[derive(Deserialize)]
    struct Lapsing {
        org: String,
        document_id: String,
        version: i64,
        valid_until: String,
    }
    let today = Date::from_unix_seconds(now);
    let files: Vec<Lapsing> = storage::all(query!(
        db,
        "SELECT f.org, f.document_id, f.version, f.valid_until FROM document_files f
         WHERE f.reminded_at IS NULL AND f.valid_until IS NOT NULL AND f.valid_until <= ?1
           AND f.version = (SELECT MAX(version) FROM document_files
                            WHERE org = f.org AND document_id = f.document_id)
         ORDER BY f.valid_until LIMIT ?2",
        today.add_days(LAPSE_DAYS).to_string(),
        BATCH
    )?)
    .await?;
    let mut sent = 0;
    for file in files {
        let editors: Vec<Member> = storage::all(query!(
            db,
            "SELECT m.person_id, p.email, p.name, m.role FROM memberships m
             JOIN people p ON p.id = m.person_id WHERE m.org = ?1 ORDER BY p.email",
            &file.org
        )?)
        .await?;
        let org_name = outbox::org_name(env, &file.org).await;
        let lapsed = file.valid_until < today.to_string();
        let mut change = Change::new(db, keys, &file.org, now);
        change.run(query!(
            db,
            "UPDATE document_files SET reminded_at = ?4 WHERE org = ?1 AND document_id = ?2 AND version = ?3",
            &file.org,
            &file.document_id,
            file.version,
            now
        )?);
        let origin = env
            .var("PUBLIC_ORIGIN")
            .map(|v| v.to_string())
            .unwrap_or_default();
        for editor in editors.iter().filter(|m| {
            Role::from_key(&m.role)
                .is_some_and(|r| r.permissions().contains(&Permission::EditContent))
        }) {
            change.mail(&Outgoing {
                org: &file.org,
                purpose: "reminder",
                related_id: &file.document_id,
                to: &editor.email,
                subject: &if lapsed {
                    format!("{org_name}: the file of \"{}\" is no longer valid", file.document_id)
                } else {
                    format!("{org_name}: the file of \"{}\" is valid until {}", file.document_id, file.valid_until)
                },
                body: &format!(
                    "Hello {},\n\nThe current file of the document \"{}\" (version {}) is valid until {}. \
                     Upload its successor when you have it, on the console's documents screen:\n\n    {}/console/orgs/{}/documents\n",
                    editor.name,
                    file.document_id,
                    file.version,
                    file.valid_until,
                    origin.trim_end_matches('/'),
                    file.org
                ),
            })?;
        }
        change.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// The members of `org` who read privacy requests and have not turned `kind` off.
async fn team(db: &D1Database, org: &str, kind: &str) -> Result<Vec<Member>, ApiError> {
    let members: Vec<Member> = storage::all(query!(
        db,
        "SELECT m.person_id, p.email, p.name, m.role FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.org = ?1 AND NOT EXISTS (
           SELECT 1 FROM reminder_opt_outs o WHERE o.org = m.org AND o.person_id = m.person_id AND o.kind = ?2)
         ORDER BY p.email",
        org,
        kind
    )?)
    .await?;
    Ok(members
        .into_iter()
        .filter(|m| {
            Role::from_key(&m.role)
                .is_some_and(|r| r.permissions().contains(&Permission::ReadPrivacyRequests))
        })
        .collect())
}

fn console_link(env: &Env, org: &str, id: &str) -> String {
    let origin = env
        .var("PUBLIC_ORIGIN")
        .map(|v| v.to_string())
        .unwrap_or_default();
    format!(
        "{}/console/orgs/{org}/requests/{id}",
        origin.trim_end_matches('/')
    )
}

/// Sends what is due now.
pub async fn run(env: &Env, keys: &Keys, now: i64) -> Result<Sent, ApiError> {
    let db = env.d1(DB)?;
    let today = Date::from_unix_seconds(now);
    let mut sent = Sent::default();
    for (kind, condition, bound) in [
        (
            "due_soon",
            "r.due_by > ?1 AND r.due_by <= ?2",
            today.add_days(DAYS_BEFORE).to_string(),
        ),
        ("overdue", "r.due_by < min(?1, ?2)", today.to_string()),
    ] {
        let due: Vec<Due> = storage::all(query!(
            &db,
            &format!(
                "SELECT r.id, r.org, r.kind, r.due_by, r.assignee FROM privacy_requests r
                 WHERE r.status IN ('pending', 'in_progress') AND {condition}
                   AND NOT EXISTS (SELECT 1 FROM reminders_sent s WHERE s.request_id = r.id AND s.kind = ?3)
                 ORDER BY r.due_by LIMIT ?4"
            ),
            today.to_string(),
            bound,
            kind,
            BATCH
        )?)
        .await?;
        for request in due {
            let members = team(&db, &request.org, kind).await?;
            // Its assignee, if they still read privacy requests; else the team.
            let assigned: Vec<Member> = members
                .iter()
                .filter(|m| request.assignee.as_deref() == Some(m.person_id.as_str()))
                .cloned()
                .collect();
            let to = if request.assignee.is_some() && !assigned.is_empty() {
                assigned
            } else if request.assignee.is_some() && team_has(&db, &request).await? {
                // Assigned to someone who turned this off: they said so; nobody else is
                // told about their request.
                Vec::new()
            } else {
                members
            };
            let org_name = outbox::org_name(env, &request.org).await;
            let what =
                RequestKind::from_key(&request.kind).map_or("a privacy request", kind_in_words);
            let (subject, lead) = if kind == "due_soon" {
                (
                    format!("Due by {}: privacy request {}", request.due_by, request.id),
                    format!("A privacy request to {org_name} is due by {}, in {DAYS_BEFORE} days or fewer.", request.due_by),
                )
            } else {
                (
                    format!(
                        "Overdue since {}: privacy request {}",
                        request.due_by, request.id
                    ),
                    format!(
                        "A privacy request to {org_name} was due by {} and is not answered yet.",
                        request.due_by
                    ),
                )
            };
            let link = console_link(env, &request.org, &request.id);
            let mut change = Change::new(&db, keys, &request.org, now);
            change.run(query!(
                &db,
                "INSERT INTO reminders_sent (request_id, kind, sent_at) VALUES (?1, ?2, ?3)",
                &request.id,
                kind,
                now
            )?);
            for member in &to {
                let body = format!(
                    "Hello {},\n\n{lead}\n\nRequest reference: {}\nIt asks for: {what}\n\nOpen it: {link}\n\nYou get this because you are on {org_name}'s privacy team in Attest; turn these reminders off in your account.\n",
                    member.name, request.id
                );
                change.mail(&Outgoing {
                    org: &request.org,
                    purpose: if kind == "due_soon" {
                        "reminder_due_soon"
                    } else {
                        "reminder_overdue"
                    },
                    related_id: &request.id,
                    to: &member.email,
                    subject: &subject,
                    body: &body,
                })?;
            }
            change.commit().await?;
            if kind == "due_soon" {
                sent.due_soon += 1;
            } else {
                sent.overdue += 1;
            }
        }
    }
    sent.digests = digests(env, &db, keys, now).await?;
    sent.lapsing = lapsing(env, &db, keys, now).await?;
    Ok(sent)
}

/// Whether the request's assignee is still on the team (and merely turned this off).
async fn team_has(db: &D1Database, request: &Due) -> Result<bool, ApiError> {
    #[derive(Deserialize)]
    struct MemberRole {
        role: String,
    }
    let Some(person) = request.assignee.as_deref() else {
        return Ok(false);
    };
    let row: Option<MemberRole> = storage::first(query!(
        db,
        "SELECT role FROM memberships WHERE org = ?1 AND person_id = ?2",
        &request.org,
        person
    )?)
    .await?;
    Ok(row.is_some_and(|r| {
        Role::from_key(&r.role)
            .is_some_and(|r| r.permissions().contains(&Permission::ReadPrivacyRequests))
    }))
}

#[derive(Deserialize)]
struct Digest {
    org: String,
    since: i64,
}

#[derive(Deserialize)]
struct New {
    id: String,
    kind: String,
    due_by: String,
}

/// Once a day per organisation with new requests: those received (or, for those that
/// waited for the requester to confirm their address, confirmed) since its last digest;
/// the first time, in the last day, so a new install does not digest its history.
async fn digests(env: &Env, db: &D1Database, keys: &Keys, now: i64) -> Result<usize, ApiError> {
    let orgs: Vec<Digest> = storage::all(query!(
        db,
        "SELECT r.org AS org, coalesce(d.last_at, ?1 - 86400) AS since
         FROM privacy_requests r LEFT JOIN digests d ON d.org = r.org
         WHERE coalesce(r.verified_at, r.received_at) > coalesce(d.last_at, ?1 - 86400)
           AND coalesce(r.verified_at, r.received_at) <= ?1
           AND r.status != 'identity_unverified'
           AND (d.last_at IS NULL OR d.last_at <= ?1 - 86400)
         GROUP BY r.org ORDER BY coalesce(d.last_at, 0) LIMIT ?2",
        now,
        BATCH
    )?)
    .await?;
    let mut sent = 0;
    for Digest { org, since } in orgs {
        let mut change = Change::new(db, keys, &org, now);
        change.run(query!(
            db,
            "INSERT INTO digests (org, last_at) VALUES (?1, ?2)
             ON CONFLICT (org) DO UPDATE SET last_at = excluded.last_at",
            &org,
            now
        )?);
        {
            let new: Vec<New> = storage::all(query!(
                db,
                "SELECT id, kind, due_by FROM privacy_requests
                 WHERE org = ?1 AND coalesce(verified_at, received_at) > ?2
                   AND coalesce(verified_at, received_at) <= ?3 AND status != 'identity_unverified'
                 ORDER BY due_by, received_at LIMIT 200",
                &org,
                since,
                now
            )?)
            .await?;
            if !new.is_empty() {
                let org_name = outbox::org_name(env, &org).await;
                let lines: String = new
                    .iter()
                    .map(|r| {
                        let what = RequestKind::from_key(&r.kind)
                            .map_or("a privacy request", kind_in_words);
                        format!("- {} · due by {} · {what}\n", r.id, r.due_by)
                    })
                    .collect();
                let inbox = console_link(env, &org, "").trim_end_matches('/').to_owned();
                let subject = format!("{} new privacy requests to {org_name}", new.len());
                for member in team(db, &org, "digest").await? {
                    let body = format!(
                        "Hello {},\n\nSince the last digest, {org_name} received {} privacy requests:\n\n{lines}\nThe inbox: {inbox}\n\nYou get this because you are on {org_name}'s privacy team in Attest; turn the digest off in your account.\n",
                        member.name,
                        new.len()
                    );
                    change.mail(&Outgoing {
                        org: &org,
                        purpose: "digest",
                        related_id: &org,
                        to: &member.email,
                        subject: &subject,
                        body: &body,
                    })?;
                }
                sent += 1;
            }
        }
        change.commit().await?;
    }
    Ok(sent)
}
