//! Reporting a vulnerability (`attest_views::Report`) with the report form.

use std::sync::Arc;

use attest_core::TrustProfile;
use leptos::prelude::*;

use crate::dom::Dom;
use crate::forms::{self, Form, FormsLoader};

pub fn report(profile: Arc<TrustProfile>, api_base: &str) -> Dom {
    let form = forms::slot(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Report,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", profile.org.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
        ]),
        "security-report",
    )
    .into_any();
    Dom::from_view(view! { <attest_views::Report profile=profile form=form/> })
}
