//! What every response shares: request ids, security and CORS headers, conditional GETs.

use attest_core::OrgSlug;
use worker::{Method, Request, Response};

use crate::shared::error::ApiError;

/// The id that ties a response to its log lines: Cloudflare's ray id when there is one.
pub fn request_id(req: &Request) -> String {
    req.headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            // Good enough to tell log lines apart; never used as a secret. Two draws: one
            // f64 carries only 53 random bits.
            let draw = || (worker::js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            format!("{:08x}{:08x}", draw(), draw())
        })
}

/// Headers every response carries, whatever produced it. `https`: the request came over
/// HTTPS, so browsers are told to keep to it (HSTS, two years).
pub fn finish(mut response: Response, request_id: &str, https: bool) -> Response {
    let headers = response.headers_mut();
    let _ = headers.set("x-request-id", request_id);
    let _ = headers.set("x-content-type-options", "nosniff");
    let _ = headers.set("referrer-policy", "no-referrer");
    if https {
        let _ = headers.set(
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        );
    }
    // Public reads are readable from any origin: the widget runs on customers' sites.
    // Form answers name their one allowed origin themselves (see `forms`).
    if !headers.has("access-control-allow-origin").unwrap_or(false) {
        let _ = headers.set("access-control-allow-origin", "*");
    }
    let _ = headers.set(
        "access-control-expose-headers",
        "etag, x-request-id, retry-after",
    );
    let _ = headers.set("cross-origin-resource-policy", "cross-origin");
    response
}

/// The answer to a CORS preflight for a path that accepts `allowed`.
pub fn preflight(allowed: &[Method]) -> Result<Response, ApiError> {
    let mut response = Response::empty()?.with_status(204);
    let headers = response.headers_mut();
    let mut methods = crate::shared::error::allow_header(allowed);
    methods.push_str(", OPTIONS");
    headers.set("access-control-allow-methods", &methods)?;
    headers.set(
        "access-control-allow-headers",
        "content-type, authorization, idempotency-key, if-none-match",
    )?;
    headers.set("access-control-max-age", "86400")?;
    headers.set("allow", &methods)?;
    Ok(response)
}

/// The `{org}` of a path, or a 400 naming the rule it broke.
pub fn org(raw: &str) -> Result<OrgSlug, ApiError> {
    Ok(OrgSlug::parse(raw)?)
}

/// True when the client already holds the representation tagged `etag`.
pub fn not_modified(req: &Request, etag: &str) -> bool {
    req.headers()
        .get("if-none-match")
        .ok()
        .flatten()
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        })
}

/// A bodiless `304` carrying the validators the client cached.
pub fn respond_not_modified(etag: &str, cache_control: &str) -> Result<Response, ApiError> {
    let mut response = Response::empty()?.with_status(304);
    response.headers_mut().set("etag", etag)?;
    response.headers_mut().set("cache-control", cache_control)?;
    Ok(response)
}

/// A strong validator for `bytes`: the first 128 bits of their SHA-256.
pub fn strong_etag(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex = crate::shared::crypto::hex(&digest[..16]);
    format!("\"{hex}\"")
}

/// Sets the headers of a cacheable representation.
pub fn cached(
    mut response: Response,
    content_type: &str,
    cache_control: &str,
    etag: &str,
) -> Result<Response, ApiError> {
    let headers = response.headers_mut();
    headers.set("content-type", content_type)?;
    headers.set("cache-control", cache_control)?;
    headers.set("etag", etag)?;
    Ok(response)
}

/// Whether the client asked for `media_type` in its `Accept` header.
pub fn accepts(req: &Request, media_type: &str) -> bool {
    req.headers()
        .get("accept")
        .ok()
        .flatten()
        .is_some_and(|accept| {
            accept.split(',').any(|part| {
                part.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case(media_type)
            })
        })
}

/// Now, in seconds since the Unix epoch, from the runtime's clock.
pub fn now_unix_seconds() -> i64 {
    (worker::Date::now().as_millis() / 1000) as i64
}

/// The origin this request reached the edge at, e.g. `https://trust.example.com`.
pub fn origin(req: &Request) -> Result<String, ApiError> {
    let url = req.url()?;
    Ok(url.origin().ascii_serialization())
}

/// The token of an `Authorization: Bearer <token>` header, if there is one.
pub fn bearer(req: &Request) -> Option<String> {
    req.headers()
        .get("authorization")
        .ok()
        .flatten()
        .and_then(|h| h.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
}

/// A number from the query: `default` when not given, a `400` naming `field` when it is
/// not a whole number within `range`.
pub fn number_in(
    field: &'static str,
    raw: Option<&str>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, ApiError> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    // Digits only, as the document's `integer` says: no sign, no spaces.
    Some(raw)
        .filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|r| r.parse::<i64>().ok())
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            ApiError::invalid(
                field,
                format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// The furthest a list's page may start: far past any list, well within what D1 binds
/// exactly.
pub const MAX_OFFSET: i64 = 1_000_000_000;

/// A list's page from the query: `limit` (1 to `max`; `default` when not given) and
/// `offset` (0 to `MAX_OFFSET`; 0 when not given), each a `400` naming it when it is not.
pub fn page_window(
    limit: Option<&str>,
    offset: Option<&str>,
    default: i64,
    max: i64,
) -> Result<(i64, i64), ApiError> {
    Ok((
        number_in("limit", limit, default, 1..=max)?,
        number_in("offset", offset, 0, 0..=MAX_OFFSET)?,
    ))
}

/// A time from the query, as RFC 3339 in any offset (`2026-12-01T10:00:00Z`), as the
/// records hold times (UTC, to the second); a `400` naming `field` otherwise.
pub fn time_in(field: &'static str, raw: Option<String>) -> Result<Option<String>, ApiError> {
    raw.map(|raw| {
        attest_core::date::parse_rfc3339(&raw)
            .map(attest_core::date::rfc3339)
            .ok_or_else(|| ApiError::invalid(field, "must be a time such as 2026-12-01T10:00:00Z"))
    })
    .transpose()
}

/// The query parameter `name`, when given and not empty.
pub fn query(req: &Request, name: &str) -> Result<Option<String>, ApiError> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty()))
}

/// A request body as `T`, or a `400` saying what is wrong with it and naming the field
/// where it went wrong (`badges[2].name`), when it is in one.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body the edge takes is an object; serde would also read a struct from an
    // array of its fields in order (`[]` for one whose fields are all optional).
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        let reason = if field.is_empty() {
            format!(
                "the body is not the JSON this endpoint takes: {}",
                e.inner()
            )
        } else {
            e.inner().to_string()
        };
        ApiError::Invalid(vec![attest_core::ValidationError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }])
    })
}

/// The largest body an endpoint takes unless it says otherwise: every form and admin
/// change is far smaller. (A profile may be larger: see `publishing`.)
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The request's media type: its `Content-Type` without parameters, lower-cased (empty
/// when it has none).
pub fn media_type(req: &Request) -> Result<String, ApiError> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    Ok(content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase())
}

/// The request's body when it is JSON by its `Content-Type` (`application/json` or
/// `application/…+json`) and at most `limit` bytes: `415` and `413` otherwise, the
/// latter before reading when `Content-Length` says so.
pub async fn json_bytes(req: &mut Request, limit: usize) -> Result<Vec<u8>, ApiError> {
    let essence = media_type(req)?;
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if !json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|l| l.trim().parse::<usize>().ok());
    if declared.is_some_and(|l| l > limit) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    let bytes = req.bytes().await?;
    if bytes.len() > limit {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    Ok(bytes)
}

/// The request's body as it is, when it is sent as `media` and at most `limit` bytes:
/// `415` and `413` otherwise (the latter before reading when `Content-Length` says so),
/// `400` when fewer bytes arrived than `Content-Length` said (an upload cut short).
pub async fn file_bytes(
    req: &mut Request,
    media: &'static str,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let essence = media_type(req)?;
    if essence != media {
        return Err(ApiError::NotMediaType(media));
    }
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|l| l.trim().parse::<usize>().ok());
    if declared.is_some_and(|l| l > limit) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    // A body whose connection broke off before its end is an upload cut short.
    let bytes = req.bytes().await.map_err(|_| {
        ApiError::invalid(
            "file",
            "arrived cut short (the connection broke off): send it again",
        )
    })?;
    if bytes.len() > limit {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    if declared.is_some_and(|l| l != bytes.len()) {
        return Err(ApiError::invalid(
            "file",
            "arrived cut short (fewer bytes than Content-Length said): send it again",
        ));
    }
    Ok(bytes)
}

/// Reads the request's JSON body as `T` (see `json_bytes` and `parse_json`).
pub async fn json_body<T: serde::de::DeserializeOwned>(req: &mut Request) -> Result<T, ApiError> {
    parse_json(&json_bytes(req, MAX_BODY_BYTES).await?)
}

/// The request's `Origin` when the organisation allows it; no `Origin` (an API client,
/// not a browser) is allowed too. Anything else is refused before the body is read.
pub fn form_origin(
    req: &Request,
    profile: &attest_core::TrustProfile,
) -> Result<Option<String>, ApiError> {
    let Some(origin) = req.headers().get("origin").ok().flatten() else {
        return Ok(None);
    };
    if profile
        .allowed_origins
        .iter()
        .any(|allowed| allowed.as_str().eq_ignore_ascii_case(origin.trim()))
    {
        Ok(Some(origin))
    } else {
        Err(ApiError::Forbidden(format!(
            "{origin} is not among the sites this organisation accepts forms from"
        )))
    }
}

/// Lets the browser at `origin` read the response (the default `*` does not apply to
/// forms, whose answers carry secrets).
pub fn with_origin(mut response: Response, origin: Option<&str>) -> Response {
    if let Some(origin) = origin {
        let headers = response.headers_mut();
        let _ = headers.set("access-control-allow-origin", origin);
        let _ = headers.set("vary", "origin");
    }
    response
}

/// `body` as a JSON answer with `status`, never cached.
pub fn json<T: serde::Serialize>(status: u16, body: &T) -> Result<Response, ApiError> {
    let mut response = Response::from_json(body)?.with_status(status);
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Optional {
        #[allow(dead_code)]
        assignee: Option<String>,
    }

    #[test]
    fn a_body_is_an_object_never_an_array_of_fields() {
        assert!(parse_json::<Optional>(b" {\"assignee\": null}").is_ok());
        for body in [&b"[]"[..], b"[null]", b"null", b"\"x\"", b""] {
            assert!(parse_json::<Optional>(body).is_err(), "{body:?}");
        }
    }
}
