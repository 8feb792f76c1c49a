//! An organisation's subprocessors: the list as JSON or CSV, and its changes as Atom.

use attest_core::{OrgSlug, Subprocessor};
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response};

use crate::router::{Atom, Csv, Ctx, Doc, JsonOf, Stored};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot::{Snapshot, CACHE_CONTROL};
use crate::shared::storage;

const CSV_TYPE: &str = "text/csv; charset=utf-8";
const FEED_CACHE: &str = "public, max-age=300";

/// An organisation's subprocessors, as published.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubprocessorList<'a> {
    org: &'a str,
    name: &'a str,
    /// When the list last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<attest_core::Date>"))]
    last_updated: Option<String>,
    subprocessors: &'a [Subprocessor],
}

/// `GET /v1/orgs/{org}/subprocessors` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listSubprocessors",
    summary: "The subprocessor list (CSV with Accept: text/csv)",
    description: "",
    answer: "The list.",
    errors: &[
        (400, "The slug is not valid; `errors` names the field."),
        (
            404,
            "No such organisation, or it has published nothing yet.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/orgs/{org}/subprocessors`: JSON, or CSV for `Accept: text/csv`.
pub async fn list(
    ctx: Ctx,
    org: OrgSlug,
) -> Result<Stored<(JsonOf<SubprocessorList<'static>>, Csv)>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    if http::accepts(req, "text/csv") {
        return csv_of(req, env, org).await.map(Stored::new);
    }
    let snapshot = Snapshot::load(env, &org).await?;
    let etag = variant_etag(&snapshot.etag, "json");
    if http::not_modified(req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL).map(Stored::new);
    }
    let body = snapshot.made("subprocessors.json", |snapshot| {
        let profile = snapshot.profile()?;
        serde_json::to_vec(&SubprocessorList {
            org: profile.org.as_str(),
            name: profile.name.as_str(),
            last_updated: profile.last_updated.map(|d| d.to_string()),
            subprocessors: &profile.subprocessors,
        })
        .map_err(|e| ApiError::Internal(e.to_string()))
    })?;
    let mut response = http::cached(
        Response::from_bytes(body.to_vec())?,
        "application/json; charset=utf-8",
        CACHE_CONTROL,
        &etag,
    )?;
    response.headers_mut().set("vary", "accept")?;
    Ok(Stored::new(response))
}

/// `GET /v1/orgs/{org}/subprocessors.csv` in the OpenAPI document.
pub const CSV: Doc = Doc {
    id: "subprocessorsCsv",
    summary: "The subprocessor list as CSV (RFC 4180, header row; formula cells neutralised)",
    description: "",
    answer: "The list.",
    errors: &[
        (400, "The slug is not valid; `errors` names the field."),
        (
            404,
            "No such organisation, or it has published nothing yet.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/orgs/{org}/subprocessors.csv`: RFC 4180, with a header row.
pub async fn csv(ctx: Ctx, org: OrgSlug) -> Result<Stored<Csv>, ApiError> {
    csv_of(&ctx.req, &ctx.env, org).await.map(Stored::new)
}

async fn csv_of(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    let snapshot = Snapshot::load(env, &org).await?;
    let etag = variant_etag(&snapshot.etag, "csv");
    if http::not_modified(req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL);
    }
    let body = snapshot.made("subprocessors.csv", |snapshot| {
        to_csv(&snapshot.profile()?.subprocessors).map_err(|e| ApiError::Internal(e.to_string()))
    })?;
    let mut response = http::cached(
        Response::from_bytes(body.to_vec())?,
        CSV_TYPE,
        CACHE_CONTROL,
        &etag,
    )?;
    response.headers_mut().set(
        "content-disposition",
        &format!("attachment; filename=\"{org}-subprocessors.csv\""),
    )?;
    response.headers_mut().set("vary", "accept")?;
    Ok(response)
}

fn variant_etag(etag: &str, variant: &str) -> String {
    format!("{}-{variant}\"", etag.trim_end_matches('"'))
}

fn to_csv(subprocessors: &[Subprocessor]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "name",
        "purpose",
        "location",
        "website",
        "dataCategories",
        "since",
        "plannedFrom",
    ])?;
    for s in subprocessors {
        let categories: Vec<&str> = s.data_categories.iter().map(|c| c.as_str()).collect();
        let optional = |value: Option<String>| value.unwrap_or_default();
        writer.write_record(
            [
                s.name.to_string(),
                s.purpose.to_string(),
                optional(s.location.as_ref().map(ToString::to_string)),
                optional(s.website.as_ref().map(ToString::to_string)),
                categories.join("; "),
                optional(s.since.map(|d| d.to_string())),
                optional(s.planned_from.map(|d| d.to_string())),
            ]
            .iter()
            .map(|cell| neutralise_formula(cell)),
        )?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return as a formula (CSV injection); a leading apostrophe makes it text.
fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[derive(Deserialize)]
struct ChangeRow {
    version: i64,
    published_at: String,
    summary: String,
    changes_json: String,
}

/// The Atom feed as rendered for one origin, with its tag.
struct Feed {
    base: String,
    xml: Vec<u8>,
    etag: String,
}

/// `GET /v1/orgs/{org}/subprocessors/feed.atom` in the OpenAPI document.
pub const FEED: Doc = Doc {
    id: "subprocessorFeed",
    summary: "Changes to the subprocessor list, one Atom entry per publish that changed it",
    description: "",
    answer: "An Atom feed.",
    errors: &[
        (400, "The slug is not valid; `errors` names the field."),
        (
            404,
            "No such organisation, or it has published nothing yet.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/orgs/{org}/subprocessors/feed.atom`: one entry per publish that changed the
/// list. A publish that changes the list writes a new snapshot, so the feed rendered for
/// a snapshot is kept with it.
pub async fn feed(ctx: Ctx, org: OrgSlug) -> Result<Stored<Atom>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let snapshot = Snapshot::load(env, &org).await?;
    let base = http::origin(req)?;
    let feed = match snapshot
        .kept::<Feed>("feed.atom")
        .filter(|feed| feed.base == base)
    {
        Some(feed) => feed,
        None => {
            let profile = snapshot.profile()?;
            let xml = render_feed(env, &org, &profile, &base).await?;
            let etag = http::strong_etag(xml.as_bytes());
            snapshot.keep(
                "feed.atom",
                Feed {
                    base,
                    xml: xml.into_bytes(),
                    etag,
                },
            )
        }
    };
    if http::not_modified(req, &feed.etag) {
        return http::respond_not_modified(&feed.etag, FEED_CACHE).map(Stored::new);
    }
    http::cached(
        Response::from_bytes(feed.xml.clone())?,
        "application/atom+xml; charset=utf-8",
        FEED_CACHE,
        &feed.etag,
    )
    .map(Stored::new)
}

async fn render_feed(
    env: &Env,
    org: &OrgSlug,
    profile: &attest_core::TrustProfile,
    base: &str,
) -> Result<String, ApiError> {
    let rows: Vec<ChangeRow> = storage::all(
        env.d1(storage::DB)?
            .prepare(
                "SELECT version, published_at, summary, changes_json FROM subprocessor_changes \
                 WHERE org = ?1 ORDER BY version DESC LIMIT 100",
            )
            .bind(&[org.as_str().into()])?,
    )
    .await?;

    let feed_url = format!("{base}/v1/orgs/{org}/subprocessors/feed.atom");
    let list_url = format!("{base}/v1/orgs/{org}/subprocessors");
    let updated = rows
        .first()
        .map(|r| r.published_at.clone())
        .unwrap_or_else(|| attest_core::date::rfc3339(0));
    let mut xml = String::with_capacity(2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!(
        "  <id>{id}</id>\n  <title>{title}</title>\n  <updated>{updated}</updated>\n  \
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{id}\"/>\n  \
         <link rel=\"alternate\" type=\"application/json\" href=\"{list}\"/>\n  \
         <author><name>{name}</name></author>\n",
        id = escape(&feed_url),
        title = escape(&format!("{}: subprocessor changes", profile.name)),
        list = escape(&list_url),
        name = escape(profile.name.as_str()),
    ));
    for row in &rows {
        let changes: attest_core::subprocessors::SubprocessorChanges =
            serde_json::from_str(&row.changes_json)
                .map_err(|e| ApiError::Internal(format!("stored changes do not parse: {e}")))?;
        xml.push_str(&format!(
            "  <entry>\n    <id>{feed}#version-{v}</id>\n    <title>{title}</title>\n    \
             <updated>{at}</updated>\n    <link rel=\"alternate\" type=\"application/json\" href=\"{list}\"/>\n    \
             <content type=\"text\">{content}</content>\n  </entry>\n",
            feed = escape(&feed_url),
            v = row.version,
            title = escape(&row.summary),
            at = escape(&row.published_at),
            list = escape(&list_url),
            content = escape(&describe(&changes)),
        ));
    }
    xml.push_str("</feed>\n");
    Ok(xml)
}

/// The changes in plain words, one line each.
fn describe(changes: &attest_core::subprocessors::SubprocessorChanges) -> String {
    let line = |verb: &str, s: &Subprocessor| {
        let mut text = format!("{verb}: {} — {}", s.name, s.purpose);
        if let Some(location) = &s.location {
            text.push_str(&format!(" ({location})"));
        }
        if let Some(planned) = s.planned_from {
            text.push_str(&format!(", from {planned}"));
        }
        text
    };
    let mut lines: Vec<String> = Vec::new();
    lines.extend(changes.added.iter().map(|s| line("Added", s)));
    lines.extend(changes.removed.iter().map(|s| line("Removed", s)));
    lines.extend(changes.changed.iter().map(|c| line("Changed", &c.after)));
    lines.join("\n")
}

/// XML text and attribute escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx"] {
            assert!(neutralise_formula(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(neutralise_formula("Stripe"), "Stripe");
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
