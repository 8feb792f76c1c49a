//! The saved draft in the real widget: the loader visitors paste (`/v1/widget.js`) and its
//! `<attest-trust-center>`, told to read the draft from the admin API with the member's
//! session (`preview`), in each of its languages and themes.

use leptos::prelude::*;

use super::{words, Editor};
use crate::i18n::Lang;

/// Loads the widget's loader once: it defines `<attest-trust-center>` and mounts each one.
fn load_widget() {
    let document = document();
    if document.get_element_by_id("attest-widget-loader").is_some() {
        return;
    }
    if let Ok(script) = document.create_element("script") {
        script.set_id("attest-widget-loader");
        let _ = script.set_attribute("src", "/v1/widget.js");
        let _ = script.set_attribute("async", "");
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    }
}

const LANGS: [(&str, &str); 6] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("nl", "Nederlands"),
    ("it", "Italiano"),
];

#[component]
pub fn PreviewView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let t = crate::i18n::use_text();
    load_widget();
    let shown_lang = RwSignal::new("en".to_owned());
    let theme = RwSignal::new("light".to_owned());
    // A new save (a new ETag) or another language mounts a new widget.
    let widget = move || {
        let revision: String = editor
            .etag
            .get()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let org = editor.org.get();
        let lang = shown_lang.get();
        view! {
            <attest-trust-center
                org=org
                preview=revision
                lang=lang
                theme=move || theme.get()
                data-testid="preview-widget"
            ></attest-trust-center>
        }
    };
    view! {
        <div class="preview-view">
            <p class="hint">{move || w.get().preview_intro}</p>
            {move || editor.dirty().then(|| view! {
                <p class="alert" role="status" data-testid="preview-unsaved">{w.get().preview_unsaved}</p>
            })}
            <div class="row compact">
                <div class="field">
                    <label for="preview-lang">{move || w.get().preview_language}</label>
                    <select id="preview-lang" data-testid="preview-lang"
                        prop:value=move || shown_lang.get()
                        on:change=move |ev| shown_lang.set(event_target_value(&ev))>
                        {LANGS.iter().map(|(code, name)| view! { <option value=*code lang=*code>{*name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="preview-theme">{move || w.get().preview_theme}</label>
                    <select id="preview-theme" data-testid="preview-theme"
                        prop:value=move || theme.get()
                        on:change=move |ev| theme.set(event_target_value(&ev))>
                        <option value="light">{move || t.get().theme_light}</option>
                        <option value="dark">{move || t.get().theme_dark}</option>
                    </select>
                </div>
            </div>
            <div class="preview-frame" data-theme=move || theme.get()>{widget}</div>
        </div>
    }
}
