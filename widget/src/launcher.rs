//! `data-mode="button"`: a floating launcher that opens the trust center in a modal panel.
//! While open, focus stays inside the panel; `Esc` or the close button closes it and puts
//! focus back on the launcher (the WAI-ARIA dialog pattern).

use attest_views::i18n::Shell;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, KeyboardEvent};

use crate::controls::all;

/// What can take focus inside the panel.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The launcher's parts: the button, and the backdrop and dialog shown while it is open.
/// The trust center lives in the dialog, after its close button, open or not: closing
/// and reopening keeps the view and filters the visitor chose.
pub struct Launcher {
    root: Element,
    button: HtmlElement,
    backdrop: Element,
    dialog: Element,
}

impl Launcher {
    pub fn new(document: &Document, t: &Shell) -> Result<Self, wasm_bindgen::JsValue> {
        let make =
            |tag: &str, attributes: &[(&str, &str)]| -> Result<Element, wasm_bindgen::JsValue> {
                let element = document.create_element(tag)?;
                for (name, value) in attributes {
                    element.set_attribute(name, value)?;
                }
                Ok(element)
            };
        let root = make("div", &[("class", "launcher-root")])?;
        let button = make(
            "button",
            &[
                ("type", "button"),
                ("class", "launcher"),
                ("part", "launcher"),
                ("data-testid", "launcher"),
                ("aria-haspopup", "dialog"),
                ("aria-controls", "attest-dialog"),
                ("aria-expanded", "false"),
            ],
        )?;
        button.set_text_content(Some(t.trust_center));
        root.append_child(&button)?;
        let backdrop = make("div", &[("class", "backdrop")])?;
        let dialog = make(
            "div",
            &[
                ("class", "dialog"),
                ("id", "attest-dialog"),
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-label", t.trust_center),
                ("part", "dialog"),
                ("data-testid", "dialog"),
            ],
        )?;
        let close = make(
            "button",
            &[
                ("type", "button"),
                ("class", "close"),
                ("aria-label", t.close),
                ("data-testid", "close"),
            ],
        )?;
        close.set_text_content(Some("×"));
        dialog.append_child(&close)?;
        Ok(Self {
            root,
            button: button.unchecked_into(),
            backdrop,
            dialog,
        })
    }

    /// The element that holds the launcher (and the dialog, while open).
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// The dialog, where the trust center goes after the close button.
    pub fn dialog(&self) -> &Element {
        &self.dialog
    }

    fn is_open(&self) -> bool {
        self.dialog.is_connected()
    }

    fn open(&self) {
        let _ = self.button.set_attribute("aria-expanded", "true");
        let _ = self.root.append_child(&self.backdrop);
        let _ = self.root.append_child(&self.dialog);
        // On opening, focus moves into the panel.
        if let Some(first) = focusables(&self.dialog).into_iter().next() {
            let _ = first.focus();
        }
    }

    fn close(&self) {
        let _ = self.button.set_attribute("aria-expanded", "false");
        self.backdrop.remove();
        self.dialog.remove();
        let _ = self.button.focus();
    }

    /// A click inside the trust center's root: the launcher toggles, the backdrop and
    /// the close button close.
    pub fn clicked(&self, target: &Element) {
        if target == self.button.unchecked_ref::<Element>() {
            if self.is_open() {
                self.close();
            } else {
                self.open();
            }
        } else if *target == self.backdrop
            || target
                .closest(".close")
                .ok()
                .flatten()
                .is_some_and(|c| self.dialog.contains(Some(&c)))
        {
            self.close();
        }
    }

    /// `Esc` closes; `Tab` and `Shift+Tab` wrap around inside the panel.
    pub fn keydown(&self, ev: &KeyboardEvent, active: Option<Element>) {
        if !self.is_open() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                self.close();
            }
            "Tab" => {
                let items = focusables(&self.dialog);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    return;
                };
                let at = |el: &HtmlElement| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == el.unchecked_ref::<Element>())
                };
                if ev.shift_key() && at(first) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && at(last) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    }
}

fn focusables(panel: &Element) -> Vec<HtmlElement> {
    all(panel, FOCUSABLE)
        .into_iter()
        .filter_map(|el| el.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect()
}
