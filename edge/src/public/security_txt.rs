//! `security.txt` (RFC 9116) for an organisation, built from its published profile.

use attest_core::OrgSlug;
use worker::Response;

use crate::router::{Ctx, Doc, Page, PlainText};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::snapshot::Snapshot;

/// A year ahead, less a day: RFC 9116 (section 2.5.5) recommends an expiry less than a
/// year in the future, and the file is built afresh on every request (cached an hour),
/// so it never reaches it.
const LIFETIME_DAYS: i64 = 364;

/// `GET /v1/orgs/{org}/security.txt` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "securityTxt",
    summary: "RFC 9116 security.txt built from the profile",
    description: "",
    answer: "The file.",
    errors: &[
        (400, "The slug is not valid; `errors` names the field."),
        (404, "No such organisation, or it has published no profile."),
    ],
    headers: &[],
};

pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Page<PlainText>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let profile = Snapshot::load(env, &org).await?.profile()?;
    let disclosure = profile.vulnerability_disclosure.as_ref();
    let security = profile.contacts.security.as_ref();

    let mut contacts: Vec<String> = Vec::new();
    let mut add = |uri: String| {
        if !contacts.contains(&uri) {
            contacts.push(uri);
        }
    };
    if let Some(email) = disclosure.and_then(|d| d.contact.as_ref()) {
        add(format!("mailto:{email}"));
    }
    if let Some(contact) = security {
        if let Some(email) = &contact.email {
            add(format!("mailto:{email}"));
        }
        if let Some(url) = &contact.url {
            add(url.to_string());
        }
    }
    // Every organisation takes reports through the form on its hosted page, so there is
    // always an `https:` contact (RFC 9116, 2.5.3), after any address it publishes.
    let origin = http::origin(req)?;
    let hosted = format!("{origin}/trust/{org}");
    add(format!("{hosted}?view=report"));

    let expires = attest_core::date::rfc3339(
        attest_core::Date::from_unix_seconds(ctx.now)
            .add_days(LIFETIME_DAYS)
            .unix_seconds(),
    );
    let mut text = String::new();
    // A name is one line in practice, but a field must never be able to start a new one.
    let name: String = profile
        .name
        .as_str()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    text.push_str(&format!(
        "# Security contacts of {name}, published with Attest.\n"
    ));
    for contact in &contacts {
        text.push_str(&format!("Contact: {contact}\n"));
    }
    text.push_str(&format!("Expires: {expires}\n"));
    // The organisation's own policy, or the rules its hosted report form shows.
    match disclosure.and_then(|d| d.policy_url.as_ref()) {
        Some(policy) => text.push_str(&format!("Policy: {policy}\n")),
        None => text.push_str(&format!("Policy: {hosted}?view=report\n")),
    }
    if let Some(hall) = disclosure.and_then(|d| d.hall_of_fame_url.as_ref()) {
        text.push_str(&format!("Acknowledgments: {hall}\n"));
    }
    let languages: Vec<&str> = profile.languages.iter().map(|l| l.as_str()).collect();
    text.push_str(&format!("Preferred-Languages: {}\n", languages.join(", ")));
    text.push_str(&format!("Canonical: {origin}/v1/orgs/{org}/security.txt\n"));

    let mut response = Response::from_bytes(text.into_bytes())?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/plain; charset=utf-8")?;
    headers.set("cache-control", "public, max-age=3600")?;
    Ok(Page::new(response))
}
