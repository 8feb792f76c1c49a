//! The overview: who the organisation is, its badges and its commitments at a glance.

use attest_core::{Commitments, RoadmapItem, TrustProfile};

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
    if !profile.roadmap.is_empty() {
        root = root
            .child(Dom::of("h3", t.roadmap).class("subheading"))
            .child(
                el("ul")
                    .class("roadmap")
                    .testid("roadmap")
                    .children(profile.roadmap.iter().map(|item| roadmap_item(t, item))),
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

/// A roadmap item: what, where it stands and by when, and what it is.
fn roadmap_item(t: &Strings, item: &RoadmapItem) -> Dom {
    el("li")
        .class("roadmap-item")
        .testid("roadmap-item")
        .child(Dom::of("span", item.title.as_str()).class("roadmap-title"))
        .attr(
            "data-status",
            ["planned", "in_progress", "done"][item.status.index()],
        )
        .child(
            Dom::of("span", t.roadmap_statuses[item.status.index()])
                .class("badge-status")
                .testid("roadmap-status"),
        )
        .maybe(item.target.as_ref().map(|quarter| {
            Dom::of("span", &Strings::fill(t.target, quarter.as_str()))
                .class("roadmap-target")
                .testid("roadmap-target")
        }))
        .maybe(item.description.as_ref().map(|d| Dom::of("p", d.as_str())))
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
