//! The subprocessor list (`attest_views::Subprocessors`) with its form to follow changes
//! by e-mail.

use std::sync::Arc;

use attest_core::TrustProfile;
use leptos::prelude::*;

use crate::dom::Dom;
use crate::forms::{self, Form, FormsLoader};
use crate::i18n::strings;

/// The subprocessors view. `api_base` makes the CSV and feed links.
pub fn subprocessors(profile: Arc<TrustProfile>, api_base: &str) -> Dom {
    let subscribe = forms::reveal(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Subscribe,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", profile.org.as_str().into()),
            ("orgName", profile.name.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
        ]),
        strings().subscribe_by_email,
        "subscribe-open",
    )
    .into_any();
    let api_base = api_base.to_owned();
    Dom::from_view(view! {
        <attest_views::Subprocessors profile=profile api_base=api_base subscribe=subscribe/>
    })
}
