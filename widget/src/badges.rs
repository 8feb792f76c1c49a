//! The security badges: certifications and regulations, with how far along each one is.

use attest_core::{Badge, BadgeScope, BadgeStatus};
use leptos::prelude::*;

use crate::i18n::strings;

/// The organisation's badges as a list; each says its status in words, not only in colour.
#[component]
pub fn Badges(
    /// The badges in the order the organisation published them.
    badges: Vec<Badge>,
) -> impl IntoView {
    if badges.is_empty() {
        return view! { <p class="empty" data-testid="badges-empty">{strings().no_badges}</p> }
            .into_any();
    }
    view! {
        <ul class="badges" part="badges" data-testid="badges" aria-label=strings().certifications>
            {badges
                .into_iter()
                .map(|badge| {
                    let status = badge.status;
                    // An inherited certificate is the provider's, and the badge says so.
                    let scope = match (badge.scope, &badge.provider) {
                        (BadgeScope::Inherited, Some(provider)) => Some((strings().inherited_from)(provider.as_str())),
                        _ => None,
                    };
                    view! {
                        <li class="badge" data-testid="badge" data-status=status_key(status)>
                            <span class="badge-name">{badge.label()}</span>
                            {scope.map(|scope| view! { <span class="badge-scope" data-testid="badge-scope">{scope}</span> })}
                            <span class="badge-status">{strings().status(status)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn status_key(status: BadgeStatus) -> &'static str {
    match status {
        BadgeStatus::Compliant => "compliant",
        BadgeStatus::InProgress => "in_progress",
        BadgeStatus::Planned => "planned",
    }
}
