//! The widget's files, embedded at build time: the loader under a stable URL with a short
//! cache, everything it loads under content-hashed names cached for a year.

use worker::{Request, Response};

use crate::router::{Ctx, Doc, FileName, Stored, WidgetAsset};
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
pub const LOADER_CACHE: &str = "public, max-age=300, stale-while-revalidate=86400";
const HASHED_CACHE: &str = "public, max-age=31536000, immutable";

/// The loader's source, as built.
pub fn loader_file() -> Result<&'static WidgetFile, ApiError> {
    find(LOADER_FILE).ok_or_else(|| {
        ApiError::Unavailable("the widget was not built into this Worker (make widget)".into())
    })
}

/// The stylesheet the loader names, as text.
pub fn stylesheet() -> Option<&'static str> {
    stylesheet_hash()
        .and_then(|hash| find(&format!("style-{hash}.css")))
        .and_then(|f| std::str::from_utf8(f.body).ok())
}

/// Where the loader's source takes what the edge gives it for one organisation (`0`:
/// nothing; `trust_page::loader`).
pub const CARRIED: &str = "__ATTEST_FIRST__";

/// The loader as it is for every page: carrying nothing.
pub fn plain_loader(req: &Request) -> Result<Response, ApiError> {
    let file = loader_file()?;
    if http::not_modified(req, file.etag) {
        return http::respond_not_modified(file.etag, LOADER_CACHE);
    }
    let source = loader_source(file)?.replacen(CARRIED, "0", 1);
    respond(source.into_bytes(), file, LOADER_CACHE, file.etag)
}

pub fn loader_source(file: &WidgetFile) -> Result<&'static str, ApiError> {
    std::str::from_utf8(file.body).map_err(|e| ApiError::Internal(e.to_string()))
}

/// `body`, a form of `file`, as the answer: its type, `cache_control` and `etag`.
pub fn respond(
    body: Vec<u8>,
    file: &WidgetFile,
    cache_control: &str,
    etag: &str,
) -> Result<Response, ApiError> {
    let mut response = Response::from_bytes(body)?;
    let headers = response.headers_mut();
    headers.set("content-type", file.content_type)?;
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
    respond(file.body.to_vec(), file, cache_control, file.etag)
}
