//! The security badges: certifications and regulations, with how far along each one is.

use attest_core::{Badge, BadgeScope, BadgeStatus};

use crate::dom::{el, Dom};
use crate::i18n::{strings, Strings};

/// The organisation's badges as a list; each says its status in words, not only in colour.
pub fn badges(badges: &[Badge]) -> Dom {
    let t = strings();
    if badges.is_empty() {
        return Dom::of("p", t.no_badges)
            .class("empty")
            .testid("badges-empty");
    }
    el("ul")
        .class("badges")
        .attr("part", "badges")
        .testid("badges")
        .attr("aria-label", t.certifications)
        .children(badges.iter().map(|badge| {
            // An inherited certificate is the provider's, and the badge says so.
            let scope = match (badge.scope, &badge.provider) {
                (BadgeScope::Inherited, Some(provider)) => Some(
                    Dom::of("span", &Strings::fill(t.inherited_from, provider.as_str()))
                        .class("badge-scope")
                        .testid("badge-scope"),
                ),
                _ => None,
            };
            el("li")
                .class("badge")
                .testid("badge")
                .attr("data-status", status_key(badge.status))
                .child(Dom::of("span", &badge.label()).class("badge-name"))
                .maybe(scope)
                .child(Dom::of("span", t.status(badge.status)).class("badge-status"))
        }))
}

fn status_key(status: BadgeStatus) -> &'static str {
    match status {
        BadgeStatus::Compliant => "compliant",
        BadgeStatus::InProgress => "in_progress",
        BadgeStatus::Planned => "planned",
    }
}
