//! What the embedding page asked for, read from the element's attributes (the loader
//! copies a script tag's `data-*` attributes onto the element it creates). The `theme`
//! attribute needs no reading: the stylesheet selects on it (`:host([theme=dark])`), so
//! changing it restyles a mounted trust center at once.

use web_sys::HtmlElement;

use attest_views::lang::Lang;
use attest_widget_ui::lang;

/// The options of one trust center on a page (see the embedding contract in the README).
#[derive(Debug, Clone)]
pub struct WidgetOptions {
    /// The organisation's slug as written on the element; checked before any request.
    pub org: String,
    /// Where the API lives, without a trailing slash.
    pub api_base: String,
    /// Shown where it is placed, or behind a floating launcher button.
    pub mode: Mode,
    /// The language of the widget's own words.
    pub lang: Lang,
    /// The views to offer (`badges,practices`), as the element says; all of them when
    /// it says nothing. The edge reads it, as it renders the tabs.
    pub sections: Option<String>,

    /// The console's preview: the draft's revision to show, read from the admin API with
    /// the member's session instead of the public profile. The admin API answers only the
    /// edge's own origin with a session, so on any other page this shows nothing.
    pub preview: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Inline,
    Button,
}

impl WidgetOptions {
    pub fn from_element(host: &HtmlElement, api_base: String) -> Self {
        let attribute = |name: &str| {
            host.get_attribute(name)
                .map(|v| v.trim().to_ascii_lowercase())
        };
        let org = host
            .get_attribute("org")
            .unwrap_or_default()
            .trim()
            .to_owned();
        Self {
            org,
            api_base: api_base.trim_end_matches('/').to_owned(),
            mode: match attribute("mode").as_deref() {
                Some("button") => Mode::Button,
                _ => Mode::Inline,
            },
            sections: host.get_attribute("sections"),
            lang: lang::choose(attribute("lang").as_deref()),
            preview: host.get_attribute("preview"),
        }
    }
}
