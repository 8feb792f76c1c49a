//! How a subprocessor list changed between two published versions: what the Atom feed
//! announces and what subscribers are told.

use serde::{Deserialize, Serialize};

use crate::Subprocessor;

/// The difference between two subprocessor lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
}
