//! The trust center's forms: filing a privacy request (and confirming it, and following
//! it), reporting a vulnerability, asking for a document (accepting its NDA) and
//! subscribing to subprocessor changes. A WebAssembly module of its own, so that a visitor
//! who only reads the trust center never downloads them: the app loads it the first time
//! the privacy or report view opens, and mounts a form into a slot of that view.

mod document_form;
mod report_form;
mod request_form;
mod subscribe_form;
mod texts;

use attest_core::privacy::Jurisdiction;
use attest_widget_ui::dom::{replace_children, Scope};
use attest_widget_ui::host::Host;
use attest_widget_ui::lang::Lang;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::request_form::Endpoint;

/// A mounted form. The app keeps it with the view and calls `unmount` when the view
/// goes: the form's listeners go with it, and an answer still on its way shows nothing.
#[wasm_bindgen]
pub struct Mounted {
    scope: Option<Scope>,
}

#[wasm_bindgen]
impl Mounted {
    pub fn unmount(&mut self) {
        if let Some(scope) = self.scope.take() {
            scope.cleanup();
        }
    }
}

/// What the app tells a form: `{ apiBase, org, orgName, lang, texts, jurisdictions, host }`,
/// and for a document request `{ documentId, documentTitle, ndaVersion, ndaText, ndaUrl }`
/// (`ndaText`: paragraphs separated by blank lines).
struct Options {
    endpoint: Endpoint,
    /// The forms' words in `lang`, as the edge sends them (`attest_views::form_texts`).
    texts: String,
    org_name: String,
    lang: Lang,
    jurisdictions: Vec<Jurisdiction>,
    host: Option<web_sys::HtmlElement>,
    document: document_form::Requested,
}

impl Options {
    fn read(options: &JsValue) -> Self {
        let get = |key: &str| js_sys::Reflect::get(options, &key.into()).ok();
        let text = |key: &str| get(key).and_then(|v| v.as_string()).unwrap_or_default();
        Self {
            endpoint: Endpoint {
                api_base: text("apiBase"),
                org: text("org"),
            },
            texts: text("texts"),
            org_name: text("orgName"),
            lang: Lang::from_tag(&text("lang")).unwrap_or(Lang::En),
            jurisdictions: text("jurisdictions")
                .split(',')
                .filter_map(Jurisdiction::from_key)
                .collect(),
            host: get("host").and_then(|h| h.dyn_into().ok()),
            document: document_form::Requested {
                id: text("documentId"),
                title: text("documentTitle"),
                nda: Some(text("ndaVersion"))
                    .filter(|v| !v.is_empty())
                    .map(|version| document_form::Nda {
                        version,
                        paragraphs: text("ndaText")
                            .split("\n\n")
                            .filter(|p| !p.trim().is_empty())
                            .map(str::to_owned)
                            .collect(),
                        url: Some(text("ndaUrl")).filter(|u| u.starts_with("https://")),
                    }),
            },
        }
    }
}

/// Mounts what `build` makes into `slot` (one function for every form, not one per form).
#[inline(never)]
fn mount(
    slot: Element,
    options: JsValue,
    build: fn(Options) -> attest_widget_ui::dom::Dom,
) -> Result<Mounted, JsValue> {
    let options = Options::read(&options);
    if !texts::learn(options.lang, &options.texts) {
        return Err("the forms' words did not come with the view".into());
    }
    let scope = Scope::root(options.lang, options.host.clone().map(Host::new));
    let form = scope.run(|| build(options));
    replace_children(&slot, [form]);
    Ok(Mounted { scope: Some(scope) })
}

/// Mounts the privacy request form (and "check a request") into `slot`.
#[wasm_bindgen(js_name = mountRequestForm)]
pub fn mount_request_form(slot: Element, options: JsValue) -> Result<Mounted, JsValue> {
    mount(slot, options, |o| {
        request_form::privacy_requests(o.jurisdictions, &o.org_name, o.endpoint)
    })
}

/// Mounts the vulnerability report form into `slot`.
#[wasm_bindgen(js_name = mountReportForm)]
pub fn mount_report_form(slot: Element, options: JsValue) -> Result<Mounted, JsValue> {
    mount(slot, options, |o| report_form::report_form(o.endpoint))
}

/// Mounts the subprocessor-change subscription form into `slot`.
#[wasm_bindgen(js_name = mountSubscribeForm)]
pub fn mount_subscribe_form(slot: Element, options: JsValue) -> Result<Mounted, JsValue> {
    mount(slot, options, |o| {
        subscribe_form::subscribe_form(o.endpoint, &o.org_name)
    })
}

/// Mounts the request form of one document into `slot`.
#[wasm_bindgen(js_name = mountDocumentForm)]
pub fn mount_document_form(slot: Element, options: JsValue) -> Result<Mounted, JsValue> {
    mount(slot, options, |o| {
        document_form::document_form(o.endpoint, o.document)
    })
}
