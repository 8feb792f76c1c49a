//! The words of the widget's forms, in the language of the trust center: the edge sends
//! them with the view that has the form (`attest_views::form_texts`), and the module keeps
//! each language it is given. Labels with `{}` take a value through `lang::fill`.

use std::cell::RefCell;

use attest_core::json::Json;
use attest_core::ValidationError;
use attest_widget_ui::lang::{self, Lang};

pub use attest_views::form_texts::Texts;

thread_local! {
    /// The words of each language the edge has sent.
    static GIVEN: RefCell<Vec<(Lang, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps the words of `lang` from the edge's JSON; false when it is not that.
pub fn learn(lang: Lang, json: &str) -> bool {
    if GIVEN.with_borrow(|given| given.iter().any(|(l, _)| *l == lang)) {
        return true;
    }
    let Some(texts) = Json::parse(json).ok().and_then(|j| Texts::from_json(&j)) else {
        return false;
    };
    let texts: &'static Texts = Box::leak(Box::new(texts));
    GIVEN.with_borrow_mut(|given| given.push((lang, texts)));
    true
}

/// The forms' words in `lang`: a form is only mounted once they are known (`learn`).
pub fn texts_for(lang: Lang) -> &'static Texts {
    GIVEN
        .with_borrow(|given| {
            given
                .iter()
                .find(|(l, _)| *l == lang)
                .or(given.first())
                .map(|(_, t)| *t)
        })
        .unwrap_or_else(|| wasm_bindgen::throw_str("the forms were mounted without their words"))
}

/// The forms' words in the language of the view being built.
pub fn texts() -> &'static Texts {
    texts_for(attest_widget_ui::dom::current_lang())
}

/// A rule broken by a value, in the visitor's language.
pub fn describe(t: &Texts, error: &ValidationError) -> String {
    match error {
        ValidationError::Required { .. } => t.required.to_owned(),
        ValidationError::TooLong { max, .. } => lang::fill(t.too_long, &max.to_string()),
        ValidationError::Invalid { field, reason } => match field.as_ref() {
            "email" => t.invalid_email.to_owned(),
            "consent" => t.consent_needed.to_owned(),
            "kind" => t.kind_not_offered.to_owned(),
            "jurisdiction" => t.law_not_offered.to_owned(),
            "ndaAccepted" => t.nda_needed.to_owned(),
            "ndaVersion" => t.nda_changed.to_owned(),
            _ => reason.to_string(),
        },
    }
}

/// The edge's field errors in the visitor's language (the widget's own check catches
/// the same rules first, so these are rare).
pub fn server_errors(t: &Texts, errors: Vec<(String, String)>) -> Vec<(String, String)> {
    errors
        .into_iter()
        .map(|(field, message)| {
            let text = match field.as_str() {
                "email" => t.invalid_email.to_owned(),
                "consent" => t.consent_needed.to_owned(),
                "kind" => t.kind_not_offered.to_owned(),
                "jurisdiction" => t.law_not_offered.to_owned(),
                "ndaAccepted" => t.nda_needed.to_owned(),
                "ndaVersion" => t.nda_changed.to_owned(),
                "proof" => t.send_failed.to_owned(),
                _ if message == "is required" => t.required.to_owned(),
                _ => message,
            };
            (field, text)
        })
        .collect()
}

/// The errors of a check, as (field, message in the visitor's language).
pub fn localise(t: &Texts, errors: &[ValidationError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field().to_owned(), describe(t, e)))
        .collect()
}
