//! The content editor's words in the console's six languages: its own labels, and a
//! label for every field and choice of the profile, by key (`badges.level`,
//! `choice.in_progress`). A key a language lacks falls back to English. What `core`
//! says of a value that breaks a rule is shown as `core` words it, as the edge would.

mod de;
mod en;
mod es;
mod fr;
mod it;
mod nl;

use crate::i18n::Lang;

/// The editor's own words, in one language. `{}` takes a value (`fill`).
pub struct Words {
    pub title: &'static str,
    pub intro: &'static str,
    pub tab_edit: &'static str,
    pub tab_file: &'static str,
    pub tab_preview: &'static str,
    pub tab_review: &'static str,
    pub tab_versions: &'static str,
    pub editor_views: &'static str,
    pub section_nav: &'static str,
    pub save_draft: &'static str,
    pub saving: &'static str,
    pub saved_by: &'static str,
    pub published_by: &'static str,
    pub unsaved: &'static str,
    pub fix_first: &'static str,
    pub rule_summary: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub remove_item: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub untitled: &'static str,
    pub none_yet: &'static str,
    pub choose: &'static str,
    pub lines_hint: &'static str,
    pub body_hint: &'static str,
    pub fixed_hint: &'static str,
    pub file_intro: &'static str,
    pub file_applied: &'static str,
    pub file_invalid: &'static str,
    pub preview_intro: &'static str,
    pub preview_unsaved: &'static str,
    pub preview_language: &'static str,
    pub preview_theme: &'static str,
    pub review_intro: &'static str,
    pub review_nothing: &'static str,
    pub review_unsaved: &'static str,
    pub review_fields: &'static str,
    pub review_subprocessors: &'static str,
    pub review_added: &'static str,
    pub review_removed: &'static str,
    pub review_changed: &'static str,
    pub review_planned: &'static str,
    pub review_before: &'static str,
    pub review_after: &'static str,
    pub review_email: &'static str,
    pub review_subscribers: &'static str,
    pub review_reordered: &'static str,
    pub review_no_email: &'static str,
    pub review_subject: &'static str,
    pub publish: &'static str,
    pub publishing: &'static str,
    pub published: &'static str,
    pub versions_intro: &'static str,
    pub version_n: &'static str,
    pub version_by: &'static str,
    pub version_changes: &'static str,
    pub restore: &'static str,
    pub restore_describe: &'static str,
    pub restored: &'static str,
    pub conflict_title: &'static str,
    pub conflict_intro: &'static str,
    pub conflict_field: &'static str,
    pub conflict_mine: &'static str,
    pub conflict_theirs: &'static str,
    pub conflict_yours: &'static str,
    pub conflict_their: &'static str,
    pub conflict_save: &'static str,
    pub conflict_discard: &'static str,
    pub conflict_merged: &'static str,
    pub empty_value: &'static str,
    pub stale_publish: &'static str,
    pub kept_restored: &'static str,
    pub first_profile: &'static str,
    pub never_saved: &'static str,
    pub file_blocks_save: &'static str,
    pub versions_draft: &'static str,
    pub leave_unsaved: &'static str,
}

/// The editor's words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &en::WORDS,
        Lang::De => &de::WORDS,
        Lang::Fr => &fr::WORDS,
        Lang::Es => &es::WORDS,
        Lang::Nl => &nl::WORDS,
        Lang::It => &it::WORDS,
    }
}

fn labels(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => en::LABELS,
        Lang::De => de::LABELS,
        Lang::Fr => fr::LABELS,
        Lang::Es => es::LABELS,
        Lang::Nl => nl::LABELS,
        Lang::It => it::LABELS,
    }
}

/// The label of `key` in `lang`, or in English, or the key itself.
pub fn label(lang: Lang, key: &str) -> &'static str {
    let find = |table: &'static [(&'static str, &'static str)]| {
        table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    };
    find(labels(lang))
        .or_else(|| find(en::LABELS))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language labels every key English does, and no other.
    #[test]
    fn every_language_labels_every_key() {
        for lang in [Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::It] {
            for (key, _) in en::LABELS {
                assert!(
                    labels(lang).iter().any(|(k, _)| k == key),
                    "{lang:?} lacks {key}"
                );
            }
            assert_eq!(labels(lang).len(), en::LABELS.len(), "{lang:?}");
        }
    }
}
