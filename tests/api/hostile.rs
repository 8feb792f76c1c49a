//! Hostile input against every route of the OpenAPI document: malformed and mistyped
//! JSON, huge and deeply nested bodies, invalid UTF-8, NUL bytes, lying `Content-Type`s,
//! header injection, path traversal, unknown methods. Each is a 4xx (problem+json where
//! the route answers JSON), never a 5xx.

use serde_json::Value;

use crate::helpers::{client_address, header, spawn_app, TestApp};

/// Every (method, path) the document describes, with its parameters filled in.
fn routes() -> Vec<(String, String)> {
    described().into_iter().map(|(m, p, _)| (m, p)).collect()
}

/// `routes`, each with whether it takes a request body.
fn described() -> Vec<(String, String, bool)> {
    let document: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../edge/openapi.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut routes = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let concrete = path
                .replace("{org}", "vinterre")
                .replace("{id}", "pr_0123456789ab")
                .replace("{n}", "1")
                .replace("{file}", "missing.js");
            let takes_body = operations[method].get("requestBody").is_some();
            routes.push((method.to_uppercase(), concrete, takes_body));
        }
    }
    routes
}

fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String, String) {
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    let address = client_address();
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(app.url(path))
        .header("authorization", token.as_str())
        .header("cf-connecting-ip", address.as_str())
        .header("content-type", content_type)
        .header("if-match", "*")
        .body(body)
        .unwrap();
    let agent: ureq::Agent = attest_demo::client_config()
        .http_status_as_error(false)
        // A redirect is an answer of its own: the tests look at it, not where it leads.
        .max_redirects(0)
        .build()
        .into();
    let response = agent.run(request).expect("the edge answers");
    let status = response.status().as_u16();
    let kind = header(&response, "content-type").to_owned();
    let text = response.into_body().read_to_string().unwrap_or_default();
    (status, kind, text)
}

/// Bodies no endpoint should take, each with the content type it is sent as.
fn hostile_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let huge = format!("{{\"details\":\"{}\"}}", "a".repeat(1_200_000));
    vec![
        ("malformed JSON", "application/json", b"{\"email\": ".to_vec()),
        ("wrong types", "application/json", br#"{"email": 5, "name": [], "jurisdiction": {}, "proof": "x", "to": 3, "decision": false, "events": "all", "scopes": 7, "code": 123456}"#.to_vec()),
        ("an array", "application/json", b"[1, 2, 3]".to_vec()),
        ("deep nesting", "application/json", deep.into_bytes()),
        ("a huge body", "application/json", huge.into_bytes()),
        ("invalid UTF-8", "application/json", b"{\"name\": \"\xff\xfe\xfd\"}".to_vec()),
        ("NUL bytes", "application/json", br#"{"email": "a\u0000@example.com", "name": "Ada\u0000", "title": "\u0000", "note": "\u0000"}"#.to_vec()),
        ("a lying Content-Type", "text/plain", br#"{"email": "ada@example.com"}"#.to_vec()),
        ("a form as JSON", "application/json", b"email=ada%40example.com&name=Ada".to_vec()),
        ("an empty body", "application/json", Vec::new()),
    ]
}

#[test]
fn every_route_answers_hostile_bodies_with_a_4xx_never_a_5xx() {
    let app = spawn_app();
    let mut failures = Vec::new();
    // Routes without a request body ignore one, as HTTP allows (a restore restores).
    for (method, path, _) in described().into_iter().filter(|(_, _, body)| *body) {
        for (what, content_type, body) in hostile_bodies() {
            let (status, kind, text) = send(&app, &method, &path, content_type, body);
            let html_page = kind.starts_with("text/html");
            let ok = (400..500).contains(&status)
                && (kind.starts_with("application/problem+json") || html_page)
                || (html_page && status == 200);
            if !ok {
                failures.push(format!(
                    "{method} {path} with {what}: {status} {kind} {}",
                    &text[..text.len().min(200)]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bodies_above_the_limit_are_413_and_content_type_lies_415() {
    let app = spawn_app();
    let huge = format!("{{\"details\":\"{}\"}}", "a".repeat(70 * 1024)).into_bytes();
    for path in [
        "/v1/orgs/vinterre/privacy-requests",
        "/v1/orgs/vinterre/security-reports",
        "/v1/orgs/vinterre/document-requests",
        "/v1/orgs/vinterre/subprocessors/subscriptions",
        "/v1/admin/orgs/vinterre/tokens",
    ] {
        let (status, kind, text) = send(&app, "POST", path, "application/json", huge.clone());
        assert_eq!(status, 413, "{path}: {text}");
        assert!(kind.starts_with("application/problem+json"));
        assert!(
            text.contains("64 KB"),
            "the limit is documented in the answer: {text}"
        );
        let (status, _, _) = send(&app, "POST", path, "text/plain", b"{}".to_vec());
        assert_eq!(status, 415, "{path}");
    }
    // A profile may be larger, up to 1 MB.
    let (status, _, _) = send(
        &app,
        "PUT",
        "/v1/admin/orgs/vinterre/profile",
        "application/json",
        vec![b' '; 1024 * 1024 + 1],
    );
    assert_eq!(status, 413);
}

#[test]
fn a_line_break_in_an_email_address_cannot_inject_headers() {
    let app = spawn_app();
    for email in [
        "ada@example.com\r\nBcc: victim@example.org",
        "ada@example.com\nSubject: hi",
        "\"ada\r\n\"@example.com",
        "ada@example.com%0d%0aBcc:victim@example.org",
    ] {
        let response = app.file("vinterre", serde_json::json!({ "email": email }));
        assert_eq!(response.status(), 400, "{email:?}");
        let problem: Value =
            serde_json::from_str(&response.into_body().read_to_string().unwrap()).unwrap();
        assert_eq!(problem["errors"][0]["field"], "email", "{problem}");
    }
}

#[test]
fn slugs_and_files_that_climb_out_of_their_place_are_refused() {
    let app = spawn_app();
    for path in [
        "/v1/orgs/..%2F..%2Fetc%2Fpasswd",
        "/v1/orgs/%2e%2e",
        "/v1/orgs/vinterre%00",
        "/v1/orgs/VINTERRE",
        "/v1/orgs/vinterre%2F..%2Fwintro/subprocessors",
        "/v1/assets/..%2F..%2Fwrangler.toml",
        "/v1/assets/%2e%2e%2fCargo.toml",
        "/v1/admin/orgs/..%2Fwintro/audit",
        "/v1/privacy-requests/..%2F..%2Fadmin",
    ] {
        let response = app.get(path);
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(
            header(&response, "content-type").starts_with("application/problem+json"),
            "{path}"
        );
    }
}

#[test]
fn a_method_a_route_does_not_take_is_405_with_allow() {
    let app = spawn_app();
    let all = routes();
    for (_, path) in &all {
        // A method the path does not take.
        let taken: Vec<&str> = all
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.as_str())
            .collect();
        let method = ["PATCH", "PUT", "POST"]
            .into_iter()
            .find(|m| !taken.contains(m))
            .expect("a path that takes neither PATCH, PUT nor POST");
        let response = app.request(method, path);
        assert_eq!(response.status(), 405, "{method} {path}");
        let allow = header(&response, "allow").to_owned();
        assert!(
            !allow.is_empty() && !allow.contains(method),
            "{path}: {allow}"
        );
        assert!(header(&response, "content-type").starts_with("application/problem+json"));
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    let app = spawn_app();
    for (method, path) in routes() {
        let response = app.request(&method, &path);
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{method} {path}"
        );
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{method} {path}"
        );
        if header(&response, "content-type").starts_with("text/html") {
            assert!(
                header(&response, "content-security-policy").contains("default-src 'none'"),
                "{path}"
            );
        }
    }
}
