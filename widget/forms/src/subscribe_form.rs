//! The subprocessors view's subscription form: an e-mail address, double opt-in.

use std::rc::Rc;

use attest_core::documents::SubscriptionForm;

use attest_widget_ui::dom::{el, Dom, Region};
use attest_widget_ui::form::{self, Body, Fields};
use attest_widget_ui::lang::fill;
use attest_widget_ui::pow::Solver;

use crate::request_form::Endpoint;
use crate::texts::{localise, texts};

pub fn subscribe_form(endpoint: Endpoint, org_name: &str) -> Dom {
    let t = texts();
    let fields = Fields::default();
    let solver = Rc::new(Solver::start(&endpoint.api_base, &endpoint.org));
    let status = Dom::of("p", "")
        .class("form-status")
        .attr("role", "status")
        .testid("subscribe-status-line");
    let status_element = status.element();
    let (trap, trap_input) = form::honeypot("subscribe-website");
    let form = el("form")
        .attr("novalidate", "")
        .testid("subscribe-form")
        .child(
            fields.field(
                "subscribe-email",
                "email",
                texts().your_email,
                el("input")
                    .attr("type", "email")
                    .attr("autocomplete", "email"),
                None,
            ),
        )
        .child(trap)
        .child(status)
        .child(
            Dom::of("button", t.subscribe)
                .attr("type", "submit")
                .class("button")
                .testid("submit-subscription"),
        );
    let root = el("section")
        .class("subscribe-form")
        .attr("aria-labelledby", "subscribe-heading")
        .testid("subscribe");
    let region = Region::new(root.element());
    let sending = Rc::new(std::cell::Cell::new(false));
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        if sending.get() {
            return;
        }
        let input = SubscriptionForm {
            email: fields.value("email"),
        };
        if let Err(errors) = input.check() {
            fields.show(&localise(t, &errors));
            status_element.set_text_content(Some(t.fix_errors));
            return;
        }
        fields.show(&[]);
        sending.set(true);
        status_element.set_text_content(Some(t.sending));
        let (endpoint, solver, status_element, region, sending) = (
            endpoint.clone(),
            solver.clone(),
            status_element.clone(),
            region.clone(),
            sending.clone(),
        );
        let website = form::honeypot_value(&trap_input);
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!(
                "{}/v1/orgs/{}/subprocessors/subscriptions",
                endpoint.api_base, endpoint.org
            );
            let body = || {
                Body::new()
                    .set("email", input.email.as_str())
                    .set("website", website.as_str())
            };
            let outcome = match solver.send(&url, body).await {
                Some(answer) if answer.status == 202 => Ok(()),
                Some(answer) if answer.status == 429 => Err(t.rate_limited),
                _ => Err(t.send_failed),
            };
            sending.set(false);
            match outcome {
                Ok(()) => {
                    region.show(|| {
                        Dom::of("p", t.subscribed)
                            .class("notice")
                            .attr("role", "status")
                            .testid("subscribed")
                            .attr("tabindex", "-1")
                    });
                    region.focus("[data-testid=subscribed]");
                }
                Err(message) => status_element.set_text_content(Some(message)),
            }
        });
    });
    root.child(
        Dom::of("h3", t.subscribe_heading)
            .class("subheading")
            .attr("id", "subscribe-heading"),
    )
    .child(Dom::of("p", &fill(t.subscribe_help, org_name)))
    .child(form)
}
