//! An organisation's logo, as the widget, the hosted page, link previews and e-mails show
//! it: from R2, never changing under its name, and sandboxed should anyone open an SVG
//! on its own (it was checked to be only a picture when it was uploaded; the policy
//! holds even so).

use attest_core::OrgSlug;

use crate::router::{Ctx, Doc, Image, LogoName, Stored};
use crate::shared::error::ApiError;
use crate::shared::files::{logo_key, FILES};
use crate::shared::http;

const CACHE: &str = "public, max-age=31536000, immutable";

/// What a logo may do when opened on its own: draw, with its own styles and embedded
/// images, and nothing else.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// `GET /v1/orgs/{org}/logos/{logo}` in the OpenAPI document.
pub const READ: Doc = Doc {
    id: "getLogo",
    summary: "An organisation's logo",
    description: "The file uploaded as `PUT /v1/admin/orgs/{org}/logo`, by the name its upload answered (the profile's `brand.logo`). It never changes under that name, so it is cached for a year. An SVG is served with a Content-Security-Policy that allows no script and no loads, in a sandbox.",
    answer: "The logo.",
    errors: &[(404, "The organisation has no logo of that name.")],
    headers: &[],
};

/// `GET /v1/orgs/{org}/logos/{logo}`
pub async fn read(
    ctx: Ctx,
    org: OrgSlug,
    LogoName(file): LogoName,
) -> Result<Stored<Image>, ApiError> {
    let etag = format!("\"{}\"", file.as_str());
    if http::not_modified(&ctx.req, &etag) {
        return http::respond_not_modified(&etag, CACHE).map(Stored::new);
    }
    let object = ctx
        .env
        .bucket(FILES)?
        .get(logo_key(&org, &file))
        .execute()
        .await
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))?
        .ok_or_else(|| ApiError::NotFound(format!("{org} has no logo {}", file.as_str())))?;
    let bytes = object
        .body()
        .ok_or_else(|| ApiError::Internal("an R2 object without a body".into()))?
        .bytes()
        .await
        .map_err(|e| ApiError::Unavailable(format!("R2: {e}")))?;
    let mut response = worker::Response::from_bytes(bytes)?;
    let headers = response.headers_mut();
    // An SVG was checked as UTF-8: it is read as nothing else, whatever it declares.
    let media = match file.media_type() {
        "image/svg+xml" => "image/svg+xml; charset=utf-8",
        other => other,
    };
    headers.set("content-type", media)?;
    headers.set("cache-control", CACHE)?;
    headers.set("etag", &etag)?;
    headers.set("content-security-policy", POLICY)?;
    headers.set(
        "content-disposition",
        &format!("inline; filename=\"{org}-logo.{}\"", &file.as_str()[17..]),
    )?;
    Ok(Stored::new(response))
}
