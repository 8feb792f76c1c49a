//! The audit log's chain: each entry carries the hash of the one before it, and its own
//! hash covers everything it says, so an entry edited or removed after the fact breaks
//! the chain at that point.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One entry, as stored and as the admin API shows it (`hash` aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// 1, 2, 3… within the organisation's log.
    pub seq: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who: `requester`, `system`, or `token:<name>` for a team member's API token.
    pub actor: String,
    /// What, as `thing.verb`: `privacy_request.created`, `profile.published`…
    pub action: String,
    /// Which: the id of what changed.
    pub target: String,
    /// What it was before, when that is recorded.
    pub before: Option<Value>,
    /// What it became.
    pub after: Option<Value>,
    /// The previous entry's hash; empty for the first entry.
    pub prev_hash: String,
}

impl Entry {
    /// SHA-256 of the entry's canonical JSON (object keys sorted, no white space), hex.
    pub fn hash(&self) -> String {
        let mut text = String::new();
        canonical(
            &serde_json::to_value(self).expect("an entry is JSON"),
            &mut text,
        );
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Writes `value` as JSON with every object's keys in sorted order and no white space,
/// whatever order the value was built or parsed in.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical(&members[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Checks a log read in order: the sequence has no gap, each entry names the previous
/// hash, and each stored hash is the entry's own. The first `seq` that fails, if any.
pub fn verify<'a>(entries: impl IntoIterator<Item = (&'a Entry, &'a str)>) -> Option<i64> {
    let mut previous = String::new();
    for (expected_seq, (entry, stored_hash)) in (1..).zip(entries) {
        if entry.seq != expected_seq || entry.prev_hash != previous || entry.hash() != stored_hash {
            return Some(entry.seq);
        }
        previous = stored_hash.to_owned();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: i64) -> Vec<(Entry, String)> {
        let mut entries: Vec<(Entry, String)> = Vec::new();
        for seq in 1..=n {
            let entry = Entry {
                seq,
                at: format!("2026-11-25T10:00:{seq:02}Z"),
                actor: "token:ops".into(),
                action: "privacy_request.status_changed".into(),
                target: format!("pr_{seq}"),
                before: Some(json!({ "status": "pending" })),
                after: Some(json!({ "status": "in_progress" })),
                prev_hash: entries.last().map(|(_, h)| h.clone()).unwrap_or_default(),
            };
            let hash = entry.hash();
            entries.push((entry, hash));
        }
        entries
    }

    fn check(entries: &[(Entry, String)]) -> Option<i64> {
        verify(entries.iter().map(|(e, h)| (e, h.as_str())))
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(check(&chain(5)), None);
        assert_eq!(check(&[]), None);
    }

    #[test]
    fn an_edited_entry_breaks_the_chain_where_it_was_edited() {
        let mut entries = chain(5);
        entries[2].0.after = Some(json!({ "status": "completed" }));
        assert_eq!(check(&entries), Some(3));
    }

    #[test]
    fn an_edited_entry_with_a_recomputed_hash_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[2].0.actor = "token:someone-else".into();
        entries[2].1 = entries[2].0.hash();
        assert_eq!(check(&entries), Some(4));
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(check(&entries), Some(3));
    }

    #[test]
    fn the_hash_does_not_depend_on_key_order() {
        let (entry, hash) = chain(1).remove(0);
        let reordered: Entry =
            serde_json::from_str(&serde_json::to_string(&entry).unwrap()).unwrap();
        assert_eq!(reordered.hash(), hash);
        assert_eq!(hash.len(), 64);
    }
}
