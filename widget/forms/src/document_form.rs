//! The documents view's request form: name, company, e-mail, and for a document under
//! NDA the agreement itself, to read and accept.

use std::rc::Rc;

use attest_core::documents::DocumentRequestForm;

use attest_core::json::Json;
use attest_core::Date;
use attest_widget_ui::dom::{el, Dom, Region};
use attest_widget_ui::form::{self, Body, Fields};
use attest_widget_ui::lang::fill;
use attest_widget_ui::net as api;
use attest_widget_ui::pow::Solver;

use crate::request_form::Endpoint;
use crate::texts::{localise, server_errors, texts};

/// The document asked for, as the app describes it.
pub struct Requested {
    pub id: String,
    pub title: String,
    /// For a document under NDA: the agreement's version, paragraphs and link.
    pub nda: Option<Nda>,
}

pub struct Nda {
    pub version: String,
    pub paragraphs: Vec<String>,
    pub url: Option<String>,
}

/// What this browser remembers of an organisation's document requests: for each document,
/// the newest request and its status token (`attest-documents:{org}`, which the app reads
/// to say "Your request"); and the NDA pass the last acceptance was answered with, with
/// its version and address (`attest-nda:{org}`).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn remembered_request(org: &str, document: &str) -> Option<(String, String)> {
    let list = storage()?
        .get_item(&format!("attest-documents:{org}"))
        .ok()??;
    list.split_whitespace().find_map(|entry| {
        let mut parts = entry.split('|');
        (parts.next()? == document).then_some(())?;
        Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
    })
}

fn remember_request(org: &str, document: &str, id: &str, token: &str) {
    let Some(storage) = storage() else { return };
    let key = format!("attest-documents:{org}");
    let list = storage.get_item(&key).ok().flatten().unwrap_or_default();
    let mut entries: Vec<&str> = list
        .split_whitespace()
        .filter(|e| e.split('|').next() != Some(document))
        .take(20)
        .collect();
    let entry = format!("{document}|{id}|{token}");
    entries.insert(0, &entry);
    let _ = storage.set_item(&key, &entries.join(" "));
}

/// The NDA pass kept for `org`: its version, the address it is for, the pass.
fn remembered_nda(org: &str) -> Option<(String, String, String)> {
    let kept = storage()?.get_item(&format!("attest-nda:{org}")).ok()??;
    let mut lines = kept.lines();
    Some((
        lines.next()?.to_owned(),
        lines.next()?.to_owned(),
        lines.next()?.to_owned(),
    ))
}

fn remember_nda(org: &str, version: &str, email: &str, pass: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(
            &format!("attest-nda:{org}"),
            &format!("{version}\n{}\n{pass}", email.trim().to_ascii_lowercase()),
        );
    }
}

fn forget_nda(org: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("attest-nda:{org}"));
    }
}

/// Where this browser's earlier request for the document stands, as the edge says.
fn standing(endpoint: &Endpoint, id: String, token: String) -> Dom {
    let root = el("div").testid("document-standing");
    let region = Region::new(root.element());
    let url = format!(
        "{}/v1/document-requests/{id}?token={token}",
        endpoint.api_base
    );
    let lang = attest_widget_ui::dom::current_lang();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(answer) = api::call("GET", &url, None, None).await else {
            return;
        };
        if answer.status != 200 {
            return;
        }
        let t = crate::texts::texts_for(lang);
        let text = |json: &Json, key: &str| match json.get(key) {
            Some(Json::String(s)) => s.clone(),
            _ => String::new(),
        };
        let day = |iso: &str| {
            Date::parse(iso.get(..10).unwrap_or(""))
                .map(|d| lang.date(d))
                .unwrap_or_else(|_| iso.to_owned())
        };
        let grant = answer.body.get("grant").cloned().unwrap_or(Json::Null);
        let said = match (
            text(&answer.body, "status").as_str(),
            text(&grant, "status").as_str(),
        ) {
            ("approved", "active") => fill(
                &fill(t.your_request[1], &id),
                &day(&text(&grant, "expiresAt")),
            ),
            ("approved", "expired") => fill(t.access_ended, &day(&text(&grant, "expiresAt"))),
            ("approved", "revoked") => t.access_withdrawn.to_owned(),
            ("denied", _) => fill(t.your_request[2], &id),
            _ => fill(t.your_request[0], &id),
        };
        region.show(|| {
            Dom::of("p", &said)
                .class("notice")
                .attr("role", "status")
                .testid("document-state")
        });
    });
    root
}

pub fn document_form(endpoint: Endpoint, document: Requested) -> Dom {
    let t = texts();
    let fields = Fields::default();
    let solver = Rc::new(Solver::start(&endpoint.api_base, &endpoint.org));
    let key = document.id.clone();
    let id = |field: &str| format!("document-{key}-{field}");
    let status = Dom::of("p", "")
        .class("form-status")
        .attr("role", "status")
        .testid("document-status-line");
    let status_element = status.element();
    let (trap, trap_input) = form::honeypot(&id("website"));
    let text = |field: &str, name: &'static str, label: &str, autocomplete: &str| {
        fields.field(
            &id(field),
            name,
            label,
            el("input")
                .attr("type", if name == "email" { "email" } else { "text" })
                .attr("autocomplete", autocomplete),
            None,
        )
    };
    let nda_version = document.nda.as_ref().map(|n| n.version.clone());
    // An NDA pass kept in this browser for the version in force.
    let kept_nda = remembered_nda(&endpoint.org)
        .filter(|(version, _, _)| Some(version) == nda_version.as_ref());
    let agreement = document.nda.as_ref().map(|nda| {
        el("div")
            .class("nda")
            .child(Dom::of("h4", t.nda_heading).class("subheading"))
            .child(
                // Scrollable and focusable, so a keyboard can read all of it.
                el("div")
                    .class("nda-text")
                    .attr("tabindex", "0")
                    .attr("role", "document")
                    .attr("aria-label", t.nda_heading)
                    .testid("nda-text")
                    .children(nda.paragraphs.iter().map(|p| Dom::of("p", p))),
            )
            .maybe(nda.url.as_ref().map(|url| {
                el("p").child(
                    Dom::of("a", t.nda_download)
                        .class("link")
                        .attr("href", url)
                        .attr("rel", "noopener noreferrer")
                        .attr("target", "_blank"),
                )
            }))
            .maybe(kept_nda.as_ref().map(|_| {
                Dom::of("p", &fill(t.nda_remembered, &nda.version))
                    .class("hint")
                    .testid("nda-remembered")
            }))
            .child(fields.checkbox(&id("nda"), "ndaAccepted", &fill(t.nda_accept, &nda.version)))
    });
    let form = el("form")
        .attr("novalidate", "")
        .testid("document-form")
        .child(text("name", "name", t.your_name, "name"))
        .child(text("company", "company", t.company, "organization"))
        .child(text("email", "email", t.your_email, "email"))
        .maybe(agreement)
        .child(trap)
        .child(status)
        .child(
            Dom::of("button", t.send_request)
                .attr("type", "submit")
                .class("button")
                .testid("submit-document-request"),
        );
    let heading_id = id("heading");
    let root = el("section")
        .class("document-form")
        .attr("aria-labelledby", &heading_id)
        .testid("document-request");
    let region = Region::new(root.element());
    let sending = Rc::new(std::cell::Cell::new(false));
    let document_id = document.id.clone();
    let earlier = remembered_request(&endpoint.org, &document.id)
        .map(|(id, token)| standing(&endpoint, id, token));
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        if sending.get() {
            return;
        }
        // The pass stands in for the click-through when it is for the address typed.
        let pass = kept_nda
            .as_ref()
            .filter(|(_, email, _)| *email == fields.value("email").trim().to_ascii_lowercase())
            .map(|(_, _, pass)| pass.clone());
        let input = DocumentRequestForm {
            document_id: document_id.clone(),
            name: fields.value("name"),
            company: fields.value("company"),
            email: fields.value("email"),
            nda_accepted: fields.checked("ndaAccepted"),
            nda_version: nda_version.clone().unwrap_or_default(),
        };
        // The same checks as the edge, without the profile: the version is the edge's.
        let errors: Vec<_> = [
            attest_core::Name::parse_field("name", input.name.as_str()).err(),
            attest_core::Name::parse_field("company", input.company.as_str()).err(),
            attest_core::documents::SubscriptionForm {
                email: input.email.clone(),
            }
            .check()
            .err()
            .and_then(|e| e.into_iter().next()),
            (nda_version.is_some() && !input.nda_accepted && pass.is_none()).then(|| {
                attest_core::ValidationError::Invalid {
                    field: "ndaAccepted".into(),
                    reason: "".into(),
                }
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !errors.is_empty() {
            fields.show(&localise(t, &errors));
            status_element.set_text_content(Some(t.fix_errors));
            return;
        }
        fields.show(&[]);
        sending.set(true);
        status_element.set_text_content(Some(t.sending));
        let (endpoint, solver, status_element, region, sending, fields) = (
            endpoint.clone(),
            solver.clone(),
            status_element.clone(),
            region.clone(),
            sending.clone(),
            fields.clone(),
        );
        let website = form::honeypot_value(&trap_input);
        let document_id = document_id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!(
                "{}/v1/orgs/{}/document-requests",
                endpoint.api_base, endpoint.org
            );
            let pass = pass.filter(|_| !input.nda_accepted);
            let body = || {
                Body::new()
                    .set("documentId", input.document_id.as_str())
                    .set("name", input.name.as_str())
                    .set("company", input.company.as_str())
                    .set("email", input.email.as_str())
                    .set("ndaAccepted", input.nda_accepted)
                    .set("ndaVersion", input.nda_version.as_str())
                    .set("website", website.as_str())
                    .set("ndaPass", pass.as_deref().unwrap_or_default())
            };
            let answer = solver.send(&url, body).await;
            sending.set(false);
            match answer {
                Some(answer) if answer.status == 202 => {
                    let reference = answer.text("id");
                    remember_request(
                        &endpoint.org,
                        &document_id,
                        &reference,
                        &answer.text("statusToken"),
                    );
                    let nda_pass = answer.text("ndaPass");
                    if let (Some(version), false) = (&input_version(&input), nda_pass.is_empty()) {
                        remember_nda(&endpoint.org, version, &input.email, &nda_pass);
                    }
                    let said = match (answer.text("status").as_str(), answer.body.get("available"))
                    {
                        ("approved", _) => t.document_approved_now,
                        ("denied", _) => t.document_denied_now,
                        (_, Some(Json::Bool(false))) => t.document_waiting,
                        _ => t.document_requested,
                    };
                    region.show(|| {
                        Dom::of("p", &fill(said, &reference))
                            .class("notice")
                            .attr("role", "status")
                            .testid("document-requested")
                            .attr("tabindex", "-1")
                    });
                    region.focus("[data-testid=document-requested]");
                }
                Some(answer) if answer.status == 400 => {
                    // A pass the edge no longer takes is forgotten: the click-through again.
                    if answer
                        .field_errors()
                        .iter()
                        .any(|(field, _)| field == "ndaPass" || field == "ndaAccepted")
                    {
                        forget_nda(&endpoint.org);
                    }
                    let shown = fields.show(&server_errors(t, answer.field_errors()));
                    status_element.set_text_content(Some(
                        shown.first().map(String::as_str).unwrap_or(t.fix_errors),
                    ));
                }
                Some(answer) if answer.status == 429 => {
                    status_element.set_text_content(Some(t.rate_limited))
                }
                _ => status_element.set_text_content(Some(t.send_failed)),
            }
        });
    });
    root.child(
        Dom::of("h3", &fill(t.document_heading, &document.title))
            .class("subheading")
            .attr("id", &heading_id),
    )
    .maybe(earlier)
    .child(form)
}

/// The NDA version a request was sent under, if any.
fn input_version(input: &DocumentRequestForm) -> Option<String> {
    Some(input.nda_version.clone()).filter(|v| !v.is_empty())
}
