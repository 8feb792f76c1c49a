//! Sending e-mail through an HTTP provider. `Provider` is the whole interface: another
//! provider is one more implementation of it. SendGrid's v3 API is the one configured by
//! `SENDGRID_API_KEY` (a Worker secret), `SENDGRID_API_URL` (its default is SendGrid's;
//! tests point it at a local stand-in) and `MAIL_FROM`.

use std::future::Future;

use serde_json::json;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

/// A message ready to go.
pub struct Message {
    pub to: String,
    pub from_name: String,
    pub subject: String,
    pub body: String,
    /// For mail to a list: the one-click unsubscribe link (`List-Unsubscribe`, RFC 8058).
    pub unsubscribe: Option<String>,
}

/// Delivers one message; `Err` says why, without the message's personal data.
pub trait Provider {
    fn send(&self, message: &Message) -> impl Future<Output = Result<(), String>>;
}

pub struct SendGrid {
    api_key: String,
    url: String,
    from: String,
}

const SENDGRID_URL: &str = "https://api.sendgrid.com/v3/mail/send";

impl SendGrid {
    /// The provider this deployment is configured with, if any.
    pub fn from_env(env: &Env) -> Option<Self> {
        let api_key = env
            .secret("SENDGRID_API_KEY")
            .ok()
            .or_else(|| env.var("SENDGRID_API_KEY").ok())?
            .to_string();
        if api_key.trim().is_empty() {
            return None;
        }
        let var = |name: &str| env.var(name).ok().map(|v| v.to_string());
        Some(Self {
            api_key,
            url: var("SENDGRID_API_URL").unwrap_or_else(|| SENDGRID_URL.to_owned()),
            from: var("MAIL_FROM").unwrap_or_else(|| "no-reply@attest.invalid".to_owned()),
        })
    }
}

impl Provider for SendGrid {
    async fn send(&self, message: &Message) -> Result<(), String> {
        let mut body = json!({
            "personalizations": [{ "to": [{ "email": message.to }] }],
            "from": { "email": self.from, "name": message.from_name },
            "subject": message.subject,
            "content": [{ "type": "text/plain", "value": message.body }],
        });
        if let Some(link) = &message.unsubscribe {
            body["headers"] = json!({
                "List-Unsubscribe": format!("<{link}>"),
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            });
        }
        let headers = Headers::new();
        headers
            .set("authorization", &format!("Bearer {}", self.api_key))
            .map_err(|e| e.to_string())?;
        headers
            .set("content-type", "application/json")
            .map_err(|e| e.to_string())?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(body.to_string().into()));
        let request = Request::new_with_init(&self.url, &init).map_err(|e| e.to_string())?;
        let response = Fetch::Request(request)
            .send()
            .await
            .map_err(|e| format!("provider unreachable: {e}"))?;
        match response.status_code() {
            200..=299 => Ok(()),
            status => Err(format!("provider answered {status}")),
        }
    }
}
