//! The `<attest-trust-center>` element, as the views see it: where they tell the host
//! page what happens.

use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

/// The element the trust center lives in: where it tells the host page what happens.
#[derive(Clone)]
pub struct Host(HtmlElement);

impl Host {
    pub fn new(element: HtmlElement) -> Self {
        Self(element)
    }

    /// The element itself.
    pub fn element(&self) -> HtmlElement {
        self.0.clone()
    }
}

impl Host {
    /// Dispatches `name` as a `CustomEvent` that bubbles out of the shadow root, with
    /// `detail` built from `fields`.
    pub fn emit(&self, name: &str, fields: &[(&str, JsValue)]) {
        let detail = js_sys::Object::new();
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&detail, &(*key).into(), value);
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.0.dispatch_event(&event);
        }
    }
}
