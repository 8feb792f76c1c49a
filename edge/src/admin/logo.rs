//! The organisation's logo: uploaded by the team (an SVG that is only a picture, or a
//! whole PNG, checked by `attest_core::logo`), kept in R2 under the first 16 hex digits
//! of its SHA-256, and named in the profile's `brand.logo` like any other field, so that
//! a new logo goes live when the profile that names it is published.

use attest_core::logo::{self, Kind};
use attest_core::{LogoFile, OrgSlug};
use serde::Serialize;
use serde_json::json;

use crate::router::{Created, Ctx, Doc, Extract};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::files;
use crate::shared::http;
use crate::shared::storage::DB;

#[cfg(feature = "openapi")]
use crate::apidoc::Operation;

/// The body of a logo upload: its kind (from `Content-Type`) and its bytes.
pub struct LogoBody(pub Kind, pub Vec<u8>);

impl Extract for LogoBody {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let kind = Kind::of_media_type(&http::media_type(&ctx.req)?)
            .ok_or(ApiError::NotMediaType("image/svg+xml or image/png"))?;
        http::file_bytes(&mut ctx.req, kind.media_type(), logo::MAX_BYTES)
            .await
            .map(|bytes| Self(kind, bytes))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.file_bodies(&["image/svg+xml", "image/png"], "512 KB");
    }
}

/// A logo kept.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    /// What `brand.logo` names it by.
    logo: String,
    /// Where the edge serves it (from any origin, cached for a year: it never changes).
    url: String,
    media_type: String,
    /// Bytes.
    size: i64,
    /// The SHA-256 of the file, hex.
    sha256: String,
    /// In pixels, for a PNG.
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

/// `PUT /v1/admin/orgs/{org}/logo` in the OpenAPI document.
pub const UPLOAD: Doc = Doc {
    id: "uploadLogo",
    summary: "Upload the organisation's logo (content:write)",
    description: "The body is the logo itself: an SVG (`Content-Type: image/svg+xml`) or a PNG (`image/png`), at most 512 KB. An SVG must be only a picture: no script, no `<foreignObject>`, no event attributes (`onload=`), no references outside the file (`href` and `url()` only to `#id`, or an embedded PNG, JPEG, GIF or WebP), no DOCTYPE with entities, no processing instructions, no CSS `@import` or escapes; anything else is refused, not cleaned, with what was wrong. A PNG must be whole, at most 4096 pixels wide and high. The answer's `logo` is what `brand.logo` in the profile names: the logo shows once a profile naming it is published. Uploading the same file again answers the same name. Audited as `brand.logo_uploaded`.",
    answer: "The logo kept, and the name `brand.logo` gives it.",
    errors: &[(
        400,
        "The file is not an SVG or PNG, is cut short, or has what a logo may not (field `file`, the reason in words).",
    )],
    headers: &[],
};

/// `PUT /v1/admin/orgs/{org}/logo`
pub async fn upload(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    LogoBody(kind, bytes): LogoBody,
) -> Result<Created<Logo>, ApiError> {
    let checked = logo::check(kind, &bytes).map_err(|e| ApiError::invalid("file", e.0))?;
    let sha256 = crypto::sha256_hex_bytes(&bytes);
    let file = LogoFile::parse(format!("{}.{}", &sha256[..16], kind.extension()))
        .map_err(|e| ApiError::Internal(format!("a logo's name does not read: {e}")))?;
    let key = files::logo_key(&org, &file);
    let size = bytes.len() as i64;
    files::put(&ctx.env, &key, bytes, kind.media_type()).await?;
    let db = ctx.env.d1(DB)?;
    let actor = caller.actor();
    let mut change = Change::plain(&db, org.as_str(), ctx.now);
    change.audit(audit::Change {
        actor: &actor,
        action: "brand.logo_uploaded",
        target: file.as_str(),
        before: None,
        after: Some(json!({
            "mediaType": kind.media_type(),
            "size": size,
            "sha256": sha256,
        })),
    })?;
    // The object stays if the journal entry fails: its name is its content, so the same
    // upload again finds it, and nothing names it until a profile does.
    change.commit().await?;
    let origin = http::origin(&ctx.req)?;
    Created::new(&Logo {
        url: format!("{origin}/v1/orgs/{org}/logos/{}", file.as_str()),
        logo: file.as_str().to_owned(),
        media_type: kind.media_type().to_owned(),
        size,
        sha256,
        width: checked.width,
        height: checked.height,
    })
}
