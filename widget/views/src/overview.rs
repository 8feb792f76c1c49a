//! The overview: who the organisation is, its badges and its commitments at a glance.

use std::sync::Arc;

use attest_core::{Badge, BadgeScope, BadgeStatus, Commitments, RoadmapItem, TrustProfile};
use leptos::prelude::*;

use crate::i18n::{strings, Strings};
use crate::icons::{icon, Icon};
use crate::lang;

/// The overview view: the badges, the commitments in one sentence each, the roadmap and
/// when the profile was last updated.
#[component]
pub fn Overview(profile: Arc<TrustProfile>) -> impl IntoView {
    let lang = lang::current();
    let t = strings();
    let commitments = headline_commitments(t, &profile.commitments);
    let commitments = (!commitments.is_empty()).then(|| {
        view! {
            <h3 class="subheading">{t.commitments}</h3>
            <ul class="commitments" data-testid="commitments">
                {commitments
                    .into_iter()
                    .map(|c| view! { <li data-testid="commitment">{c}</li> })
                    .collect_view()}
            </ul>
        }
    });
    let roadmap = (!profile.roadmap.is_empty()).then(|| {
        view! {
            <h3 class="subheading">{t.roadmap}</h3>
            <ul class="roadmap" data-testid="roadmap">
                {profile.roadmap.iter().map(|item| roadmap_item(t, item)).collect_view()}
            </ul>
        }
    });
    let updated = profile.last_updated.map(|day| {
        view! {
            <p class="updated" data-testid="last-updated">
                {t.last_updated}" "<time datetime=day.to_string()>{lang.date(day)}</time>
            </p>
        }
    });
    view! {
        <div class="overview" data-testid="view-overview">
            <Badges badges=profile.badges.clone()/>
            {commitments}
            {roadmap}
            {updated}
        </div>
    }
}

/// The organisation's badges as a list; each says its status in words, not only in colour.
#[component]
pub fn Badges(badges: Vec<Badge>) -> impl IntoView {
    let t = strings();
    if badges.is_empty() {
        return view! { <p class="empty" data-testid="badges-empty">{t.no_badges}</p> }.into_any();
    }
    view! {
        <ul class="badges" part="badges" data-testid="badges" aria-label=t.certifications>
            {badges.iter().map(|badge| badge_item(t, badge)).collect_view()}
        </ul>
    }
    .into_any()
}

fn badge_item(t: &'static Strings, badge: &Badge) -> impl IntoView {
    // An inherited certificate is the provider's, and the badge says so.
    let scope = match (badge.scope, &badge.provider) {
        (BadgeScope::Inherited, Some(provider)) => Some(view! {
            <span class="badge-scope" data-testid="badge-scope">
                {Strings::fill(t.inherited_from, provider.as_str())}
            </span>
        }),
        _ => None,
    };
    view! {
        <li class="badge" data-testid="badge" data-status=status_key(badge.status)>
            <span class="badge-name">{icon(Icon::framework(badge.framework))}{badge.label()}</span>
            {scope}
            <span class="badge-status">{t.status(badge.status)}</span>
        </li>
    }
}

fn status_key(status: BadgeStatus) -> &'static str {
    match status {
        BadgeStatus::Compliant => "compliant",
        BadgeStatus::InProgress => "in_progress",
        BadgeStatus::Planned => "planned",
    }
}

/// A roadmap item: what, where it stands and by when, and what it is.
fn roadmap_item(t: &'static Strings, item: &RoadmapItem) -> impl IntoView {
    let target = item.target.as_ref().map(|quarter| {
        view! {
            <span class="roadmap-target" data-testid="roadmap-target">
                {Strings::fill(t.target, quarter.as_str())}
            </span>
        }
    });
    let description = item
        .description
        .as_ref()
        .map(|d| view! { <p>{d.as_str().to_owned()}</p> });
    view! {
        <li
            class="roadmap-item"
            data-testid="roadmap-item"
            data-status=["planned", "in_progress", "done"][item.status.index()]
        >
            <span class="roadmap-title">{item.title.as_str().to_owned()}</span>
            <span class="badge-status" data-testid="roadmap-status">
                {t.roadmap_statuses[item.status.index()]}
            </span>
            {target}
            {description}
        </li>
    }
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
