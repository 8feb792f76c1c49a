//! The admin API, from the browser: `gloo-net` requests to the same origin, JSON bodies,
//! problem+json errors, and the CSRF token that every change made with a session carries.

use std::cell::RefCell;

use gloo_net::http::{Method, Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

thread_local! {
    /// The session's CSRF token, from `GET /v1/admin/me` or a sign-in's answer.
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers the CSRF token the changes of this session carry.
pub fn set_csrf_token(token: Option<String>) {
    CSRF.with(|t| *t.borrow_mut() = token);
}

/// The session's CSRF token, for a change made other than through these functions (an
/// upload with its progress).
pub fn csrf_token() -> Option<String> {
    CSRF.with(|t| t.borrow().clone())
}

/// A field the edge refused, and why.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What went wrong: the edge's RFC 9457 problem, or no answer at all.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// The edge was not reached (offline, or the connection dropped).
    pub fn network() -> Self {
        Self {
            status: 0,
            title: String::new(),
            detail: String::new(),
            errors: Vec::new(),
        }
    }

    pub fn unauthenticated(&self) -> bool {
        self.status == 401
    }

    /// The message for `field`, if the edge named it.
    pub fn field(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
            .map(|e| e.message.clone())
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            f.write_str(&self.title)
        } else {
            f.write_str(&self.detail)
        }
    }
}

impl std::error::Error for Problem {}

pub type Answer<T> = Result<T, Problem>;

/// `GET path` as JSON.
pub async fn get<T: DeserializeOwned>(path: &str) -> Answer<T> {
    answer(Request::get(path)).await
}

/// A JSON answer with the headers that version it: what `GET …/profile` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub body: T,
    /// The `ETag` a change names in `If-Match`.
    pub etag: String,
    /// The `attest-*` headers: whether this is a draft, and who saved it when.
    pub draft: bool,
    pub saved_by: String,
    pub saved_at: String,
}

/// A header value the edge percent-encoded (UTF-8 beyond printable ASCII).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn versioned<T>(response: &gloo_net::http::Response, body: T) -> Versioned<T> {
    let header = |name: &str| response.headers().get(name).unwrap_or_default();
    Versioned {
        body,
        etag: header("etag"),
        draft: header("attest-draft") == "true",
        saved_by: percent_decoded(&header("attest-saved-by")),
        saved_at: header("attest-saved-at"),
    }
}

/// `GET path` as JSON, with its version.
pub async fn get_versioned<T: DeserializeOwned>(path: &str) -> Answer<Versioned<T>> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|_| Problem::network())?;
    if !response.ok() {
        return Err(problem(response).await);
    }
    let body = response.json().await.map_err(|_| Problem::network())?;
    Ok(versioned(&response, body))
}

/// `PUT path` with a JSON `body` based on `etag` (`If-Match`), answered with JSON and
/// its new version.
pub async fn put_versioned<T: DeserializeOwned>(
    path: &str,
    etag: &str,
    body: &impl Serialize,
) -> Answer<Versioned<T>> {
    let request = change(Method::PUT, path)
        .header("if-match", etag)
        .json(body)
        .map_err(|_| Problem::network())?;
    let response = request.send().await.map_err(|_| Problem::network())?;
    if !response.ok() {
        return Err(problem(response).await);
    }
    let body = response.json().await.map_err(|_| Problem::network())?;
    Ok(versioned(&response, body))
}

/// `POST path` naming the version it acts on in `If-Match`, answered with JSON.
pub async fn post_if_match<T: DeserializeOwned>(path: &str, etag: &str) -> Answer<T> {
    let request = change(Method::POST, path)
        .header("if-match", etag)
        .json(&serde_json::json!({}))
        .map_err(|_| Problem::network())?;
    read(request.send().await).await
}

/// A change: `method path` with a JSON `body`, carrying the CSRF token.
pub async fn send<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Answer<T> {
    let builder = change(method, path);
    match body {
        Some(body) => {
            let request = builder.json(body).map_err(|_| Problem::network())?;
            read(request.send().await).await
        }
        None => answer(builder).await,
    }
}

/// A change answered `204 No Content`.
pub async fn send_empty(method: Method, path: &str) -> Answer<()> {
    let response = change(method, path)
        .send()
        .await
        .map_err(|_| Problem::network())?;
    if response.ok() {
        Ok(())
    } else {
        Err(problem(response).await)
    }
}

/// `POST path` with `body`, answered with JSON.
pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Answer<T> {
    send(Method::POST, path, Some(body)).await
}

fn change(method: Method, path: &str) -> RequestBuilder {
    let builder = RequestBuilder::new(path).method(method);
    match CSRF.with(|t| t.borrow().clone()) {
        Some(token) => builder.header("x-csrf-token", &token),
        None => builder,
    }
}

async fn answer<T: DeserializeOwned>(builder: RequestBuilder) -> Answer<T> {
    read(builder.send().await).await
}

async fn read<T: DeserializeOwned>(
    sent: Result<gloo_net::http::Response, gloo_net::Error>,
) -> Answer<T> {
    let response = sent.map_err(|_| Problem::network())?;
    if response.ok() {
        response.json().await.map_err(|_| Problem::network())
    } else {
        Err(problem(response).await)
    }
}

async fn problem(response: gloo_net::http::Response) -> Problem {
    let status = response.status();
    let mut problem = response
        .json::<Problem>()
        .await
        .unwrap_or_else(|_| Problem {
            status,
            title: response.status_text(),
            detail: String::new(),
            errors: Vec::new(),
        });
    problem.status = status;
    problem
}

/// `PUT path` with `file` as the body (`content_type`), by XMLHttpRequest for its upload
/// progress (0–100 in `progress`); answered with JSON or the edge's problem.
pub async fn put_file<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    content_type: &str,
    progress: leptos::prelude::RwSignal<Option<u32>>,
) -> Result<T, Problem> {
    use leptos::prelude::Set;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let network = |_| Problem::network();
    let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
    xhr.open("PUT", path).map_err(network)?;
    xhr.set_request_header("content-type", content_type)
        .map_err(network)?;
    if let Some(token) = csrf_token() {
        xhr.set_request_header("x-csrf-token", &token)
            .map_err(network)?;
    }
    progress.set(Some(0));
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some((e.loaded() / e.total() * 100.0).floor() as u32));
            }
        });
    xhr.upload()
        .map_err(network)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_blob(Some(file)).map_err(network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if status == 0 {
        return Err(Problem::network());
    }
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| Problem::network());
    }
    let mut problem = serde_json::from_str::<Problem>(&text).unwrap_or(Problem {
        status,
        title: xhr.status_text().unwrap_or_default(),
        detail: String::new(),
        errors: Vec::new(),
    });
    problem.status = status;
    Err(problem)
}

/// A path segment or query value, percent-encoded.
pub fn encode(text: &str) -> String {
    // What `encodeURIComponent` leaves as it is; everything else as UTF-8 `%XX`.
    let kept = |b: u8| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
    text.bytes()
        .map(|b| {
            if kept(b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
