//! The overview: who the organisation is, its badges and its commitments at a glance.

use attest_core::{Commitments, TrustProfile};
use leptos::prelude::*;

use crate::badges::Badges;
use crate::i18n::{strings, Lang, Strings};

#[component]
pub fn Overview(
    /// The organisation's published profile.
    profile: TrustProfile,
) -> impl IntoView {
    let t = strings();
    let lang = use_context::<Lang>().unwrap_or(Lang::En);
    let commitments = headline_commitments(t, &profile.commitments);
    view! {
        <div class="overview" data-testid="view-overview">
            <Badges badges=profile.badges />
            {(!commitments.is_empty())
                .then(|| {
                    view! {
                        <h3 class="subheading">{t.commitments}</h3>
                        <ul class="commitments" data-testid="commitments">
                            {commitments
                                .into_iter()
                                .map(|c| view! { <li data-testid="commitment">{c}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {profile
                .last_updated
                .map(|day| {
                    view! {
                        <p class="updated" data-testid="last-updated">
                            {t.last_updated} " " <time datetime=day.to_string()>{lang.date(day)}</time>
                        </p>
                    }
                })}
        </div>
    }
}

/// The commitments, one sentence each.
fn headline_commitments(t: &Strings, c: &Commitments) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(hours) = c.breach_notification_hours {
        lines.push((t.breach_within)(hours));
    }
    if let Some(hours) = c.vulnerability_acknowledgement_hours {
        lines.push((t.acknowledged_within)(hours));
    }
    if let Some(days) = c.coordinated_disclosure_days {
        lines.push((t.disclosure_after)(days));
    }
    if let Some(f) = c.backup_frequency {
        lines.push(format!("{}: {}", t.backups, t.frequency(f)));
    }
    if let Some(f) = c.security_training_frequency {
        lines.push(format!("{}: {}", t.training, t.frequency(f)));
    }
    lines
}
