//! Trust content: the organisation's profile edited as forms or as its TOML file (one
//! draft), previewed in the real widget, reviewed against what is published, published,
//! and its versions restored. A save names the ETag it was based on; when a colleague
//! saved in between, the member sees their change field by field and keeps theirs or
//! their own, and nothing either of them typed is lost.

mod file;
mod form;
mod model;
mod preview;
mod review;
mod words;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::{self, encode, Problem, Versioned};
use crate::format;
use crate::i18n::{fill, fill2, Lang};
use crate::shell::use_org;
use crate::ui::{Failed, Loading, ProblemAlert};
use model::{Seg, SECTIONS};
pub use words::{label, words, Words};

/// The editor's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Edit,
    File,
    Preview,
    Review,
    Versions,
}

/// Who saved what the editor is based on, and when.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Saved {
    pub draft: bool,
    pub by: String,
    pub at: String,
}

impl Saved {
    /// What an answer of `…/profile` says of who saved it.
    fn of<T>(answer: &Versioned<T>) -> Self {
        Self {
            draft: answer.draft,
            by: answer.saved_by.clone(),
            at: answer.saved_at.clone(),
        }
    }
}

/// A colleague's save met on saving: theirs, with the fields both changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Their draft (the editor's form of it) and its ETag.
    pub theirs: Value,
    pub etag: String,
    pub saved: Saved,
    /// The parts both changed, each with the member's choice: `true` keeps theirs.
    pub clashes: Vec<(Vec<Seg>, RwSignal<bool>)>,
    /// The parts only they changed, already taken into the draft.
    pub merged: Vec<Vec<Seg>>,
}

/// The editor's state, shared by its views.
#[derive(Clone, Copy)]
pub struct Editor {
    pub org: Signal<String>,
    /// What the draft was when loaded or last saved: what "unsaved" compares with, and
    /// the base a colleague's change is merged against.
    pub base: RwSignal<Value>,
    pub draft: RwSignal<Value>,
    pub etag: RwSignal<String>,
    pub saved: RwSignal<Saved>,
    pub tab: RwSignal<Tab>,
    /// The part of the profile the form shows (an index into `SECTIONS`).
    pub section: RwSignal<usize>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// The edge's refusal of the last save, field by field.
    pub refused: RwSignal<Option<Problem>>,
    pub saving: RwSignal<bool>,
    /// A line saying what just happened.
    pub notice: RwSignal<Option<String>>,
    /// The TOML file view holds a text that does not read: saving would drop it.
    pub file_unread: RwSignal<Option<String>>,
    /// Who is editing: their unsaved changes are kept under their name.
    pub member: StoredValue<String>,
}

impl Editor {
    pub fn path(&self) -> String {
        format!(
            "/v1/admin/orgs/{}/profile",
            encode(&self.org.get_untracked())
        )
    }

    pub fn dirty(&self) -> bool {
        self.draft.with(|d| self.base.with(|b| d != b)) || self.file_unread.with(Option::is_some)
    }

    fn loaded(&self, answer: Versioned<Value>) {
        self.based_on(answer, true);
    }

    /// The edge's answer becomes what the editor is based on; the draft follows it when
    /// `replace_draft` (else what the member typed meanwhile stays, unsaved).
    fn based_on(&self, answer: Versioned<Value>, replace_draft: bool) {
        self.saved.set(Saved::of(&answer));
        let editable = model::editable(answer.body);
        if replace_draft {
            self.draft.set(editable.clone());
        }
        self.base.set(editable);
        self.etag.set(answer.etag);
    }

    /// Where this browser tab keeps the member's unsaved changes, so that leaving the
    /// screen, a reload or a crash loses none of them.
    fn kept_key(&self) -> String {
        format!(
            "attest-unsaved-{}-{}",
            self.org.get_untracked(),
            self.member.get_value()
        )
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// Keeps the unsaved changes with what they were based on; forgets them once saved.
    fn keep(&self) {
        let Some(storage) = Self::storage() else {
            return;
        };
        if self
            .draft
            .with_untracked(|d| self.base.with_untracked(|b| d != b))
        {
            let kept = serde_json::json!({
                "etag": self.etag.get_untracked(),
                "base": self.base.get_untracked(),
                "draft": self.draft.get_untracked(),
            });
            let _ = storage.set_item(&self.kept_key(), &kept.to_string());
        } else {
            let _ = storage.remove_item(&self.kept_key());
        }
    }

    /// Puts back the changes kept from before, on what they were based on: saving them
    /// then meets any newer save as a conflict, as it would have.
    fn restore_kept(&self) -> bool {
        let kept = Self::storage()
            .and_then(|s| s.get_item(&self.kept_key()).ok().flatten())
            .and_then(|text| serde_json::from_str::<Value>(&text).ok());
        let Some(kept) = kept else {
            return false;
        };
        let (Some(etag), Some(base), Some(draft)) = (
            kept.get("etag").and_then(Value::as_str),
            kept.get("base"),
            kept.get("draft"),
        ) else {
            return false;
        };
        if base == draft {
            return false;
        }
        self.etag.set(etag.to_owned());
        self.base.set(base.clone());
        self.draft.set(draft.clone());
        true
    }

    /// Loads the draft again (after a publish or a restore), dropping nothing unsaved:
    /// only called when there is nothing unsaved.
    pub fn reload(self) {
        let path = self.path();
        leptos::task::spawn_local(async move {
            if let Ok(answer) = api::get_versioned::<Value>(&path).await {
                if !self.draft.is_disposed() {
                    self.loaded(answer);
                }
            }
        });
    }

    /// Saves the draft, based on the ETag it was loaded with; a colleague's save in
    /// between becomes a conflict to resolve.
    pub fn save(self) {
        if self.saving.get_untracked() {
            return;
        }
        let sent = self.draft.get_untracked();
        let etag = self.etag.get_untracked();
        self.saving.set(true);
        self.refused.set(None);
        self.notice.set(None);
        leptos::task::spawn_local(async move {
            let path = self.path();
            let answer = api::put_versioned::<Value>(&path, &etag, &sent).await;
            // The screen was left while saving: the kept copy is what is left to update.
            if self.draft.is_disposed() {
                if answer.is_ok() {
                    if let Some(storage) = Self::storage() {
                        let _ = storage.remove_item(&self.kept_key());
                    }
                }
                return;
            }
            match answer {
                Ok(answer) => {
                    // What was typed while saving stays in the draft, unsaved.
                    let unchanged = self.draft.get_untracked() == sent;
                    self.based_on(answer, unchanged);
                    self.conflict.set(None);
                }
                Err(problem) if problem.status == 412 => {
                    let theirs = api::get_versioned::<Value>(&path).await;
                    if self.draft.is_disposed() {
                        return;
                    }
                    match theirs {
                        Ok(theirs) => self.conflict.set(Some(conflict(
                            &self.base.get_untracked(),
                            &self.draft.get_untracked(),
                            theirs,
                        ))),
                        Err(problem) => self.refused.set(Some(problem)),
                    }
                }
                Err(problem) => self.refused.set(Some(problem)),
            }
            self.saving.set(false);
        });
    }

    /// Applies the member's choices: the merged draft, based on their ETag, saved.
    pub fn resolve(self) {
        let Some(conflict) = self.conflict.get_untracked() else {
            return;
        };
        // Theirs, with each part the member changed put back, unless they chose theirs.
        let mut merged = conflict.theirs.clone();
        let (base, mine) = (self.base.get_untracked(), self.draft.get_untracked());
        for path in units() {
            let changed = model::get(&mine, &path);
            if changed == model::get(&base, &path) {
                continue;
            }
            let keep_theirs = conflict
                .clashes
                .iter()
                .any(|(p, theirs)| *p == path && theirs.get_untracked());
            if !keep_theirs {
                model::set(&mut merged, &path, changed.cloned());
            }
        }
        self.base.set(conflict.theirs);
        self.draft.set(merged);
        self.etag.set(conflict.etag);
        self.saved.set(conflict.saved);
        self.conflict.set(None);
        self.save();
    }

    /// Drops the member's changes for their colleague's draft.
    pub fn take_theirs(self) {
        if let Some(conflict) = self.conflict.get_untracked() {
            self.base.set(conflict.theirs.clone());
            self.draft.set(conflict.theirs);
            self.etag.set(conflict.etag);
            self.saved.set(conflict.saved);
            self.conflict.set(None);
        }
    }
}

/// A value of the profile as text to read: a text as it is, anything else as JSON, and
/// nothing (or an empty text) as `empty`.
pub fn brief(value: Option<&Value>, empty: &str) -> String {
    match value {
        None | Some(Value::Null) => empty.to_owned(),
        Some(Value::String(s)) if s.is_empty() => empty.to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Who acted, as the audit log names them: a member by their address.
pub fn who(actor: &str) -> &str {
    actor.strip_prefix("member:").unwrap_or(actor)
}

/// The parts a merge compares: each field of the root and of the objects (commitments,
/// contacts, policies), and each list whole.
fn units() -> Vec<Vec<Seg>> {
    let mut units = Vec::new();
    for section in SECTIONS {
        for part in section.parts {
            match part {
                model::Part::Fields { at, fields } => {
                    for field in *fields {
                        let mut path: Vec<Seg> = at.iter().map(|k| Seg::Key(k)).collect();
                        path.push(Seg::Key(field.key));
                        units.push(path);
                    }
                }
                model::Part::List { key, .. } => units.push(vec![Seg::Key(key)]),
            }
        }
    }
    units
}

/// A three-way comparison: what only they changed is taken, what only the member changed
/// is kept, and what both changed differently is for the member to choose.
fn conflict(base: &Value, mine: &Value, theirs: Versioned<Value>) -> Conflict {
    let saved = Saved::of(&theirs);
    let their_draft = model::editable(theirs.body);
    let mut clashes = Vec::new();
    let mut merged = Vec::new();
    for path in units() {
        let (b, m, t) = (
            model::get(base, &path),
            model::get(mine, &path),
            model::get(&their_draft, &path),
        );
        if t == b || m == t {
            continue;
        }
        if m == b {
            merged.push(path);
        } else {
            clashes.push((path, RwSignal::new(false)));
        }
    }
    Conflict {
        theirs: their_draft,
        etag: theirs.etag,
        saved,
        clashes,
        merged,
    }
}

/// The label of a merge unit (`commitments.backupFrequency`, `subprocessors`).
fn unit_label(lang: Lang, path: &[Seg]) -> String {
    name_label(lang, &model::path_name(path))
}

/// The label of a field named as the API names it.
pub fn name_label(lang: Lang, name: &str) -> String {
    let direct = label(lang, name);
    if !direct.is_empty() {
        return direct.to_owned();
    }
    let section = label(lang, &format!("section.{name}"));
    if !section.is_empty() {
        return section.to_owned();
    }
    // `contacts.security.email`: the contact's heading, then the field.
    if let [a, b, c] = name.split('.').collect::<Vec<_>>()[..] {
        return format!(
            "{} — {}",
            label(lang, &format!("part.{a}.{b}")),
            label(lang, &format!("{a}.{c}"))
        );
    }
    let part = label(lang, &format!("part.{name}"));
    if !part.is_empty() {
        return part.to_owned();
    }
    name.to_owned()
}

/// The content editor's screen.
#[component]
pub fn ContentEditor() -> impl IntoView {
    let t = crate::i18n::use_text();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let org = use_org();
    let editor = Editor {
        org: Signal::derive(move || org.get()),
        base: RwSignal::new(Value::Null),
        draft: RwSignal::new(Value::Null),
        etag: RwSignal::new(String::new()),
        saved: RwSignal::new(Saved::default()),
        tab: RwSignal::new(Tab::Edit),
        section: RwSignal::new(0),
        conflict: RwSignal::new(None),
        refused: RwSignal::new(None),
        saving: RwSignal::new(false),
        notice: RwSignal::new(None),
        file_unread: RwSignal::new(None),
        member: StoredValue::new(
            crate::session::use_session()
                .member()
                .map(|m| m.email)
                .unwrap_or_default(),
        ),
    };
    provide_context(editor);
    form::provide_errors(editor);
    let loaded = LocalResource::new(move || {
        let path = format!("/v1/admin/orgs/{}/profile", encode(&org.get()));
        let slug = org.get();
        async move {
            let answer = match api::get_versioned::<Value>(&path).await {
                Ok(answer) => answer,
                // An organisation with no profile yet starts from its slug.
                Err(problem) if problem.status == 404 => {
                    editor
                        .notice
                        .set(Some(w.get_untracked().first_profile.to_owned()));
                    Versioned {
                        body: serde_json::json!({ "org": slug, "name": "", "languages": ["en"] }),
                        etag: String::new(),
                        draft: false,
                        saved_by: String::new(),
                        saved_at: String::new(),
                    }
                }
                Err(problem) => return Err(problem),
            };
            if editor.draft.is_disposed() {
                return Ok(());
            }
            editor.loaded(answer);
            if editor.restore_kept() {
                editor
                    .notice
                    .set(Some(w.get_untracked().kept_restored.to_owned()));
            }
            Ok::<_, Problem>(())
        }
    });
    // Every change is kept in this tab until it is saved.
    Effect::new(move |_| {
        editor.draft.track();
        if !editor.base.with(Value::is_null) {
            editor.keep();
        }
    });
    // Leaving the page with unsaved changes asks first.
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if editor.dirty() {
            ev.prevent_default();
            ev.set_return_value(w.get_untracked().leave_unsaved);
        }
    });
    on_cleanup(move || guard.remove());

    let tab_button = move |tab: Tab, testid: &'static str, text: fn(&Words) -> &'static str| {
        view! {
            <button
                type="button"
                class="view-tab"
                data-testid=testid
                aria-pressed=move || (editor.tab.get() == tab).to_string()
                on:click=move |_| editor.tab.set(tab)
            >
                {move || text(w.get())}
            </button>
        }
    };
    view! {
        <section class="screen content-screen" aria-labelledby="content-title">
            <h1 id="content-title">{move || w.get().title}</h1>
            <p class="lead">{move || w.get().intro}</p>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || loaded.refetch()/> }>
                    {move || Suspend::new(async move {
                        loaded.await?;
                        Ok::<_, Problem>(view! {
                            <div class="editor-bar">
                                <div class="view-tabs" role="group" aria-label=move || w.get().editor_views>
                                    {tab_button(Tab::Edit, "tab-edit", |w| w.tab_edit)}
                                    {tab_button(Tab::File, "tab-file", |w| w.tab_file)}
                                    {tab_button(Tab::Preview, "tab-preview", |w| w.tab_preview)}
                                    {tab_button(Tab::Review, "tab-review", |w| w.tab_review)}
                                    {tab_button(Tab::Versions, "tab-versions", |w| w.tab_versions)}
                                </div>
                                <SaveBar/>
                            </div>
                            <ConflictPanel/>
                            <ProblemAlert problem=Signal::derive(move || editor.refused.get().filter(|p| p.errors.is_empty()))/>
                            // While a colleague's change is being looked at, the draft
                            // waits: the choices are made on what is shown.
                            {move || editor.conflict.with(Option::is_none).then(|| match editor.tab.get() {
                                Tab::Edit => form::EditView().into_any(),
                                Tab::File => file::FileView().into_any(),
                                Tab::Preview => preview::PreviewView().into_any(),
                                Tab::Review => review::ReviewView().into_any(),
                                Tab::Versions => review::VersionsView().into_any(),
                            })}
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <span hidden>{move || t.get().loading}</span>
        </section>
    }
}

/// The draft's state and its Save button.
#[component]
fn SaveBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    let errors = expect_context::<form::Errors>();
    let errors = Memo::new(move |_| errors.count());
    // Asked to save a draft with errors: how many are left, until none are.
    let asked = RwSignal::new(false);
    let left = move || {
        let n = errors.get();
        (asked.get() && n > 0).then(|| {
            view! {
                <p class="alert" role="alert" data-testid="editor-notice">
                    {fill(w.get().fix_first, &n.to_string())}
                </p>
            }
        })
    };
    let state = move || {
        let w = w.get();
        if editor.saving.get() {
            w.saving.to_owned()
        } else if editor.dirty() {
            w.unsaved.to_owned()
        } else {
            let saved = editor.saved.get();
            if saved.at.is_empty() {
                return w.never_saved.to_owned();
            }
            let when = format::when(lang.get(), &saved.at);
            let by = who(&saved.by);
            if saved.draft {
                fill2(w.saved_by, &when, by)
            } else {
                fill2(w.published_by, &when, by)
            }
        }
    };
    view! {
        <div class="save-bar">
            <p class="save-state" role="status" data-testid="save-state">{state}</p>
            <button
                type="button"
                class="primary"
                data-testid="save-draft"
                disabled=move || editor.saving.get() || !editor.dirty() || editor.conflict.with(Option::is_some)
                on:click=move |_| {
                    // What the edge refused last time is asked again; the draft's own errors stop the save.
                    editor.refused.set(None);
                    if editor.file_unread.with_untracked(Option::is_some) {
                        if editor.tab.get_untracked() != Tab::File {
                            editor.tab.set(Tab::File);
                        }
                        editor.notice.set(Some(w.get_untracked().file_blocks_save.to_owned()));
                    } else if errors.get_untracked() > 0 {
                        if editor.tab.get_untracked() != Tab::Edit {
                            editor.tab.set(Tab::Edit);
                        }
                        asked.set(true);
                    } else {
                        editor.save();
                    }
                }
            >
                {move || if editor.saving.get() { w.get().saving } else { w.get().save_draft }}
            </button>
        </div>
        {left}
        {move || editor.notice.get().map(|n| view! { <p class="alert" role="status" data-testid="editor-notice">{n}</p> })}
    }
}

/// A colleague's save met on saving: their change beside the member's, field by field.
#[component]
fn ConflictPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let lang = expect_context::<RwSignal<Lang>>();
    let w = Signal::derive(move || words(lang.get()));
    move || {
        editor.conflict.get().map(|conflict| {
            let w = w.get();
            let lang = lang.get();
            let mine = editor.draft.get_untracked();
            let when = format::when(lang, &conflict.saved.at);
            let clashes = conflict
                .clashes
                .iter()
                .enumerate()
                .map(|(i, (path, keep_theirs))| {
                    let keep_theirs = *keep_theirs;
                    let name = format!("clash-{i}");
                    let field = unit_label(lang, path);
                    view! {
                        <fieldset class="clash" data-testid="clash">
                            <legend>{fill(w.conflict_field, &field)}</legend>
                            <div class="clash-sides">
                                <div>
                                    <p class="label">{w.conflict_yours}</p>
                                    <pre data-testid="clash-mine">{brief(model::get(&mine, path), w.empty_value)}</pre>
                                </div>
                                <div>
                                    <p class="label">{w.conflict_their}</p>
                                    <pre data-testid="clash-theirs">{brief(model::get(&conflict.theirs, path), w.empty_value)}</pre>
                                </div>
                            </div>
                            <div class="checks" role="radiogroup" aria-label=field.clone()>
                                <label class="check">
                                    <input type="radio" name=name.clone() data-testid="keep-mine"
                                        prop:checked=move || !keep_theirs.get()
                                        on:change=move |_| keep_theirs.set(false)/>
                                    {w.conflict_mine}
                                </label>
                                <label class="check">
                                    <input type="radio" name=name data-testid="keep-theirs"
                                        prop:checked=move || keep_theirs.get()
                                        on:change=move |_| keep_theirs.set(true)/>
                                    {w.conflict_theirs}
                                </label>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view();
            let merged = (!conflict.merged.is_empty()).then(|| {
                let names = conflict
                    .merged
                    .iter()
                    .map(|p| unit_label(lang, p))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! { <p data-testid="conflict-merged">{fill(w.conflict_merged, &names)}</p> }
            });
            view! {
                <div class="alert conflict" role="alert" data-testid="conflict">
                    <p class="alert-title">{w.conflict_title}</p>
                    <p>{fill2(w.conflict_intro, who(&conflict.saved.by), &when)}</p>
                    {merged}
                    {clashes}
                    <div class="row">
                        <button type="button" class="primary" data-testid="resolve-conflict"
                            on:click=move |_| editor.resolve()>{w.conflict_save}</button>
                        <button type="button" class="secondary" data-testid="take-theirs"
                            on:click=move |_| editor.take_theirs()>{w.conflict_discard}</button>
                    </div>
                </div>
            }
        })
    }
}
