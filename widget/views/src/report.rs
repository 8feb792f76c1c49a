//! Reporting a vulnerability: the disclosure policy's rules and the organisation's
//! promises, then the report form's place.

use std::sync::Arc;

use attest_core::{Paragraph, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::{body, items_of};

/// The report view; `form` is the report form's place.
#[component]
pub fn Report(profile: Arc<TrustProfile>, form: AnyView) -> impl IntoView {
    let t = strings();
    let vdp = profile.vulnerability_disclosure.clone().unwrap_or_default();
    let ack = profile.commitments.vulnerability_acknowledgement_hours.map(|h| {
        view! {
            <p class="notice" data-testid="ack-commitment">{t.count(t.reports_acknowledged, h as usize)}</p>
        }
    });
    let contact = vdp.contact.as_ref().map(|c| {
        view! {
            <p>
                {t.contact}": "
                <a class="link" href=format!("mailto:{c}")>{c.as_str().to_owned()}</a>
            </p>
        }
    });
    view! {
        <div class="report" data-testid="view-report">
            {ack}
            {body(&vdp.intro)}
            {section(&vdp.rules_intro, t.we_ask, &vdp.rules, "vdp-rules")}
            {section(&vdp.commitments_intro, t.we_commit, &vdp.our_commitments, "vdp-commitments")}
            {body(&vdp.assessment)}
            {section(&vdp.report_contents_intro, t.please_include, &vdp.report_contents, "vdp-report-contents")}
            {contact}
            {form}
        </div>
    }
}

/// A heading (the policy's own, else `fallback`) over a list, when the list has items.
fn section(
    intro: &Option<Paragraph>,
    fallback: &'static str,
    items: &[Paragraph],
    testid: &'static str,
) -> Option<impl IntoView> {
    (!items.is_empty()).then(|| {
        let heading = intro
            .as_ref()
            .map_or(fallback.to_owned(), |i| i.as_str().to_owned());
        view! {
            <h3 class="subheading">{heading}</h3>
            <ul data-testid=testid>{items_of(items)}</ul>
        }
    })
}
