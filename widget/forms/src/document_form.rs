//! The documents view's request form: name, company, e-mail, and for a document under
//! NDA the agreement itself, to read and accept.

use std::rc::Rc;

use attest_core::documents::DocumentRequestForm;

use attest_widget_ui::dom::{el, Dom, Region};
use attest_widget_ui::form::{self, Body, Fields};
use attest_widget_ui::lang::fill;
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
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        if sending.get() {
            return;
        }
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
            (nda_version.is_some() && !input.nda_accepted).then(|| {
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
        leptos::task::spawn_local(async move {
            let url = format!(
                "{}/v1/orgs/{}/document-requests",
                endpoint.api_base, endpoint.org
            );
            let body = || {
                Body::new()
                    .set("documentId", input.document_id.as_str())
                    .set("name", input.name.as_str())
                    .set("company", input.company.as_str())
                    .set("email", input.email.as_str())
                    .set("ndaAccepted", input.nda_accepted)
                    .set("ndaVersion", input.nda_version.as_str())
                    .set("website", website.as_str())
            };
            let answer = solver.send(&url, body).await;
            sending.set(false);
            match answer {
                Some(answer) if answer.status == 202 => {
                    let reference = answer.text("id");
                    region.show(|| {
                        Dom::of("p", &fill(t.document_requested, &reference))
                            .class("notice")
                            .attr("role", "status")
                            .testid("document-requested")
                            .attr("tabindex", "-1")
                    });
                    region.focus("[data-testid=document-requested]");
                }
                Some(answer) if answer.status == 400 => {
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
    .child(form)
}
