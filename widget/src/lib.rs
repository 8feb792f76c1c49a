//! The Attest trust center widget in the browser: what the loader (`loader/widget.js`)
//! mounts into the open shadow root of an `<attest-trust-center>` element on a customer's
//! page once the edge's render of the first view is showing. The views themselves are
//! Leptos components (`attest_views`) that the edge renders; this module carries only
//! what reacts (`app`).

mod api;
mod app;
mod controls;
mod forms;
mod html;
mod launcher;
mod options;

use std::rc::Rc;

use attest_views::View;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::app::App;
use crate::options::{Mode, WidgetOptions};

/// The events the trust center answers, listened for on its shadow root.
const EVENTS: [&str; 4] = ["click", "keydown", "input", "change"];

/// A mounted trust center. The loader keeps it on its element and calls `unmount` when
/// the element leaves the page, so a single-page app can add and remove it freely.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<Rc<App>>,
    listener: Option<Closure<dyn FnMut(Event)>>,
    root: ShadowRoot,
}

#[wasm_bindgen]
impl Mounted {
    /// Tears the app down: its listeners, its forms and in-flight work, and its nodes.
    pub fn unmount(&mut self) {
        if let Some(listener) = self.listener.take() {
            for event in EVENTS {
                let _ = self
                    .root
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        if let Some(app) = self.app.take() {
            app.unmount();
        }
        self.root.set_text_content(None);
    }
}

/// Freed (the loader's `free()` when the element leaves the page), the app is torn down
/// as by `unmount`.
impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Mounts the trust center into `host`'s open shadow root, talking to the API at
/// `api_base`. `load_forms` loads the forms module (see `forms`) when a view needs it.
/// The loader has given the root its stylesheet, and perhaps the edge's first view
/// (`[data-rendered]`), which the app takes over where it is (or, the hosted page's,
/// replaces with the widget's render of the same view).
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    api_base: String,
    load_forms: js_sys::Function,
) -> Result<Mounted, JsValue> {
    let options = WidgetOptions::from_element(&host, api_base);
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let edge = root.query_selector("[data-rendered]")?;
    // The view a visitor chose on the edge's render before the app was there.
    let pending = edge
        .as_ref()
        .and_then(|e| e.get_attribute("data-pending"))
        .and_then(|v| app::view_named(&v));
    let mode = options.mode;
    let app = App::new(
        options,
        root.clone(),
        host,
        forms::FormsLoader::new(load_forms),
        edge.clone(),
    )?;
    let adopted = edge.as_ref() == Some(&app.container);
    if adopted {
        // The app answers its tabs from now on, not the loader.
        app.container.remove_attribute("data-rendered")?;
        app.container.remove_attribute("data-pending")?;
    } else if edge.is_none() || mode == Mode::Button {
        app.take_place();
    }
    let listener = {
        let app = app.clone();
        Closure::<dyn FnMut(Event)>::new(move |event: Event| app.handle(&event))
    };
    for event in EVENTS {
        root.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())?;
    }
    app.start(adopted, pending);
    Ok(Mounted {
        app: Some(app),
        listener: Some(listener),
        root,
    })
}
