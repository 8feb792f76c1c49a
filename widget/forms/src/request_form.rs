//! Privacy requests in the widget: the form, confirming the e-mail address with the code,
//! and the request's status, also for a request filed earlier ("check a request").

use std::rc::Rc;

use attest_core::json::Json;
use attest_core::privacy::{Jurisdiction, PrivacyRequestForm, RequestKind, RequestStatus};
use attest_core::Date;

use attest_widget_ui::dom::{el, replace_children, Dom, Region};
use attest_widget_ui::form::{self, Body, Fields};
use attest_widget_ui::lang::fill;
use attest_widget_ui::net as api;
use attest_widget_ui::pow::Solver;

use crate::texts::{localise, server_errors, texts, Texts};

/// Where the widget can reach the API and who it speaks for.
#[derive(Clone)]
pub struct Endpoint {
    pub api_base: String,
    pub org: String,
}

/// A filed request as the requester holds it: the id and the status token.
#[derive(Clone, PartialEq)]
struct Reference {
    id: String,
    token: String,
}

impl Reference {
    /// `pr_….st_…`: one string to keep and paste back.
    fn written(&self) -> String {
        format!("{}.{}", self.id, self.token)
    }

    fn parse(text: &str) -> Option<Self> {
        let (id, token) = text.trim().split_once('.')?;
        let valid = |s: &str, prefix| {
            s.starts_with(prefix)
                && s.len() < 100
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        };
        (valid(id, "pr_") && valid(token, "st_")).then(|| Self {
            id: id.to_owned(),
            token: token.to_owned(),
        })
    }
}

/// The browser remembers the references of requests filed here, per organisation, so
/// the visitor can check them later. (They are the requester's own: the host page, the
/// organisation's site, can read them as it can read anything typed into it.)
fn saved(org: &str) -> Vec<Reference> {
    storage()
        .and_then(|s| s.get_item(&storage_key(org)).ok().flatten())
        .map(|list| {
            list.split_whitespace()
                .filter_map(Reference::parse)
                .collect()
        })
        .unwrap_or_default()
}

fn save(org: &str, reference: &Reference) {
    let mut list = saved(org);
    list.retain(|r| r.id != reference.id);
    list.insert(0, reference.clone());
    list.truncate(10);
    let text: Vec<String> = list.iter().map(Reference::written).collect();
    if let Some(storage) = storage() {
        let _ = storage.set_item(&storage_key(org), &text.join(" "));
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_key(org: &str) -> String {
    format!("attest-requests:{org}")
}

/// The privacy request part of the privacy view: `offered` are the laws the organisation
/// takes requests under, `org_name` its name.
pub fn privacy_requests(offered: Vec<Jurisdiction>, org_name: &str, endpoint: Endpoint) -> Dom {
    let t = texts();
    let root = el("section")
        .class("request")
        .attr("aria-labelledby", "request-heading")
        .testid("privacy-request");
    if offered.is_empty() {
        return root
            .child(
                Dom::of("h3", t.request_heading)
                    .class("subheading")
                    .attr("id", "request-heading"),
            )
            .child(Dom::of("p", &fill(t.not_offered, org_name)).class("notice"));
    }
    let body = el("div");
    let region = Region::new(body.element());
    let show_form = {
        let (endpoint, offered, org_name) =
            (endpoint.clone(), offered.clone(), org_name.to_owned());
        move |preset: Option<(Jurisdiction, RequestKind)>| {
            let place = region.clone();
            region.show(|| request_form(&endpoint, &offered, &org_name, preset, place));
        }
    };
    show_form(None);
    root.child(
        Dom::of("h3", t.request_heading)
            .class("subheading")
            .attr("id", "request-heading"),
    )
    .maybe(gpc_offer(&offered, show_form))
    .child(body)
    .child(check_requests(endpoint))
}

/// With Global Privacy Control on, the opt-out is one press away.
fn gpc_offer(
    offered: &[Jurisdiction],
    show_form: impl Fn(Option<(Jurisdiction, RequestKind)>) + 'static,
) -> Option<Dom> {
    let navigator = web_sys::window()?.navigator();
    let gpc = js_sys::Reflect::get(&navigator, &"globalPrivacyControl".into()).ok()?;
    if !gpc.is_truthy() || !offered.contains(&Jurisdiction::Ccpa) {
        return None;
    }
    let t = texts();
    Some(
        el("div")
            .class("notice gpc")
            .testid("gpc-notice")
            .child(Dom::of("p", t.gpc_notice))
            .child(
                Dom::of("button", t.gpc_action)
                    .attr("type", "button")
                    .class("button")
                    .testid("gpc-opt-out")
                    .on("click", move |_| {
                        show_form(Some((Jurisdiction::Ccpa, RequestKind::OptOutSaleSharing)))
                    }),
            ),
    )
}

fn kind_options(t: &Texts, law: Jurisdiction) -> Vec<Dom> {
    law.kinds()
        .iter()
        .map(|k| Dom::of("option", t.kinds[k.index()]).attr("value", k.key()))
        .collect()
}

fn request_form(
    endpoint: &Endpoint,
    offered: &[Jurisdiction],
    org_name: &str,
    preset: Option<(Jurisdiction, RequestKind)>,
    region: Rc<Region>,
) -> Dom {
    let t = texts();
    let fields = Fields::default();
    let solver = Rc::new(Solver::start(&endpoint.api_base, &endpoint.org));
    let law = preset.map_or(offered[0], |(law, _)| law);

    let laws = el("select").children(
        offered
            .iter()
            .map(|j| Dom::of("option", t.laws[j.index()]).attr("value", j.key())),
    );
    let kinds = el("select").children(kind_options(t, law));
    let kinds_element = kinds.element();
    let help = Dom::of("p", t.kind_help[law.kinds()[0].index()])
        .class("field-help")
        .attr("aria-live", "polite");
    let help_element = help.element();
    let describe_kind = {
        let fields = fields.clone();
        move || {
            let kind = RequestKind::from_key(&fields.value("kind")).unwrap_or(RequestKind::Access);
            help_element.set_text_content(Some(t.kind_help[kind.index()]));
        }
    };
    let laws = laws.on("change", {
        let (fields, describe_kind) = (fields.clone(), describe_kind.clone());
        move |_| {
            let law =
                Jurisdiction::from_key(&fields.value("jurisdiction")).unwrap_or(Jurisdiction::Gdpr);
            let before = fields.value("kind");
            replace_children(&kinds_element, kind_options(t, law));
            if law.kinds().iter().any(|k| k.key() == before) {
                fields.set_value("kind", &before);
            }
            describe_kind();
        }
    });
    let kinds = kinds.on("change", move |_| describe_kind());
    let status = Dom::of("p", "")
        .class("form-status")
        .attr("role", "status")
        .testid("request-status-line");
    let status_element = status.element();
    let (trap, trap_input) = form::honeypot("request-website");
    let consent = fill(t.consent, org_name);

    let form = el("form")
        .attr("novalidate", "")
        .testid("request-form")
        .child(fields.field("request-jurisdiction", "jurisdiction", t.law, laws, None))
        .child(
            fields
                .field("request-kind", "kind", t.request_kind, kinds, None)
                .child(help),
        )
        .child(
            fields.field(
                "request-name",
                "name",
                t.your_name,
                el("input")
                    .attr("type", "text")
                    .attr("autocomplete", "name"),
                None,
            ),
        )
        .child(
            fields.field(
                "request-email",
                "email",
                t.your_email,
                el("input")
                    .attr("type", "email")
                    .attr("autocomplete", "email"),
                None,
            ),
        )
        .child(fields.field(
            "request-details",
            "details",
            t.details,
            el("textarea").attr("rows", "3"),
            Some(t.details_help),
        ))
        .child(fields.checkbox("request-consent", "consent", &consent))
        .child(trap)
        .child(status)
        .child(
            Dom::of("button", t.send_request)
                .attr("type", "submit")
                .class("button")
                .testid("submit-request"),
        );
    if let Some((law, kind)) = preset {
        fields.set_value("jurisdiction", law.key());
        replace_children(
            &form
                .element()
                .query_selector("#request-kind")
                .ok()
                .flatten()
                .expect("the kind select"),
            kind_options(t, law),
        );
        fields.set_value("kind", kind.key());
    }
    let offered = offered.to_vec();
    let endpoint = endpoint.clone();
    let sending = Rc::new(std::cell::Cell::new(false));
    // Event handlers run outside the form's scope: what they need from it is
    // taken now.
    let host = attest_widget_ui::dom::current_host();
    form.on("submit", move |ev| {
        ev.prevent_default();
        if sending.get() {
            return;
        }
        let input = PrivacyRequestForm {
            jurisdiction: fields.value("jurisdiction"),
            kind: fields.value("kind"),
            email: fields.value("email"),
            name: fields.value("name"),
            details: fields.value("details"),
            consent: fields.checked("consent"),
        };
        if let Err(errors) = input.check(&offered) {
            fields.show(&localise(t, &errors));
            status_element.set_text_content(Some(t.fix_errors));
            return;
        }
        fields.show(&[]);
        sending.set(true);
        status_element.set_text_content(Some(t.sending));
        let (fields, solver, endpoint, status_element, region, sending) = (
            fields.clone(),
            solver.clone(),
            endpoint.clone(),
            status_element.clone(),
            region.clone(),
            sending.clone(),
        );
        let website = form::honeypot_value(&trap_input);
        let host = host.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = submit(&endpoint, &input, &website, &solver, t).await;
            sending.set(false);
            match outcome {
                Ok(filed) => {
                    if let Some(host) = host {
                        host.emit(
                            "attest:request-submitted",
                            &[
                                ("org", endpoint.org.as_str().into()),
                                ("id", filed.reference.id.as_str().into()),
                                ("jurisdiction", input.jurisdiction.as_str().into()),
                                ("kind", input.kind.as_str().into()),
                                ("status", filed.status.as_str().into()),
                            ],
                        );
                    }
                    save(&endpoint.org, &filed.reference);
                    let place = region.clone();
                    region.show(|| {
                        if filed.status == RequestStatus::IdentityUnverified.key() {
                            verify_step(&endpoint, filed.reference, &input.email, place)
                        } else {
                            status_step(&endpoint, filed.reference)
                        }
                    });
                    region.focus("#verify-code");
                }
                Err(Refused::Fields(errors)) => {
                    let rest = fields.show(&errors);
                    status_element.set_text_content(Some(
                        &rest
                            .first()
                            .cloned()
                            .unwrap_or_else(|| t.fix_errors.to_owned()),
                    ));
                }
                Err(Refused::Message(message)) => status_element.set_text_content(Some(message)),
            }
        });
    })
}

struct Filed {
    reference: Reference,
    status: String,
}

enum Refused {
    Fields(Vec<(String, String)>),
    Message(&'static str),
}

/// Sends the request with a fresh proof (see `Solver::send`).
async fn submit(
    endpoint: &Endpoint,
    input: &PrivacyRequestForm,
    website: &str,
    solver: &Solver,
    t: &'static Texts,
) -> Result<Filed, Refused> {
    let url = format!(
        "{}/v1/orgs/{}/privacy-requests",
        endpoint.api_base, endpoint.org
    );
    let body = || {
        Body::new()
            .set("jurisdiction", input.jurisdiction.as_str())
            .set("kind", input.kind.as_str())
            .set("email", input.email.as_str())
            .set("name", input.name.as_str())
            .set("details", input.details.as_str())
            .set("consent", input.consent)
            .set("website", website)
    };
    let answer = solver
        .send(&url, body)
        .await
        .ok_or(Refused::Message(t.send_failed))?;
    match answer.status {
        202 => Ok(Filed {
            reference: Reference {
                id: answer.text("id"),
                token: answer.text("statusToken"),
            },
            status: answer.text("status"),
        }),
        400 => Err(Refused::Fields(server_errors(t, answer.field_errors()))),
        429 => Err(Refused::Message(t.rate_limited)),
        _ => Err(Refused::Message(t.send_failed)),
    }
}

/// "Check your e-mail": the code that confirms the address.
fn verify_step(endpoint: &Endpoint, reference: Reference, email: &str, region: Rc<Region>) -> Dom {
    let t = texts();
    let fields = Fields::default();
    let status = Dom::of("p", "")
        .class("form-status")
        .attr("role", "status")
        .testid("verify-status");
    let status_element = status.element();
    let root = el("div").class("verify").testid("verify-step");
    let resend = Dom::of("button", t.new_code)
        .attr("type", "button")
        .class("button secondary")
        .testid("new-code")
        .on("click", {
            let (endpoint, reference, status_element) =
                (endpoint.clone(), reference.clone(), status_element.clone());
            move |_| {
                let (endpoint, reference, status_element) =
                    (endpoint.clone(), reference.clone(), status_element.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let url = format!(
                        "{}/v1/privacy-requests/{}/verification",
                        endpoint.api_base, reference.id
                    );
                    let message = match api::call("POST", &url, None, Some(&reference.token))
                        .await
                        .map(|a| a.status)
                    {
                        Some(202) => t.new_code_sent,
                        Some(429) => t.wait_for_code,
                        _ => t.send_failed,
                    };
                    status_element.set_text_content(Some(message));
                });
            }
        });
    let form = el("form")
        .attr("novalidate", "")
        .child(
            fields.field(
                "verify-code",
                "code",
                t.code,
                el("input")
                    .attr("type", "text")
                    .attr("inputmode", "numeric")
                    .attr("autocomplete", "one-time-code")
                    .attr("maxlength", "6")
                    .testid("code-input"),
                None,
            ),
        )
        .child(status)
        .child(
            el("div")
                .class("actions")
                .child(
                    Dom::of("button", t.confirm)
                        .attr("type", "submit")
                        .class("button")
                        .testid("confirm-code"),
                )
                .child(resend),
        );
    let endpoint = endpoint.clone();
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        let code: String = fields
            .value("code")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            fields.show(&[("code".into(), t.code_format.into())]);
            return;
        }
        fields.show(&[]);
        status_element.set_text_content(Some(t.sending));
        let (fields, endpoint, reference, region, status_element) = (
            fields.clone(),
            endpoint.clone(),
            reference.clone(),
            region.clone(),
            status_element.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!(
                "{}/v1/privacy-requests/{}/verify",
                endpoint.api_base, reference.id
            );
            let body = Body::new().set("code", code.as_str());
            match api::call("POST", &url, Some(body.object()), Some(&reference.token)).await {
                Some(answer) if answer.status == 200 => {
                    region.show(|| status_view(&answer.body, &reference));
                    region.focus("h3");
                }
                Some(answer) if answer.status == 400 => {
                    status_element.set_text_content(Some(""));
                    fields.show(&[("code".into(), t.wrong_code.into())]);
                }
                Some(answer) if answer.status == 409 => {
                    status_element.set_text_content(Some(""));
                    fields.show(&[("code".into(), t.code_locked.into())]);
                }
                _ => status_element.set_text_content(Some(t.send_failed)),
            }
        });
    });
    root.child(
        Dom::of("h3", t.code_heading)
            .class("subheading")
            .attr("tabindex", "-1"),
    )
    .child(Dom::of("p", &fill(t.code_sent, email)))
    .child(form)
}

/// Fetches and shows a request's status.
fn status_step(endpoint: &Endpoint, reference: Reference) -> Dom {
    let t = texts();
    let root = el("div");
    let loading = Dom::of("p", t.loading)
        .class("status")
        .attr("role", "status");
    let region = Region::new(root.element());
    let url = format!("{}/v1/privacy-requests/{}", endpoint.api_base, reference.id);
    wasm_bindgen_futures::spawn_local(async move {
        let answer = api::call("GET", &url, None, Some(&reference.token)).await;
        region.show(|| match answer {
            Some(answer) if answer.status == 200 => status_view(&answer.body, &reference),
            Some(answer) if answer.status == 401 => Dom::of("p", t.check_unknown)
                .class("form-status")
                .attr("role", "alert"),
            _ => Dom::of("p", t.send_failed)
                .class("form-status")
                .attr("role", "alert"),
        });
    });
    root.child(loading)
}

fn request_status_label(t: &Texts, key: &str) -> &'static str {
    RequestStatus::from_key(key).map_or("", |s| t.request_statuses[s.index()])
}

/// A request's status as the edge reports it.
fn status_view(body: &Json, reference: &Reference) -> Dom {
    let lang = attest_widget_ui::dom::current_lang();
    let t = crate::texts::texts_for(lang);
    let text = |key| match body.get(key) {
        Some(Json::String(s)) => s.clone(),
        _ => String::new(),
    };
    let status = text("status");
    let day = |iso: &str| {
        Date::parse(iso.get(..10).unwrap_or(""))
            .map(|d| lang.date(d))
            .unwrap_or_else(|_| iso.to_owned())
    };
    let kind = RequestKind::from_key(&text("kind")).map_or("", |k| t.kinds[k.index()]);
    let row = |term: &str, value: Dom| [Dom::of("dt", term), el("dd").child(value)];
    let history: Vec<Dom> = match body.get("history") {
        Some(Json::Array(events)) => events
            .iter()
            .map(|e| {
                let get = |k| match e.get(k) {
                    Some(Json::String(s)) => s.clone(),
                    _ => String::new(),
                };
                el("li")
                    .text(&day(&get("at")))
                    .text(": ")
                    .text(request_status_label(t, &get("status")))
                    .maybe(
                        Some(get("note"))
                            .filter(|n| !n.is_empty())
                            .map(|n| Dom::of("span", &format!(" ({n})"))),
                    )
            })
            .collect(),
        _ => Vec::new(),
    };
    el("div")
        .class("request-status")
        .testid("request-status")
        .child(
            Dom::of("h3", t.status_heading)
                .class("subheading")
                .attr("tabindex", "-1"),
        )
        .child(
            el("dl")
                .class("facts")
                .children(row(
                    t.status_label,
                    Dom::of("strong", request_status_label(t, &status))
                        .attr("data-status", &status)
                        .testid("request-state"),
                ))
                .children(row(t.request_kind, Dom::of("span", kind)))
                .children(row(t.received, Dom::of("span", &day(&text("receivedAt")))))
                .children(row(
                    t.due_by,
                    Dom::of("time", &day(&text("dueBy")))
                        .attr("datetime", &text("dueBy"))
                        .testid("due-by"),
                )),
        )
        .child(Dom::of("h4", t.history))
        .child(el("ol").class("history").children(history))
        .child(
            el("p")
                .class("field-help")
                .text(t.keep_reference)
                .text(" ")
                .child(Dom::of("code", &reference.written()).testid("request-reference")),
        )
}

/// "Check a request": the requests filed from this browser, and any other by reference.
fn check_requests(endpoint: Endpoint) -> Dom {
    let t = texts();
    let fields = Fields::default();
    let result = el("div").attr("aria-live", "polite").testid("check-result");
    let region = Region::new(result.element());
    let show = {
        let endpoint = endpoint.clone();
        move |reference: Reference| {
            region.show(|| status_step(&endpoint, reference));
        }
    };
    let mine: Vec<Dom> = saved(&endpoint.org)
        .into_iter()
        .map(|reference| {
            let show = show.clone();
            let label = reference.id.clone();
            el("li").child(
                Dom::of("button", &label)
                    .attr("type", "button")
                    .class("link-button")
                    .on("click", move |_| show(reference.clone())),
            )
        })
        .collect();
    let has_mine = !mine.is_empty();
    let form = el("form")
        .attr("novalidate", "")
        .testid("check-form")
        .child(fields.field(
            "check-reference",
            "reference",
            t.reference,
            el("input").attr("type", "text").attr("autocomplete", "off"),
            Some(t.reference_help),
        ))
        .child(
            Dom::of("button", t.check)
                .attr("type", "submit")
                .class("button secondary"),
        );
    let form = form.on("submit", move |ev| {
        ev.prevent_default();
        match Reference::parse(&fields.value("reference")) {
            Some(reference) => {
                fields.show(&[]);
                show(reference);
            }
            None => {
                fields.show(&[("reference".into(), t.reference_format.into())]);
            }
        }
    });
    el("details")
        .class("check")
        .testid("check-requests")
        .child(Dom::of("summary", t.check_heading))
        .maybe(has_mine.then(|| {
            el("div")
                .child(Dom::of("p", t.your_requests))
                .child(el("ul").class("saved").children(mine))
        }))
        .child(form)
        .child(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_the_id_and_the_token() {
        let reference = Reference::parse(" pr_0a1b.st_ffee ").unwrap();
        assert_eq!(
            (reference.id.as_str(), reference.token.as_str()),
            ("pr_0a1b", "st_ffee")
        );
        assert_eq!(reference.written(), "pr_0a1b.st_ffee");
        for bad in ["", "pr_1", "st_1.pr_2", "pr_1.st_<x>", "pr_1.st_2.3"] {
            assert!(Reference::parse(bad).is_none(), "{bad}");
        }
    }
}
