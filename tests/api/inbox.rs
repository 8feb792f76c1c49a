//! The privacy team's side over HTTP: the inbox, moving requests along, extending them,
//! the hash-chained audit log and its verification.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, json, spawn_app, token_with, TestApp};

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

/// Files a verified GDPR access request for `org`; its id.
fn verified_request(app: &TestApp, org: &str, email: &str) -> String {
    let response = app.file(org, json!({ "email": email }));
    assert_eq!(response.status(), 202);
    let body = json(response);
    let id = body["id"].as_str().unwrap().to_owned();
    let token = body["statusToken"].as_str().unwrap();
    let code = app.code_for(org, &id);
    let verified = app.post(
        &format!("/v1/privacy-requests/{id}/verify"),
        &[("authorization", &format!("Bearer {token}"))],
        &json!({ "code": code }),
    );
    assert_eq!(verified.status(), 200);
    id
}

fn transition(app: &TestApp, org: &str, id: &str, body: Value) -> ureq::http::Response<ureq::Body> {
    app.post(
        &format!("/v1/admin/orgs/{org}/privacy-requests/{id}/transition"),
        &[("authorization", &admin(app))],
        &body,
    )
}

#[test]
fn the_inbox_lists_requests_by_due_date_without_personal_data() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "inbox-list@example.com");
    let response = app.get_with(
        "/v1/admin/orgs/acme-complete/privacy-requests?status=pending&limit=200",
        &[("authorization", &admin(&app))],
    );
    assert_eq!(response.status(), 200);
    let body = json(response);
    let requests = body["requests"].as_array().unwrap();
    assert!(requests.iter().any(|r| r["id"] == id.as_str()));
    assert!(requests.iter().all(|r| r["status"] == "pending"));
    let due: Vec<&str> = requests
        .iter()
        .map(|r| r["dueBy"].as_str().unwrap())
        .collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted, "sorted by due date");
    assert!(
        !body.to_string().contains("inbox-list@"),
        "the list shows no personal data"
    );
    let bad = app.get_with(
        "/v1/admin/orgs/acme-complete/privacy-requests?status=lost",
        &[("authorization", &admin(&app))],
    );
    assert_eq!(assert_problem(bad, 400)["errors"][0]["field"], "status");
}

#[test]
fn overdue_requests_can_be_listed_alone() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "overdue@example.com");
    app.d1(&format!(
        "UPDATE privacy_requests SET due_by = '2020-01-01' WHERE id = '{id}'"
    ));
    let body = json(app.get_with(
        "/v1/admin/orgs/acme-complete/privacy-requests?overdue=true&limit=200",
        &[("authorization", &admin(&app))],
    ));
    let overdue = body["requests"].as_array().unwrap();
    assert!(overdue
        .iter()
        .any(|r| r["id"] == id.as_str() && r["overdue"] == true));
    assert!(overdue.iter().all(|r| r["overdue"] == true));
}

#[test]
fn a_request_is_read_with_its_personal_data_and_moved_to_completion() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "lifecycle@example.com");
    let read = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}"),
        &[("authorization", &admin(&app))],
    ));
    // The personal data stays sealed until it is revealed on purpose.
    assert_eq!(read["requester"], json!({ "kept": true, "erasedAt": null }));
    assert_eq!(read["status"], "pending");
    let revealed = json(app.post(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}/reveal"),
        &[("authorization", &admin(&app))],
        &json!({}),
    ));
    assert_eq!(revealed["email"], "lifecycle@example.com");
    assert_eq!(revealed["name"], "Ada Lovelace");

    // Straight to completed is not a step the lifecycle has.
    let problem = assert_problem(
        transition(&app, "acme-complete", &id, json!({ "to": "completed" })),
        400,
    );
    assert_eq!(problem["errors"][0]["field"], "status");
    let working = transition(&app, "acme-complete", &id, json!({ "to": "in_progress" }));
    assert_eq!(working.status(), 200);
    assert_eq!(json(working)["status"], "in_progress");
    let done = transition(
        &app,
        "acme-complete",
        &id,
        json!({ "to": "completed", "note": "Export sent by e-mail." }),
    );
    assert_eq!(done.status(), 200);
    let done = json(done);
    assert_eq!(done["status"], "completed");
    let last = done["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "token:demo operator");
    assert_eq!(last["note"], "Export sent by e-mail.");

    // The requester heard of each step.
    let updates: Vec<Value> = app
        .outbox("acme-complete")
        .into_iter()
        .filter(|m| m["relatedId"] == id.as_str() && m["purpose"] == "status")
        .collect();
    assert_eq!(updates.len(), 2);
    assert!(updates.iter().all(|m| m["to"] == "lifecycle@example.com"));
    // The team's note is sealed in the database like the rest.
    let rows = app.d1(&format!(
        "SELECT note FROM request_events WHERE request_id = '{id}' AND note IS NOT NULL"
    ));
    assert!(rows
        .iter()
        .all(|r| !r["note"].as_str().unwrap().contains("Export")));
}

#[test]
fn a_denial_needs_its_reason_and_the_requester_sees_it() {
    let app = spawn_app();
    let response = app.file("acme-complete", json!({ "email": "denied@example.com" }));
    let body = json(response);
    let (id, token) = (
        body["id"].as_str().unwrap().to_owned(),
        body["statusToken"].as_str().unwrap().to_owned(),
    );
    let code = app.code_for("acme-complete", &id);
    app.post(
        &format!("/v1/privacy-requests/{id}/verify"),
        &[("authorization", &format!("Bearer {token}"))],
        &json!({ "code": code }),
    );
    transition(&app, "acme-complete", &id, json!({ "to": "in_progress" }));
    let problem = assert_problem(
        transition(&app, "acme-complete", &id, json!({ "to": "denied" })),
        400,
    );
    assert_eq!(problem["errors"][0]["field"], "note");
    let denied = transition(
        &app,
        "acme-complete",
        &id,
        json!({ "to": "denied", "note": "We hold no data about this address." }),
    );
    assert_eq!(denied.status(), 200);
    let shown = json(app.get_with(
        &format!("/v1/privacy-requests/{id}"),
        &[("authorization", &format!("Bearer {token}"))],
    ));
    assert_eq!(shown["status"], "denied");
    assert_eq!(
        shown["history"].as_array().unwrap().last().unwrap()["note"],
        "We hold no data about this address."
    );
}

#[test]
fn a_deadline_extends_once_with_a_reason() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "extend@example.com");
    let path = format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}/extend");
    let before = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}"),
        &[("authorization", &admin(&app))],
    ));
    let problem = assert_problem(
        app.post(
            &path,
            &[("authorization", &admin(&app))],
            &json!({ "reason": "" }),
        ),
        400,
    );
    assert_eq!(problem["errors"][0]["field"], "note");
    let extended = app.post(
        &path,
        &[("authorization", &admin(&app))],
        &json!({ "reason": "Records in three systems." }),
    );
    assert_eq!(extended.status(), 200);
    let extended = json(extended);
    assert_eq!(extended["extended"], true);
    let received = attest_core::Date::parse(&before["receivedAt"].as_str().unwrap()[..10]).unwrap();
    assert_eq!(extended["dueBy"], received.add_months(3).to_string());
    assert_ne!(extended["dueBy"], before["dueBy"]);
    let again = app.post(
        &path,
        &[("authorization", &admin(&app))],
        &json!({ "reason": "Again." }),
    );
    assert_eq!(assert_problem(again, 400)["errors"][0]["field"], "dueBy");
}

#[test]
fn the_team_side_needs_a_token_of_the_organisation_with_the_scope() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "scopes@example.com");
    let list = "/v1/admin/orgs/acme-complete/privacy-requests";
    assert_problem(app.get(list), 401);
    assert_problem(
        app.get_with(list, &[("authorization", "Bearer atk_unknown")]),
        401,
    );
    // Vinterre's token in Acme's inbox.
    let vinterre = token_with(&app, "vinterre", "admin");
    assert_problem(app.get_with(list, &[("authorization", &vinterre)]), 403);
    // Reading is not writing, and neither is the audit log.
    let reader = token_with(&app, "acme-complete", "requests:read");
    assert_eq!(
        app.get_with(list, &[("authorization", &reader)]).status(),
        200
    );
    let write = app.post(
        &format!("{list}/{id}/transition"),
        &[("authorization", &reader)],
        &json!({ "to": "in_progress" }),
    );
    assert_problem(write, 403);
    assert_problem(
        app.get_with(
            "/v1/admin/orgs/acme-complete/audit",
            &[("authorization", &reader)],
        ),
        403,
    );
}

#[test]
fn every_step_is_in_the_audit_log_and_an_edited_row_breaks_the_chain() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "audited@example.com");
    transition(&app, "acme-complete", &id, json!({ "to": "in_progress" }));
    let page = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/audit?target={id}"),
        &[("authorization", &admin(&app))],
    ));
    let actions: Vec<&str> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "privacy_request.created",
            "privacy_request.verified",
            "privacy_request.status_changed"
        ]
    );
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries[2]["actor"], "token:demo operator");
    assert!(
        !page.to_string().contains("audited@"),
        "no personal data in the log"
    );

    let verify = || {
        json(app.get_with(
            "/v1/admin/orgs/acme-complete/audit/verify",
            &[("authorization", &admin(&app))],
        ))
    };
    let intact = verify();
    assert_eq!(intact["ok"], true, "{intact}");
    assert!(intact["entries"].as_u64().unwrap() >= 3);

    // Someone with access to the database rewrites history.
    let seq = entries[1]["seq"].as_i64().unwrap();
    app.d1(&format!(
        "UPDATE audit_log SET actor = 'token:someone-else' WHERE org = 'acme-complete' AND seq = {seq}"
    ));
    let broken = verify();
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["firstBadSeq"], seq);
    // Put it back: the other tests share this log.
    app.d1(&format!(
        "UPDATE audit_log SET actor = 'requester' WHERE org = 'acme-complete' AND seq = {seq}"
    ));
    assert_eq!(verify()["ok"], true);
}

#[test]
fn the_register_exports_as_csv_without_personal_data() {
    let app = spawn_app();
    let id = verified_request(&app, "acme-complete", "register@example.com");
    let response = app.get_with(
        "/v1/admin/orgs/acme-complete/privacy-requests.csv",
        &[("authorization", &admin(&app))],
    );
    assert_eq!(response.status(), 200);
    assert!(crate::helpers::header(&response, "content-type").starts_with("text/csv"));
    let text = response.into_body().read_to_string().unwrap();
    assert!(!text.contains("register@example.com"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "jurisdiction",
            "kind",
            "status",
            "received_at",
            "due_by",
            "extended",
            "overdue",
            "gpc",
            "personal_data_erased_at"
        ]
    );
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == id.as_str())
        .expect("the request is in the register");
    assert_eq!((&row[1], &row[2], &row[3]), ("gdpr", "access", "pending"));
}

/// What the team types into a filter or a form is refused with its field named, never
/// cut in the middle of a character (which would stop the Worker, not answer it).
#[test]
fn filters_and_dates_that_are_not_ascii_are_refused_by_name() {
    let app = spawn_app();
    let auth = admin(&app);
    let headers = [("authorization", auth.as_str())];
    for (query, field) in [
        ("until=2026-12-0%C3%A9T00:00:00Z", "until"),
        ("since=%F1%A7%A2%8A0000-00-00T00:00:00Z", "since"),
        ("limit=0", "limit"),
        ("after=-1", "after"),
    ] {
        let problem = assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/acme-complete/audit?{query}"),
                &headers,
            ),
            400,
        );
        assert_eq!(problem["errors"][0]["field"], field, "{query}");
    }
    for (query, field) in [
        ("offset=100000000000000000", "offset"),
        ("overdue=yes", "overdue"),
        ("status=", "status"),
    ] {
        let problem = assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/acme-complete/privacy-requests?{query}"),
                &headers,
            ),
            400,
        );
        assert_eq!(problem["errors"][0]["field"], field, "{query}");
    }
    // A two-byte character where the date's tenth byte would be.
    let problem = assert_problem(
        app.post(
            "/v1/admin/orgs/acme-complete/tokens",
            &headers,
            &json!({ "name": "x", "scopes": ["admin"], "expiresAt": "2030-01-0é00:00:00Z" }),
        ),
        400,
    );
    assert_eq!(problem["errors"][0]["field"], "expiresAt");
}
