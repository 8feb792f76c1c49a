//! Grants: access to a gated document for a time, made when its request is approved (by a
//! member, or by the organisation's approval rules as the request arrives). A grant's link
//! carries a token derived from the grant (nothing to store, nothing to leak from D1); its
//! reference is printed on every copy, so the console finds the grant from a copy found in
//! the wild. The viewer's details are sealed, as the request's are.

use crate::shared::storage::guarded;
use attest_core::approval::ApprovalRules;
use serde_json::json;
use worker::query;

use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::storage::{self, Only};

pub fn context<'a>(id: &'a str, column: &'a str) -> Column<'a> {
    Column::new("grants", id, column)
}

/// The secret of a grant's link: it names the organisation, the document and the grant,
/// so a link altered to another document or grant does not verify.
pub fn token(keys: &Keys, org: &str, document_id: &str, grant_id: &str) -> String {
    keys.mac("document-grant", &format!("{org}/{document_id}/{grant_id}"))
}

/// The address of the page where the viewer takes their copy.
pub fn link(keys: &Keys, base: &str, org: &str, document_id: &str, grant_id: &str) -> String {
    format!(
        "{base}/v1/orgs/{org}/documents/{document_id}/copy?grant={grant_id}&token={}",
        token(keys, org, document_id, grant_id)
    )
}

/// A new grant's keyed hash of an address: the same person's grants and NDA.
pub fn email_hash(keys: &Keys, email: &str) -> String {
    keys.mac("email", &email.trim().to_lowercase())
}

/// Who a grant is for and what it gives.
pub struct Granting<'a> {
    pub request_id: &'a str,
    pub document_id: &'a str,
    pub document_title: &'a str,
    pub name: &'a str,
    pub company: &'a str,
    pub email: &'a str,
    pub days: u32,
    /// The member's actor (`member:…`, `token:…`) or `rule`.
    pub by: &'a str,
    /// The approval rule that granted it, when no member did.
    pub rule: Option<&'a str>,
    pub retention_days: i64,
}

/// A grant made.
pub struct Granted {
    pub id: String,
    pub reference: String,
    pub expires_at: i64,
    pub link: String,
}

/// Adds the grant to `change`, written under `only`, with its audit entry and webhook
/// event (ids only).
pub fn grant(
    change: &mut Change<'_>,
    keys: &Keys,
    only: &Only,
    base: &str,
    now: i64,
    g: &Granting<'_>,
) -> Result<Granted, ApiError> {
    let org = change.org();
    let id = format!("gr_{}", crypto::random_hex(12));
    let random = crypto::random_bytes(5);
    let reference =
        attest_core::approval::grant_reference(random.try_into().expect("five random bytes"));
    let expires_at = now + g.days as i64 * 86_400;
    let seal = |column: &str, text: &str| keys.seal(context(&id, column), text);
    let (name, company, email) = (
        seal("name", g.name)?,
        seal("company", g.company)?,
        seal("email", g.email)?,
    );
    let statement = guarded!(
        change.db(),
        &only,
        "INSERT INTO grants (id, org, reference, document_id, document_title, request_id,
                 email_hash, key_id, name_sealed, company_sealed, email_sealed, granted_at,
                 granted_by, rule, expires_at, retention_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        &id,
        org,
        &reference,
        g.document_id,
        g.document_title,
        g.request_id,
        &email_hash(keys, g.email),
        keys.key_id(),
        &name,
        &company,
        &email,
        now,
        g.by,
        g.rule,
        expires_at,
        g.retention_days
    )?;
    change.run(statement);
    change.event(
        "document_grant.created",
        json!({ "id": id, "requestId": g.request_id, "documentId": g.document_id, "reference": reference, "expiresAt": attest_core::date::rfc3339(expires_at) }),
    )?;
    change.audit(audit::Change {
        actor: g.by,
        action: "grant.created",
        target: &id,
        before: None,
        after: Some(json!({
            "reference": reference,
            "requestId": g.request_id,
            "documentId": g.document_id,
            "days": g.days,
            "expiresAt": attest_core::date::rfc3339(expires_at),
            "rule": g.rule,
        })),
    })?;
    let link = link(keys, base, org, g.document_id, &id);
    Ok(Granted {
        id,
        reference,
        expires_at,
        link,
    })
}

/// The day a grant ends, as the e-mail and the pages say it.
pub fn day(at: i64) -> String {
    attest_core::date::rfc3339(at)
        .get(..10)
        .unwrap_or_default()
        .to_owned()
}

/// The approval e-mail: the link to the page where the viewer takes their copy.
pub fn approval_mail(
    org_name: &str,
    name: &str,
    title: &str,
    granted: &Granted,
    note: Option<&str>,
    request_id: &str,
) -> (String, String) {
    let mut body = format!(
        "Hello {name},\n\n{org_name} approved your request for \"{title}\". You can download it \
         until {until} (UTC) from this page:\n\n    {link}\n\nEach copy is marked with your name, \
         company and e-mail address. The link is for you alone: please do not forward it.",
        until = day(granted.expires_at),
        link = granted.link,
    );
    if let Some(note) = note {
        body.push_str(&format!("\n\n{note}"));
    }
    body.push_str(&format!(
        "\n\nRequest reference: {request_id}\nGrant reference: {}\n",
        granted.reference
    ));
    (
        format!("{org_name} approved your request for \"{title}\""),
        body,
    )
}

#[derive(serde::Deserialize)]
pub struct RulesRow {
    domains: String,
    refuse_free_mail: i64,
    remember_nda: i64,
    grant_days: i64,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
}

impl RulesRow {
    /// The stored columns as a row (read by a query of their own).
    pub fn from_parts(
        domains: &str,
        refuse_free_mail: i64,
        remember_nda: i64,
        grant_days: i64,
    ) -> Self {
        Self {
            domains: domains.to_owned(),
            refuse_free_mail,
            remember_nda,
            grant_days,
            updated_at: None,
            updated_by: None,
        }
    }

    pub fn rules(&self) -> Result<ApprovalRules, ApiError> {
        Ok(ApprovalRules {
            domains: serde_json::from_str(&self.domains)
                .map_err(|e| ApiError::Internal(format!("stored approval rules: {e}")))?,
            refuse_free_mail: self.refuse_free_mail != 0,
            remember_nda: self.remember_nda != 0,
            grant_days: self.grant_days.clamp(1, 90) as u32,
        })
    }
}

/// The organisation's stored approval rules, with who changed them last; `None` until it
/// sets its own.
pub async fn rules_row(db: &worker::D1Database, org: &str) -> Result<Option<RulesRow>, ApiError> {
    storage::first(query!(
        db,
        "SELECT domains, refuse_free_mail, remember_nda, grant_days, updated_at, updated_by
         FROM approval_rules WHERE org = ?1",
        org
    )?)
    .await
}

/// The organisation's approval rules (the defaults when it set none).
pub async fn rules_of(db: &worker::D1Database, org: &str) -> Result<ApprovalRules, ApiError> {
    rules_row(db, org)
        .await?
        .map_or_else(|| Ok(ApprovalRules::default()), |r| r.rules())
}
