//! `ApiError`: every way a request can fail, mapped once to RFC 9457 problem+json.

use std::borrow::Cow;

use attest_core::ValidationError;
use serde::Serialize;
use worker::{Method, Response};

#[derive(Debug)]
pub enum ApiError {
    /// Input broke one or more rules; each names its field.
    Invalid(Vec<ValidationError>),
    /// No route has this path.
    NoSuchRoute,
    /// The route exists, the thing it names does not.
    NotFound(String),
    /// The route exists but not for this method.
    MethodNotAllowed(Vec<Method>),
    /// Missing or wrong credentials (a status token, an API token).
    Unauthorized(String),
    /// Known caller, not allowed: a foreign origin, a token of another organisation.
    Forbidden(String),
    /// The request conflicts with the state of what it names.
    Conflict(String),
    /// What it names was good once and is no more: a link used or expired.
    Gone(String),
    /// The request is well-formed but cannot be processed as sent (an idempotency key
    /// reused with another body).
    Unprocessable(String),
    /// Too many requests from this client; try again after this many seconds.
    TooManyRequests(u32),
    /// `If-Match` names a version that is no longer current.
    PreconditionFailed(String),
    /// A change that needs `If-Match` came without it.
    PreconditionRequired(String),
    /// The body is larger than the endpoint takes (its limit in bytes).
    PayloadTooLarge(usize),
    /// The body is not JSON by its `Content-Type`.
    UnsupportedMediaType,
    /// The body is not of the media type the endpoint takes (which it names).
    NotMediaType(&'static str),
    /// A dependency (D1, KV) failed in a way worth retrying.
    Unavailable(String),
    /// A bug or an unexpected failure: logged with the request id, never sent out.
    Internal(String),
}

/// An RFC 9457 problem document: what every error answers with.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Problem<'a> {
    /// The problem's kind, as a path: `/problems/invalid`, `/problems/unauthorized`…
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    /// What went wrong, for a person.
    detail: String,
    /// Each field that breaks a rule, for a `400`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldProblem>,
    /// The id of the request in the edge's logs (`x-request-id`).
    request_id: &'a str,
}

/// A field of the body that breaks a rule, and the rule.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldProblem {
    /// Where, as a path into the body: `badges[2].name`; empty for the body as a whole.
    field: String,
    message: String,
}

impl ApiError {
    /// A `400` for one field that breaks a rule (`""`: the body as a whole).
    pub fn invalid(field: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self::Invalid(vec![ValidationError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }])
    }

    pub fn into_response(self, request_id: &str) -> Response {
        let (kind, title, status, detail, errors) = match &self {
            Self::Invalid(errors) => (
                "/problems/invalid-input",
                "Invalid input",
                400,
                match errors.as_slice() {
                    [one] => one.to_string(),
                    many => format!("{} fields are invalid", many.len()),
                },
                errors
                    .iter()
                    .map(|e| FieldProblem {
                        field: e.field().to_owned(),
                        message: e.message(),
                    })
                    .collect(),
            ),
            Self::NoSuchRoute => (
                "/problems/not-found",
                "Not found",
                404,
                "There is no such endpoint; see /openapi.json".to_owned(),
                vec![],
            ),
            Self::NotFound(detail) => (
                "/problems/not-found",
                "Not found",
                404,
                detail.clone(),
                vec![],
            ),
            Self::MethodNotAllowed(_) => (
                "/problems/method-not-allowed",
                "Method not allowed",
                405,
                "This endpoint does not accept that method; see the Allow header".to_owned(),
                vec![],
            ),
            Self::Unauthorized(detail) => (
                "/problems/unauthorized",
                "Unauthorized",
                401,
                detail.clone(),
                vec![],
            ),
            Self::Forbidden(detail) => (
                "/problems/forbidden",
                "Forbidden",
                403,
                detail.clone(),
                vec![],
            ),
            Self::Conflict(detail) => (
                "/problems/conflict",
                "Conflict",
                409,
                detail.clone(),
                vec![],
            ),
            Self::Gone(detail) => ("/problems/gone", "Gone", 410, detail.clone(), vec![]),
            Self::Unprocessable(detail) => (
                "/problems/unprocessable",
                "Unprocessable request",
                422,
                detail.clone(),
                vec![],
            ),
            Self::PreconditionFailed(detail) => (
                "/problems/precondition-failed",
                "Precondition failed",
                412,
                detail.clone(),
                vec![],
            ),
            Self::PreconditionRequired(detail) => (
                "/problems/precondition-required",
                "Precondition required",
                428,
                detail.clone(),
                vec![],
            ),
            Self::PayloadTooLarge(limit) => (
                "/problems/payload-too-large",
                "Payload too large",
                413,
                if *limit >= 1024 * 1024 {
                    format!(
                        "This endpoint takes bodies of at most {} MB.",
                        limit / (1024 * 1024)
                    )
                } else {
                    format!("This endpoint takes bodies of at most {} KB.", limit / 1024)
                },
                vec![],
            ),
            Self::NotMediaType(media) => (
                "/problems/unsupported-media-type",
                "Unsupported media type",
                415,
                format!("Send the body with Content-Type: {media}."),
                vec![],
            ),
            Self::UnsupportedMediaType => (
                "/problems/unsupported-media-type",
                "Unsupported media type",
                415,
                "Send the body as JSON, with Content-Type: application/json.".to_owned(),
                vec![],
            ),
            Self::TooManyRequests(seconds) => (
                "/problems/rate-limited",
                "Too many requests",
                429,
                format!("Too many requests from this address; try again in {seconds} seconds."),
                vec![],
            ),
            Self::Unavailable(cause) => {
                worker::console_error!("[{request_id}] unavailable: {cause}");
                (
                    "/problems/unavailable",
                    "Temporarily unavailable",
                    503,
                    "The service could not complete the request; nothing was changed. Try again shortly.".to_owned(),
                    vec![],
                )
            }
            Self::Internal(cause) => {
                worker::console_error!("[{request_id}] internal error: {cause}");
                (
                    "/problems/internal",
                    "Internal error",
                    500,
                    format!("Something went wrong on our side. Quote request id {request_id} when reporting it."),
                    vec![],
                )
            }
        };
        let body = serde_json::to_vec(&Problem {
            kind,
            title,
            status,
            detail,
            errors,
            request_id,
        })
        .unwrap_or_default();
        let mut response = Response::from_bytes(body)
            .unwrap_or_else(|_| Response::empty().expect("an empty response"))
            .with_status(status);
        let headers = response.headers_mut();
        let _ = headers.set("content-type", "application/problem+json");
        let _ = headers.set("cache-control", "no-store");
        match self {
            Self::MethodNotAllowed(allowed) => {
                let _ = headers.set("allow", &allow_header(&allowed));
            }
            Self::Unavailable(_) => {
                let _ = headers.set("retry-after", "5");
            }
            Self::TooManyRequests(seconds) => {
                let _ = headers.set("retry-after", &seconds.to_string());
            }
            Self::Unauthorized(_) => {
                let _ = headers.set("www-authenticate", "Bearer");
            }
            _ => {}
        }
        response
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<worker::kv::KvError> for ApiError {
    fn from(error: worker::kv::KvError) -> Self {
        Self::Unavailable(format!("KV: {error}"))
    }
}

impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> Self {
        Self::Invalid(vec![error])
    }
}

/// The `Allow` header of a path that accepts `allowed` (`HEAD` with `GET`).
pub fn allow_header(allowed: &[Method]) -> String {
    let mut names: Vec<&str> = allowed.iter().map(|m| m.as_ref()).collect();
    if names.contains(&"GET") {
        names.push("HEAD");
    }
    names.join(", ")
}
