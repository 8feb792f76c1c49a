//! Documents: the file behind each document of the profile (upload a new version with a
//! progress bar, the versions kept, a "valid until" date), and the approval rules that
//! decide document requests as they arrive. Grants and the leak lookup are in `grants`.

pub mod grants;
pub mod words;

use attest_core::members::Permission;
use leptos::html::Input;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang};
use crate::session::use_session;
use crate::shell::use_org;
use crate::ui::{
    held, load_state, rendered, row_of, Column, DataTable, FieldMessage, Held, Loaded, Notice,
};
use words::{words, Words};

pub const ACCESS: [&str; 3] = ["public", "on_request", "nda"];

/// The words of these screens in the member's language.
pub fn use_words() -> Signal<&'static Words> {
    let lang = expect_context::<RwSignal<Lang>>();
    Signal::derive(move || words(lang.get()))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileVersion {
    version: i64,
    size: i64,
    pages: i64,
    valid_until: Option<String>,
    uploaded_by: String,
    uploaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentState {
    pub id: String,
    pub title: String,
    access: String,
    file: Option<FileVersion>,
    versions: i64,
    active_grants: i64,
    pending_requests: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Documents {
    pub documents: Vec<DocumentState>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Files {
    files: Vec<FileVersion>,
}

/// A size in bytes as people read it.
fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} B"),
    }
}

/// The label of an access level.
pub fn access_label(w: &Words, access: &str) -> &'static str {
    ACCESS
        .iter()
        .position(|a| *a == access)
        .map_or("", |i| w.access[i])
}

/// Documents and their files, then the approval rules.
#[component]
pub fn FilesScreen() -> impl IntoView {
    let w = use_words();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let may = move |p: Permission| session.member().is_some_and(|m| m.may(&org.get(), p));
    let documents = LocalResource::new(move || {
        let path = format!("/v1/admin/orgs/{}/documents", encode(&org.get()));
        async move { api::get::<Documents>(&path).await }
    });
    let notice = RwSignal::new(None::<String>);
    let done = Callback::new(move |message: String| {
        notice.set(Some(message));
        documents.refetch();
    });
    // Each document's card reads its own record from here: an upload's reload updates
    // the cards in place, and an upload still on its way to another one goes on.
    let list = held(documents, |list| list.documents);
    let none = Memo::new(move |_| list.with(Vec::is_empty));
    view! {
        <section class="screen" aria-labelledby="files-title">
            <div class="screen-head">
                <div>
                    <h1 id="files-title">{move || w.get().files_title}</h1>
                    <p class="lead">{move || w.get().files_intro}</p>
                </div>
            </div>
            <Notice message=notice/>
            <Held state=load_state(documents) retry=move || documents.refetch()>
                {move || {
                    let w = w.get();
                    let lang = lang.get();
                    let may_upload = may(Permission::EditContent);
                    let org = org.get();
                    let card = move |first: DocumentState| {
                        let d = row_of(list, first, |a, b| a.id == b.id);
                        let id = d.with_untracked(|d| d.id.clone());
                        let has_file = Signal::derive(move || d.with(|d| d.file.is_some()));
                        let versions = Signal::derive(move || d.with(|d| d.versions));
                        let any_versions = Memo::new(move |_| versions.get() > 0);
                        let title = d.with_untracked(|d| d.title.clone());
                        let org = org.clone();
                        let document = id.clone();
                        view! {
                            <article class="panel document-file" data-testid="document-file" data-document=id.clone() aria-labelledby=format!("file-{id}")>
                                <h2 id=format!("file-{id}")>{move || d.with(|d| d.title.clone())}</h2>
                                <p class="hint">
                                    <span class="tag">{move || d.with(|d| access_label(w, &d.access))}</span>
                                    {move || d.with(|d| (d.active_grants > 0).then(|| format!(" · {}", fill(w.grants_in_force, &d.active_grants.to_string()))))}
                                </p>
                                {move || d.with(|d| current_file(w, lang, d))}
                                {may_upload.then(|| view! { <Upload document=id.clone() title=title first=Signal::derive(move || !has_file.get()) done=done/> })}
                                {move || any_versions.get().then(|| view! { <Versions org=org.clone() document=document.clone() count=versions/> })}
                            </article>
                        }
                    };
                    view! {
                        <Show
                            when=move || !none.get()
                            fallback=move || view! { <p class="empty" data-testid="files-empty">{w.no_documents}</p> }
                        >
                            <For each=move || list.get() key=|d| d.id.clone() children=card.clone()/>
                        </Show>
                    }
                }}
            </Held>
            <Show when=move || may(Permission::ReadDocumentRequests)>
                <RulesForm/>
            </Show>
        </section>
    }
}

/// What a document's card says of its current file, or that it has none yet.
fn current_file(w: &'static Words, lang: Lang, d: &DocumentState) -> AnyView {
    match &d.file {
        Some(f) => {
            let mut facts = vec![format!("{} p.", f.pages), size(f.size)];
            if let Some(until) = &f.valid_until {
                let today = js_sys::Date::new_0()
                    .to_iso_string()
                    .as_string()
                    .unwrap_or_default();
                let lapsed = until.as_str() < &today[..10.min(today.len())];
                facts.push(fill(
                    if lapsed { w.lapsed } else { w.valid_until },
                    &format::day(lang, until),
                ));
            }
            view! {
                <p data-testid="current-file">
                    {crate::i18n::fill2(w.current_file, &f.version.to_string(), &facts.join(" · "))}
                </p>
                <p class="hint">{crate::i18n::fill2(w.uploaded_by, &format::when(lang, &f.uploaded_at), &f.uploaded_by)}</p>
            }
            .into_any()
        }
        None => view! {
            <p class="hint" data-testid="no-file">{w.no_file}</p>
            {(d.pending_requests > 0 && d.access != "public").then(|| view! {
                <p class="alert warning" data-testid="waiting-for-file">{fill(w.waiting_for_file, &d.pending_requests.to_string())}</p>
            })}
        }
        .into_any(),
    }
}

/// The form that uploads a new version of `document`, with its progress.
#[component]
fn Upload(
    document: String,
    title: String,
    #[prop(into)] first: Signal<bool>,
    done: Callback<String>,
) -> impl IntoView {
    let w = use_words();
    let t = use_text();
    let org = use_org();
    let input = NodeRef::<Input>::new();
    let valid_until = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<u32>);
    let problem = RwSignal::new(None::<Problem>);
    let local = RwSignal::new(None::<String>);
    let id = document.clone();
    let upload = Action::new_local(move |_: &()| {
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let until = valid_until.get_untracked();
        let path = format!(
            "/v1/admin/orgs/{}/documents/{}/file{}",
            encode(&org.get_untracked()),
            encode(&id),
            if until.is_empty() {
                String::new()
            } else {
                format!("?validUntil={}", encode(&until))
            }
        );
        async move {
            let Some(file) = file else { return Err(None) };
            api::put_file::<FileVersion>(&path, &file, "application/pdf", progress)
                .await
                .map_err(Some)
        }
    });
    let title_of = title;
    Effect::new(move || match upload.value().get() {
        Some(Ok(version)) => {
            problem.set(None);
            local.set(None);
            progress.set(None);
            valid_until.set(String::new());
            if let Some(i) = input.get_untracked() {
                i.set_value("");
            }
            done.run(crate::i18n::fill2(
                w.get_untracked().uploaded,
                &version.version.to_string(),
                &title_of,
            ));
        }
        Some(Err(Some(p))) => {
            progress.set(None);
            problem.set(Some(p));
        }
        Some(Err(None)) => local.set(Some(w.get_untracked().pick_file_first.to_owned())),
        None => {}
    });
    let field =
        move |name: &'static str| Signal::derive(move || problem.get().and_then(|p| p.field(name)));
    let file_error = Signal::derive(move || {
        local.get().or_else(|| field("file").get()).or_else(|| {
            problem
                .get()
                .filter(|p| p.status == 413 || p.status == 415)
                .map(|p| p.to_string())
        })
    });
    let until_error = field("validUntil");
    let input_id = format!("upload-{document}");
    let until_id = format!("valid-until-{document}");
    let file_error_id = format!("upload-{document}-error");
    let until_error_id = format!("valid-until-{document}-error");
    let busy = move || upload.pending().get();
    view! {
        <form class="stack upload" data-testid="upload" novalidate on:submit=move |ev| { ev.prevent_default(); local.set(None); problem.set(None); upload.dispatch(()); }>
            <h3>{move || if first.get() { w.get().upload_first } else { w.get().upload_new }}</h3>
            <label for=input_id.clone()>{move || w.get().choose_file}</label>
            <p class="hint" id=format!("{input_id}-hint")>{move || w.get().choose_file_hint}</p>
            <input
                id=input_id.clone()
                type="file"
                accept="application/pdf,.pdf"
                node_ref=input
                aria-describedby=format!("{input_id}-hint {file_error_id}")
                aria-invalid=move || file_error.get().is_some().to_string()
                on:change=move |_| {
                    local.set(None);
                    problem.set(None);
                    let big = input.get_untracked().and_then(|i| i.files()).and_then(|f| f.get(0)).is_some_and(|f| f.size() > 25.0 * 1024.0 * 1024.0);
                    if big {
                        local.set(Some(w.get_untracked().too_large.to_owned()));
                    }
                }
            />
            <FieldMessage id=file_error_id.clone() message=file_error/>
            <label for=until_id.clone()>{move || w.get().valid_until_label}</label>
            <p class="hint" id=format!("{until_id}-hint")>{move || w.get().valid_until_hint}</p>
            <input
                id=until_id.clone()
                type="date"
                aria-describedby=format!("{until_id}-hint {until_error_id}")
                aria-invalid=move || until_error.get().is_some().to_string()
                prop:value=move || valid_until.get()
                on:input=move |ev| valid_until.set(event_target_value(&ev))
            />
            <FieldMessage id=until_error_id.clone() message=until_error/>
            {move || problem.get().filter(|p| p.field("file").is_none() && p.field("validUntil").is_none() && p.status != 413 && p.status != 415).map(|p| view! {
                <p class="alert error" role="alert">{crate::ui::explain(&p, t.get())}</p>
            })}
            {move || busy().then(|| {
                let w = w.get();
                match progress.get() {
                    Some(p) if p < 100 => view! {
                        <label class="progress" data-testid="upload-progress">
                            {fill(w.uploading, &p.to_string())}
                            <progress max="100" value=p></progress>
                        </label>
                    }.into_any(),
                    _ => view! { <p role="status" data-testid="upload-progress">{w.checking}</p> }.into_any(),
                }
            })}
            <button type="submit" class="primary" data-testid="upload-file" disabled=busy>{move || w.get().upload}</button>
        </form>
    }
}

/// A document's versions, folded until opened.
#[component]
fn Versions(org: String, document: String, #[prop(into)] count: Signal<i64>) -> impl IntoView {
    let w = use_words();
    let lang = expect_context::<RwSignal<Lang>>();
    let open = RwSignal::new(false);
    let path = format!(
        "/v1/admin/orgs/{}/documents/{}/files",
        encode(&org),
        encode(&document)
    );
    let files = LocalResource::new(move || {
        let path = path.clone();
        let wanted = open.get();
        // A new version (uploaded here) reloads the list if it is open.
        count.track();
        async move {
            if wanted {
                api::get::<Files>(&path).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let base = format!(
        "/v1/admin/orgs/{}/documents/{}/files",
        encode(&org),
        encode(&document)
    );
    view! {
        <details class="versions" data-testid="versions" on:toggle=move |ev| {
            let el: web_sys::HtmlDetailsElement = ev.target().unwrap().unchecked_into();
            open.set(el.open());
        }>
            <summary>{move || format!("{} ({})", w.get().versions, count.get())}</summary>
            <Loaded
                retry=move || files.refetch()
                render=move || {
                    let base = base.clone();
                    rendered(async move {
                        let Some(list) = files.await? else { return Ok(().into_any()) };
                        let w = w.get();
                        let lang = lang.get();
                        let rows = list.files.into_iter().map(|f| {
                            let href = format!("{base}/{}", f.version);
                            view! {
                                <tr data-testid="version">
                                    <th scope="row">
                                        <a href=href download="" aria-label=fill(w.download_version, &f.version.to_string())>{f.version}</a>
                                    </th>
                                    <td class="number">{f.pages}</td>
                                    <td class="number">{size(f.size)}</td>
                                    <td>{f.valid_until.as_deref().map(|d| format::day(lang, d)).unwrap_or_default()}</td>
                                    <td><time datetime=f.uploaded_at.clone()>{format::when(lang, &f.uploaded_at)}</time>" · "{f.uploaded_by.clone()}</td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(view! {
                            <DataTable columns=vec![
                                Column::text(w.col_version),
                                Column::number(w.col_pages),
                                Column::number(w.col_size),
                                Column::text(w.col_valid_until),
                                Column::text(w.col_uploaded),
                            ]>{rows}</DataTable>
                        }.into_any())
                    })
                }
            />
        </details>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DomainRule {
    domain: String,
    decision: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rules {
    domains: Vec<DomainRule>,
    refuse_free_mail: bool,
    remember_nda: bool,
    grant_days: u32,
    #[serde(default, skip_serializing)]
    updated_at: Option<String>,
    #[serde(default, skip_serializing)]
    updated_by: Option<String>,
}

const DECISIONS: [&str; 3] = ["approve", "deny", "review"];

/// The organisation's approval rules, edited in place.
#[component]
fn RulesForm() -> impl IntoView {
    let w = use_words();
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let may_change = move || {
        session
            .member()
            .is_some_and(|m| m.may(&org.get(), Permission::DecideDocumentRequests))
    };
    let path = move || format!("/v1/admin/orgs/{}/approval-rules", encode(&org.get()));
    let stored = LocalResource::new(move || {
        let path = path();
        async move { api::get::<Rules>(&path).await }
    });
    let draft = RwSignal::new(None::<Rules>);
    Effect::new(move || {
        if let Some(Ok(rules)) = stored.get() {
            draft.set(Some(rules));
        }
    });
    let notice = RwSignal::new(None::<String>);
    let save = Action::new_local(move |rules: &Rules| {
        let rules = rules.clone();
        let path = path();
        async move { api::send::<Rules>(gloo_net::http::Method::PUT, &path, Some(&rules)).await }
    });
    Effect::new(move || {
        if let Some(Ok(rules)) = save.value().get() {
            draft.set(Some(rules));
            notice.set(Some(w.get_untracked().rules_saved.to_owned()));
        }
    });
    let problem = move || save.value().get().and_then(Result::err);
    let error_at = move |field: String| {
        Signal::derive(move || {
            problem().and_then(|p| {
                p.errors
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message.clone())
            })
        })
    };
    let edit = move |change: &dyn Fn(&mut Rules)| {
        draft.update(|d| {
            if let Some(d) = d.as_mut() {
                change(d);
            }
        });
        notice.set(None);
    };
    view! {
        <section class="panel rules" aria-labelledby="rules-title" data-testid="approval-rules">
            <h2 id="rules-title">{move || w.get().rules_title}</h2>
            <p class="hint">{move || w.get().rules_intro}</p>
            <Notice message=notice/>
            {move || {
                let Some(rules) = draft.get() else {
                    return match stored.get() {
                        Some(Err(p)) => view! { <p class="alert error" role="alert">{crate::ui::explain(&p, t.get())}</p> }.into_any(),
                        _ => view! { <crate::ui::Loading/> }.into_any(),
                    };
                };
                let w = w.get();
                let lang = lang.get();
                let disabled = !may_change();
                let rows = rules.domains.iter().enumerate().map(|(i, rule)| {
                    let domain_id = format!("rule-{i}-domain");
                    let error_id = format!("rule-{i}-domain-error");
                    let error = error_at(format!("domains[{i}].domain"));
                    let name = rule.domain.clone();
                    view! {
                        <div class="rule-row" data-testid="rule">
                            <div class="field">
                                <label for=domain_id.clone()>{w.rule_domain}</label>
                                <input
                                    id=domain_id
                                    type="text"
                                    autocomplete="off"
                                    spellcheck="false"
                                    disabled=disabled
                                    aria-describedby=format!("rules-domain-hint {error_id}")
                                    aria-invalid=move || error.get().is_some().to_string()
                                    prop:value=rule.domain.clone()
                                    on:change=move |ev| { let v = event_target_value(&ev); edit(&|d| d.domains[i].domain = v.clone()) }
                                />
                                <FieldMessage id=error_id.clone() message=error/>
                            </div>
                            <div class="field">
                                <label for=format!("rule-{i}-decision")>{w.rule_decision}</label>
                                <select
                                    id=format!("rule-{i}-decision")
                                    disabled=disabled
                                    prop:value=rule.decision.clone()
                                    on:change=move |ev| { let v = event_target_value(&ev); edit(&|d| d.domains[i].decision = v.clone()) }
                                >
                                    {DECISIONS.iter().zip(w.decisions).map(|(key, text)| view! {
                                        <option value=*key selected=rule.decision == *key>{text}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="button" class="secondary subtle" disabled=disabled
                                aria-label=fill(w.remove_rule, if name.is_empty() { "…" } else { &name })
                                on:click=move |_| edit(&|d| { d.domains.remove(i); })>
                                "×"
                            </button>
                        </div>
                    }
                }).collect_view();
                let days_error = error_at("grantDays".into());
                view! {
                    <form class="stack" novalidate on:submit=move |ev| { ev.prevent_default(); if let Some(r) = draft.get_untracked() { save.dispatch(r); } }>
                        <p class="hint" id="rules-domain-hint">{w.rule_domain_hint}</p>
                        {if rules.domains.is_empty() { Some(view! { <p class="empty">{w.no_rules}</p> }) } else { None }}
                        {rows}
                        <button type="button" class="secondary" data-testid="add-rule" disabled=disabled
                            on:click=move |_| edit(&|d| d.domains.push(DomainRule { domain: String::new(), decision: "approve".into() }))>
                            {w.add_rule}
                        </button>
                        <label class="check">
                            <input type="checkbox" disabled=disabled prop:checked=rules.refuse_free_mail
                                on:change=move |ev| { let on = event_target_checked(&ev); edit(&|d| d.refuse_free_mail = on) }/>
                            {w.refuse_free_mail}
                        </label>
                        <label class="check">
                            <input type="checkbox" disabled=disabled prop:checked=rules.remember_nda
                                on:change=move |ev| { let on = event_target_checked(&ev); edit(&|d| d.remember_nda = on) }/>
                            {w.remember_nda}
                        </label>
                        <label for="grant-days">{w.grant_days}</label>
                        <input id="grant-days" type="number" min="1" max="90" disabled=disabled
                            aria-describedby="grant-days-error"
                            aria-invalid=move || days_error.get().is_some().to_string()
                            prop:value=rules.grant_days.to_string()
                            on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); edit(&|d| d.grant_days = v) }/>
                        <FieldMessage id="grant-days-error" message=days_error/>
                        {move || problem().filter(|p| p.errors.is_empty()).map(|p| view! {
                            <p class="alert error" role="alert">{crate::ui::explain(&p, t.get())}</p>
                        })}
                        {rules.updated_at.as_ref().map(|at| view! {
                            <p class="hint">{crate::i18n::fill2(w.rules_changed_by, &format::when(lang, at), rules.updated_by.as_deref().unwrap_or_default())}</p>
                        })}
                        {(!disabled).then(|| view! {
                            <button type="submit" class="primary" data-testid="save-rules" disabled=move || save.pending().get()>{w.save_rules}</button>
                        })}
                    </form>
                }.into_any()
            }}
        </section>
    }
}
