//! Talking to the edge: one `fetch` with a timeout, read as JSON.

use attest_core::json::Json;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, RequestMode, Response};

/// A request that has not answered in this long is abandoned: the visitor gets a message
/// and a retry instead of a spinner forever.
const TIMEOUT_MS: i32 = 15_000;

/// One request with a timeout: `body` is JSON, `bearer` a token for `Authorization`.
pub async fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    bearer: Option<&str>,
) -> Option<Response> {
    let window = web_sys::window()?;
    let abort = web_sys::AbortController::new().ok()?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_signal(Some(&abort.signal()));
    let headers = web_sys::Headers::new().ok()?;
    if let Some(body) = body {
        headers.set("content-type", "application/json").ok()?;
        init.set_body(&body.into());
    }
    if let Some(token) = bearer {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .ok()?;
    }
    init.set_headers(&headers);
    let on_timeout = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            TIMEOUT_MS,
        )
        .ok();
    let promise = window.fetch_with_str_and_init(url, &init);
    let response = JsFuture::from(promise).await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    response.ok()?.dyn_into().ok()
}

/// An answer of the API: its status and its JSON body (`Json::Null` when there is none).
pub struct Answer {
    pub status: u16,
    pub body: Json,
}

impl Answer {
    /// A string member of the body.
    pub fn text(&self, key: &str) -> String {
        match self.body.get(key) {
            Some(Json::String(s)) => s.clone(),
            _ => String::new(),
        }
    }

    /// The fields a problem's `errors` name, with their messages.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        let Some(Json::Array(errors)) = self.body.get("errors") else {
            return Vec::new();
        };
        errors
            .iter()
            .map(|e| {
                let text = |k| match e.get(k) {
                    Some(Json::String(s)) => s.clone(),
                    _ => String::new(),
                };
                (text("field"), text("message"))
            })
            .collect()
    }
}

/// Calls the API; `None` when it could not be reached or did not answer in time.
pub async fn call(
    method: &str,
    url: &str,
    body: Option<&js_sys::Object>,
    bearer: Option<&str>,
) -> Option<Answer> {
    let body = body
        .and_then(|b| js_sys::JSON::stringify(b).ok())
        .map(String::from);
    let response = send(method, url, body.as_deref(), bearer).await?;
    let status = response.status();
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some(Answer {
        status,
        body: Json::parse(&text).unwrap_or(Json::Null),
    })
}
