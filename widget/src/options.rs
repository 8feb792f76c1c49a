//! What the embedding page asked for, read from the element's attributes.

use web_sys::HtmlElement;

/// The options of one trust center on a page (see the embedding contract in the README).
#[derive(Debug, Clone)]
pub struct WidgetOptions {
    /// The organisation's slug as written on the element; checked before any request.
    pub org: String,
    /// Where the API lives, without a trailing slash.
    pub api_base: String,
}

impl WidgetOptions {
    pub fn from_element(host: &HtmlElement, api_base: String) -> Self {
        let org = host
            .get_attribute("org")
            .unwrap_or_default()
            .trim()
            .to_owned();
        Self {
            org,
            api_base: api_base.trim_end_matches('/').to_owned(),
        }
    }
}
