//! `data-mode="button"`: a floating launcher that opens the trust center in a modal panel.
//! While open, focus stays inside the panel; `Esc` or the close button closes it and puts
//! focus back on the launcher (the WAI-ARIA dialog pattern).

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What can take focus inside the panel.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

#[component]
pub fn Launcher<F, V>(
    /// Renders the trust center inside the panel.
    content: F,
) -> impl IntoView
where
    F: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = crate::i18n::strings();
    let open = RwSignal::new(false);
    let launcher = NodeRef::<html::Button>::new();
    let panel = NodeRef::<html::Div>::new();

    let close = move || {
        open.set(false);
        if let Some(button) = launcher.get_untracked() {
            let _ = button.focus();
        }
    };
    // On opening, focus moves into the panel.
    Effect::new(move |_| {
        if open.get() {
            if let Some(first) = panel.get().and_then(|p| focusables(&p).into_iter().next()) {
                let _ = first.focus();
            }
        }
    });
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            let Some(panel) = panel.get_untracked() else {
                return;
            };
            let items = focusables(&panel);
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
    };

    view! {
        <button
            type="button"
            class="launcher"
            part="launcher"
            data-testid="launcher"
            aria-haspopup="dialog"
            aria-controls="attest-dialog"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            node_ref=launcher
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {t.trust_center}
        </button>
        <Show when=move || open.get()>
            <div class="backdrop" on:click=move |_| close()></div>
            <div
                class="dialog"
                id="attest-dialog"
                role="dialog"
                aria-modal="true"
                aria-label=t.trust_center
                part="dialog"
                data-testid="dialog"
                node_ref=panel
                on:keydown=on_keydown
            >
                <button type="button" class="close" aria-label=t.close data-testid="close" on:click=move |_| close()>
                    "×"
                </button>
                {content.clone()()}
            </div>
        </Show>
    }
}

fn focusables(panel: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect()
}
