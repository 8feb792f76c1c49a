//! The draft as its TOML profile file: for members who prefer the file. Read by `core`'s
//! file reader, the one the command line and the seeds use, so its messages name the
//! line; a text that reads becomes the draft the forms show.

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::model::{self, SECTIONS};
use super::{words, Editor};
use crate::i18n::Lang;

/// The draft as a profile file: plain values first, then each table, in the forms' order.
pub fn to_toml(draft: &Value) -> String {
    let draft = &model::text_bodies(draft.clone());
    let Some(object) = draft.as_object() else {
        return String::new();
    };
    let mut order: Vec<&str> = vec![
        "org",
        "name",
        "tagline",
        "website",
        "logo",
        "languages",
        "allowedOrigins",
        "lastUpdated",
    ];
    for section in SECTIONS {
        for part in section.parts {
            let key = match part {
                model::Part::Fields { at, .. } => at.first().copied(),
                model::Part::List { key, .. } => Some(*key),
            };
            if let Some(key) = key {
                if !order.contains(&key) {
                    order.push(key);
                }
            }
        }
    }
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    let one = |key: &String| {
        let mut single = Map::new();
        single.insert(key.clone(), object[key.as_str()].clone());
        toml::to_string(&Value::Object(single)).unwrap_or_default()
    };
    let is_table = |v: &Value| match v {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(Value::is_object),
        _ => false,
    };
    let plain: String = keys
        .iter()
        .filter(|k| !is_table(&object[k.as_str()]))
        .map(|k| one(k))
        .collect();
    let tables: Vec<String> = keys
        .iter()
        .filter(|k| is_table(&object[k.as_str()]))
        .map(|k| one(k))
        .collect();
    let mut out = plain;
    for table in tables {
        out.push('\n');
        out.push_str(&table);
    }
    out
}

#[component]
pub fn FileView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    // A text that did not read yet is the one shown again, with why.
    let unread = editor.file_unread.get_untracked();
    let text = RwSignal::new(
        unread
            .clone()
            .unwrap_or_else(|| editor.draft.with_untracked(to_toml)),
    );
    let result = RwSignal::new(None::<Result<(), String>>);
    // The draft changed elsewhere (a colleague's change taken, a save): the file follows,
    // unless the change is this text's own.
    let own = StoredValue::new(false);
    Effect::new(move |first: Option<()>| {
        editor.draft.track();
        if first.is_none() {
            return;
        }
        if own.get_value() {
            own.set_value(false);
        } else {
            text.set(editor.draft.with_untracked(to_toml));
            result.set(None);
            editor.file_unread.set(None);
        }
    });
    // A text that reads is the draft at once; one that does not says why, and the
    // forms keep the last draft that read.
    let read = move |source: String| {
        text.set(source.clone());
        let read = attest_core::profile_file::parse(&source)
            .map_err(|e| e.to_string())
            .and_then(|_| toml::from_str::<Value>(&source).map_err(|e| e.to_string()));
        match read {
            Ok(value) => {
                let value = model::editable(value);
                if editor.draft.with_untracked(|d| *d != value) {
                    own.set_value(true);
                    editor.draft.set(value);
                }
                result.set(Some(Ok(())));
                editor.file_unread.set(None);
            }
            Err(message) => {
                result.set(Some(Err(message)));
                editor.file_unread.set(Some(source));
            }
        }
    };
    if let Some(source) = unread {
        if let Err(e) = attest_core::profile_file::parse(&source) {
            result.set(Some(Err(e.to_string())));
        }
    }
    view! {
        <div class="file-view">
            <p class="hint" id="file-intro">{move || w.get().file_intro}</p>
            <label class="visually-hidden" for="profile-file">{move || w.get().tab_file}</label>
            <textarea
                id="profile-file"
                class="code"
                rows="30"
                spellcheck="false"
                data-testid="profile-file"
                aria-describedby="file-intro"
                prop:value=move || text.get()
                on:input=move |ev| read(event_target_value(&ev))
            ></textarea>
            {move || match result.get() {
                None => None,
                Some(Ok(())) => Some(view! { <p class="notice" role="status" data-testid="file-applied">{w.get().file_applied}</p> }.into_any()),
                Some(Err(message)) => Some(view! {
                    <div class="alert error" role="alert" data-testid="file-error">
                        <p>{w.get().file_invalid}</p>
                        <pre>{message}</pre>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_core::TrustProfile;

    /// Each sample and fixture profile, as the edge serves it to the editor, becomes a
    /// file that `core` reads back into the same profile.
    #[test]
    fn every_profile_round_trips_through_its_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut read = 0;
        for dir in ["demo/profiles", "tests/fixtures/profiles"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                // Profiles only (the fixtures' logos are beside them, in `logos/`).
                if path.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                let profile =
                    attest_core::profile_file::parse(&std::fs::read_to_string(&path).unwrap())
                        .unwrap();
                let served = serde_json::to_value(&profile).unwrap();
                let file = to_toml(&served);
                let again = attest_core::profile_file::parse(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{file}", path.display()));
                assert_eq!(again, profile, "{}", path.display());
                let _: TrustProfile = again;
                read += 1;
            }
        }
        assert!(read >= 9);
    }

    /// The forms' draft of every sample has no field error and breaks no rule.
    #[test]
    fn the_samples_have_no_field_errors() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/profiles");
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            let profile =
                attest_core::profile_file::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let draft = model::editable(serde_json::to_value(&profile).unwrap());
            assert_eq!(
                model::field_errors(&model::text_bodies(draft.clone())),
                Vec::new()
            );
            assert_eq!(
                model::field_errors(&draft),
                Vec::new(),
                "{}",
                path.display()
            );
            assert_eq!(model::check_profile(&draft), Ok(Vec::new()));
        }
    }
}
