//! Static content built straight as DOM: the organisation's text, badges and lists.
//!
//! Leptos's `view!` compiles every element, with its attributes and children, into its
//! own generic type, and each type brings its own build, rebuild and unmount code: about
//! half of the widget's WebAssembly when every view was written that way
//! (`docs/widget-size.md`). Content that never changes once shown needs none of that, so
//! it is built with the few calls below, which exist once, and handed to Leptos as a
//! single view (`Dom` implements `Render`). Where such content reacts — a filter, a sort
//! order — Leptos's signals still drive it: `live` runs an update in a render effect
//! whenever the signals it reads change, and `on` listens for an event for as long as
//! the view is shown. Views that are mostly interaction (tabs, the launcher, loading and
//! retry) stay in `view!`.
//!
//! Text goes in as text nodes (`Element.append(string)`), never as markup: content from a
//! profile can never become HTML or script.

use leptos::prelude::{on_cleanup, AnyView, IntoAny, IntoView, Owner, RenderEffect};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use leptos::tachys::{hydration::Cursor, no_attrs};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::Element;

/// An element being built. The builder's methods are kept out of line: each is one call
/// wherever it is used, rather than its body copied into every view.
pub struct Dom(Element);

/// A new element named `tag`.
#[inline(never)]
pub fn el(tag: &str) -> Dom {
    let element = leptos::prelude::document()
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

    /// Calls `handler` for each `event` on the element, for as long as the view that
    /// built it is shown.
    pub fn on(self, event: &str, handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        let handler = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let _ = self
            .0
            .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        keep_while_shown(handler);
        self
    }

    /// Runs `update` on the element now, and again whenever a signal it read changes,
    /// for as long as the view that built it is shown.
    pub fn live(self, update: impl Fn(&Element) + 'static) -> Self {
        let element = self.0.clone();
        keep_while_shown(RenderEffect::new(move |_| update(&element)));
        self
    }

    /// The element, for a `live` update of another one.
    pub fn element(&self) -> Element {
        self.0.clone()
    }

    /// The finished element as a Leptos view.
    pub fn into_any(self) -> AnyView {
        Shown(SendWrapper::new(self.0)).into_any()
    }

    /// A Leptos view with one element at its top (a shared component of
    /// `attest_views`), built here, as an element to place. What it needs to stay live,
    /// its reactive attributes and listeners, is kept for as long as the view that built
    /// it is shown.
    pub fn from_view(view: impl IntoView + 'static) -> Self {
        let holder = el("div");
        let mut state = view.into_view().build();
        state.mount(&holder.0, None);
        keep_while_shown(state);
        let element = holder
            .0
            .first_element_child()
            .expect_throw("a shared view starts with an element");
        Dom(element)
    }

    /// An element with the given tag holding `text`: `<li>text</li>`.
    pub fn of(tag: &str, text: &str) -> Self {
        el(tag).text(text)
    }
}

/// Replaces the children of `parent` with `children`.
pub fn replace_children(parent: &Element, children: impl IntoIterator<Item = Dom>) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_child(&child.0);
    }
}

/// A part of a view that is replaced as a whole, from an event handler or after an
/// `await`, where there is no reactive owner: each content is built under a child of the
/// owner that created the region (so it finds the language and the host in context, and
/// its listeners and effects live), and that child is cleaned up when it is replaced.
pub struct Region {
    element: Element,
    parent: Option<Owner>,
    current: std::cell::RefCell<Option<Owner>>,
}

impl Region {
    /// A region filling `element`, owned by the view being built now.
    pub fn new(element: Element) -> std::rc::Rc<Self> {
        std::rc::Rc::new(Self {
            element,
            parent: Owner::current(),
            current: Default::default(),
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

    /// Replaces what the region shows with what `build` makes.
    pub fn show(&self, build: impl FnOnce() -> Dom) {
        if let Some(previous) = self.current.take() {
            previous.cleanup();
        }
        let owner = match &self.parent {
            Some(parent) => parent.child(),
            None => Owner::new(),
        };
        let content = owner.with(build);
        replace_children(&self.element, [content]);
        *self.current.borrow_mut() = Some(owner);
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        if let Some(owner) = self.current.take() {
            owner.cleanup();
        }
    }
}

/// Keeps `value` (a listener, an effect) until the reactive owner building the view is
/// cleaned up: when the view is replaced or the widget unmounted.
fn keep_while_shown<T: 'static>(value: T) {
    let value = SendWrapper::new(value);
    on_cleanup(move || drop(value));
}

/// A built element inside a Leptos view. (Views must be `Send`; the widget runs on the
/// page's one thread, and `SendWrapper` checks that it stays there.)
pub struct Shown(SendWrapper<Element>);

impl Render for Shown {
    type State = Element;

    fn build(self) -> Element {
        self.0.take()
    }

    fn rebuild(self, state: &mut Element) {
        let new = self.0.take();
        let _ = state.replace_with_with_node_1(&new);
        *state = new;
    }
}

no_attrs!(Shown);

/// The widget renders in the browser only; the server-side half of the trait writes the
/// element's HTML, which is all a server could need.
impl RenderHtml for Shown {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<leptos::attr::any_attribute::AnyAttribute>,
    ) {
        buf.push_str(&self.0.outer_html());
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        position: &PositionState,
    ) -> Element {
        position.set(Position::NextChild);
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}
