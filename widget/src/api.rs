//! Talking to the edge: the trust center's views as the edge renders them.

use std::rc::Rc;

use attest_core::OrgSlug;
use attest_views::i18n::Shell;
use wasm_bindgen_futures::JsFuture;

use crate::options::WidgetOptions;
use crate::View;

/// Why the trust center is not shown, in words for the visitor.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The page names an organisation that is not a valid slug.
    BadOrg(String),
    /// The organisation has no published trust center.
    UnknownOrg(String),
    /// The network or the service failed; trying again may help.
    Unreachable,
}

impl LoadError {
    /// The error in the visitor's language.
    pub fn describe(&self, t: &Shell) -> String {
        match self {
            Self::BadOrg(org) if org.is_empty() => t.no_org.to_owned(),
            Self::BadOrg(org) => attest_views::lang::fill(t.bad_org, org),
            Self::UnknownOrg(org) => attest_views::lang::fill(t.unknown_org, org),
            Self::Unreachable => t.unreachable.to_owned(),
        }
    }

    /// Whether trying again could help.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable)
    }
}

thread_local! {
    /// Views already loaded on this page, by URL: going back to a view, remounting (a
    /// single-page app's navigation) or a second element for the same organisation never
    /// asks again.
    static LOADED: std::cell::RefCell<Vec<(String, Rc<String>)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Views being asked for, by URL.
    static ASKING: std::cell::RefCell<Vec<(String, js_sys::Promise)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `view` (the first one when `None`) of the trust center `options` names, as the edge
/// renders it: from the published profile, or in the console's preview, from the draft
/// of that revision (each saved draft has its own URL, so a new save is asked for anew).
pub async fn fetch_view(
    options: &WidgetOptions,
    view: Option<View>,
) -> Result<Rc<String>, LoadError> {
    let (url, slug) = address(options, view)?;
    if let Some(html) = cached(&url) {
        return Ok(html);
    }
    // One request for one URL: a view a visitor opens while the app is loading it anyway
    // waits for that answer.
    let asking = ASKING.with_borrow(|asking| {
        asking
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, p)| p.clone())
    });
    let promise = match asking {
        Some(promise) => promise,
        None => {
            let promise = wasm_bindgen_futures::future_to_promise(download(url.clone()));
            ASKING.with_borrow_mut(|asking| asking.push((url.clone(), promise.clone())));
            promise
        }
    };
    let answer = JsFuture::from(promise).await;
    ASKING.with_borrow_mut(|asking| asking.retain(|(u, _)| *u != url));
    match answer {
        Ok(text) => {
            let html = Rc::new(text.as_string().ok_or(LoadError::Unreachable)?);
            if cached(&url).is_none() {
                LOADED.with_borrow_mut(|loaded| loaded.push((url, html.clone())));
            }
            Ok(html)
        }
        Err(status) if status.as_f64() == Some(404.0) => {
            Err(LoadError::UnknownOrg(slug.to_string()))
        }
        Err(_) => Err(LoadError::Unreachable),
    }
}

/// The body of `url`, or the status it was refused with (`0`: no answer).
async fn download(url: String) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    let refused = |status: u16| wasm_bindgen::JsValue::from(f64::from(status));
    let response = attest_widget_ui::net::send("GET", &url, None, None)
        .await
        .ok_or_else(|| refused(0))?;
    if response.status() != 200 {
        return Err(refused(response.status()));
    }
    JsFuture::from(response.text().map_err(|_| refused(0))?)
        .await
        .map_err(|_| refused(0))
}

/// Keeps `html` as what the edge renders for `view` (the first view when `None`): the
/// edge's render the loader showed, which the app took over, is not asked for again.
pub fn remember(options: &WidgetOptions, view: Option<View>, html: String) {
    if let Ok((url, _)) = address(options, view) {
        if cached(&url).is_none() {
            LOADED.with_borrow_mut(|loaded| loaded.push((url, Rc::new(html))));
        }
    }
}

/// `view` as this page loaded it already, if it did.
pub fn loaded(options: &WidgetOptions, view: View) -> Option<Rc<String>> {
    address(options, Some(view))
        .ok()
        .and_then(|(url, _)| cached(&url))
}

fn cached(url: &str) -> Option<Rc<String>> {
    LOADED.with_borrow(|loaded| {
        loaded
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, html)| html.clone())
    })
}

/// Where the edge renders `view` for these options, and the organisation's slug.
fn address(options: &WidgetOptions, view: Option<View>) -> Result<(String, OrgSlug), LoadError> {
    let org = &options.org;
    let slug = OrgSlug::parse(org).map_err(|_| LoadError::BadOrg(org.clone()))?;
    let mut query = format!("lang={}", options.lang.tag());
    if let Some(sections) = &options.sections {
        query.push_str("&sections=");
        query.push_str(&String::from(js_sys::encode_uri_component(sections)));
    }
    if let Some(view) = view {
        query.push_str("&view=");
        query.push_str(view.key());
    }
    let base = &options.api_base;
    let url = match &options.preview {
        None => format!("{base}/v1/orgs/{slug}/first-view?{query}"),
        Some(revision) => format!(
            "{base}/v1/admin/orgs/{slug}/profile/preview/view?revision={}&{query}",
            revision
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(64)
                .collect::<String>()
        ),
    };
    Ok((url, slug))
}
