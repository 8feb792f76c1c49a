//! The languages the trust center speaks, and the formatting of dates and numbers in
//! them: `Intl`, the browser's in the widget and the runtime's at the edge, so that both
//! write a day the same way.

use attest_core::Date;

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    Nl,
    It,
}

impl Lang {
    /// The language of `asked` (a `data-lang`, a `lang` parameter), else of `fallback`
    /// (the browser's), else English.
    pub fn choose(asked: Option<&str>, fallback: Option<&str>) -> Self {
        asked
            .and_then(Self::from_tag)
            .or_else(|| fallback.and_then(Self::from_tag))
            .unwrap_or(Self::En)
    }

    /// `de`, `de-CH`, `DE_at`… → German.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Some(match primary.as_str() {
            "en" => Self::En,
            "de" => Self::De,
            "fr" => Self::Fr,
            "es" => Self::Es,
            "nl" => Self::Nl,
            "it" => Self::It,
            _ => return None,
        })
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Nl => "nl",
            Self::It => "it",
        }
    }

    /// A day written the way this language writes it ("25 November 2026", "25. November 2026").
    pub fn date(self, day: Date) -> String {
        if !cfg!(target_arch = "wasm32") {
            return day.to_string();
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
        let locales = js_sys::Array::of1(&self.tag().into());
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        let instant = js_sys::Date::new(&((day.unix_seconds() as f64) * 1000.0).into());
        format
            .format()
            .call1(&format, &instant)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| day.to_string())
    }
}

/// `template` with its `{}` replaced by `value`.
pub fn fill(template: &str, value: &str) -> String {
    template.replacen("{}", value, 1)
}

/// `template` with its `{}` replaced by `n` written the way `lang` writes numbers.
pub fn count(lang: Lang, template: &str, n: usize) -> String {
    if !cfg!(target_arch = "wasm32") {
        return fill(template, &n.to_string());
    }
    let locales = js_sys::Array::of1(&lang.tag().into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new());
    let written = format
        .format()
        .call1(&format, &(n as f64).into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| n.to_string());
    fill(template, &written)
}

/// The language of the view being built (its reactive owner's context), English when
/// none is set.
pub fn current() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or(Lang::En)
}
