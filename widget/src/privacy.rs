//! Privacy (`attest_views::Privacy`) with the request form.

use std::sync::Arc;

use attest_core::TrustProfile;
use attest_widget_ui::host::Host;
use leptos::prelude::*;

use crate::dom::Dom;
use crate::forms::{self, Form, FormsLoader};

pub fn privacy(profile: Arc<TrustProfile>, api_base: &str, host: &Host) -> Dom {
    let jurisdictions: Vec<&str> = profile
        .privacy_requests
        .jurisdictions
        .iter()
        .map(|j| j.key())
        .collect();
    let form = forms::slot(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Request,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", profile.org.as_str().into()),
            ("orgName", profile.name.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
            ("jurisdictions", jurisdictions.join(",").into()),
            ("host", host.element().into()),
        ]),
        "privacy-request",
    )
    .into_any();
    Dom::from_view(view! { <attest_views::Privacy profile=profile form=form/> })
}
