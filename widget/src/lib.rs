//! The Attest trust center widget: a Leptos app that the loader (`loader/widget.js`) mounts
//! into the open shadow root of an `<attest-trust-center>` element on a customer's page.

mod api;
mod app;
mod documents;
mod forms;
mod launcher;
mod options;
mod privacy;
mod report;
mod subprocessors;
mod tabs;

use std::any::Any;

use attest_views::i18n;
use attest_widget_ui::dom;
use attest_widget_ui::host::Host;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::options::WidgetOptions;
use crate::tabs::View;

/// A mounted trust center. The loader keeps it on its element and calls `unmount` when
/// the element leaves the page, so a single-page app can add and remove it freely.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<Box<dyn Any>>,
    root: ShadowRoot,
}

#[wasm_bindgen]
impl Mounted {
    /// Tears the app down: its reactive owner, listeners and in-flight work, and its nodes.
    pub fn unmount(&mut self) {
        self.handle.take();
        self.root.set_text_content(None);
    }
}

/// Mounts the trust center into `host`'s open shadow root, talking to the API at
/// `api_base`. `load_forms` loads the forms module (see `forms`) when a view needs it.
/// The loader has given the root its stylesheet, and perhaps the edge's first view
/// (`[data-rendered]`): that stays on screen until the app has the profile and puts its
/// render of the same components in its place.
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
    let first_view = root.query_selector("[data-rendered]")?;
    if first_view.is_none() {
        root.set_text_content(None);
    }

    let container: HtmlElement = host
        .owner_document()
        .ok_or("the element has no document")?
        .create_element("div")?
        .unchecked_into();
    container.set_class_name("attest");
    container.set_attribute("part", "container")?;
    container.set_attribute("lang", options.lang.tag())?;
    // Beside the edge's first view, the app renders off the page and swaps its render in:
    // one trust center in the root at any time.
    if first_view.is_none() {
        root.append_child(&container)?;
    }
    let shown = container.clone();
    let edge = first_view.clone();
    // The tab a visitor chose on the edge's first view, up to the moment of the swap.
    let pending = move || {
        let chosen = edge.as_ref()?.get_attribute("data-pending")?;
        View::ALL.into_iter().find(|v| v.key() == chosen)
    };
    let shadow = root.clone();
    let reveal = move || {
        if let Some(first_view) = &first_view {
            // Keyboard focus on a tab of the edge's render moves to the same tab of ours.
            let focused = shadow
                .active_element()
                .and_then(|e| e.get_attribute("data-view"));
            let _ = first_view.replace_with_with_node_1(&shown);
            let tab = focused
                .and_then(|view| {
                    shown
                        .query_selector(&format!("[role=tab][data-view='{view}']"))
                        .ok()
                        .flatten()
                })
                .and_then(|tab| tab.dyn_into::<HtmlElement>().ok());
            if let Some(tab) = tab {
                let _ = tab.focus();
            }
        }
    };

    let host = Host::new(host);
    let forms = forms::FormsLoader::new(load_forms);
    let handle = leptos::mount::mount_to(container, move || {
        app::app(options, host, forms, pending, reveal).into_any()
    });
    Ok(Mounted {
        handle: Some(Box::new(handle)),
        root,
    })
}
