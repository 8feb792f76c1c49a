//! Questions visitors ask, answered by the organisation: each opens to its answer, and a
//! topic narrows the list (run by the app; a render without controls shows them all).

use std::sync::Arc;

use attest_core::{Faq as Question, TrustProfile};
use leptos::prelude::*;

use crate::fields::choice;
use crate::i18n::strings;

/// The FAQ view. `controls`: the topic filter, where something runs it.
#[component]
pub fn Faq(profile: Arc<TrustProfile>, #[prop(default = true)] controls: bool) -> impl IntoView {
    let t = strings();
    if profile.faqs.is_empty() {
        return view! { <p class="empty" data-testid="view-faq">{t.no_faqs}</p> }.into_any();
    }
    let topics: Vec<String> = profile
        .faqs
        .iter()
        .map(|f| f.category.as_str().to_owned())
        .collect();
    let several = topics.iter().any(|c| *c != topics[0]);
    let filter = (controls && several).then(|| choice(t.topic, t.all_topics, "faq-topic", topics));
    let count = t.count(t.shown, profile.faqs.len());
    view! {
        <div class="faq" data-testid="view-faq">
            {filter}
            // How many questions the topic leaves, said to a screen reader as it changes.
            <p class="visually-hidden" role="status" data-testid="faq-count" data-template=t.shown>
                {count}
            </p>
            <div class="faq-list">{profile.faqs.iter().map(question).collect_view()}</div>
        </div>
    }
    .into_any()
}

/// One question, opening to its answer: paragraphs where the answer has blank lines.
fn question(faq: &Question) -> impl IntoView {
    let answer = faq
        .answer
        .as_str()
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    view! {
        <details class="practice-section" data-testid="faq">
            <summary>{faq.question.as_str().to_owned()}</summary>
            {answer}
            <p class="topic" data-testid="faq-topic-name">{faq.category.as_str().to_owned()}</p>
        </details>
    }
}
