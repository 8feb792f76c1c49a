//! The widget's files, embedded at build time: the loader under a stable URL with a short
//! cache, everything it loads under content-hashed names cached for a year.

use attest_core::OrgSlug;
use serde::Deserialize;
use worker::{Request, Response};

use crate::public::trust_page;
use crate::router::{Ctx, Doc, FileName, Query, Script, Stored, WidgetAsset};
use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot::CACHE_CONTROL;

pub struct WidgetFile {
    pub name: &'static str,
    pub content_type: &'static str,
    pub etag: &'static str,
    pub body: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/widget_files.rs"));

const LOADER_FILE: &str = "widget.js";
/// Customers' pages pick up a new widget within minutes, and never wait on us to get one.
const LOADER_CACHE: &str = "public, max-age=300, stale-while-revalidate=86400";
const HASHED_CACHE: &str = "public, max-age=31536000, immutable";

/// `GET /v1/widget.js` in the OpenAPI document.
pub const LOADER: Doc = Doc {
    id: "widgetLoader",
    summary: "The widget's loader, the script customers paste",
    description: "With `org`, the loader comes with that trust center's first view in the \
                  language of `Accept-Language`, so the badges show without a second \
                  request (cached as the first view is, for a minute); an organisation with \
                  nothing published, or no language, gets the plain loader.",
    answer: "The loader.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (503, "The widget is not built into this deployment.")],
    headers: &[],
};

/// The loader's parameters.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LoaderQuery {
    /// The organisation the tag's `data-org` names: the loader then carries its first
    /// view.
    #[cfg_attr(feature = "openapi", schemars(with = "Option<attest_core::OrgSlug>"))]
    org: Option<String>,
}

/// Where the loader's source takes what the edge gives it for one organisation (`0`:
/// nothing).
const CARRIED: &str = "__ATTEST_FIRST__";

pub async fn loader(
    ctx: Ctx,
    Query(query): Query<LoaderQuery>,
) -> Result<Stored<Script>, ApiError> {
    let file = find(LOADER_FILE).ok_or_else(|| {
        ApiError::Unavailable("the widget was not built into this Worker (make widget)".into())
    })?;
    let org = query
        .org
        .map(|org| OrgSlug::parse(org).map_err(|e| ApiError::invalid("org", e.message())))
        .transpose()?;
    let source = std::str::from_utf8(file.body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let css = stylesheet_hash()
        .and_then(|hash| find(&format!("style-{hash}.css")))
        .and_then(|f| std::str::from_utf8(f.body).ok());
    let carried = match (&org, css) {
        (Some(org), Some(css)) => trust_page::for_loader(&ctx, org, css).await?,
        _ => None,
    };
    let Some((carried, etag)) = carried else {
        if http::not_modified(&ctx.req, file.etag) {
            return http::respond_not_modified(file.etag, LOADER_CACHE).map(Stored::new);
        }
        return script(source.replacen(CARRIED, "0", 1), LOADER_CACHE, file.etag).map(Stored::new);
    };
    let etag = format!(
        "\"{}\"",
        &crypto::sha256_hex(&format!("{}|{etag}", file.etag))[..32]
    );
    if http::not_modified(&ctx.req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL).map(Stored::new);
    }
    let mut response = script(source.replacen(CARRIED, &carried, 1), CACHE_CONTROL, &etag)?;
    response.headers_mut().set("vary", "accept-language")?;
    Ok(Stored::new(response))
}

fn script(body: String, cache_control: &str, etag: &str) -> Result<Response, ApiError> {
    let mut response = Response::from_bytes(body.into_bytes())?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/javascript; charset=utf-8")?;
    headers.set("cache-control", cache_control)?;
    headers.set("etag", etag)?;
    Ok(response)
}

/// `GET /v1/assets/{file}` in the OpenAPI document.
pub const ASSET: Doc = Doc {
    id: "widgetAsset",
    summary: "A content-hashed file the loader loads (immutable)",
    description: "",
    answer: "The file.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (404, "No such file.")],
    headers: &[],
};

pub async fn asset(ctx: Ctx, FileName(name): FileName) -> Result<Stored<WidgetAsset>, ApiError> {
    let req = &ctx.req;
    match find(&name) {
        Some(file) if file.name != LOADER_FILE => serve(req, file, HASHED_CACHE).map(Stored::new),
        _ => Err(ApiError::NotFound(format!("No widget file named '{name}'"))),
    }
}

/// The hash in the stylesheet's name (`style-<hash>.css`): it names the widget build, so
/// that HTML the edge renders for one build is never shown with another's loader.
pub fn stylesheet_hash() -> Option<&'static str> {
    WIDGET_FILES.iter().find_map(|f| {
        f.name
            .strip_prefix("style-")
            .and_then(|rest| rest.strip_suffix(".css"))
    })
}

fn find(name: &str) -> Option<&'static WidgetFile> {
    WIDGET_FILES.iter().find(|f| f.name == name)
}

fn serve(req: &Request, file: &WidgetFile, cache_control: &str) -> Result<Response, ApiError> {
    if http::not_modified(req, file.etag) {
        return http::respond_not_modified(file.etag, cache_control);
    }
    let mut response = Response::from_bytes(file.body.to_vec())?;
    let headers = response.headers_mut();
    headers.set("content-type", file.content_type)?;
    headers.set("cache-control", cache_control)?;
    headers.set("etag", file.etag)?;
    Ok(response)
}
