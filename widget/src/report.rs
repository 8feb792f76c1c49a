//! Reporting a vulnerability: the disclosure policy's rules and the organisation's promises.

use attest_core::{Paragraph, TrustProfile};
use leptos::prelude::*;

use crate::i18n::strings;
use crate::text::BodyText;

#[component]
pub fn Report(
    /// The organisation's published profile.
    profile: TrustProfile,
) -> impl IntoView {
    let t = strings();
    let vdp = profile.vulnerability_disclosure.unwrap_or_default();
    let list = |intro: Option<Paragraph>,
                fallback: &'static str,
                items: Vec<Paragraph>,
                testid: &'static str| {
        (!items.is_empty()).then(|| {
            view! {
                <h3 class="subheading">{intro.map(|i| i.to_string()).unwrap_or_else(|| fallback.to_owned())}</h3>
                <ul data-testid=testid>{items.into_iter().map(|i| view! { <li>{i.to_string()}</li> }).collect_view()}</ul>
            }
        })
    };
    let ack = profile.commitments.vulnerability_acknowledgement_hours;
    view! {
        <div class="report" data-testid="view-report">
            {ack.map(|h| view! { <p class="notice" data-testid="ack-commitment">{(t.reports_acknowledged)(h)}</p> })}
            <BodyText body=vdp.intro />
            {list(vdp.rules_intro, t.we_ask, vdp.rules, "vdp-rules")}
            {list(vdp.commitments_intro, t.we_commit, vdp.our_commitments, "vdp-commitments")}
            <BodyText body=vdp.assessment />
            {list(vdp.report_contents_intro, t.please_include, vdp.report_contents, "vdp-report-contents")}
            {vdp.contact.map(|c| view! { <p>{t.contact} ": " <a class="link" href=format!("mailto:{c}")>{c.to_string()}</a></p> })}
        </div>
    }
}
