//! Review and publish: the saved draft against the published version (its fields and its
//! subprocessors), the e-mail subscribers will get, then publish — naming the draft
//! reviewed, so a colleague's later save is not published unseen. And the versions: who
//! published each, what it changed, and restoring one as a new version.

use attest_core::subprocessors::SubprocessorChanges;
use attest_core::Subprocessor;
use leptos::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::model::{Part, SECTIONS};
use super::{brief, label, name_label, words, Editor, Tab};
use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, fill2, Lang};
use crate::ui::{ConfirmButton, Failed, Loading, ProblemAlert};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct FieldChange {
    field: String,
    before: Option<Value>,
    after: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Letter {
    subject: String,
    body: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Review {
    next: i64,
    changed: bool,
    etag: Option<String>,
    fields: Vec<FieldChange>,
    subprocessors: SubprocessorChanges,
    subscribers: i64,
    email: Option<Letter>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Published {
    version: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Version {
    version: i64,
    published_at: String,
    published_by: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Versions {
    versions: Vec<Version>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Diff {
    fields: Vec<FieldChange>,
    subprocessors: SubprocessorChanges,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Restored {
    restored_from: i64,
    version: i64,
}

fn field_label(lang: Lang, field: &str) -> String {
    name_label(lang, field)
}

/// A list's change told by its items' titles (added, removed, changed), not as JSON.
fn list_changes(
    lang: Lang,
    field: &str,
    before: &Option<Value>,
    after: &Option<Value>,
) -> Option<Vec<String>> {
    let title = SECTIONS
        .iter()
        .flat_map(|s| s.parts)
        .find_map(|part| match part {
            Part::List { key, title, .. } if *key == field => Some(*title),
            _ => None,
        })?;
    let w = words(lang);
    let items = |v: &Option<Value>| -> Vec<(String, Value)> {
        v.as_ref()
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        let name = item.get(title).and_then(Value::as_str).unwrap_or_default();
                        let name = match title {
                            "framework" | "category" if field != "faqs" && field != "resources" => {
                                label(lang, &format!("choice.{name}")).to_owned()
                            }
                            _ => name.to_owned(),
                        };
                        (name, item.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (before, after) = (items(before), items(after));
    // Matched as a multiset: an item unchanged is matched first, then one by its title;
    // two items of one title (two custom badges) are two items.
    let mut unmatched: Vec<&(String, Value)> = before.iter().collect();
    let mut rest = Vec::new();
    for entry in &after {
        match unmatched.iter().position(|b| *b == entry) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => rest.push(entry),
        }
    }
    let mut lines = Vec::new();
    for (name, _) in rest {
        match unmatched.iter().position(|(n, _)| n == name) {
            Some(i) => {
                unmatched.remove(i);
                lines.push(format!("{}: {name}", w.review_changed));
            }
            None => lines.push(format!("{}: {name}", w.review_added)),
        }
    }
    for (name, _) in unmatched {
        lines.push(format!("{}: {name}", w.review_removed));
    }
    if lines.is_empty() {
        // The same items, in another order.
        lines.push(w.review_reordered.to_owned());
    }
    Some(lines)
}

/// What changed, field by field, and in the subprocessor list.
fn changes_view(
    lang: Lang,
    fields: Vec<FieldChange>,
    subprocessors: SubprocessorChanges,
) -> impl IntoView {
    let w = words(lang);
    let sub = |s: &Subprocessor| {
        let mut line = s.name.to_string();
        if let Some(location) = &s.location {
            line.push_str(&format!(" — {location}"));
        }
        if let Some(planned) = &s.planned_from {
            line.push_str(&format!(
                " ({})",
                fill(w.review_planned, &planned.to_string())
            ));
        }
        line
    };
    let list = |heading: &'static str, items: Vec<String>, testid: &'static str| {
        (!items.is_empty()).then(|| {
            view! {
                <div class="change-group" data-testid=testid>
                    <p class="label">{heading}</p>
                    <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let changed: Vec<String> = subprocessors
        .changed
        .iter()
        .map(|c| {
            let (before, after) = (
                serde_json::to_value(&c.before).unwrap_or_default(),
                serde_json::to_value(&c.after).unwrap_or_default(),
            );
            let mut keys: Vec<String> = before
                .as_object()
                .into_iter()
                .chain(after.as_object())
                .flat_map(|o| o.keys().cloned())
                .collect();
            keys.sort();
            keys.dedup();
            let details = keys
                .iter()
                .filter(|k| before.get(k.as_str()) != after.get(k.as_str()))
                .map(|k| {
                    format!(
                        "{}: {} → {}",
                        label(lang, &format!("subprocessors.{k}")),
                        brief(before.get(k.as_str()), w.empty_value),
                        brief(after.get(k.as_str()), w.empty_value)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            format!("{}: {details}", c.after.name)
        })
        .collect();
    let subprocessors_changed = !subprocessors.is_empty();
    view! {
        {(!fields.is_empty()).then(|| view! {
            <h3>{w.review_fields}</h3>
            <ul class="field-changes" data-testid="review-fields">
                {fields.into_iter().map(|f| {
                    let shown = match list_changes(lang, &f.field, &f.before, &f.after) {
                        Some(lines) => view! {
                            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        }.into_any(),
                        None => view! {
                            <div class="clash-sides">
                                <div><p class="label">{w.review_before}</p><pre>{brief(f.before.as_ref(), w.empty_value)}</pre></div>
                                <div><p class="label">{w.review_after}</p><pre>{brief(f.after.as_ref(), w.empty_value)}</pre></div>
                            </div>
                        }.into_any(),
                    };
                    view! {
                        <li>
                            <p class="item-title">{field_label(lang, &f.field)}</p>
                            {shown}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {subprocessors_changed.then(|| view! {
            <h3>{w.review_subprocessors}</h3>
            {list(w.review_added, subprocessors.added.iter().map(sub).collect(), "review-added")}
            {list(w.review_removed, subprocessors.removed.iter().map(sub).collect(), "review-removed")}
            {list(w.review_changed, changed, "review-changed")}
        })}
    }
}

#[component]
pub fn ReviewView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let review = LocalResource::new(move || {
        // Reviewed again after each save.
        editor.etag.track();
        let path = format!("{}/review", editor.path());
        async move { api::get::<Review>(&path).await }
    });
    let published = RwSignal::new(None::<i64>);
    let publish = Action::new_local(move |etag: &String| {
        let (etag, path) = (etag.clone(), format!("{}/publish", editor.path()));
        async move { api::post_if_match::<Published>(&path, &etag).await }
    });
    Effect::new(move || match publish.value().get() {
        Some(Ok(p)) => {
            published.set(Some(p.version));
            editor.reload();
            review.refetch();
        }
        // Someone saved since this review: it is shown again, on their draft.
        Some(Err(p)) if p.status == 412 => review.refetch(),
        _ => {}
    });
    let failed = Signal::derive(move || {
        publish.value().get().and_then(Result::err).map(|mut p| {
            if p.status == 412 {
                p.detail = w.get().stale_publish.to_owned();
            }
            p
        })
    });
    view! {
        <div class="review-view">
            <p class="hint">{move || w.get().review_intro}</p>
            {move || published.get().map(|n| view! {
                <p class="notice" role="status" data-testid="published">{fill(w.get().published, &n.to_string())}</p>
            })}
            <ProblemAlert problem=failed/>
            {move || editor.dirty().then(|| view! {
                <div class="alert" role="status" data-testid="review-unsaved">
                    <p>{w.get().review_unsaved}</p>
                    <button type="button" class="secondary" on:click=move |_| editor.tab.set(Tab::Edit)>{w.get().tab_edit}</button>
                </div>
            })}
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || review.refetch()/> }>
                    {move || Suspend::new(async move {
                        let review = review.await?;
                        let lang = lang.get();
                        let w = words(lang);
                        if !review.changed {
                            return Ok::<_, Problem>(view! { <p class="empty" data-testid="review-nothing">{w.review_nothing}</p> }.into_any());
                        }
                        let email = match review.email {
                            Some(letter) => view! {
                                <h3>{w.review_email}</h3>
                                <p data-testid="review-subscribers">{fill(w.review_subscribers, &review.subscribers.to_string())}</p>
                                <div class="letter" data-testid="review-email">
                                    <p><span class="label">{w.review_subject}": "</span>{letter.subject}</p>
                                    <pre>{letter.body}</pre>
                                </div>
                            }.into_any(),
                            None => view! { <p class="hint" data-testid="review-no-email">{w.review_no_email}</p> }.into_any(),
                        };
                        let etag = review.etag.clone().unwrap_or_default();
                        let next = review.next;
                        Ok(view! {
                            <div class="panel" data-testid="review">
                                {changes_view(lang, review.fields, review.subprocessors)}
                                {email}
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="publish"
                                    disabled=move || publish.pending().get() || editor.dirty()
                                    on:click=move |_| { publish.dispatch(etag.clone()); }
                                >
                                    {move || if publish.pending().get() { w.publishing.to_owned() } else { fill(w.publish, &next.to_string()) }}
                                </button>
                            </div>
                        }.into_any())
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
pub fn VersionsView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let list_path = move || format!("/v1/admin/orgs/{}/versions", encode(&editor.org.get()));
    let versions = LocalResource::new(move || {
        let path = list_path();
        async move { api::get::<Versions>(&path).await }
    });
    // A restore replaces the draft: the one this member has, or nothing if it changed.
    let restore = Action::new_local(move |n: &i64| {
        let (path, etag) = (
            format!("{}/{n}/restore", list_path()),
            editor.etag.get_untracked(),
        );
        async move { api::post_if_match::<Restored>(&path, &etag).await }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = restore.value().get() {
            versions.refetch();
            editor.reload();
        }
    });
    view! {
        <div class="versions-view">
            <p class="hint">{move || w.get().versions_intro}</p>
            {move || restore.value().get().and_then(Result::ok).map(|r| view! {
                <p class="notice" role="status" data-testid="restored">
                    {fill2(w.get().restored, &r.restored_from.to_string(), &r.version.to_string())}
                </p>
            })}
            {move || {
                let saved = editor.saved.get();
                saved.draft.then(|| view! {
                    <p class="alert" role="status" data-testid="draft-would-go">
                        {fill2(w.get().versions_draft, &format::when(lang.get(), &saved.at), super::who(&saved.by))}
                    </p>
                })
            }}
            <ProblemAlert problem=Signal::derive(move || restore.value().get().and_then(Result::err))/>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || versions.refetch()/> }>
                    {move || Suspend::new(async move {
                        let list = versions.await?.versions;
                        let lang = lang.get();
                        let w = words(lang);
                        let newest = list.first().map(|v| v.version);
                        Ok::<_, Problem>(view! {
                            <ol class="versions" data-testid="versions">
                                {list.into_iter().map(|v| {
                                    let n = v.version;
                                    let diff = RwSignal::new(None::<Result<Diff, Problem>>);
                                    let open = move |ev: leptos::ev::Event| {
                                        let opened = event_target::<web_sys::HtmlElement>(&ev)
                                            .has_attribute("open");
                                        if opened && diff.get_untracked().is_none() {
                                            let path = format!("{}/{n}/diff", list_path());
                                            leptos::task::spawn_local(async move {
                                                diff.set(Some(api::get::<Diff>(&path).await));
                                            });
                                        }
                                    };
                                    view! {
                                        <li class="version" data-testid="version">
                                            <div class="version-head">
                                                <p class="item-title">{fill(w.version_n, &n.to_string())}</p>
                                                <p class="hint">{fill2(w.version_by, &format::when(lang, &v.published_at), super::who(&v.published_by))}</p>
                                                {(Some(n) != newest).then(|| view! {
                                                    <ConfirmButton
                                                        label=w.restore.to_owned()
                                                        describe=fill(w.restore_describe, &n.to_string())
                                                        testid="restore-version"
                                                        disabled=Signal::derive(move || restore.pending().get() || editor.dirty())
                                                        on_confirm=move |_| { restore.dispatch(n); }
                                                    />
                                                })}
                                            </div>
                                            <details on:toggle=open>
                                                <summary>{w.version_changes}</summary>
                                                {move || match diff.get() {
                                                    None => view! { <p class="loading">{crate::i18n::strings(lang).loading}</p> }.into_any(),
                                                    Some(Err(p)) => view! { <p class="field-error">{p.to_string()}</p> }.into_any(),
                                                    Some(Ok(d)) => changes_view(lang, d.fields, d.subprocessors).into_any(),
                                                }}
                                            </details>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any())
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}
