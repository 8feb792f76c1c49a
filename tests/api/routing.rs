use crate::helpers::{assert_problem, header, spawn_app};

#[test]
fn an_unknown_path_is_a_404_problem() {
    let app = spawn_app();
    assert_problem(app.get("/v2/nothing/here"), 404);
}

#[test]
fn a_wrong_method_is_a_405_with_allow() {
    let app = spawn_app();
    let response = app.request("DELETE", "/v1/orgs/vinterre");
    assert_eq!(header(&response, "allow"), "GET, HEAD");
    assert_problem(response, 405);
}

#[test]
fn a_preflight_is_answered_with_the_allowed_methods() {
    let app = spawn_app();
    let response = app.request("OPTIONS", "/v1/orgs/vinterre");
    assert_eq!(response.status(), 204);
    assert!(header(&response, "access-control-allow-methods").contains("GET"));
}

#[test]
fn every_response_carries_the_security_headers() {
    let app = spawn_app();
    for path in [
        "/healthz",
        "/v1/orgs/vinterre",
        "/v1/orgs/nope",
        "/nowhere",
        "/v1/widget.js",
    ] {
        let response = app.get(path);
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{path}"
        );
        assert!(!header(&response, "x-request-id").is_empty(), "{path}");
    }
}

#[test]
fn the_test_support_sql_route_answers_only_its_token() {
    let app = spawn_app();
    let sql = serde_json::json!({ "sql": "SELECT COUNT(*) AS n FROM organisations" });
    let platform = format!("Bearer {}", crate::helpers::PLATFORM_TOKEN);
    for authorization in [
        None,
        Some("Bearer wrong-token-0123456789abcdef0123456789"),
        Some(platform.as_str()),
    ] {
        let headers: Vec<(&str, &str)> = authorization
            .map(|value| vec![("authorization", value)])
            .unwrap_or_default();
        assert_problem(app.post("/__test/d1", &headers, &sql), 404);
        // Nor does the stack's seeding write a snapshot for anyone else.
        let snapshot = serde_json::json!({ "org": "vinterre", "json": "{}" });
        assert_problem(app.post("/__test/snapshot", &headers, &snapshot), 404);
    }
    assert_eq!(
        app.get("/v1/orgs/vinterre").status(),
        200,
        "the published snapshot is untouched"
    );
    // The stack's own token reaches the edge's D1.
    assert!(
        app.d1("SELECT COUNT(*) AS n FROM organisations")[0]["n"]
            .as_i64()
            .unwrap()
            >= 2
    );
}
