//! Slots for the forms. The forms (privacy requests, vulnerability reports) are a second
//! WebAssembly module (`widget/forms`): a visitor who only reads the trust center never
//! downloads them. The loader hands the app a function that imports that module once per
//! page; a slot shows "Loading…", asks for the module, and mounts its form into itself.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::dom::{el, Dom};
use crate::i18n::strings;

/// The loader's function that imports the forms module (a promise of the module).
#[derive(Clone)]
pub struct FormsLoader(SendWrapper<js_sys::Function>);

impl FormsLoader {
    pub fn new(load: js_sys::Function) -> Self {
        Self(SendWrapper::new(load))
    }

    async fn load(&self) -> Result<JsValue, JsValue> {
        let promise: js_sys::Promise = self.0.call0(&JsValue::NULL)?.dyn_into()?;
        JsFuture::from(promise).await
    }
}

/// Which form a slot holds: the forms module's function that mounts it.
#[derive(Clone, Copy)]
pub enum Form {
    Request,
    Report,
    Subscribe,
    Document,
}

impl Form {
    fn mount_function(self) -> &'static str {
        match self {
            Self::Request => "mountRequestForm",
            Self::Report => "mountReportForm",
            Self::Subscribe => "mountSubscribeForm",
            Self::Document => "mountDocumentForm",
        }
    }
}

/// What a form is told: `{ apiBase, org, orgName, lang, jurisdictions, host }`.
pub fn options(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), value);
    }
    options
}

/// A slot that loads the forms module and mounts `form` into itself, and unmounts it
/// when the view goes.
pub fn slot(loader: FormsLoader, form: Form, options: js_sys::Object, testid: &str) -> Dom {
    mount_slot(loader, form, options, testid, false)
}

/// A button that, pressed, is replaced by a slot with `form`, whose first field then
/// takes the focus (the visitor asked for the form, so that is where they continue).
pub fn reveal(
    loader: FormsLoader,
    form: Form,
    options: js_sys::Object,
    label: &str,
    testid: &str,
) -> Dom {
    let place = el("div").class("reveal");
    let region = crate::dom::Region::new(place.element());
    let testid_slot = format!("{testid}-slot");
    let options = SendWrapper::new(options);
    let button = Dom::of("button", label)
        .attr("type", "button")
        .class("button secondary")
        .testid(testid)
        .on("click", move |_| {
            let (loader, options, testid_slot) =
                (loader.clone(), (*options).clone(), testid_slot.clone());
            region.show(move || mount_slot(loader, form, options, &testid_slot, true));
        });
    place.child(button)
}

fn focus_first_field(slot: &web_sys::Element) {
    if let Some(field) = slot
        .query_selector(".form-field input, .form-field textarea, .form-field select")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

fn mount_slot(
    loader: FormsLoader,
    form: Form,
    options: js_sys::Object,
    testid: &str,
    focus_first: bool,
) -> Dom {
    let status = Dom::of("p", strings().loading)
        .class("status")
        .attr("role", "status");
    let slot = el("div").class("forms-slot").testid(testid).child(status);
    let element = slot.element();
    // The mounted form, once there is one; `None` inside once the view is gone.
    let mounted: Rc<RefCell<Option<Option<JsValue>>>> = Rc::new(RefCell::new(Some(None)));
    let kept = SendWrapper::new(mounted.clone());
    on_cleanup(move || {
        if let Some(Some(form)) = kept.borrow_mut().take() {
            call(&form, "unmount", &[]);
            call(&form, "free", &[]);
        }
    });
    let failed = strings().unreachable;
    leptos::task::spawn_local(async move {
        let module = loader.load().await;
        // The view may have gone while the module loaded.
        if mounted.borrow().is_none() {
            return;
        }
        let form = module
            .ok()
            .and_then(|module| js_sys::Reflect::get(&module, &form.mount_function().into()).ok())
            .and_then(|mount| mount.dyn_into::<js_sys::Function>().ok())
            .and_then(|mount| mount.call2(&JsValue::NULL, &element, &options).ok());
        match form {
            Some(form) => {
                *mounted.borrow_mut() = Some(Some(form));
                if focus_first {
                    focus_first_field(&element);
                }
            }
            None => {
                element.set_text_content(Some(failed));
                let _ = element.set_attribute("role", "alert");
            }
        }
    });
    slot
}

fn call(object: &JsValue, method: &str, args: &[JsValue]) {
    if let Some(function) = js_sys::Reflect::get(object, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = function.apply(object, &args.iter().collect());
    }
}
