//! The forms' slots. The forms (privacy requests, vulnerability reports, subscriptions,
//! document requests) are a second WebAssembly module (`widget/forms`): a visitor who only
//! reads the trust center never downloads them. The edge renders where each goes: a slot
//! (`.forms-slot[data-form]`, saying "Loading…") or a button that opens one
//! (`button[data-form]`). The loader hands the app a function that imports the module
//! once per page; the app mounts each form into its slot.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

/// The loader's function that imports the forms module (a promise of the module).
#[derive(Clone)]
pub struct FormsLoader(js_sys::Function);

impl FormsLoader {
    pub fn new(load: js_sys::Function) -> Self {
        Self(load)
    }

    /// The forms module, imported the first time it is asked for.
    pub async fn load(&self) -> Result<JsValue, JsValue> {
        let promise: js_sys::Promise = self.0.call0(&JsValue::NULL)?.dyn_into()?;
        JsFuture::from(promise).await
    }
}

/// The forms module's function that mounts the form a slot names.
fn mount_function(form: &str) -> Option<&'static str> {
    Some(match form {
        "request" => "mountRequestForm",
        "report" => "mountReportForm",
        "subscribe" => "mountSubscribeForm",
        "document" => "mountDocumentForm",
        _ => return None,
    })
}

/// What a form is told: `{ apiBase, org, orgName, lang, … }`, with what the slot (or the
/// button that opened it) says about it in its `data-` attributes.
pub fn options(common: &[(&str, JsValue)], from: &Element) -> js_sys::Object {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&options, &key.into(), value);
    };
    for (key, value) in common {
        set(key, value);
    }
    for (attribute, key) in [
        ("data-jurisdictions", "jurisdictions"),
        ("data-document-id", "documentId"),
        ("data-document-title", "documentTitle"),
        ("data-nda-version", "ndaVersion"),
        ("data-nda-text", "ndaText"),
        ("data-nda-url", "ndaUrl"),
    ] {
        if let Some(value) = from.get_attribute(attribute) {
            set(key, &value.into());
        }
    }
    options
}

/// Mounts `form` from the forms `module` (if it loaded) into `slot`, and returns it, to
/// unmount when its view goes. `failed` is said in the slot when it cannot be mounted.
/// With `focus_first`, the form's first field takes the focus (the visitor asked for the
/// form, so that is where they continue).
pub fn mount(
    module: Result<JsValue, JsValue>,
    form: &str,
    slot: &Element,
    options: &js_sys::Object,
    focus_first: bool,
    failed: &str,
) -> Option<JsValue> {
    let mounted = module
        .ok()
        .zip(mount_function(form))
        .and_then(|(module, name)| js_sys::Reflect::get(&module, &name.into()).ok())
        .and_then(|mount| mount.dyn_into::<js_sys::Function>().ok())
        .and_then(|mount| mount.call2(&JsValue::NULL, slot, options).ok());
    match &mounted {
        Some(_) if focus_first => {
            if let Some(field) = slot
                .query_selector(".form-field input, .form-field textarea, .form-field select")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = field.focus();
            }
        }
        Some(_) => {}
        None => {
            slot.set_text_content(Some(failed));
            let _ = slot.set_attribute("role", "alert");
        }
    }
    mounted
}

/// Unmounts a mounted form and frees it.
pub fn unmount(form: &JsValue) {
    for method in ["unmount", "free"] {
        if let Some(function) = js_sys::Reflect::get(form, &method.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let _ = function.call0(form);
        }
    }
}
