//! Documents for visitors: a public document's file, downloaded directly; and a gated
//! document's copy, taken from the page the approval e-mail links to. Opening that page
//! changes nothing; its button POSTs, and each POST makes a copy stamped for the grant's
//! viewer (name, company, e-mail, time, the grant's reference) on every page, logged in
//! the grant's downloads and the audit log. A forwarded link still gives a copy that
//! names the grantee, and the download log shows the other address.

use attest_core::{DocumentAccess, OrgSlug};
use serde::Deserialize;
use serde_json::json;
use worker::query;

use crate::public::forms;
use crate::public::pages;
use crate::router::{Ctx, Doc, DocumentId, Html, Page, Pdf, Query};
use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::files::{self, FileRow};
use crate::shared::grants;
use crate::shared::http;
use crate::shared::snapshot::Snapshot;
use crate::shared::storage::{self, DB};

/// `GET /v1/orgs/{org}/documents/{document}/file` in the OpenAPI document.
pub const FILE: Doc = Doc {
    id: "getPublicDocumentFile",
    summary: "A public document's file, as uploaded",
    description: "Only for documents the published profile marks `public`; the others are asked for with `POST …/document-requests` and taken from the link the approval e-mail sends.",
    answer: "The PDF.",
    errors: &[
        (403, "The document is sent on request: ask for it."),
        (404, "No such published document, or it has no file yet (a page saying so to a browser)."),
    ],
    headers: &[],
};

/// `GET /v1/orgs/{org}/documents/{document}/file`
pub async fn public_file(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
) -> Result<Page<(Pdf, Html)>, ApiError> {
    let profile = Snapshot::load(&ctx.env, &org).await?.profile()?;
    let id = document.0.as_str();
    let found = profile
        .documents
        .iter()
        .find(|d| d.id.as_str() == id)
        .ok_or_else(|| ApiError::NotFound(format!("{org} publishes no document {id}")))?;
    if found.access != DocumentAccess::Public {
        return Err(ApiError::Forbidden(format!(
            "\"{}\" is sent on request: ask for it from the trust center",
            found.title
        )));
    }
    let db = ctx.env.d1(DB)?;
    let Some(row) = files::current_file(&db, org.as_str(), id).await? else {
        // A visitor who followed the widget's Download gets a page, a program a problem.
        if http::accepts(&ctx.req, "text/html") {
            return Ok(Page::new(
                pages::with_status(
                    pages::message(
                        "This document is not available yet",
                        &format!(
                            "\"{}\" has not been uploaded yet. Try again later.",
                            found.title
                        ),
                    ),
                    404,
                )
                .0,
            ));
        }
        return Err(ApiError::NotFound(format!(
            "\"{}\" has no file yet",
            found.title
        )));
    };
    let etag = format!("\"{}\"", row.sha256);
    if http::not_modified(&ctx.req, &etag) {
        return http::respond_not_modified(&etag, "public, max-age=300").map(Page::new);
    }
    let bytes = files::file_bytes(&ctx.env, &row).await?;
    let mut response = files::pdf_response(bytes, &format!("{id}.pdf"), "inline")?;
    response
        .headers_mut()
        .set("cache-control", "public, max-age=300")?;
    response.headers_mut().set("etag", &etag)?;
    Ok(Page::new(response))
}

/// The link's grant and token.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CopyLink {
    #[cfg_attr(
        feature = "openapi",
        schemars(required, extend("pattern" = "^gr_[0-9a-f]{24}$"))
    )]
    grant: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(required, length(min = 1)))]
    token: Option<String>,
}

#[derive(Deserialize)]
struct GrantRow {
    id: String,
    org: String,
    reference: String,
    document_id: String,
    document_title: String,
    key_id: Option<String>,
    name_sealed: Option<String>,
    company_sealed: Option<String>,
    email_sealed: Option<String>,
    expires_at: i64,
    revoked_at: Option<i64>,
}

/// What a grant link leads to.
enum Leads {
    To(GrantRow),
    Page(Page<Html>),
}

async fn follow(
    ctx: &Ctx,
    org: &OrgSlug,
    document: &DocumentId,
    link: CopyLink,
) -> Result<Leads, ApiError> {
    let (Some(grant), Some(token)) = (
        link.grant.filter(|g| !g.is_empty()),
        link.token.filter(|t| !t.is_empty()),
    ) else {
        return Ok(Leads::Page(pages::no_token()));
    };
    let db = ctx.env.d1(DB)?;
    let row: Option<GrantRow> = storage::first(query!(
        &db,
        "SELECT id, org, reference, document_id, document_title, key_id, name_sealed,
                company_sealed, email_sealed, expires_at, revoked_at
         FROM grants WHERE id = ?1 AND org = ?2",
        &grant,
        org.as_str()
    )?)
    .await?;
    let Some(row) = row else {
        return Ok(Leads::Page(pages::unknown_link()));
    };
    let keys = Keys::from_env(&ctx.env)?;
    let here = document.0.as_str();
    if !crypto::same(&grants::token(&keys, org.as_str(), here, &row.id), &token) {
        // A true link of this grant, with another document put in its path.
        if here != row.document_id
            && crypto::same(
                &grants::token(&keys, org.as_str(), &row.document_id, &row.id),
                &token,
            )
        {
            return Ok(Leads::Page(pages::with_status(
                pages::message(
                    "This link is for another document",
                    &format!(
                        "It gives access to \"{}\" only. Use the link exactly as the e-mail gave it.",
                        row.document_title
                    ),
                ),
                403,
            )));
        }
        return Ok(Leads::Page(pages::unknown_link()));
    }
    if row.revoked_at.is_some() {
        return Ok(Leads::Page(pages::with_status(
            pages::message(
                "Access was withdrawn",
                &format!(
                    "Access to \"{}\" through this link was withdrawn. Ask for the document again from the trust center if you still need it.",
                    row.document_title
                ),
            ),
            410,
        )));
    }
    if row.expires_at <= ctx.now {
        return Ok(Leads::Page(pages::with_status(
            pages::message(
                "This link has expired",
                &format!(
                    "Access to \"{}\" ended on {} (UTC). Ask for the document again from the trust center, or ask your contact to renew it.",
                    row.document_title,
                    grants::day(row.expires_at)
                ),
            ),
            410,
        )));
    }
    Ok(Leads::To(row))
}

impl GrantRow {
    fn open(&self, keys: &Keys, column: &str, sealed: &Option<String>) -> Result<String, ApiError> {
        keys.open_kept(
            self.key_id.as_deref(),
            grants::context(&self.id, column),
            sealed.as_deref(),
        )?
        .ok_or_else(|| ApiError::Gone(format!("grant {}'s viewer details were erased", self.id)))
    }
}

/// `a@b.example` as `a…@b.example`: enough to recognise one's own address on the page.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2026}@{domain}")
        }
        None => "\u{2026}".to_owned(),
    }
}

/// `GET /v1/orgs/{org}/documents/{document}/copy` in the OpenAPI document.
pub const COPY_PAGE: Doc = Doc {
    id: "documentCopyPage",
    summary: "The approval e-mail's link: a page whose button downloads a stamped copy (a GET releases nothing)",
    description: "",
    answer: "The page: what the copy will be marked with and until when the link works, and the button.",
    errors: &[
        (400, "The link has no grant or token: a page saying so."),
        (403, "The link is a true one for another document: a page naming it."),
        (404, "No such grant, or the token does not verify: a page saying the link does not work."),
        (410, "The grant expired or was revoked: a page saying so and what to do."),
    ],
    headers: &[],
};

/// `GET /v1/orgs/{org}/documents/{document}/copy?grant=…&token=…`
pub async fn copy_page(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
    Query(link): Query<CopyLink>,
) -> Result<Page<Html>, ApiError> {
    let row = match follow(&ctx, &org, &document, link).await? {
        Leads::To(row) => row,
        Leads::Page(page) => return Ok(page),
    };
    let keys = Keys::from_env(&ctx.env)?;
    let email = row.open(&keys, "email", &row.email_sealed)?;
    Ok(pages::action(
        &format!("Download \"{}\"", row.document_title),
        &format!(
            "Your copy will be marked on every page with your name, company and e-mail address ({}), the time, and the reference {}. This link works until {} (UTC).",
            masked(&email),
            row.reference,
            grants::day(row.expires_at)
        ),
        "Download the PDF",
    ))
}

/// `POST /v1/orgs/{org}/documents/{document}/copy` in the OpenAPI document.
pub const COPY: Doc = Doc {
    id: "downloadDocumentCopy",
    summary: "Download a copy stamped for the grant's viewer (the page's button)",
    description: "Each call makes a new copy of the newest file, stamped on every page (diagonally and in a footer) with the viewer's name, company and e-mail, the time and the grant's reference; it is logged with the client address in the grant's downloads and in the audit log (`grant.downloaded`). Within the forms' rate limit.",
    answer: "The stamped PDF, as an attachment.",
    errors: &[
        (400, "The link has no grant or token: a page saying so."),
        (403, "The link is a true one for another document: a page naming it."),
        (404, "No such grant, or the token does not verify: a page saying the link does not work."),
        (410, "The grant expired or was revoked: a page saying so."),
        (429, "Too many copies from this address; `Retry-After` says when to try again."),
    ],
    headers: &[],
};

/// `POST /v1/orgs/{org}/documents/{document}/copy?grant=…&token=…`
pub async fn copy(
    ctx: Ctx,
    org: OrgSlug,
    document: DocumentId,
    Query(link): Query<CopyLink>,
) -> Result<Page<(Pdf, Html)>, ApiError> {
    let row = match follow(&ctx, &org, &document, link).await? {
        Leads::To(row) => row,
        Leads::Page(page) => return Ok(Page::new(page.0)),
    };
    forms::limit_copies(&ctx.env, &org, &ctx.req).await?;
    let db = ctx.env.d1(DB)?;
    let Some(file): Option<FileRow> = files::current_file(&db, &row.org, &row.document_id).await?
    else {
        return Ok(Page::new(
            pages::with_status(
                pages::message(
                    "The document is not available yet",
                    "Its file has not been uploaded yet. The team has been told; try again later.",
                ),
                409,
            )
            .0,
        ));
    };
    let keys = Keys::from_env(&ctx.env)?;
    let name = row.open(&keys, "name", &row.name_sealed)?;
    let company = row.open(&keys, "company", &row.company_sealed)?;
    let email = row.open(&keys, "email", &row.email_sealed)?;
    let bytes = files::file_bytes(&ctx.env, &file).await?;
    let time = attest_core::date::rfc3339(ctx.now);
    let printed = format!("{} {} UTC", &time[..10], &time[11..16]);
    let stamped = attest_core::pdf::stamp(
        &bytes,
        &attest_core::pdf::Stamp {
            name: &name,
            company: &company,
            email: &email,
            time: &printed,
            reference: &row.reference,
        },
    )
    .map_err(|e| ApiError::Internal(format!("stamping {}: {e}", row.document_id)))?;
    let download = format!("dl_{}", crypto::random_hex(12));
    let address = forms::client(&ctx.req);
    let agent = ctx
        .req
        .headers()
        .get("user-agent")?
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect::<String>();
    let seal = |column: &str, text: &str| {
        keys.seal(Column::new("grant_downloads", &download, column), text)
    };
    let (address_sealed, agent_sealed) = (seal("address", &address)?, seal("agent", &agent)?);
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "INSERT INTO grant_downloads (id, grant_id, at, file_version, key_id, address_sealed, agent_sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &download,
        &row.id,
        ctx.now,
        file.version,
        keys.key_id(),
        &address_sealed,
        &agent_sealed
    )?);
    change.audit(audit::Change {
        actor: "viewer",
        action: "grant.downloaded",
        target: &row.id,
        before: None,
        after: Some(json!({
            "reference": row.reference,
            "documentId": row.document_id,
            "fileVersion": file.version,
            "download": download,
        })),
    })?;
    change.commit().await?;
    files::pdf_response(
        stamped,
        &format!("{}-{}.pdf", row.document_id, row.reference),
        "attachment",
    )
    .map(Page::new)
}
