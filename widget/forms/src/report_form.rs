//! The vulnerability report form of the report view.

use std::rc::Rc;

use attest_core::privacy::SecurityReportForm;

use attest_widget_ui::dom::{el, Dom, Region};
use attest_widget_ui::form::{self, Body, Fields};
use attest_widget_ui::lang::fill;
use attest_widget_ui::pow::Solver;

use crate::request_form::Endpoint;
use crate::texts::{localise, texts};

pub fn report_form(endpoint: Endpoint) -> Dom {
    let t = texts();
    let lang = attest_widget_ui::dom::current_lang();
    let fields = Fields::default();
    let solver = Rc::new(Solver::start(&endpoint.api_base, &endpoint.org));
    let status = Dom::of("p", "")
        .class("form-status")
        .attr("role", "status")
        .testid("report-status-line");
    let status_element = status.element();
    let (trap, trap_input) = form::honeypot("report-website");
    let text = |id: &str, name: &'static str, label: &str| {
        fields.field(id, name, label, el("input").attr("type", "text"), None)
    };
    let area = |id: &str, name: &'static str, label: &str| {
        fields.field(id, name, label, el("textarea").attr("rows", "4"), None)
    };
    let form = el("form")
        .attr("novalidate", "")
        .testid("report-form")
        .child(text("report-title", "title", t.report_title))
        .child(area(
            "report-description",
            "description",
            t.report_description,
        ))
        .child(area("report-steps", "steps", t.report_steps))
        .child(area("report-impact", "impact", t.report_impact))
        .child(
            fields.field(
                "report-email",
                "email",
                t.report_email,
                el("input")
                    .attr("type", "email")
                    .attr("autocomplete", "email"),
                None,
            ),
        )
        .child(text("report-credit", "credit", t.report_credit))
        .child(trap)
        .child(status)
        .child(
            Dom::of("button", t.send_report)
                .attr("type", "submit")
                .class("button")
                .testid("submit-report"),
        );
    let root = el("section")
        .class("report-form")
        .attr("aria-labelledby", "report-heading")
        .testid("security-report");
    let region = Region::new(root.element());
    let sending = Rc::new(std::cell::Cell::new(false));
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        if sending.get() {
            return;
        }
        let input = SecurityReportForm {
            title: fields.value("title"),
            description: fields.value("description"),
            steps: fields.value("steps"),
            impact: fields.value("impact"),
            email: fields.value("email"),
            credit: fields.value("credit"),
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
                "{}/v1/orgs/{}/security-reports",
                endpoint.api_base, endpoint.org
            );
            let body = || {
                Body::new()
                    .set("title", input.title.as_str())
                    .set("description", input.description.as_str())
                    .set("steps", input.steps.as_str())
                    .set("impact", input.impact.as_str())
                    .set("email", input.email.as_str())
                    .set("credit", input.credit.as_str())
                    .set("website", website.as_str())
            };
            let outcome = match solver.send(&url, body).await {
                Some(answer) if answer.status == 202 => {
                    Ok((answer.text("id"), answer.text("acknowledgeBy")))
                }
                Some(answer) if answer.status == 429 => Err(t.rate_limited),
                _ => Err(t.send_failed),
            };
            sending.set(false);
            match outcome {
                Ok((id, by)) => {
                    region.show(|| {
                        let by = attest_core::Date::parse(by.get(..10).unwrap_or(""))
                            .map(|d| lang.date(d))
                            .unwrap_or(by);
                        Dom::of("p", &fill(&fill(t.report_sent, &id), &by))
                            .class("notice")
                            .attr("role", "status")
                            .testid("report-sent")
                            .attr("tabindex", "-1")
                    });
                    region.focus("[data-testid=report-sent]");
                }
                Err(message) => status_element.set_text_content(Some(message)),
            }
        });
    });
    root.child(
        Dom::of("h3", t.report_heading)
            .class("subheading")
            .attr("id", "report-heading"),
    )
    .child(form)
}
