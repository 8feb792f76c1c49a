//! The widget's files, embedded at build time: the loader under a stable URL with a short
//! cache, everything it loads under content-hashed names cached for a year.

use worker::{Request, Response};

use crate::router::{Ctx, Doc, FileName, Script, Stored, WidgetAsset};
use crate::shared::error::ApiError;
use crate::shared::http;

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
    description: "",
    answer: "The loader.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (503, "The widget is not built into this deployment.")],
    headers: &[],
};

pub async fn loader(ctx: Ctx) -> Result<Stored<Script>, ApiError> {
    let req = &ctx.req;
    let file = find(LOADER_FILE).ok_or_else(|| {
        ApiError::Unavailable("the widget was not built into this Worker (make widget)".into())
    })?;
    serve(req, file, LOADER_CACHE).map(Stored::new)
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
