//! The trust center's views and the tab list that switches between them (the shared
//! component, `attest_views::TabList`, which the edge renders too).

use leptos::prelude::*;

pub use attest_views::View;

use crate::dom::Dom;

/// The tab list. `current` is the view shown; the panel's id is `panel`.
pub fn tabs(views: &[View], current: RwSignal<View>) -> Dom {
    let views = views.to_vec();
    Dom::from_view(view! { <attest_views::TabList views=views current=current/> })
}
