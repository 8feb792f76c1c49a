//! Reporting a vulnerability: the disclosure policy's rules and the organisation's promises.

use attest_core::{Paragraph, TrustProfile};

use crate::dom::{el, Dom};
use crate::i18n::strings;
use leptos::prelude::use_context;

use crate::forms::{self, Form, FormsLoader};
use crate::text::{body, list};

pub fn report(profile: &TrustProfile, api_base: &str) -> Dom {
    let t = strings();
    let vdp = profile.vulnerability_disclosure.clone().unwrap_or_default();
    let section = |root: Dom,
                   intro: &Option<Paragraph>,
                   fallback: &str,
                   items: &[Paragraph],
                   testid: &str| {
        if items.is_empty() {
            return root;
        }
        let heading = intro.as_ref().map_or(fallback, |i| i.as_str());
        root.child(Dom::of("h3", heading).class("subheading"))
            .child(list("ul", items).testid(testid))
    };
    let ack = profile.commitments.vulnerability_acknowledgement_hours;
    let mut root = el("div")
        .class("report")
        .testid("view-report")
        .maybe(ack.map(|h| {
            Dom::of("p", &t.count(t.reports_acknowledged, h as usize))
                .class("notice")
                .testid("ack-commitment")
        }))
        .children(body(&vdp.intro));
    root = section(root, &vdp.rules_intro, t.we_ask, &vdp.rules, "vdp-rules");
    root = section(
        root,
        &vdp.commitments_intro,
        t.we_commit,
        &vdp.our_commitments,
        "vdp-commitments",
    );
    root = root.children(body(&vdp.assessment));
    root = section(
        root,
        &vdp.report_contents_intro,
        t.please_include,
        &vdp.report_contents,
        "vdp-report-contents",
    );
    root.maybe(vdp.contact.as_ref().map(|c| {
        el("p").text(t.contact).text(": ").child(
            Dom::of("a", c.as_str())
                .class("link")
                .attr("href", &format!("mailto:{c}")),
        )
    }))
    .child(forms::slot(
        use_context::<FormsLoader>().expect("the app provides the forms loader"),
        Form::Report,
        forms::options(&[
            ("apiBase", api_base.into()),
            ("org", profile.org.as_str().into()),
            ("lang", attest_widget_ui::lang::current().tag().into()),
        ]),
        "security-report",
    ))
}
