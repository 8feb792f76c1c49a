//! The trust center in the browser. The edge renders every view from the Leptos
//! components in `attest_views` (the loader shows the first before this module loads);
//! the app carries only what reacts: it switches views by asking the edge for the next
//! one's HTML, runs the tabs' keys, the filters and the sorting (`controls`), fills the
//! form slots from the forms module (`forms`), opens the launcher's dialog (`launcher`),
//! and says what is happening while a trust center loads or when it cannot.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use attest_views::i18n::{shell, Shell};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent, ShadowRoot};

use crate::api::{self, LoadError};
use crate::controls::{all, find, Lists};
use crate::forms::{self, FormsLoader};
use crate::launcher::Launcher;
use crate::options::{Mode, WidgetOptions};
use crate::{html, View};

pub struct App {
    options: WidgetOptions,
    t: &'static Shell,
    document: Document,
    root: ShadowRoot,
    host: HtmlElement,
    forms: FormsLoader,
    /// The trust center's container in the shadow root.
    pub container: Element,
    launcher: Option<Launcher>,
    /// The trust center: the edge's render, or the app's own while it loads or fails.
    section: RefCell<Element>,
    /// The view shown (or being loaded), once the edge's render is in place.
    current: Cell<Option<View>>,
    /// Bumped at every load: an answer to an earlier one is dropped.
    generation: Cell<u32>,
    /// False once unmounted: nothing that answers later touches the page.
    alive: Cell<bool>,
    /// The lists of the view shown, for its controls.
    lists: RefCell<Option<Lists>>,
    /// The forms mounted in the view shown, unmounted when it goes.
    mounted: RefCell<Vec<JsValue>>,
}

impl App {
    /// The app for the element `host`. `edge` is the edge's render the loader put in the
    /// shadow root (or the hosted page came with), if any: the widget's render is taken
    /// over as it is; any other (the hosted page's, read without JavaScript) stays on
    /// screen until the widget's render of the same view replaces it.
    pub fn new(
        options: WidgetOptions,
        root: ShadowRoot,
        host: HtmlElement,
        forms: FormsLoader,
        edge: Option<Element>,
    ) -> Result<Rc<Self>, JsValue> {
        let document = host.owner_document().ok_or("the element has no document")?;
        let t = shell(options.lang);
        let widget_render = edge
            .as_ref()
            .filter(|_| options.mode == Mode::Inline && options.preview.is_none())
            .and_then(|e| {
                find(e, "section.trust-center").filter(|s| find(s, "[role=tablist]").is_some())
            });
        let (container, section) = match (&edge, widget_render) {
            (Some(edge), Some(section)) => (edge.clone(), section),
            _ => {
                let container = document.create_element("div")?;
                container.set_class_name("attest");
                container.set_attribute("part", "container")?;
                container.set_attribute("lang", options.lang.tag())?;
                (container, status_section(&document, t)?)
            }
        };
        let launcher = match options.mode {
            Mode::Button => Some(Launcher::new(&document, t)?),
            Mode::Inline => None,
        };
        if let Some(launcher) = &launcher {
            container.append_child(launcher.root())?;
            launcher.dialog().append_child(&section)?;
        } else if !container.contains(Some(&section)) {
            container.append_child(&section)?;
        }
        Ok(Rc::new(Self {
            options,
            t,
            document,
            root,
            host,
            forms,
            container,
            launcher,
            section: RefCell::new(section),
            current: Cell::new(None),
            generation: Cell::new(0),
            alive: Cell::new(true),
            lists: RefCell::new(None),
            mounted: RefCell::new(Vec::new()),
        }))
    }

    /// Starts the trust center: takes the edge's render over, or loads one; then opens
    /// `pending`, a view the visitor chose on the edge's render before the app was there.
    pub fn start(self: &Rc<Self>, adopted: bool, pending: Option<View>) {
        if adopted {
            // The render as the edge sent it, for a remount or a return to this view.
            let html = self.container.outer_html();
            let shown = self.panel().and_then(|p| shown_view(&p));
            api::remember(&self.options, None, html.clone());
            api::remember(&self.options, shown, html);
            self.ready();
            if let Some(view) = pending {
                self.choose(view, self.focused_tab().is_some());
            }
        } else {
            self.load(pending);
        }
    }

    pub fn unmount(&self) {
        self.alive.set(false);
        for form in self.mounted.take() {
            forms::unmount(&form);
        }
        self.lists.take();
    }

    /// The edge's render is in place: the first view is shown, and the host page hears.
    fn ready(self: &Rc<Self>) {
        let section = self.section.borrow().clone();
        self.brand(&section);
        let first = find(&section, "[role=tab]").and_then(|t| t.get_attribute("data-view"));
        self.current.set(self.panel().and_then(|p| shown_view(&p)));
        self.activate();
        self.emit(
            "attest:ready",
            &[
                ("org", self.options.org.as_str().into()),
                ("view", first.unwrap_or_default().into()),
            ],
        );
        self.prefetch();
    }

    /// Loads the whole trust center on `view` (its first when `None`), saying so meanwhile.
    fn load(self: &Rc<Self>, view: Option<View>) {
        let generation = self.next_generation();
        if let Ok(loading) = status_section(&self.document, self.t) {
            if let Ok(p) = self.document.create_element("p") {
                p.set_class_name("status");
                let _ = p.set_attribute("role", "status");
                let _ = p.set_attribute("aria-live", "polite");
                let _ = p.set_attribute("data-testid", "loading");
                p.set_text_content(Some(self.t.loading));
                let _ = loading.append_child(&p);
            }
            self.replace_section(loading);
        }
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = api::fetch_view(&app.options, view).await;
            if !app.alive.get() || app.generation.get() != generation {
                return;
            }
            let section = loaded.and_then(|html| {
                html::parse(&app.document, &html)
                    .ok()
                    .and_then(|f| f.query_selector("section.trust-center").ok().flatten())
                    .map(|section| (section, html))
                    .ok_or(LoadError::Unreachable)
            });
            match section {
                Ok((section, html)) => {
                    // A tab chosen on the hosted page's render meanwhile.
                    let pending = app.pending_on_page().filter(|p| Some(*p) != view);
                    let focused = app.focused_tab();
                    app.replace_section(section);
                    if !app.container.is_connected() {
                        app.take_place();
                    }
                    app.ready();
                    // The same render is that view's, when asked for by name.
                    if view.is_none() {
                        api::remember(&app.options, app.current.get(), html.to_string());
                    }
                    if let Some(focused) = focused.and_then(|v| app.tab(v)) {
                        let _ = focused.focus();
                    }
                    if let Some(view) = pending {
                        app.choose(view, focused.is_some());
                    }
                }
                Err(error) => {
                    if !app.container.is_connected() {
                        app.take_place();
                    }
                    app.failed(&error, None);
                }
            }
        });
    }

    /// The container in the shadow root, in place of whatever the edge put there.
    pub fn take_place(&self) {
        match self.root.query_selector("[data-rendered]").ok().flatten() {
            Some(edge) => {
                let _ = edge.replace_with_with_node_1(&self.container);
            }
            None => {
                self.root.set_text_content(None);
                let _ = self.root.append_child(&self.container);
            }
        }
    }

    /// Why the trust center (or, with `view`, that view) is not shown, and a retry when
    /// trying again can help.
    fn failed(self: &Rc<Self>, error: &LoadError, view: Option<View>) {
        let Ok(alert) = self.document.create_element("div") else {
            return;
        };
        alert.set_class_name("status failure");
        let _ = alert.set_attribute("role", "alert");
        let _ = alert.set_attribute("data-testid", "load-error");
        if let Ok(p) = self.document.create_element("p") {
            p.set_text_content(Some(&error.describe(self.t)));
            let _ = alert.append_child(&p);
        }
        if error.is_transient() {
            if let Ok(retry) = self.document.create_element("button") {
                let _ = retry.set_attribute("type", "button");
                retry.set_class_name("button");
                let _ = retry.set_attribute("data-testid", "retry");
                let _ = retry.set_attribute("data-retry", view.map_or("", |v| v.key()));
                retry.set_text_content(Some(self.t.retry));
                let _ = alert.append_child(&retry);
            }
        }
        match (view, self.panel()) {
            (Some(_), Some(panel)) => {
                let _ = panel.remove_attribute("aria-busy");
                panel.set_text_content(None);
                let _ = panel.append_child(&alert);
            }
            _ => {
                if let Ok(section) = status_section(&self.document, self.t) {
                    let _ = section.append_child(&alert);
                    self.replace_section(section);
                }
            }
        }
    }

    /// Shows `view`: its tab selected at once (with the focus, when `focus`), its content
    /// when the edge's render of it arrives. The host page hears of every change.
    fn choose(self: &Rc<Self>, view: View, focus: bool) {
        if self.current.get() == Some(view) {
            // The keys still move the focus to it (End on a tab already chosen).
            if let Some(tab) = self.tab(view).filter(|_| focus) {
                let _ = tab.focus();
            }
            return;
        }
        if self.current.get().is_none() {
            return;
        }
        self.current.set(Some(view));
        let section = self.section.borrow().clone();
        for tab in all(&section, "[role=tab]") {
            let selected = tab.get_attribute("data-view").as_deref() == Some(view.key());
            let _ = tab.set_attribute("aria-selected", if selected { "true" } else { "false" });
            let _ = tab.set_attribute("tabindex", if selected { "0" } else { "-1" });
        }
        if focus {
            if let Some(tab) = self.tab(view) {
                let _ = tab.focus();
            }
        }
        self.emit("attest:view", &[("view", view.key().into())]);
        self.load_view(view);
    }

    /// Asks the edge for `view` and puts it in the panel: at once when this page has it
    /// already (the app loads the other views once the first is shown).
    fn load_view(self: &Rc<Self>, view: View) {
        let generation = self.next_generation();
        if let Some(html) = api::loaded(&self.options, view) {
            self.show_view(Ok(html), view);
            return;
        }
        if let Some(panel) = self.panel() {
            let _ = panel.set_attribute("aria-busy", "true");
        }
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = api::fetch_view(&app.options, Some(view)).await;
            if app.alive.get() && app.generation.get() == generation {
                app.show_view(loaded, view);
            }
        });
    }

    fn show_view(self: &Rc<Self>, loaded: Result<Rc<String>, LoadError>, view: View) {
        let panel = loaded.and_then(|html| {
            html::parse(&self.document, &html)
                .ok()
                .and_then(|f| f.query_selector("[role=tabpanel]").ok().flatten())
                .ok_or(LoadError::Unreachable)
        });
        match (panel, self.panel()) {
            (Ok(panel), Some(old)) => {
                self.leave_view();
                let _ = old.replace_with_with_node_1(&panel);
                self.activate();
            }
            (Err(error), _) => self.failed(&error, Some(view)),
            _ => {}
        }
    }

    /// Loads the other views of the trust center shown, one after the other, so that a
    /// tab shows its view at once; what fails here is asked for again when chosen.
    fn prefetch(self: &Rc<Self>) {
        let section = self.section.borrow().clone();
        let views: Vec<View> = all(&section, "[role=tab]")
            .iter()
            .filter_map(view_of)
            .collect();
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for view in views {
                if !app.alive.get() {
                    return;
                }
                if api::loaded(&app.options, view).is_none()
                    && api::fetch_view(&app.options, Some(view)).await.is_err()
                {
                    return;
                }
            }
        });
    }

    /// The view shown goes: its forms are unmounted.
    fn leave_view(&self) {
        for form in self.mounted.take() {
            forms::unmount(&form);
        }
        self.lists.take();
    }

    /// A view is in the panel: its lists are kept for the controls, the documents this
    /// browser asked for say so, and its form slots get their forms.
    fn activate(self: &Rc<Self>) {
        let Some(panel) = self.panel() else { return };
        self.lists
            .replace(Some(Lists::of(&panel, self.options.lang)));
        let asked = asked_before(&self.options.org);
        for button in all(&panel, "button[data-form=document]") {
            let id = button.get_attribute("data-document-id").unwrap_or_default();
            let label = button.get_attribute("data-asked");
            if let Some(label) = label.filter(|_| {
                asked
                    .split_whitespace()
                    .any(|entry| entry.split('|').next() == Some(id.as_str()))
            }) {
                button.set_text_content(Some(&label));
            }
        }
        for slot in all(&panel, ".forms-slot[data-form]") {
            self.mount_form(slot, false);
        }
    }

    /// Mounts the form `slot` names into it, once the forms module is there.
    fn mount_form(self: &Rc<Self>, slot: Element, focus_first: bool) {
        let form = slot.get_attribute("data-form").unwrap_or_default();
        let name = self
            .section
            .borrow()
            .get_attribute("data-org-name")
            .unwrap_or_default();
        // The forms' words in the trust center's language, which the edge sends with the
        // view.
        let texts = self
            .panel()
            .and_then(|p| p.get_attribute("data-form-texts"))
            .unwrap_or_default();
        let options = forms::options(
            &[
                ("apiBase", self.options.api_base.as_str().into()),
                ("org", self.options.org.as_str().into()),
                ("orgName", name.into()),
                ("lang", self.options.lang.tag().into()),
                ("host", self.host.clone().into()),
                ("texts", texts.into()),
            ],
            &slot,
        );
        let app = self.clone();
        let generation = self.generation.get();
        wasm_bindgen_futures::spawn_local(async move {
            let module = app.forms.load().await;
            // The view may have gone while the module loaded.
            let panel = app.panel();
            if !app.alive.get()
                || app.generation.get() != generation
                || !panel.is_some_and(|p| p.contains(Some(&slot)))
            {
                return;
            }
            if let Some(mounted) = forms::mount(
                module,
                &form,
                &slot,
                &options,
                focus_first,
                app.t.unreachable,
            ) {
                app.mounted.borrow_mut().push(mounted);
            }
        });
    }

    /// A button that opens a form: a slot with the form takes its place.
    fn reveal(self: &Rc<Self>, button: &Element) {
        let Some(place) = button.parent_element() else {
            return;
        };
        let Ok(slot) = self.document.create_element("div") else {
            return;
        };
        slot.set_class_name("forms-slot");
        for attribute in [
            "data-form",
            "data-document-id",
            "data-document-title",
            "data-nda-version",
            "data-nda-text",
            "data-nda-url",
        ] {
            if let Some(value) = button.get_attribute(attribute) {
                let _ = slot.set_attribute(attribute, &value);
            }
        }
        let testid = button.get_attribute("data-testid").unwrap_or_default();
        let _ = slot.set_attribute("data-testid", &format!("{testid}-slot"));
        if let Ok(status) = self.document.create_element("p") {
            status.set_class_name("status");
            let _ = status.set_attribute("role", "status");
            status.set_text_content(Some(self.t.loading));
            let _ = slot.append_child(&status);
        }
        place.set_text_content(None);
        let _ = place.append_child(&slot);
        self.mount_form(slot, true);
    }

    /// Every event in the shadow root that the trust center answers.
    pub fn handle(self: &Rc<Self>, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let closest = |selector: &str| target.closest(selector).ok().flatten();
        match event.type_().as_str() {
            "click" => {
                if let Some(launcher) = &self.launcher {
                    launcher.clicked(&target);
                }
                if let Some(view) = closest("[role=tab]").and_then(|t| view_of(&t)) {
                    self.choose(view, false);
                } else if let Some(sort) = closest("button.sort") {
                    if let (Some(lists), Some(panel)) = (&*self.lists.borrow(), self.panel()) {
                        lists.sort(&panel, &sort);
                    }
                } else if let Some(button) = closest("button[data-form]") {
                    self.reveal(&button);
                } else if let Some(retry) = closest("[data-retry]") {
                    let view = retry
                        .get_attribute("data-retry")
                        .and_then(|v| view_named(&v));
                    match view {
                        Some(view) => self.load_view(view),
                        None => self.load(None),
                    }
                }
            }
            "keydown" => {
                let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(launcher) = &self.launcher {
                    launcher.keydown(key, self.root.active_element());
                }
                if let Some(tab) = closest("[role=tab]") {
                    self.tab_key(key, &tab);
                }
            }
            "input" | "change" => {
                if let (Some(lists), Some(panel)) = (&*self.lists.borrow(), self.panel()) {
                    lists.changed(&panel, &target);
                }
            }
            _ => {}
        }
    }

    /// Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern, with
    /// automatic activation): the focus follows the selection.
    fn tab_key(self: &Rc<Self>, ev: &KeyboardEvent, tab: &Element) {
        let Some(list) = tab.closest("[role=tablist]").ok().flatten() else {
            return;
        };
        let order: Vec<View> = all(&list, "[role=tab]")
            .iter()
            .filter_map(view_of)
            .collect();
        let Some(index) = view_of(tab).and_then(|v| order.iter().position(|o| *o == v)) else {
            return;
        };
        let count = order.len();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (index + 1) % count,
            "ArrowLeft" | "ArrowUp" => (index + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        self.choose(order[next], true);
    }

    /// The organisation's colours from its render (`data-brand`, a `:host` rule the edge
    /// writes from checked colours), as a stylesheet after the widget's own: the page's
    /// custom properties still override it. The loader did the same for its first view.
    fn brand(&self, section: &Element) {
        let root: &JsValue = self.root.as_ref();
        let key = JsValue::from_str("adoptedStyleSheets");
        let Some(first) = js_sys::Reflect::get(root, &key)
            .ok()
            .map(|s| js_sys::Array::from(&s).get(0))
            .filter(|s| !s.is_undefined())
        else {
            return;
        };
        let sheets = js_sys::Array::of1(&first);
        if let Some(rule) = section.get_attribute("data-brand") {
            if let Ok(sheet) = web_sys::CssStyleSheet::new() {
                if sheet.replace_sync(&rule).is_ok() {
                    sheets.push(&sheet);
                }
            }
        }
        let _ = js_sys::Reflect::set(root, &key, &sheets);
    }

    fn replace_section(&self, section: Element) {
        let old = self.section.replace(section.clone());
        if old != section {
            self.leave_view();
            self.current.set(None);
            if old.parent_node().is_some() {
                let _ = old.replace_with_with_node_1(&section);
            } else if let Some(launcher) = &self.launcher {
                let _ = launcher.dialog().append_child(&section);
            } else {
                let _ = self.container.append_child(&section);
            }
        }
    }

    fn panel(&self) -> Option<Element> {
        find(&self.section.borrow(), "[role=tabpanel]")
    }

    fn tab(&self, view: View) -> Option<HtmlElement> {
        find(
            &self.section.borrow(),
            &format!("[role=tab][data-view='{}']", view.key()),
        )
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    }

    /// The view whose tab has the keyboard focus, on whatever render is shown.
    fn focused_tab(&self) -> Option<View> {
        self.root
            .active_element()
            .and_then(|e| e.get_attribute("data-view"))
            .and_then(|v| view_named(&v))
    }

    /// The view a visitor chose on the edge's render the loader shows (`data-pending`).
    fn pending_on_page(&self) -> Option<View> {
        self.root
            .query_selector("[data-rendered][data-pending]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-pending"))
            .and_then(|v| view_named(&v))
    }

    fn next_generation(&self) -> u32 {
        let next = self.generation.get().wrapping_add(1);
        self.generation.set(next);
        next
    }

    /// Dispatches `name` on the element as a `CustomEvent` that bubbles out of the shadow
    /// root, with `detail` built from `fields` (as the forms do, through the same `Host`).
    fn emit(&self, name: &str, fields: &[(&str, JsValue)]) {
        attest_widget_ui::host::Host::new(self.host.clone()).emit(name, fields);
    }
}

/// The app's own trust center section, for what it says while none is shown.
fn status_section(document: &Document, t: &Shell) -> Result<Element, JsValue> {
    let section = document.create_element("section")?;
    section.set_class_name("trust-center");
    section.set_attribute("part", "trust-center")?;
    section.set_attribute("data-testid", "trust-center")?;
    section.set_attribute("aria-label", t.trust_center)?;
    Ok(section)
}

/// The view a panel shows (its `aria-labelledby` names the tab).
fn shown_view(panel: &Element) -> Option<View> {
    panel
        .get_attribute("aria-labelledby")?
        .strip_prefix("tab-")
        .and_then(view_named)
}

fn view_of(tab: &Element) -> Option<View> {
    tab.get_attribute("data-view").and_then(|v| view_named(&v))
}

pub fn view_named(key: &str) -> Option<View> {
    View::ALL.into_iter().find(|v| v.key() == key)
}

/// The documents this browser asked for before (the forms keep each request's status
/// token under this key): their button says so.
fn asked_before(org: &str) -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| {
            s.get_item(&format!("attest-documents:{org}"))
                .ok()
                .flatten()
        })
        .unwrap_or_default()
}
