//! The console's files, from the Worker's static assets (the `ASSETS` binding, built by
//! `make console` into `console/dist`): its content-hashed scripts, wasm and styles cached
//! for a year, and for every other path under `/console/` its one page, which routes in
//! the browser. The page carries the console's security headers: a CSP with nothing
//! inline and nothing from elsewhere, no framing, no referrer (a sign-in link's token is
//! in its address).

use worker::{Method, RequestInit};

use crate::router::{ConsoleFile, ConsolePage, Ctx, Doc, Html, Page, Redirect, Stored};
use crate::shared::error::ApiError;
use crate::shared::http;

const BINDING: &str = "ASSETS";
const INDEX: &str = "/console/index.html";
const HASHED_CACHE: &str = "public, max-age=31536000, immutable";

/// What the console's page may load: its own files, and calls to its own origin.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// `GET /console` in the OpenAPI document.
pub const ROOT: Doc = Doc {
    id: "consoleRoot",
    summary: "The console, at its address with a slash",
    description: "",
    answer: "To `/console/`.",
    errors: &[],
    headers: &[],
};

/// `GET /console`.
pub async fn root(ctx: Ctx) -> Result<Redirect, ApiError> {
    Redirect::to(&format!("{}/console/", ctx.base))
}

/// `GET /console/` in the OpenAPI document.
pub const INDEX_PAGE: Doc = Doc {
    id: "console",
    summary: "The console: the team's app (sign-in, organisations, members, settings)",
    description: "One page that routes in the browser and works through the admin API.",
    answer: "The console's page.",
    errors: &[(
        503,
        "The console is not built into this deployment (make console).",
    )],
    headers: &[],
};

/// `GET /console/`.
pub async fn index(ctx: Ctx) -> Result<Page<Html>, ApiError> {
    page(&ctx).await.map(Page::new)
}

/// `GET /console/{page}` in the OpenAPI document.
pub const FILE: Doc = Doc {
    id: "consoleFile",
    summary: "One of the console's files, or its page for a path it routes",
    description: "`assets/…`: a content-hashed file (its script, WebAssembly or styles), cached for a year; `404` when there is none. Any other path: the console's page, which shows that screen.",
    answer: "The file, or the console's page.",
    errors: &[
        (404, "No such file."),
        (503, "The console is not built into this deployment (make console)."),
    ],
    headers: &[],
};

/// `GET /console/{*page}`.
pub async fn file(
    ctx: Ctx,
    ConsolePage(path): ConsolePage,
) -> Result<Stored<ConsoleFile>, ApiError> {
    if !path.starts_with("assets/") {
        return page(&ctx).await.map(Stored::new);
    }
    let stored = fetch(&ctx, &format!("/console/{path}")).await?;
    if stored.status != 200 {
        return Err(ApiError::NotFound(format!(
            "No console file named '{path}'"
        )));
    }
    if !stored.etag.is_empty() && http::not_modified(&ctx.req, &stored.etag) {
        return http::respond_not_modified(&stored.etag, HASHED_CACHE).map(Stored::new);
    }
    let mut response = worker::Response::from_bytes(stored.body)?;
    let headers = response.headers_mut();
    headers.set("content-type", &stored.content_type)?;
    headers.set("cache-control", HASHED_CACHE)?;
    headers.set("x-content-type-options", "nosniff")?;
    if !stored.etag.is_empty() {
        headers.set("etag", &stored.etag)?;
    }
    Ok(Stored::new(response))
}

/// The console's one page, with its headers.
async fn page(ctx: &Ctx) -> Result<worker::Response, ApiError> {
    let stored = fetch(ctx, INDEX).await?;
    if stored.status != 200 {
        return Err(ApiError::Unavailable(
            "the console was not built (make console)".into(),
        ));
    }
    if !stored.etag.is_empty() && http::not_modified(&ctx.req, &stored.etag) {
        return http::respond_not_modified(&stored.etag, "no-cache");
    }
    let mut response = worker::Response::from_bytes(stored.body)?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/html; charset=utf-8")?;
    headers.set("cache-control", "no-cache")?;
    if !stored.etag.is_empty() {
        headers.set("etag", &stored.etag)?;
    }
    headers.set("content-security-policy", CSP)?;
    headers.set("x-frame-options", "DENY")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "no-referrer")?;
    headers.set("cross-origin-opener-policy", "same-origin")?;
    Ok(response)
}

/// A file of the static assets, read whole (the console's largest is its wasm).
struct Asset {
    status: u16,
    content_type: String,
    etag: String,
    body: Vec<u8>,
}

async fn fetch(ctx: &Ctx, path: &str) -> Result<Asset, ApiError> {
    let assets = ctx
        .env
        .assets(BINDING)
        .map_err(|_| ApiError::Unavailable("the console's files are not bound (ASSETS)".into()))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Get);
    let request = worker::Request::new_with_init(&format!("{}{path}", ctx.base), &init)?;
    let mut response = assets
        .fetch_request(request)
        .await
        .map_err(|e| ApiError::Unavailable(format!("the console's files: {e}")))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let (content_type, etag) = (header("content-type"), header("etag"));
    let status = response.status_code();
    let body = if status == 200 {
        response.bytes().await?
    } else {
        Vec::new()
    };
    Ok(Asset {
        status,
        content_type,
        etag,
        body,
    })
}
