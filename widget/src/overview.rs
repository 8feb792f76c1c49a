//! The overview: who the organisation is, its badges and its commitments at a glance.

use attest_core::{Commitments, TrustProfile};

use leptos::prelude::use_context;

use crate::badges::badges;
use crate::dom::{el, Dom};
use crate::i18n::{Lang, LangStrings, Strings};

pub fn overview(profile: &TrustProfile) -> Dom {
    let lang = use_context::<Lang>().unwrap_or(Lang::En);
    let t = lang.strings();
    let commitments = headline_commitments(t, &profile.commitments);
    let mut root = el("div")
        .class("overview")
        .testid("view-overview")
        .child(badges(&profile.badges));
    if !commitments.is_empty() {
        root = root
            .child(Dom::of("h3", t.commitments).class("subheading"))
            .child(
                el("ul")
                    .class("commitments")
                    .testid("commitments")
                    .children(
                        commitments
                            .iter()
                            .map(|c| Dom::of("li", c).testid("commitment")),
                    ),
            );
    }
    root.maybe(profile.last_updated.map(|day| {
        el("p")
            .class("updated")
            .testid("last-updated")
            .text(t.last_updated)
            .text(" ")
            .child(Dom::of("time", &lang.date(day)).attr("datetime", &day.to_string()))
    }))
}

/// The commitments, one sentence each.
fn headline_commitments(t: &Strings, c: &Commitments) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(hours) = c.breach_notification_hours {
        lines.push(t.count(t.breach_within, hours as usize));
    }
    if let Some(hours) = c.vulnerability_acknowledgement_hours {
        lines.push(t.count(t.acknowledged_within, hours as usize));
    }
    if let Some(days) = c.coordinated_disclosure_days {
        lines.push(t.count(t.disclosure_after, days as usize));
    }
    if let Some(f) = c.backup_frequency {
        lines.push(format!("{}: {}", t.backups, t.frequency(f)));
    }
    if let Some(f) = c.security_training_frequency {
        lines.push(format!("{}: {}", t.training, t.frequency(f)));
    }
    lines
}
