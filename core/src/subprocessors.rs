//! How a subprocessor list changed between two published versions: what the Atom feed
//! announces and what subscribers are told.

use serde::{Deserialize, Serialize};

use crate::Subprocessor;

/// The difference between two subprocessor lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubprocessorChanges {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Subprocessor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Subprocessor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<ChangedSubprocessor>,
}

/// One subprocessor whose details changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangedSubprocessor {
    pub before: Subprocessor,
    pub after: Subprocessor,
}

impl SubprocessorChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// One line per change, for a feed entry's title or an e-mail subject.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let names = |list: &[&Subprocessor]| {
            list.iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.added.is_empty() {
            parts.push(format!(
                "added {}",
                names(&self.added.iter().collect::<Vec<_>>())
            ));
        }
        if !self.removed.is_empty() {
            parts.push(format!(
                "removed {}",
                names(&self.removed.iter().collect::<Vec<_>>())
            ));
        }
        if !self.changed.is_empty() {
            parts.push(format!(
                "changed {}",
                names(&self.changed.iter().map(|c| &c.after).collect::<Vec<_>>())
            ));
        }
        let mut summary = parts.join("; ");
        if let Some(first) = summary.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        summary
    }
}

/// One subprocessor as a line of plain text: name, purpose, location, start.
fn line(s: &Subprocessor) -> String {
    let mut text = format!("{} — {}", s.name, s.purpose);
    if let Some(location) = &s.location {
        text.push_str(&format!(" ({location})"));
    }
    if let Some(planned) = s.planned_from {
        text.push_str(&format!(", processing from {planned}"));
    }
    text
}

/// The fields in which `before` and `after` differ, as `field: old → new`.
fn differences(before: &Subprocessor, after: &Subprocessor) -> Vec<String> {
    let show = |v: Option<String>| v.unwrap_or_else(|| "—".to_owned());
    let pairs = [
        (
            "name",
            Some(before.name.to_string()),
            Some(after.name.to_string()),
        ),
        (
            "purpose",
            Some(before.purpose.to_string()),
            Some(after.purpose.to_string()),
        ),
        (
            "location",
            before.location.as_ref().map(|l| l.to_string()),
            after.location.as_ref().map(|l| l.to_string()),
        ),
        (
            "website",
            before.website.as_ref().map(|l| l.to_string()),
            after.website.as_ref().map(|l| l.to_string()),
        ),
        (
            "data categories",
            Some(
                before
                    .data_categories
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .filter(|s| !s.is_empty()),
            Some(
                after
                    .data_categories
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .filter(|s| !s.is_empty()),
        ),
        (
            "since",
            before.since.map(|d| d.to_string()),
            after.since.map(|d| d.to_string()),
        ),
        (
            "processing from",
            before.planned_from.map(|d| d.to_string()),
            after.planned_from.map(|d| d.to_string()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, a, b)| format!("{field}: {} → {}", show(a), show(b)))
        .collect()
}

impl SubprocessorChanges {
    /// The changes as plain text for an e-mail: a section each for added, removed and
    /// changed subprocessors, with the day an addition starts processing.
    pub fn describe(&self) -> String {
        let mut text = String::new();
        if !self.added.is_empty() {
            text.push_str("Added:\n");
            for s in &self.added {
                text.push_str(&format!("  + {}\n", line(s)));
            }
        }
        if !self.removed.is_empty() {
            text.push_str(if text.is_empty() { "" } else { "\n" });
            text.push_str("Removed:\n");
            for s in &self.removed {
                text.push_str(&format!("  - {}\n", line(s)));
            }
        }
        if !self.changed.is_empty() {
            text.push_str(if text.is_empty() { "" } else { "\n" });
            text.push_str("Changed:\n");
            for c in &self.changed {
                text.push_str(&format!("  * {}\n", c.after.name));
                for difference in differences(&c.before, &c.after) {
                    text.push_str(&format!("      {difference}\n"));
                }
            }
        }
        text
    }
}

/// What changed from `before` to `after`. Entries are the same subprocessor when name and
/// purpose match, or failing that when the name is unique on both sides (a name can
/// appear twice with different purposes, as Google does for Vinterre).
pub fn diff(before: &[Subprocessor], after: &[Subprocessor]) -> SubprocessorChanges {
    let mut old: Vec<Option<&Subprocessor>> = before.iter().map(Some).collect();
    let mut new: Vec<Option<&Subprocessor>> = after.iter().map(Some).collect();
    let mut changed = Vec::new();

    // Unchanged entries first, then the same name and purpose, then a unique name.
    type Same = fn(&Subprocessor, &Subprocessor) -> bool;
    let passes: [Same; 3] = [
        |a, b| a == b,
        |a, b| a.name == b.name && a.purpose == b.purpose,
        |a, b| a.name == b.name,
    ];
    for (pass, same) in passes.iter().enumerate() {
        for i in 0..new.len() {
            let Some(candidate) = new[i] else { continue };
            let matches: Vec<usize> = (0..old.len())
                .filter(|&j| old[j].is_some_and(|o| same(o, candidate)))
                .collect();
            let unique_name = pass < 2
                || (matches.len() == 1
                    && new
                        .iter()
                        .flatten()
                        .filter(|n| n.name == candidate.name)
                        .count()
                        == 1);
            if let (Some(&j), true) = (matches.first(), unique_name) {
                let previous = old[j].take().expect("matched an unmatched entry");
                new[i] = None;
                if pass > 0 {
                    changed.push(ChangedSubprocessor {
                        before: previous.clone(),
                        after: candidate.clone(),
                    });
                }
            }
        }
    }
    SubprocessorChanges {
        added: new.into_iter().flatten().cloned().collect(),
        removed: old.into_iter().flatten().cloned().collect(),
        changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(name: &str, purpose: &str, location: &str) -> Subprocessor {
        serde_json::from_value(
            serde_json::json!({ "name": name, "purpose": purpose, "location": location }),
        )
        .unwrap()
    }

    #[test]
    fn the_same_list_has_no_changes() {
        let list = vec![sub("Stripe", "Payment processing", "USA")];
        assert!(diff(&list, &list).is_empty());
    }

    #[test]
    fn a_first_list_is_all_additions() {
        let list = vec![
            sub("Stripe", "Payment processing", "USA"),
            sub("Vercel", "Hosting", "USA"),
        ];
        let changes = diff(&[], &list);
        assert_eq!(changes.added, list);
        assert_eq!(changes.summary(), "Added Stripe, Vercel");
    }

    #[test]
    fn a_moved_subprocessor_is_a_change_not_a_removal_and_addition() {
        let before = vec![sub("Datadog", "Logging", "USA")];
        let after = vec![sub("Datadog", "Logging", "EU")];
        let changes = diff(&before, &after);
        assert!(changes.added.is_empty() && changes.removed.is_empty());
        assert_eq!(
            changes.changed[0].after.location.as_ref().unwrap().as_str(),
            "EU"
        );
    }

    #[test]
    fn two_entries_of_one_name_are_told_apart_by_purpose() {
        let before = vec![
            sub("Google", "Authentication and authorization", "USA"),
            sub("Google", "Data service provider", "USA"),
        ];
        let after = vec![sub("Google", "Data service provider", "USA")];
        let changes = diff(&before, &after);
        assert_eq!(
            changes.removed,
            vec![sub("Google", "Authentication and authorization", "USA")]
        );
        assert!(changes.added.is_empty() && changes.changed.is_empty());
    }

    #[test]
    fn additions_and_removals_together_are_summarised() {
        let before = vec![sub("SendGrid", "Email service provider", "USA")];
        let after = vec![sub("Postmark", "Email service provider", "USA")];
        assert_eq!(
            diff(&before, &after).summary(),
            "Added Postmark; removed SendGrid"
        );
    }

    #[test]
    fn the_description_lists_each_change_with_its_start_date() {
        let mut planned = sub("Mistral", "Text generation", "France");
        planned.planned_from = Some(crate::Date::parse("2027-01-15").unwrap());
        let before = vec![
            sub("Stripe", "Payment processing", "USA"),
            sub("Vercel", "Hosting", "USA"),
        ];
        let after = vec![sub("Stripe", "Payment processing", "Ireland"), planned];
        let text = diff(&before, &after).describe();
        assert_eq!(
            text,
            "Added:\n  + Mistral — Text generation (France), processing from 2027-01-15\n\n\
             Removed:\n  - Vercel — Hosting (USA)\n\n\
             Changed:\n  * Stripe\n      location: USA → Ireland\n"
        );
    }
}
