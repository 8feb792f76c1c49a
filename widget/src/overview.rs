//! The overview: who the organisation is, its badges and its commitments at a glance.

use attest_core::{Commitments, Frequency, TrustProfile};
use leptos::prelude::*;

use crate::badges::Badges;

#[component]
pub fn Overview(
    /// The organisation's published profile.
    profile: TrustProfile,
) -> impl IntoView {
    let commitments = headline_commitments(&profile.commitments);
    view! {
        <div class="overview" data-testid="view-overview">
            <Badges badges=profile.badges />
            {(!commitments.is_empty())
                .then(|| {
                    view! {
                        <h3 class="subheading">"Commitments"</h3>
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
                            "Last updated " <time datetime=day.to_string()>{day.to_string()}</time>
                        </p>
                    }
                })}
        </div>
    }
}

/// The commitments, one sentence each.
fn headline_commitments(c: &Commitments) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(hours) = c.breach_notification_hours {
        lines.push(format!("Breach notification within {hours} h"));
    }
    if let Some(hours) = c.vulnerability_acknowledgement_hours {
        lines.push(format!(
            "Vulnerability reports acknowledged within {hours} h"
        ));
    }
    if let Some(days) = c.coordinated_disclosure_days {
        lines.push(format!("Coordinated disclosure after {days} days"));
    }
    if let Some(f) = c.backup_frequency {
        lines.push(format!("{} backups", frequency(f)));
    }
    if let Some(f) = c.security_training_frequency {
        lines.push(format!("{} security training", frequency(f)));
    }
    lines
}

fn frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Continuous => "Continuous",
        Frequency::Hourly => "Hourly",
        Frequency::Daily => "Daily",
        Frequency::Weekly => "Weekly",
        Frequency::Monthly => "Monthly",
        Frequency::Quarterly => "Quarterly",
        Frequency::Yearly => "Yearly",
    }
}
