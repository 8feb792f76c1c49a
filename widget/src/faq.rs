//! Questions visitors ask, answered by the organisation: each opens to its answer, and a
//! topic narrows the list.

use std::sync::Arc;

use attest_core::{Faq, TrustProfile};
use leptos::prelude::*;

use crate::dom::{el, replace_children, Dom};
use crate::i18n::strings;

pub fn faq(profile: Arc<TrustProfile>) -> Dom {
    let t = strings();
    if profile.faqs.is_empty() {
        return Dom::of("p", t.no_faqs).class("empty").testid("view-faq");
    }
    let topic = RwSignal::new(String::new());
    let mut topics: Vec<&str> = profile.faqs.iter().map(|f| f.category.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    let filter = (topics.len() > 1).then(|| {
        el("label")
            .class("field")
            .child(Dom::of("span", t.topic))
            .child(
                el("select")
                    .testid("faq-topic")
                    .on("change", move |ev| topic.set(event_target_value(&ev)))
                    .child(Dom::of("option", t.all_topics).attr("value", ""))
                    .children(topics.iter().map(|c| Dom::of("option", c).attr("value", c))),
            )
    });
    // How many questions the topic leaves, said to a screen reader as it changes.
    let count = el("p")
        .class("visually-hidden")
        .attr("role", "status")
        .testid("faq-count");
    let count_text = count.element();
    let list = el("div").class("faq-list").live(move |list| {
        let topic = topic.get();
        let shown: Vec<Dom> = profile
            .faqs
            .iter()
            .filter(|f| topic.is_empty() || f.category.as_str() == topic)
            .map(question)
            .collect();
        count_text.set_text_content(Some(&t.count(t.shown, shown.len())));
        replace_children(list, shown);
    });
    el("div")
        .class("faq")
        .testid("view-faq")
        .maybe(filter)
        .child(count)
        .child(list)
}

/// One question, opening to its answer: paragraphs where the answer has blank lines.
fn question(faq: &Faq) -> Dom {
    el("details")
        .class("practice-section")
        .testid("faq")
        .child(Dom::of("summary", faq.question.as_str()))
        .children(
            faq.answer
                .as_str()
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Dom::of("p", p)),
        )
        .child(
            Dom::of("p", faq.category.as_str())
                .class("topic")
                .testid("faq-topic-name"),
        )
}
