//! The few HTML pages the edge serves itself: confirming a request or a subscription from
//! the e-mail's link, unsubscribing. Plain, readable without scripts, and under a CSP that
//! allows nothing else.

use worker::Response;

use crate::router::{Html, Page};

use crate::shared::crypto;

pub(crate) use crate::shared::http::escape;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#1c2330;background:#f5f7fa;margin:0;padding:48px 16px}\
main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #d8dde7;border-radius:10px;padding:24px 28px}\
h1{font-size:1.4rem;margin:0 0 12px}button{font:inherit;font-weight:600;color:#fff;background:#0b5fff;border:0;\
border-radius:8px;padding:10px 18px;cursor:pointer}button:focus-visible{outline:3px solid #1c2330;outline-offset:3px}\
@media (prefers-color-scheme:dark){body{background:#12161d;color:#e9edf3}main{background:#1b2029;border-color:#3a4352}\
button{background:#7fb0ff;color:#0b1220}button:focus-visible{outline-color:#e9edf3}}";

fn page(title: &str, content: &str) -> Response {
    let nonce = crypto::random_hex(16);
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <style nonce=\"{nonce}\">{STYLE}</style></head><body><main>\
         <h1>{title}</h1>{content}</main></body></html>",
        title = escape(title),
    );
    let mut response = Response::from_html(html).expect("an HTML response");
    let headers = response.headers_mut();
    let _ = headers.set(
        "content-security-policy",
        &format!(
            "default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        ),
    );
    let _ = headers.set("cache-control", "no-store");
    let _ = headers.set("x-robots-tag", "noindex");
    response
}

/// The token of a link sent by e-mail, in its query or in the form of its page.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LinkToken {
    #[cfg_attr(feature = "openapi", schemars(required, length(min = 1)))]
    token: Option<String>,
}

impl LinkToken {
    /// The token, when the link still has one.
    pub fn given(self) -> Option<String> {
        self.token.filter(|t| !t.is_empty())
    }
}

/// The page behind the e-mail's link: one button that confirms with a POST.
pub fn confirm_form(id: &str, token: &str) -> Page<Html> {
    Page::new({
        page(
            "Confirm your request",
            &format!(
                "<p>Press the button to confirm that you made this request and that this e-mail \
             address is yours.</p>\
             <form method=\"post\" action=\"/v1/privacy-requests/{id}/confirm\">\
             <input type=\"hidden\" name=\"token\" value=\"{token}\">\
             <button type=\"submit\">Confirm my request</button></form>\
             <p><small>Reference {id}</small></p>",
                id = escape(id),
                token = escape(token),
            ),
        )
    })
}

/// A page with one button that POSTs back to the page's own address (its link token
/// included): opening a link changes nothing, pressing the button does.
pub fn action(title: &str, text: &str, button: &str) -> Page<Html> {
    Page::new({
        page(
            title,
            &format!(
                "<p>{}</p><form method=\"post\"><button type=\"submit\">{}</button></form>",
                escape(text),
                escape(button)
            ),
        )
    })
}

/// The answer to a link that lost its token on the way (a mail program cut it): `400`.
pub fn no_token() -> Page<Html> {
    Page::new({
        said(
            "This link is incomplete",
            "Part of the link is missing. Copy the whole link from the e-mail into your browser.",
        )
        .with_status(400)
    })
}

/// The answer to a link that names nothing we know: `404`.
pub fn unknown_link() -> Page<Html> {
    Page::new({
        said(
            "This link does not work",
            "It does not lead to anything here. Use the link exactly as the e-mail gave it.",
        )
        .with_status(404)
    })
}

/// `page` answered with `status` (a link that worked once, or leads elsewhere).
pub fn with_status(page: Page<Html>, status: u16) -> Page<Html> {
    Page::new(page.0.with_status(status))
}

/// A page that only says something.
pub fn message(title: &str, text: &str) -> Page<Html> {
    Page::new(said(title, text))
}

fn said(title: &str, text: &str) -> Response {
    page(title, &format!("<p>{}</p>", escape(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
