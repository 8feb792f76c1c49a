//! Talking to the edge: one `fetch`, read as JSON or as a problem report.

use std::sync::Arc;

use attest_core::{OrgSlug, TrustProfile};

use crate::i18n::Strings;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Why the trust center could not be shown, in words for the visitor.
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
    pub fn describe(&self, t: &Strings) -> String {
        match self {
            Self::BadOrg(org) if org.is_empty() => t.no_org.to_owned(),
            Self::BadOrg(org) => Strings::fill(t.bad_org, org),
            Self::UnknownOrg(org) => Strings::fill(t.unknown_org, org),
            Self::Unreachable => t.unreachable.to_owned(),
        }
    }

    /// Whether trying again could help.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable)
    }
}

thread_local! {
    /// Profiles already loaded on this page, by URL: switching views, remounting (a
    /// single-page app's navigation) or a second element for the same organisation
    /// never fetches again.
    static LOADED: std::cell::RefCell<Vec<(String, Arc<TrustProfile>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The published profile of `org`; with `preview`, the draft of that revision instead
/// (the console's preview: each saved draft has its own URL, so a new save is fetched).
pub async fn fetch_profile(
    api_base: &str,
    org: &str,
    preview: Option<&str>,
) -> Result<Arc<TrustProfile>, LoadError> {
    let slug = OrgSlug::parse(org).map_err(|_| LoadError::BadOrg(org.to_owned()))?;
    let url = match preview {
        None => format!("{api_base}/v1/orgs/{slug}"),
        Some(revision) => format!(
            "{api_base}/v1/admin/orgs/{slug}/profile/preview?revision={}",
            revision
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        ),
    };
    if let Some(profile) = LOADED.with_borrow(|loaded| {
        loaded
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, p)| p.clone())
    }) {
        return Ok(profile);
    }
    let profile = Arc::new(download(&url, &slug).await?);
    LOADED.with_borrow_mut(|loaded| loaded.push((url, profile.clone())));
    Ok(profile)
}

async fn download(url: &str, slug: &OrgSlug) -> Result<TrustProfile, LoadError> {
    let response = get(url).await.ok_or(LoadError::Unreachable)?;
    match response.status() {
        200 => {
            let text = JsFuture::from(response.text().map_err(|_| LoadError::Unreachable)?)
                .await
                .map_err(|_| LoadError::Unreachable)?;
            let text = text.as_string().ok_or(LoadError::Unreachable)?;
            TrustProfile::from_published_json(&text).map_err(|_| LoadError::Unreachable)
        }
        404 => Err(LoadError::UnknownOrg(slug.to_string())),
        _ => Err(LoadError::Unreachable),
    }
}

async fn get(url: &str) -> Option<Response> {
    attest_widget_ui::net::send("GET", url, None, None).await
}
