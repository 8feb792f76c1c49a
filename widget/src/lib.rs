//! The Attest trust center widget: a Leptos app that the loader (`loader/widget.js`) mounts
//! into the open shadow root of an `<attest-trust-center>` element on a customer's page.

mod api;
mod app;
mod badges;
mod documents;
mod faq;
mod forms;
mod i18n;
mod launcher;
mod options;
mod overview;
mod practices;
mod privacy;
mod report;
mod subprocessors;
mod tabs;
mod text;

use std::any::Any;

use attest_widget_ui::dom;
use attest_widget_ui::host::Host;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::options::WidgetOptions;

/// The widget's styles; they live inside the shadow root and nowhere else.
const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

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
        self.root.set_inner_html("");
    }
}

/// Mounts the trust center into `host`'s open shadow root, talking to the API at
/// `api_base`. `load_forms` loads the forms module (see `forms`) when a view needs it.
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
    root.set_inner_html("");
    adopt_styles(&root)?;

    let container: HtmlElement = host
        .owner_document()
        .ok_or("the element has no document")?
        .create_element("div")?
        .unchecked_into();
    container.set_class_name("attest");
    container.set_attribute("part", "container")?;
    container.set_attribute("lang", options.lang.tag())?;
    root.append_child(&container)?;

    let host = Host::new(host);
    let forms = forms::FormsLoader::new(load_forms);
    let handle =
        leptos::mount::mount_to(container, move || app::app(options, host, forms).into_any());
    Ok(Mounted {
        handle: Some(Box::new(handle)),
        root,
    })
}

/// Styles go in as a constructed stylesheet: it applies under a strict CSP that blocks
/// `<style>` elements, and nothing of it leaks to the host page.
fn adopt_styles(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(STYLES)?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(root, &"adoptedStyleSheets".into(), &sheets)?;
    Ok(())
}
