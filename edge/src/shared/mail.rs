//! Sending e-mail through an HTTP provider. `Provider` is the whole interface: another
//! provider is one more implementation of it. SendGrid's v3 API is the one configured by
//! `SENDGRID_API_KEY` (a Worker secret), `SENDGRID_API_URL` (its default is SendGrid's;
//! tests point it at a local stand-in) and `MAIL_FROM`.

use std::future::Future;

use serde_json::json;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::shared::http::escape;

/// A message ready to go.
pub struct Message {
    pub to: String,
    pub from_name: String,
    pub subject: String,
    pub body: String,
    /// The same words as HTML, in the organisation's look (see `html`).
    pub html: Option<String>,
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
        if let Some(html) = &message.html {
            body["content"]
                .as_array_mut()
                .expect("content is a list")
                .push(json!({ "type": "text/html", "value": html }));
        }
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

/// How an organisation's mail looks: its name, its accent colour and its logo's address
/// (when its logo is a PNG).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    pub name: String,
    /// `#rrggbb`, checked when the profile was saved.
    pub accent: Option<String>,
    /// The logo's whole address on the edge.
    pub logo: Option<String>,
}

impl Look {
    /// The look of `profile`'s mail, its logo served from `origin`.
    pub fn of(profile: &attest_core::TrustProfile, origin: &str) -> Self {
        let brand = profile.brand.as_ref();
        Self {
            name: profile.name.to_string(),
            accent: brand
                .and_then(|b| b.colours())
                .map(|(accent, _)| accent.as_str().to_owned()),
            // A PNG only: most mail programs show no SVG (Gmail and Outlook among them),
            // and a broken image is worse than the name alone.
            logo: brand
                .and_then(|b| b.logo.as_ref())
                .filter(|logo| logo.media_type() == "image/png" && !origin.is_empty())
                .and_then(|_| attest_views::logo_url(profile, origin)),
        }
    }
}

/// The neutral accent of mail from an organisation that chose none.
const ACCENT: &str = "#0b5fff";

/// One line of the text as HTML: escaped, its `https://` and `http://` addresses links.
fn line_html(line: &str, accent: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("https://").or_else(|| rest.find("http://")) {
        out.push_str(&escape(&rest[..at]));
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(tail.len());
        // A sentence's full stop or a closing bracket after an address is not part of it.
        let address = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let address = if address.is_empty() {
            &tail[..end]
        } else {
            address
        };
        out.push_str(&format!(
            "<a href=\"{0}\" style=\"color:{accent};word-break:break-all\">{0}</a>",
            escape(address)
        ));
        rest = &tail[address.len()..];
    }
    out.push_str(&escape(rest));
    out
}

/// The message's text as an HTML e-mail in the organisation's look: its logo and name at
/// the top over a rule in its accent, the text's paragraphs (blank lines) with their
/// addresses as links, and nothing the text does not say. Inline styles only, as mail
/// clients read them; no script, no images but the logo, which is the edge's.
pub fn html(subject: &str, text: &str, look: &Look) -> String {
    let accent = look.accent.as_deref().unwrap_or(ACCENT);
    let name = escape(&look.name);
    let logo = look.logo.as_ref().map_or(String::new(), |src| {
        format!(
            "<img src=\"{}\" alt=\"\" height=\"36\" style=\"height:36px;width:auto;max-width:160px;vertical-align:middle;margin-right:12px;border:0\">",
            escape(src)
        )
    });
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(|l| line_html(l, accent)).collect();
            format!("<p style=\"margin:0 0 14px\">{}</p>", lines.join("<br>"))
        })
        .collect();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{subject}</title></head>\
<body style=\"margin:0;padding:24px 12px;background:#f5f7fa;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1c2330;font-size:15px;line-height:1.55\">\
<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d8dde7;border-top:4px solid {accent};border-radius:10px;padding:20px 24px\">\
<div style=\"margin:0 0 18px;font-size:18px;font-weight:700\">{logo}<span style=\"vertical-align:middle\">{name}</span></div>\
{paragraphs}</div></body></html>",
        subject = escape(subject),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_says_what_the_text_says_in_the_organisations_look() {
        let look = Look {
            name: "Acme <Labs>".into(),
            accent: Some("#5b2a86".into()),
            logo: Some("https://edge.example/v1/orgs/acme/logos/3f2a9c01d4e5b6a7.svg".into()),
        };
        let html = html(
            "Your code",
            "Hello,\n\nOpen https://edge.example/x?a=1&b=2.\nThen <b>reply</b>.",
            &look,
        );
        assert!(html.contains("border-top:4px solid #5b2a86"), "{html}");
        assert!(html.contains("Acme &lt;Labs&gt;"));
        assert!(html.contains(
            "<a href=\"https://edge.example/x?a=1&amp;b=2\" style=\"color:#5b2a86;word-break:break-all\">https://edge.example/x?a=1&amp;b=2</a>."
        ), "{html}");
        assert!(html.contains("Then &lt;b&gt;reply&lt;/b&gt;."));
        assert!(html.contains("<p style=\"margin:0 0 14px\">Hello,</p>"));
        assert!(
            html.contains("src=\"https://edge.example/v1/orgs/acme/logos/3f2a9c01d4e5b6a7.svg\"")
        );
        assert!(!html.contains("<script"));
        // Without a brand: the neutral accent, no image.
        let plain = super::html(
            "s",
            "t",
            &Look {
                name: "Acme".into(),
                ..Look::default()
            },
        );
        assert!(plain.contains(ACCENT) && !plain.contains("<img"));
    }

    #[test]
    fn mail_shows_a_png_logo_and_not_an_svg_one() {
        let mut profile: attest_core::TrustProfile = serde_json::from_value(serde_json::json!({
            "org": "acme", "name": "Acme",
            "brand": { "logo": "3f2a9c01d4e5b6a7.png", "accent": "#5b2a86", "accentText": "#ffffff" },
        }))
        .unwrap();
        let look = Look::of(&profile, "https://trust.example");
        assert_eq!(
            look.logo.as_deref(),
            Some("https://trust.example/v1/orgs/acme/logos/3f2a9c01d4e5b6a7.png")
        );
        assert_eq!(look.accent.as_deref(), Some("#5b2a86"));
        profile.brand.as_mut().unwrap().logo =
            Some(attest_core::LogoFile::parse("3f2a9c01d4e5b6a7.svg").unwrap());
        assert_eq!(Look::of(&profile, "https://trust.example").logo, None);
    }
}
