//! What the widget's forms share: labelled fields with their help and error text tied to
//! them for screen readers, reading values, showing errors next to their fields.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::dom::{el, Dom};

/// A form's fields, by the name the API gives them.
#[derive(Clone, Default)]
pub struct Fields(Rc<RefCell<Vec<Field>>>);

struct Field {
    name: &'static str,
    control: Element,
    error: Element,
}

impl Fields {
    /// A labelled control: `<label for>`, the control, an optional help line and the
    /// error line, both named by `aria-describedby`.
    pub fn field(
        &self,
        id: &str,
        name: &'static str,
        label: &str,
        control: Dom,
        help: Option<&str>,
    ) -> Dom {
        let help_id = format!("{id}-help");
        let (control, error) = self.register(id, name, control, help.map(|_| help_id.as_str()));
        el("div")
            .class("form-field")
            .child(Dom::of("label", label).attr("for", id))
            .child(control)
            .maybe(help.map(|h| Dom::of("p", h).class("field-help").attr("id", &help_id)))
            .child(error)
    }

    /// A checkbox with its label after it.
    pub fn checkbox(&self, id: &str, name: &'static str, label: &str) -> Dom {
        let checkbox = el("input").attr("type", "checkbox");
        let (control, error) = self.register(id, name, checkbox, None);
        el("div")
            .class("form-field checkbox")
            .child(control)
            .child(Dom::of("label", label).attr("for", id))
            .child(error)
    }

    /// Names `control` and ties it to its error line (and help line, when it has one),
    /// and keeps both for `value` and `show`.
    fn register(
        &self,
        id: &str,
        name: &'static str,
        control: Dom,
        help_id: Option<&str>,
    ) -> (Dom, Dom) {
        let error_id = format!("{id}-error");
        let described = match help_id {
            Some(help_id) => format!("{help_id} {error_id}"),
            None => error_id.clone(),
        };
        let control = control
            .attr("id", id)
            .attr("name", name)
            .attr("aria-describedby", &described);
        let error = Dom::of("p", "")
            .class("field-error")
            .attr("id", &error_id)
            .testid(&format!("error-{name}"));
        self.0.borrow_mut().push(Field {
            name,
            control: control.element(),
            error: error.element(),
        });
        (control, error)
    }

    fn control(&self, name: &str) -> Option<Element> {
        self.0
            .borrow()
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.control.clone())
    }

    /// The current value of a text field or a select.
    pub fn value(&self, name: &str) -> String {
        self.control(name)
            .and_then(|c| js_sys::Reflect::get(&c, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    pub fn set_value(&self, name: &str, value: &str) {
        if let Some(control) = self.control(name) {
            let _ = js_sys::Reflect::set(&control, &"value".into(), &value.into());
        }
    }

    /// Whether a checkbox is ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.control(name)
            .and_then(|c| js_sys::Reflect::get(&c, &"checked".into()).ok())
            .is_some_and(|v| v.is_truthy())
    }

    /// Shows each error next to its field (and clears the others), marks the fields
    /// invalid for assistive technology, and moves focus to the first. Errors of fields
    /// the form does not have are returned for the form to show as a whole.
    pub fn show(&self, errors: &[(String, String)]) -> Vec<String> {
        let mut first = None;
        for field in self.0.borrow().iter() {
            let message = errors
                .iter()
                .find(|(f, _)| f == field.name)
                .map(|(_, m)| m.as_str());
            field.error.set_text_content(message);
            let _ = field.control.set_attribute(
                "aria-invalid",
                if message.is_some() { "true" } else { "false" },
            );
            if message.is_some() && first.is_none() {
                first = Some(field.control.clone());
            }
        }
        if let Some(first) = first.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = first.focus();
        }
        let names: Vec<&str> = self.0.borrow().iter().map(|f| f.name).collect();
        errors
            .iter()
            .filter(|(f, _)| !names.contains(&f.as_str()))
            .map(|(_, m)| m.clone())
            .collect()
    }
}

/// A field bots fill in and people never see (nor hear: it is hidden from assistive
/// technology and out of the tab order).
pub fn honeypot(id: &str) -> (Dom, Element) {
    let input = el("input")
        .attr("type", "text")
        .attr("id", id)
        .attr("name", "website")
        .attr("tabindex", "-1")
        .attr("autocomplete", "off");
    let element = input.element();
    let trap = el("div")
        .class("hp")
        .attr("aria-hidden", "true")
        .child(Dom::of("label", "Website").attr("for", id))
        .child(input);
    (trap, element)
}

/// The value of a honeypot input.
pub fn honeypot_value(input: &Element) -> String {
    js_sys::Reflect::get(input, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A JSON object to send, built field by field.
pub struct Body(js_sys::Object);

impl Default for Body {
    fn default() -> Self {
        Self::new()
    }
}

impl Body {
    pub fn new() -> Self {
        Self(js_sys::Object::new())
    }

    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &key.into(), &value.into());
        self
    }

    pub fn object(&self) -> &js_sys::Object {
        &self.0
    }
}
