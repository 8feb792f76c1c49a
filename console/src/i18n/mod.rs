//! The console's own words in the widget's six languages. What members and the API write
//! (names, addresses, problem details) is shown as written.

mod de;
mod en;
mod es;
mod fr;
mod it;
mod nl;

use leptos::prelude::*;

pub use attest_widget_ui::lang::{fill, Lang};

/// `template` with its two `{}` replaced by `first` and `second`, in that order (a value
/// that itself holds `{}` stays as written).
pub fn fill2(template: &str, first: &str, second: &str) -> String {
    let mut parts = template.splitn(3, "{}");
    let mut out = String::new();
    out.push_str(parts.next().unwrap_or_default());
    if let Some(rest) = parts.next() {
        out.push_str(first);
        out.push_str(rest);
    }
    if let Some(rest) = parts.next() {
        out.push_str(second);
        out.push_str(rest);
    }
    out
}

/// The words of the language chosen.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &en::TEXT,
        Lang::De => &de::TEXT,
        Lang::Fr => &fr::TEXT,
        Lang::Es => &es::TEXT,
        Lang::Nl => &nl::TEXT,
        Lang::It => &it::TEXT,
    }
}

/// The console's words, following the language the member picked.
pub fn use_text() -> Signal<&'static Strings> {
    let lang = expect_context::<RwSignal<Lang>>();
    Signal::derive(move || strings(lang.get()))
}

/// Every label the console shows, in one language. `{}` takes a value (`fill`).
pub struct Strings {
    pub console: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub confirm: &'static str,
    pub never: &'static str,
    pub error_title: &'static str,
    pub error_network: &'static str,
    pub field_errors: &'static str,
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub sign_out: &'static str,
    pub account: &'static str,
    pub organisation: &'static str,
    pub switch_org: &'static str,
    pub sections: &'static str,
    pub nav_members: &'static str,
    pub nav_sign_in: &'static str,
    pub nav_tokens: &'static str,
    pub nav_audit: &'static str,
    pub no_permission: &'static str,
    pub signed_in_as: &'static str,
    pub not_found: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub sso_heading: &'static str,
    pub sso_org_label: &'static str,
    pub sso_org_hint: &'static str,
    pub sso_button: &'static str,
    pub link_heading: &'static str,
    pub email_label: &'static str,
    pub link_button: &'static str,
    pub link_sending: &'static str,
    pub link_sent: &'static str,
    pub passkey_heading: &'static str,
    pub passkey_button: &'static str,
    pub passkey_waiting: &'static str,
    pub passkey_unsupported: &'static str,
    pub passkey_cancelled: &'static str,
    pub or: &'static str,
    pub err_sso_state: &'static str,
    pub err_sso_provider: &'static str,
    pub err_sso_code: &'static str,
    pub err_sso_token: &'static str,
    pub err_sso_email_unverified: &'static str,
    pub err_sso_domain: &'static str,
    pub err_sso_not_member: &'static str,
    pub err_sso_none: &'static str,
    pub link_title: &'static str,
    pub link_intro: &'static str,
    pub name_label: &'static str,
    pub name_hint: &'static str,
    pub link_continue: &'static str,
    pub link_again: &'static str,
    pub join_title: &'static str,
    pub join_intro: &'static str,
    pub join_button: &'static str,
    pub join_done: &'static str,
    pub join_open: &'static str,
    pub join_missing: &'static str,
    pub join_sso: &'static str,
    pub join_other: &'static str,
    pub orgs_title: &'static str,
    pub orgs_none: &'static str,
    pub orgs_two_factor: &'static str,
    pub orgs_other_sso: &'static str,
    pub roles: [&'static str; 6],
    pub role_descriptions: [&'static str; 6],
    pub members_title: &'static str,
    pub col_name: &'static str,
    pub col_email: &'static str,
    pub col_role: &'static str,
    pub col_joined: &'static str,
    pub col_last_sign_in: &'static str,
    pub col_passkeys: &'static str,
    pub col_actions: &'static str,
    pub you: &'static str,
    pub role_of: &'static str,
    pub remove: &'static str,
    pub remove_member: &'static str,
    pub member_removed: &'static str,
    pub role_changed: &'static str,
    pub invite_heading: &'static str,
    pub invite_email: &'static str,
    pub invite_role: &'static str,
    pub invite_button: &'static str,
    pub invite_sent: &'static str,
    pub invitations_heading: &'static str,
    pub invitations_none: &'static str,
    pub col_invited_by: &'static str,
    pub col_expires: &'static str,
    pub col_status: &'static str,
    pub statuses: [&'static str; 4],
    pub revoke: &'static str,
    pub revoke_invitation: &'static str,
    pub invitation_revoked: &'static str,
    pub settings_title: &'static str,
    pub settings_intro: &'static str,
    pub sso_enabled: &'static str,
    pub issuer_label: &'static str,
    pub issuer_hint: &'static str,
    pub client_id_label: &'static str,
    pub client_secret_label: &'static str,
    pub client_secret_kept: &'static str,
    pub client_secret_new: &'static str,
    pub domains_label: &'static str,
    pub domains_hint: &'static str,
    pub redirect_label: &'static str,
    pub two_factor_label: &'static str,
    pub saved: &'static str,
    pub owner_only: &'static str,
    pub tokens_title: &'static str,
    pub tokens_intro: &'static str,
    pub col_scopes: &'static str,
    pub col_created: &'static str,
    pub token_name_hint: &'static str,
    pub token_scopes: &'static str,
    pub token_expires: &'static str,
    pub token_create: &'static str,
    pub token_created: &'static str,
    pub token_copy: &'static str,
    pub token_copied: &'static str,
    pub revoke_token: &'static str,
    pub token_active: &'static str,
    pub tokens_none: &'static str,
    pub account_title: &'static str,
    pub passkeys_heading: &'static str,
    pub passkeys_intro: &'static str,
    pub passkey_name: &'static str,
    pub passkey_name_example: &'static str,
    pub passkey_add: &'static str,
    pub passkey_added: &'static str,
    pub passkeys_none: &'static str,
    pub remove_passkey: &'static str,
    pub col_last_used: &'static str,
    pub sessions_heading: &'static str,
    pub sessions_intro: &'static str,
    pub col_browser: &'static str,
    pub col_method: &'static str,
    pub col_last_seen: &'static str,
    pub col_ends: &'static str,
    pub methods: [&'static str; 3],
    pub this_session: &'static str,
    pub end_session: &'static str,
    pub end_session_label: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub col_when: &'static str,
    pub col_who: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub audit_none: &'static str,
    pub audit_more: &'static str,
    pub chain_ok: &'static str,
    pub chain_broken: &'static str,
}
