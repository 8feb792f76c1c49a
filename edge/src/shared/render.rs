//! The trust center rendered to HTML from the widget's own components (`attest_views`,
//! with Leptos's server rendering): for the loader's first view, every view the widget's
//! app opens and the hosted page (`public::trust_page`), and the console's preview of a
//! draft (`admin::publishing`).

use std::sync::Arc;

use attest_core::TrustProfile;
use attest_views::lang::Lang;
use attest_views::{TrustCenter, View};
use leptos::prelude::*;

use crate::shared::error::ApiError;

/// `view` rendered to HTML in `lang`.
pub fn render<V: IntoView + 'static>(lang: Lang, view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(lang);
        view().to_html()
    })
}

/// The views an element's `sections` choose, of those `profile` has something for.
pub fn offered(profile: &TrustProfile, sections: Option<&str>) -> Vec<View> {
    View::offered(&View::chosen(sections), profile)
}

/// The view `name`d, of those `offered`; the first when none is named. A `400` for a
/// name that is no view, a `404` for a view this trust center does not have (the FAQ
/// without questions, or one its `sections` leave out).
pub fn named(name: Option<&str>, offered: &[View]) -> Result<View, ApiError> {
    let Some(name) = name else {
        return offered
            .first()
            .copied()
            .ok_or_else(|| ApiError::NotFound("this trust center has no views".into()));
    };
    let Some(view) = View::ALL.into_iter().find(|v| v.key() == name) else {
        return Err(ApiError::invalid(
            "view",
            format!("must be one of {}", keys(&View::ALL).replace(',', ", ")),
        ));
    };
    if !offered.contains(&view) {
        return Err(ApiError::NotFound(format!(
            "This trust center has no {name} view here; it has {}.",
            keys(offered).replace(',', ", ")
        )));
    }
    Ok(view)
}

/// The trust center as the widget shows it on `current`, in `lang`: the `<section>` with
/// the header, the tabs of `views` and the view, its controls and form slots in place.
/// `api_base` (the edge's origin) starts the links to files and feeds, which the page
/// embedding the widget, on another origin, must reach.
pub fn trust_center(
    profile: &TrustProfile,
    lang: Lang,
    views: &[View],
    current: View,
    api_base: &str,
) -> String {
    render(lang, || {
        let profile = Arc::new(profile.clone());
        let api_base = api_base.to_owned();
        view! {
            <TrustCenter profile=profile views=views.to_vec() current=current api_base=api_base/>
        }
    })
}

/// The views' names, comma-separated.
pub fn keys(views: &[View]) -> String {
    views.iter().map(|v| v.key()).collect::<Vec<_>>().join(",")
}
