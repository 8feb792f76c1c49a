//! What a member picks for the console on this device, kept in `localStorage`: the
//! language (else the browser's) and the theme (else the system's).

use leptos::prelude::*;

use crate::i18n::Lang;

const LANG_KEY: &str = "attest.console.lang";
const THEME_KEY: &str = "attest.console.theme";

/// Light, dark, or as the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or(Self::System)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn store(key: &str, value: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// Keeps the member's choice of language for this device.
pub fn choose_lang(lang: Lang) {
    store(LANG_KEY, Some(lang.tag()));
}

/// Keeps the member's choice of theme for this device (none: the system's).
pub fn choose_theme(theme: Theme) {
    store(THEME_KEY, (theme != Theme::System).then_some(theme.key()));
}

/// Puts the language and the theme into the context, and onto `<html>` as they change.
pub fn provide() {
    let lang = RwSignal::new(crate::i18n::choose(stored(LANG_KEY).as_deref()));
    let theme = RwSignal::new(Theme::from_key(&stored(THEME_KEY).unwrap_or_default()));
    provide_context(lang);
    provide_context(theme);
    Effect::new(move || {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
    Effect::new(move || {
        let theme = theme.get();
        if let Some(html) = document().document_element() {
            let _ = match theme {
                Theme::System => html.remove_attribute("data-theme"),
                chosen => html.set_attribute("data-theme", chosen.key()),
            };
        }
    });
}
