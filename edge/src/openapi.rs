//! The OpenAPI document, generated from the route table: each route's access, its
//! arguments and answer type (their schemas from the Rust types), and its words (`Doc`).
//! `make openapi` writes it to `edge/openapi.json`; a test fails when the committed file
//! is not what the code generates. Built natively only (the `openapi` feature).

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::router::{Access, Operation};
use crate::shared::error::Problem;

/// The document, as `make openapi` writes it.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    let problem = generator.subschema_for::<Problem<'static>>().to_value();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for route in crate::routes::all() {
        let mut operation = Operation::new(&mut generator);
        (route.describe)(&mut operation);
        let doc = route
            .doc
            .unwrap_or_else(|| panic!("{} {} has no Doc", route.method, route.path));
        let mut problems: BTreeMap<u16, String> = doc
            .errors
            .iter()
            .map(|(status, words)| (*status, (*words).to_owned()))
            .collect();
        for (status, words) in std::mem::take(&mut operation.problems) {
            problems.entry(status).or_insert(words);
        }
        let security = match route.access {
            Access::Admin(permission) => {
                let scope = attest_core::members::scope_for(permission);
                problems.entry(401).or_insert_with(|| {
                    "No token of this organisation's and no live session.".into()
                });
                problems.entry(403).or_insert_with(|| {
                    let or_admin = if scope == "admin" { "" } else { " (or `admin`)" };
                    format!("The token lacks the scope `{scope}`{or_admin}, or is another organisation's; or the member's role lacks `{}`, they are not a member, or the organisation requires two factors; or a change made with a session lacks the CSRF defence.", permission.key())
                });
                Some(&["apiToken", "memberSession"][..])
            }
            Access::Signed => {
                problems
                    .entry(401)
                    .or_insert_with(|| "No credential, or one unknown, expired or revoked.".into());
                Some(&["apiToken", "memberSession"][..])
            }
            Access::Person => {
                problems.entry(401).or_insert_with(|| {
                    "No live session (signed out, idle too long, ended or removed).".into()
                });
                problems.entry(403).or_insert_with(|| {
                    "A change made without the session's CSRF defence (`X-CSRF-Token` and the edge's own `Origin`).".into()
                });
                Some(&["memberSession"][..])
            }
            Access::Requester => {
                problems
                    .entry(401)
                    .or_insert_with(|| "Missing or wrong status token.".into());
                Some(&["statusToken"][..])
            }
            Access::Platform => {
                problems
                    .entry(401)
                    .or_insert_with(|| "Not the platform token.".into());
                Some(&["platformToken"][..])
            }
            Access::Public | Access::Form | Access::Link(_) => None,
        };
        // What the edge answers from memory alone never waits on a store.
        let from_memory = route.access == Access::Public && !route.path.contains("{org}");
        if !from_memory {
            problems.entry(503).or_insert_with(|| {
                "A store is unavailable; nothing was changed. Retry after `Retry-After` seconds."
                    .into()
            });
        }
        for (name, words) in doc.headers {
            operation.header(name, words, json!({ "type": "string" }));
        }

        let mut responses = Map::new();
        let first_success = operation.answers.keys().find(|s| **s < 300).copied();
        for (status, content) in &operation.answers {
            let words = match *status {
                304 => "Not modified: the copy the client holds is current.".to_owned(),
                s if Some(s) == first_success => doc.answer.to_owned(),
                _ => "Done.".to_owned(),
            };
            let mut response = json!({ "description": words });
            if let Some(content) = content {
                response["content"] = content
                    .iter()
                    .map(|(media, schema)| (media.clone(), json!({ "schema": schema })))
                    .collect::<Map<String, Value>>()
                    .into();
            }
            if *status < 300 && !operation.answer_headers.is_empty() {
                response["headers"] = operation
                    .answer_headers
                    .clone()
                    .into_iter()
                    .collect::<Map<String, Value>>()
                    .into();
            }
            responses.insert(status.to_string(), response);
        }
        for (status, words) in problems {
            // A link from an e-mail answers a person: its refusals are pages too.
            let page = matches!(route.access, Access::Link(pages) if pages.contains(&status));
            let content = if page {
                json!({ "text/html": { "schema": { "type": "string" } } })
            } else {
                json!({ "application/problem+json": { "schema": problem.clone() } })
            };
            responses.insert(
                status.to_string(),
                json!({ "description": words, "content": content }),
            );
        }

        let mut entry = json!({
            "operationId": doc.id,
            "summary": doc.summary,
            "responses": responses,
        });
        if !doc.description.is_empty() {
            entry["description"] = doc.description.into();
        }
        if !operation.parameters.is_empty() {
            entry["parameters"] = std::mem::take(&mut operation.parameters).into();
        }
        if let Some(body) = operation.body.take() {
            entry["requestBody"] = body;
        }
        if let Access::Admin(permission) = route.access {
            entry["x-permission"] = permission.key().into();
        }
        if let Some(schemes) = security {
            entry["security"] = schemes
                .iter()
                .map(|scheme| json!({ *scheme: [] }))
                .collect::<Vec<Value>>()
                .into();
        }
        // A catch-all (`{*page}`) is a plain parameter in the document's notation.
        paths
            .entry(route.path.replace("{*", "{"))
            .or_default()
            .insert(route.method.as_ref().to_ascii_lowercase(), entry);
    }
    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Attest API",
            "version": "1.0.0",
            "description": "The public API of Attest: trust profiles, subprocessors, security.txt and the widget's files. JSON is camelCase; every error is an RFC 9457 problem document.",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "apiToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token of the organisation (`atk_…`).",
                },
                "platformToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The operator's `PLATFORM_TOKEN` (a Worker secret).",
                },
                "memberSession": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "attest_session",
                    "description": "A member's session, as sign-in sets it (`__Host-attest_session` over HTTPS). A change made with it also needs the session's CSRF token in `X-CSRF-Token` (from `GET /v1/admin/me`) and the edge's own `Origin`.",
                },
                "statusToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The `statusToken` a new privacy request was answered with.",
                },
            },
        },
    })
}

/// The document as the committed file holds it: pretty JSON, one newline at the end.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).expect("the document serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    /// With `ATTEST_WRITE_OPENAPI=1` (`make openapi`) it writes the document instead.
    #[test]
    fn the_committed_document_is_the_one_the_code_generates() {
        let committed = include_str!("../openapi.json");
        let generated = super::text();
        if std::env::var_os("ATTEST_WRITE_OPENAPI").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
            std::fs::write(path, &generated).expect("edge/openapi.json is writable");
            return;
        }
        if committed != generated {
            let line = committed
                .lines()
                .zip(generated.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "edge/openapi.json is not what the code generates (first difference at line {}): run `make openapi`",
                line + 1
            );
        }
    }
}
