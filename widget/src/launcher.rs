//! `data-mode="button"`: a floating launcher that opens the trust center in a modal panel.
//! While open, focus stays inside the panel; `Esc` or the close button closes it and puts
//! focus back on the launcher (the WAI-ARIA dialog pattern).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::dom::{el, Dom};

/// What can take focus inside the panel.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The launcher button, and the dialog holding `content` while it is open. The content
/// is built once: closing and reopening keeps the view and filters the visitor chose.
pub fn launcher(content: Dom) -> Dom {
    let t = crate::i18n::strings();
    let open = RwSignal::new(false);
    let button = Dom::of("button", t.trust_center)
        .attr("type", "button")
        .class("launcher")
        .attr("part", "launcher")
        .testid("launcher")
        .attr("aria-haspopup", "dialog")
        .attr("aria-controls", "attest-dialog")
        .on("click", move |_| open.update(|o| *o = !*o));
    let button_element = button.element();
    let close = move || {
        open.set(false);
        if let Some(button) = button_element.dyn_ref::<HtmlElement>() {
            let _ = button.focus();
        }
    };
    let backdrop = el("div").class("backdrop").on("click", {
        let close = close.clone();
        move |_| close()
    });
    let dialog = el("div")
        .class("dialog")
        .attr("id", "attest-dialog")
        .attr("role", "dialog")
        .attr("aria-modal", "true")
        .attr("aria-label", t.trust_center)
        .attr("part", "dialog")
        .testid("dialog");
    let panel = dialog.element();
    let dialog = dialog
        .on("keydown", {
            let (panel, close) = (panel.clone(), close.clone());
            move |ev| keydown(&ev, &panel, &close)
        })
        .child(
            Dom::of("button", "×")
                .attr("type", "button")
                .class("close")
                .attr("aria-label", t.close)
                .testid("close")
                .on("click", move |_| close()),
        )
        .child(content);
    let (backdrop, dialog) = (backdrop.element(), dialog.element());
    let button = button.live(move |button| {
        let is_open = open.get();
        let _ = button.set_attribute("aria-expanded", if is_open { "true" } else { "false" });
        let Some(root) = button.parent_node() else {
            return;
        };
        if is_open {
            let _ = root.append_child(&backdrop);
            let _ = root.append_child(&dialog);
            // On opening, focus moves into the panel.
            if let Some(first) = focusables(&panel).into_iter().next() {
                let _ = first.focus();
            }
        } else {
            backdrop.remove();
            dialog.remove();
        }
    });
    // The launcher and, while open, the dialog share a parent that takes no space.
    el("div").class("launcher-root").child(button)
}

/// `Esc` closes; `Tab` and `Shift+Tab` wrap around inside the panel.
fn keydown(ev: &web_sys::Event, panel: &Element, close: &impl Fn()) {
    let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
        return;
    };
    match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            let items = focusables(panel);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = panel
                .get_root_node()
                .dyn_into::<web_sys::ShadowRoot>()
                .ok()
                .and_then(|root| root.active_element());
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

fn focusables(panel: &Element) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect()
}
