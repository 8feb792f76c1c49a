//! The Attest console: the team's app under `/console/` on the edge. Members sign in
//! (single sign-on, an e-mail link or a passkey), choose an organisation and manage its
//! members, invitations, sign-in settings and API tokens, and their own sessions and
//! passkeys — all through the same admin API that tokens use.

mod account;
mod api;
mod app;
mod audit;
mod content;
mod documents;
mod files;
mod format;
mod i18n;
mod join;
mod link;
mod members;
mod orgs;
mod outbox;
mod overview;
mod passkey;
mod preferences;
mod reports;
mod request;
mod requests;
mod session;
mod shell;
mod sign_in;
mod sign_in_settings;
mod tokens;
mod ui;
mod webhooks;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
pub fn start() {
    // The page's "Loading…", shown until the app is ready to take over.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
