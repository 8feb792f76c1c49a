//! The profile as forms: a section at a time, every field with its label, its hint and
//! `core`'s message for it as the member types; lists with add, remove and reorder.

use leptos::prelude::*;
use serde_json::Value;

use super::model::{self, Field, Kind, Part, Path, Seg, SECTIONS};
use super::{label, words, Editor};
use crate::i18n::{fill, Lang};

/// The errors of the draft by field path: each field's own, then (when every field reads)
/// the rules across fields, then what the edge refused on the last save.
#[derive(Clone, Copy)]
pub struct Errors(Memo<Vec<(String, String)>>);

/// The draft's errors, kept up to date for every view of the editor.
pub fn provide_errors(editor: Editor) -> Errors {
    let errors = Errors(Memo::new(move |_| {
        let problems = editor.draft.with(model::field_problems);
        let mut all: Vec<(String, String)> = problems
            .iter()
            .map(|p| (model::path_name(&p.path), p.message.clone()))
            .collect();
        match editor.draft.with(|d| model::check_across(d, &problems)) {
            Ok(across) => all.extend(across),
            // A draft the rules cannot be run on yet: said once, unless a field says why.
            Err(message) if problems.is_empty() => all.push((String::new(), message)),
            Err(_) => {}
        }
        if let Some(refused) = editor.refused.get() {
            all.extend(refused.errors.into_iter().map(|e| (e.field, e.message)));
        }
        all
    }));
    provide_context(errors);
    errors
}

impl Errors {
    /// How many errors the draft has.
    pub fn count(&self) -> usize {
        self.0.with(Vec::len)
    }

    fn at(&self, path: &str) -> Option<String> {
        self.0
            .with(|all| all.iter().find(|(p, _)| p == path).map(|(_, m)| m.clone()))
    }

    fn within(&self, prefix: &str) -> usize {
        self.0.with(|all| {
            all.iter()
                .filter(|(p, _)| {
                    p == prefix
                        || p.starts_with(&format!("{prefix}."))
                        || p.starts_with(&format!("{prefix}["))
                })
                .count()
        })
    }
}

/// A section's path prefixes: what its error count covers.
fn prefixes(index: usize) -> Vec<String> {
    SECTIONS[index]
        .parts
        .iter()
        .flat_map(|part| match part {
            Part::Fields { at: [], fields } => fields.iter().map(|f| f.key.to_owned()).collect(),
            Part::Fields { at, .. } => vec![at.join(".")],
            Part::List { key, .. } => vec![(*key).to_owned()],
        })
        .collect()
}

fn id_of(path: &str) -> String {
    format!(
        "f-{}",
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    )
}

/// The label key of a field: `badges.level`, `commitments.backupFrequency`,
/// `contacts.email`, `items.title`.
fn label_key(scope: &str, field: &Field) -> String {
    if scope.is_empty() {
        field.key.to_owned()
    } else {
        format!("{scope}.{}", field.key)
    }
}

#[component]
pub fn EditView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let errors = expect_context::<Errors>();
    let nav = move || {
        SECTIONS
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let count = move || prefixes(i).iter().map(|p| errors.within(p)).sum::<usize>();
                view! {
                    <li>
                        <button
                            type="button"
                            data-testid=format!("section-{}", section.id)
                            aria-current=move || (editor.section.get() == i).then_some("true")
                            on:click=move |_| editor.section.set(i)
                        >
                            {move || label(lang.get(), &format!("section.{}", section.id))}
                            {move || (count() > 0).then(|| view! { <span class="error-count" data-testid="section-errors">{count()}</span> })}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    // A rule the forms cannot place (the edge's, on a part no field shows).
    let unplaced = move || {
        errors.at("").map(|m| view! { <div class="alert error" role="alert"><p>{w.get().rule_summary}</p><p>{m}</p></div> })
    };
    view! {
        <div class="editor">
            <nav class="section-nav" aria-label=move || w.get().section_nav>
                <ul>{nav}</ul>
            </nav>
            <div class="section-body">
                {unplaced}
                {move || {
                    let section = SECTIONS[editor.section.get()];
                    view! {
                        <h2>{move || label(lang.get(), &format!("section.{}", section.id))}</h2>
                        {section.parts.iter().map(|part| part_view(*part)).collect_view()}
                    }
                }}
            </div>
        </div>
    }
}

fn part_view(part: Part) -> AnyView {
    let lang = expect_context::<RwSignal<Lang>>();
    match part {
        Part::Fields { at, fields } => {
            let base: Path = at.iter().map(|k| Seg::Key(k)).collect();
            let scope = at.first().copied().unwrap_or_default();
            let heading = (!at.is_empty()).then(|| {
                let key = format!("part.{}", at.join("."));
                view! { <h3>{move || label(lang.get(), &key)}</h3> }
            });
            let name = at.join(".");
            view! {
                <div class="part" data-testid=format!("field-{name}")>
                    {heading}
                    {whole_message(name.clone())}
                    {fields.iter().map(|f| field_view(base.clone(), scope, *f, !at.is_empty())).collect_view()}
                </div>
            }
            .into_any()
        }
        Part::List { key, fields, title } => {
            list_view(vec![Seg::Key(key)], key, fields, title).into_any()
        }
    }
}

/// A list of objects: each item folded under its title, with its fields.
fn list_view(
    path: Path,
    scope: &'static str,
    fields: &'static [Field],
    title: &'static str,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let errors = expect_context::<Errors>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let list_path = path.clone();
    let len = Memo::new(move |_| {
        editor.draft.with(|d| {
            model::get(d, &list_path)
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
    });
    // The item just added opens, for the member to fill in.
    let opened = RwSignal::new(None::<usize>);
    let item_key = format!("item.{scope}");
    let items_path = path.clone();
    let items = move || {
        let n = len.get();
        if n == 0 {
            return view! { <p class="empty">{move || w.get().none_yet}</p> }.into_any();
        }
        (0..n)
            .map(|i| {
                let mut item_path = items_path.clone();
                item_path.push(Seg::Index(i));
                let name = model::path_name(&item_path);
                let title_path = {
                    let mut p = item_path.clone();
                    p.push(Seg::Key(title));
                    p
                };
                let heading = move || {
                    let value = editor
                        .draft
                        .with(|d| model::get(d, &title_path).and_then(Value::as_str).map(str::to_owned))
                        .unwrap_or_default();
                    if value.is_empty() {
                        w.get().untitled.to_owned()
                    } else if title == "framework" || title == "category" && scope == "practices" {
                        label(lang.get(), &format!("choice.{value}")).to_owned()
                    } else {
                        value
                    }
                };
                let item_errors = {
                    let name = name.clone();
                    move || errors.within(&name)
                };
                let (up, down, remove) = (items_path.clone(), items_path.clone(), items_path.clone());
                let kind = item_key.clone();
                let fields_path = item_path.clone();
                view! {
                    <details class="item" data-testid=format!("item-{scope}") open=move || opened.get() == Some(i)>
                        <summary>
                            <span class="item-heading" data-testid="item-heading">{heading}</span>
                            {move || (item_errors() > 0).then(|| view! { <span class="error-count">{item_errors()}</span> })}
                        </summary>
                        <div class="item-body" data-testid=format!("field-{name}")>
                            {whole_message(name.clone())}
                            {fields.iter().map(|f| field_view(fields_path.clone(), scope, *f, false)).collect_view()}
                            <div class="item-actions">
                                <button type="button" class="secondary" disabled=move || i == 0
                                    on:click=move |_| editor.draft.update(|d| swap(d, &up, i - 1, i))>
                                    {move || w.get().move_up}
                                </button>
                                <button type="button" class="secondary" disabled=move || { i + 1 >= len.get() }
                                    on:click=move |_| editor.draft.update(|d| swap(d, &down, i, i + 1))>
                                    {move || w.get().move_down}
                                </button>
                                <button type="button" class="secondary" data-testid="remove-item"
                                    aria-label=move || fill(w.get().remove_item, label(lang.get(), &kind))
                                    on:click=move |_| editor.draft.update(|d| remove_at(d, &remove, i))>
                                    {move || w.get().remove}
                                </button>
                            </div>
                        </div>
                    </details>
                }
            })
            .collect_view()
            .into_any()
    };
    let add_path = path.clone();
    let add_label = format!("item.{scope}");
    view! {
        <div class="items" data-testid=format!("list-{scope}")>
            {items}
            <button type="button" class="secondary add" data-testid=format!("add-{scope}")
                on:click=move |_| {
                    let n = len.get_untracked();
                    editor.draft.update(|d| push(d, &add_path, model::new_item(fields)));
                    opened.set(Some(n));
                }>
                {move || format!("{} {}", w.get().add, label(lang.get(), &add_label))}
            </button>
        </div>
    }
}

/// A rule about a whole part or item (a contact needs an e-mail or a link; a practice
/// needs a title or a text), said at its top.
fn whole_message(name: String) -> impl IntoView {
    let errors = expect_context::<Errors>();
    move || {
        (!name.is_empty()).then(|| errors.at(&name)).flatten().map(
            |m| view! { <p class="field-error" role="alert" data-testid="field-error">{m}</p> },
        )
    }
}

fn swap(draft: &mut Value, list: &[Seg], a: usize, b: usize) {
    if let Some(items) = list_mut(draft, list) {
        if b < items.len() {
            items.swap(a, b);
        }
    }
}

fn remove_at(draft: &mut Value, list: &[Seg], i: usize) {
    if let Some(items) = list_mut(draft, list) {
        if i < items.len() {
            items.remove(i);
        }
    }
}

fn push(draft: &mut Value, list: &[Seg], item: Value) {
    if model::get(draft, list).is_none() {
        model::set(draft, list, Some(Value::Array(Vec::new())));
    }
    if let Some(items) = list_mut(draft, list) {
        items.push(item);
    }
}

fn list_mut<'a>(draft: &'a mut Value, list: &[Seg]) -> Option<&'a mut Vec<Value>> {
    model::get_mut(draft, list).and_then(Value::as_array_mut)
}

/// One field: label, input, hint and message.
fn field_view(base: Path, scope: &'static str, field: Field, optional_part: bool) -> AnyView {
    let editor = expect_context::<Editor>();
    let errors = expect_context::<Errors>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let mut path = base;
    path.push(Seg::Key(field.key));
    let name = model::path_name(&path);
    let id = id_of(&name);
    let key = label_key(scope, &field);
    let label_text = move || {
        let text = label(lang.get(), &key);
        if field.required && !matches!(field.kind, Kind::Fixed) {
            format!("{text} *")
        } else {
            text.to_owned()
        }
    };

    if let Kind::Logo = field.kind {
        return view! {
            <div class="field" data-testid=format!("field-{name}")>
                <label for=id.clone()>{label_text}</label>
                <LogoField path=path id=id/>
            </div>
        }
        .into_any();
    }

    if let Kind::Items(inner) = field.kind {
        return view! {
            <div class="field nested">
                <p class="label">{label_text}</p>
                {list_view(path, field.key, inner, "title")}
            </div>
        }
        .into_any();
    }

    let current = {
        let path = path.clone();
        move || editor.draft.with(|d| model::get(d, &path).cloned())
    };
    // The text as typed: the draft gets its value, and only a change from elsewhere (the
    // file view, a colleague's change taken, a save's normalised text) rewrites it.
    // Read untracked: the section or list that renders this field must not render again
    // at each keystroke (it would lose the focus and the folds).
    let text = RwSignal::new(model::shown(field.kind, untrack(&current).as_ref()));
    {
        let current = current.clone();
        Effect::new(move |_| {
            let value = current();
            if model::typed_in(&field, &text.get_untracked(), optional_part) != value {
                text.set(model::shown(field.kind, value.as_ref()));
            }
        });
    }
    let write = {
        let path = path.clone();
        move |typed: String| {
            text.set(typed.clone());
            editor
                .draft
                .update(|d| model::set(d, &path, model::typed_in(&field, &typed, optional_part)));
        }
    };
    let message = {
        let name = name.clone();
        Signal::derive(move || errors.at(&name))
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let hint = move || {
        let w = w.get();
        match field.kind {
            Kind::Lines => Some(w.lines_hint),
            Kind::Body => Some(w.body_hint),
            Kind::Fixed => Some(w.fixed_hint),
            _ => None,
        }
    };
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint().is_some() {
                ids.push(hint_id.clone());
            }
            if message.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || message.with(Option::is_some).then_some("true");
    let input = match field.kind {
        Kind::Fixed => view! {
            <input id=id.clone() type="text" readonly prop:value=move || text.get() aria-describedby=described.clone()/>
        }
        .into_any(),
        Kind::Line | Kind::Number => {
            let write = write.clone();
            view! {
                <input
                    id=id.clone()
                    type="text"
                    inputmode=matches!(field.kind, Kind::Number).then_some("numeric")
                    data-field=name.clone()
                    prop:value=move || text.get()
                    aria-invalid=invalid
                    aria-describedby=described.clone()
                    on:input=move |ev| write(event_target_value(&ev))
                />
            }
            .into_any()
        }
        Kind::Long | Kind::Body | Kind::Lines => {
            let write = write.clone();
            let rows = if matches!(field.kind, Kind::Long) { 3 } else { 5 };
            view! {
                <textarea
                    id=id.clone()
                    rows=rows
                    data-field=name.clone()
                    prop:value=move || text.get()
                    aria-invalid=invalid
                    aria-describedby=described.clone()
                    on:input=move |ev| write(event_target_value(&ev))
                ></textarea>
            }
            .into_any()
        }
        Kind::Choice(options) => {
            let write = write.clone();
            view! {
                <select
                    id=id.clone()
                    data-field=name.clone()
                    prop:value=move || text.get()
                    aria-invalid=invalid
                    aria-describedby=described.clone()
                    on:change=move |ev| write(event_target_value(&ev))
                >
                    {(!field.required).then(|| view! { <option value="">{move || w.get().choose}</option> })}
                    {options.iter().map(|o| view! {
                        <option value=*o selected=move || text.get() == *o>{move || label(lang.get(), &format!("choice.{o}"))}</option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        Kind::Choices(options) => {
            let path = path.clone();
            view! {
                <div class="checks" role="group" aria-labelledby=format!("{id}-label") data-field=name.clone()>
                    {options.iter().map(|o| {
                        let path = path.clone();
                        let on = {
                            let path = path.clone();
                            move || editor.draft.with(|d| model::get(d, &path).and_then(Value::as_array).is_some_and(|a| a.iter().any(|v| v == *o)))
                        };
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=on on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    editor.draft.update(|d| {
                                        let mut list: Vec<Value> = model::get(d, &path).and_then(Value::as_array).cloned().unwrap_or_default();
                                        list.retain(|v| v != *o);
                                        if checked {
                                            list.push(Value::String((*o).to_owned()));
                                        }
                                        model::set(d, &path, (!list.is_empty()).then_some(Value::Array(list)));
                                    });
                                }/>
                                {move || label(lang.get(), &format!("choice.{o}"))}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Kind::Items(_) | Kind::Logo => unreachable!("lists and logos are handled above"),
    };
    let label_view = if matches!(field.kind, Kind::Choices(_)) {
        view! { <p class="label" id=format!("{id}-label")>{label_text}</p> }.into_any()
    } else {
        view! { <label for=id.clone()>{label_text}</label> }.into_any()
    };
    view! {
        <div class="field" data-testid=format!("field-{name}")>
            {label_view}
            {input}
            {move || hint().map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || message.get().map(|m| view! { <p class="field-error" id=error_id.clone() data-testid="field-error">{m}</p> })}
        </div>
    }
    .into_any()
}

/// The organisation's logo: the one the draft names, shown as it will be; a file chosen
/// is uploaded at once (with its progress) and, once the edge kept it, named in the
/// draft. The edge says why it refused a file (an SVG with script, say), and the draft
/// keeps its logo.
#[component]
fn LogoField(path: Path, id: String) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let say = move |key: &'static str| move || label(lang.get(), key).to_owned();
    let current = {
        let path = path.clone();
        Memo::new(move |_| {
            editor.draft.with(|d| {
                model::get(d, &path)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
        })
    };
    let progress = RwSignal::new(None::<u32>);
    let refused = RwSignal::new(None::<String>);
    let uploaded = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let choose = {
        let path = path.clone();
        move || {
            refused.set(None);
            uploaded.set(false);
            let Some(file) = input
                .get_untracked()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let kind = file.type_();
            if kind != "image/svg+xml" && kind != "image/png" {
                refused.set(Some(label(lang.get_untracked(), "logo.kind").to_owned()));
                return;
            }
            if file.size() > 512.0 * 1024.0 {
                refused.set(Some(
                    label(lang.get_untracked(), "logo.tooLarge").to_owned(),
                ));
                return;
            }
            let path = path.clone();
            let url = format!(
                "/v1/admin/orgs/{}/logo",
                crate::api::encode(&editor.org.get_untracked())
            );
            leptos::task::spawn_local(async move {
                #[derive(serde::Deserialize)]
                struct Kept {
                    logo: String,
                }
                let answer = crate::api::put_file::<Kept>(&url, &file, &kind, progress).await;
                progress.set(None);
                match answer {
                    Ok(kept) => {
                        editor
                            .draft
                            .update(|d| model::set(d, &path, Some(Value::String(kept.logo))));
                        uploaded.set(true);
                    }
                    Err(problem) => {
                        let reason = problem
                            .field("file")
                            .map(|r| {
                                format!(
                                    "{} The file {r}.",
                                    label(lang.get_untracked(), "logo.refused")
                                )
                            })
                            .unwrap_or_else(|| problem.to_string());
                        refused.set(Some(reason));
                    }
                }
                if let Some(input) = input.get_untracked() {
                    input.set_value("");
                }
            });
        }
    };
    let remove = {
        let path = path.clone();
        move |_| {
            editor.draft.update(|d| model::set(d, &path, None));
            uploaded.set(false);
            refused.set(None);
        }
    };
    let preview = move || {
        current.get().map(|logo| {
            let src = format!(
                "/v1/orgs/{}/logos/{logo}",
                crate::api::encode(&editor.org.get())
            );
            view! {
                <div class="logo-preview">
                    <img src=src alt=say("logo.current") data-testid="logo-preview"/>
                    <button type="button" class="secondary" data-testid="logo-remove" on:click=remove.clone()>{say("logo.remove")}</button>
                </div>
            }
        })
    };
    view! {
        {preview}
        <input
            id=id.clone()
            type="file"
            accept="image/svg+xml,image/png"
            node_ref=input
            data-testid="logo-file"
            aria-describedby={
                let error_id = error_id.clone();
                move || if refused.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
            }
            aria-invalid=move || refused.with(Option::is_some).then_some("true")
            on:change=move |_| choose()
        />
        <p class="hint" id=format!("{id}-hint")>{say("logo.hint")}</p>
        {move || progress.get().map(|p| view! {
            <label class="progress" data-testid="logo-progress">
                {say("logo.uploading")}
                <progress max="100" value=p></progress>
            </label>
        })}
        {move || uploaded.get().then(|| view! { <p class="notice" role="status" data-testid="logo-uploaded">{say("logo.uploaded")}</p> })}
        {move || refused.get().map(|m| view! { <p class="field-error" role="alert" id=error_id.clone() data-testid="logo-error">{m}</p> })}
    }
}
