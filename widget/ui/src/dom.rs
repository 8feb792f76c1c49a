//! The forms' steps built as DOM, and the scopes that keep their listeners.
//!
//! The edge renders every view from the Leptos components of `attest_views`; what the
//! forms module adds in the browser is what a visitor's actions make: a form mounted into
//! its slot, the e-mail code step, a request's status, an error. Those few elements are
//! built with the calls below, which exist once in the module (`el`, `attr`, `text`,
//! `child`), rather than with a renderer's generic code per element.
//!
//! Listeners live as long as the part of the form that made them: each is kept by the
//! `Scope` being built (`Scope::run`), and a scope's `cleanup` drops them, with every
//! scope made under it. A `Region` is a part replaced as a whole — the form by its code
//! step, a status by the next one — whose previous content is cleaned up when it is.
//!
//! Text goes in as text nodes (`Element.append(string)`), never as markup: what a visitor
//! or the edge wrote can never become HTML or script.

use std::any::Any;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::Element;

use crate::host::Host;
use crate::lang::Lang;

/// An element being built. The builder's methods are kept out of line: each is one call
/// wherever it is used, rather than its body copied into every step.
pub struct Dom(Element);

/// A new element named `tag`.
#[inline(never)]
pub fn el(tag: &str) -> Dom {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("a document")
        .create_element(tag)
        .expect_throw("a valid tag name");
    Dom(element)
}

impl Dom {
    #[inline(never)]
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    #[inline(never)]
    pub fn class(self, class: &str) -> Self {
        self.attr("class", class)
    }

    /// The `data-testid` the browser tests and host pages find elements by.
    #[inline(never)]
    pub fn testid(self, id: &str) -> Self {
        self.attr("data-testid", id)
    }

    /// Appends `text` as a text node.
    #[inline(never)]
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    #[inline(never)]
    pub fn child(self, child: Dom) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    #[inline(never)]
    pub fn maybe(self, child: Option<Dom>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    pub fn children(self, children: impl IntoIterator<Item = Dom>) -> Self {
        children.into_iter().fold(self, Dom::child)
    }

    /// Calls `handler` for each `event` on the element, for as long as the scope that
    /// built it lives.
    pub fn on(self, event: &str, handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        listen(&self.0, event, handler);
        self
    }

    /// The element, to change it later.
    pub fn element(&self) -> Element {
        self.0.clone()
    }

    /// An element with the given tag holding `text`: `<li>text</li>`.
    pub fn of(tag: &str, text: &str) -> Self {
        el(tag).text(text)
    }
}

/// Calls `handler` for each `event` on `target` (an element the edge rendered, or one
/// built here), for as long as the scope being built lives.
pub fn listen(target: &Element, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    keep(Listener {
        target: target.clone(),
        event: event.to_owned(),
        handler,
    });
}

/// A listener that stops listening when its scope is cleaned up (an element the edge
/// rendered outlives the form that listened to it).
struct Listener {
    target: Element,
    event: String,
    handler: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            &self.event,
            self.handler.as_ref().unchecked_ref(),
        );
    }
}

/// Replaces the children of `parent` with `children`.
pub fn replace_children(parent: &Element, children: impl IntoIterator<Item = Dom>) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_child(&child.0);
    }
}

/// What a mounted form keeps alive, and what it was mounted with: the visitor's language
/// and the host element it tells about what happens.
#[derive(Clone)]
pub struct Scope(Rc<Inner>);

struct Inner {
    lang: Lang,
    host: Option<Host>,
    parent: Option<Weak<Inner>>,
    alive: std::cell::Cell<bool>,
    kept: RefCell<Vec<Box<dyn Any>>>,
    children: RefCell<Vec<Scope>>,
}

thread_local! {
    /// The scope being built, if any.
    static CURRENT: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

impl Scope {
    /// A scope of its own: one per mounted form.
    pub fn root(lang: Lang, host: Option<Host>) -> Self {
        Self(Rc::new(Inner {
            lang,
            host,
            parent: None,
            alive: std::cell::Cell::new(true),
            kept: RefCell::default(),
            children: RefCell::default(),
        }))
    }

    /// A scope inside this one, cleaned up with it.
    fn child(&self) -> Self {
        let child = Self(Rc::new(Inner {
            lang: self.0.lang,
            host: self.0.host.clone(),
            parent: Some(Rc::downgrade(&self.0)),
            alive: std::cell::Cell::new(true),
            kept: RefCell::default(),
            children: RefCell::default(),
        }));
        self.0.children.borrow_mut().push(child.clone());
        child
    }

    /// Runs `build` with this scope current: what it keeps, this scope keeps.
    pub fn run<T>(&self, build: impl FnOnce() -> T) -> T {
        let previous = CURRENT.with_borrow_mut(|c| c.replace(self.clone()));
        let built = build();
        CURRENT.with_borrow_mut(|c| *c = previous);
        built
    }

    /// Drops what this scope and the scopes inside it keep: their listeners stop.
    pub fn cleanup(&self) {
        self.0.alive.set(false);
        let children = std::mem::take(&mut *self.0.children.borrow_mut());
        for child in children {
            child.cleanup();
        }
        let kept = std::mem::take(&mut *self.0.kept.borrow_mut());
        drop(kept);
        if let Some(parent) = self.0.parent.as_ref().and_then(Weak::upgrade) {
            parent
                .children
                .borrow_mut()
                .retain(|c| !Rc::ptr_eq(&c.0, &self.0));
        }
    }

    /// Whether the scope is still in use (not cleaned up).
    pub fn alive(&self) -> bool {
        self.0.alive.get()
    }

    /// The scope being built, if any.
    pub fn current() -> Option<Self> {
        CURRENT.with_borrow(Clone::clone)
    }
}

/// The visitor's language, in the scope being built (English outside any).
pub fn current_lang() -> Lang {
    Scope::current().map_or(Lang::En, |s| s.0.lang)
}

/// The element the form lives in, in the scope being built.
pub fn current_host() -> Option<Host> {
    Scope::current().and_then(|s| s.0.host.clone())
}

/// Keeps `value` (a listener) until the scope being built is cleaned up.
fn keep<T: 'static>(value: T) {
    match Scope::current() {
        Some(scope) => scope.0.kept.borrow_mut().push(Box::new(value)),
        // Built outside any form's scope: nothing would ever clean it up, so it lives as
        // long as the page (only a mistake in this module leads here).
        None => std::mem::forget(value),
    }
}

/// A part of a form that is replaced as a whole, from an event handler or after an
/// `await`, where no scope is being built: each content is built in a scope of its own
/// under the one that made the region (so it has the language and the host, and its
/// listeners live), cleaned up when the content is replaced.
pub struct Region {
    element: Element,
    parent: Option<Scope>,
    current: RefCell<Option<Scope>>,
}

impl Region {
    /// A region filling `element`, inside the scope being built now.
    pub fn new(element: Element) -> Rc<Self> {
        Rc::new(Self {
            element,
            parent: Scope::current(),
            current: RefCell::default(),
        })
    }

    /// Moves keyboard focus to the first element in the region matching `selector`: a
    /// new step of a form takes the focus where the visitor continues.
    pub fn focus(&self, selector: &str) {
        if let Some(target) = self
            .element
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = target.focus();
        }
    }

    /// Replaces what the region shows with what `build` makes; nothing once the form
    /// that made the region is gone (an answer that arrives after the visitor left).
    pub fn show(&self, build: impl FnOnce() -> Dom) {
        if let Some(previous) = self.current.take() {
            previous.cleanup();
        }
        let scope = match &self.parent {
            Some(parent) if !parent.alive() => return,
            Some(parent) => parent.child(),
            None => Scope::root(Lang::En, None),
        };
        let content = scope.run(build);
        replace_children(&self.element, [content]);
        *self.current.borrow_mut() = Some(scope);
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        if let Some(scope) = self.current.take() {
            scope.cleanup();
        }
    }
}
