//! Documents on request: the NDA click-through recorded, the team's decision, the
//! requester told, and the personal data sealed and erased in time.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, client_address, json, spawn_app, token_with, TestApp};

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn ask(app: &TestApp, org: &str, address: &str, fields: Value) -> ureq::http::Response<ureq::Body> {
    let mut body = json!({
        "documentId": "soc2-report",
        "name": "Grace Hopper",
        "company": "Compilers Inc",
        "email": "grace@compilers.example",
        "ndaAccepted": true,
        "ndaVersion": "2026-03",
        "proof": app.proof(org),
    });
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.post(
        &format!("/v1/orgs/{org}/document-requests"),
        &[("cf-connecting-ip", address)],
        &body,
    )
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_nda_document_is_asked_for_with_the_nda_accepted_and_the_acceptance_recorded() {
    let app = spawn_app();
    let org = "acme-complete";
    let refused = assert_problem(
        ask(
            &app,
            org,
            &client_address(),
            json!({ "ndaAccepted": false, "ndaVersion": "2025-01" }),
        ),
        400,
    );
    assert_eq!(fields(&refused), ["ndaAccepted", "ndaVersion"]);
    let public = assert_problem(
        ask(
            &app,
            org,
            &client_address(),
            json!({ "documentId": "security-whitepaper" }),
        ),
        400,
    );
    assert_eq!(fields(&public), ["documentId"]);
    let empty = assert_problem(
        ask(
            &app,
            org,
            &client_address(),
            json!({ "name": "", "company": " ", "email": "x" }),
        ),
        400,
    );
    assert_eq!(fields(&empty), ["name", "company", "email"]);

    let address = client_address();
    let canary = "Canary Company 7d1f";
    let accepted = ask(&app, org, &address, json!({ "company": canary }));
    assert_eq!(accepted.status(), 202);
    let id = json(accepted)["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("dr_"));

    // Sealed at rest: the row holds no name, company, e-mail or address in clear.
    let row = &app.d1(&format!(
        "SELECT * FROM document_requests WHERE id = '{id}'"
    ))[0];
    let stored = row.to_string();
    for secret in [
        "Grace Hopper",
        canary,
        "grace@compilers.example",
        address.as_str(),
    ] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
    }
    assert_eq!(row["nda_version"], "2026-03");
    assert!(row["nda_accepted_at"].as_i64().unwrap() > 0);

    // The requester is acknowledged, the team notified.
    let outbox = app.outbox(org);
    let about: Vec<&Value> = outbox.iter().filter(|m| m["relatedId"] == id).collect();
    assert!(about.iter().any(|m| m["to"] == "grace@compilers.example"
        && m["body"].as_str().unwrap().contains("version 2026-03")));
    assert!(about.iter().any(|m| m["to"] == "security@acme.example"));

    // The team sees it pending, and reads it with the acceptance.
    let token = admin(&app);
    let list = json(app.get_with(
        &format!("/v1/admin/orgs/{org}/document-requests?status=pending"),
        &[("authorization", &token)],
    ));
    let listed = list["documentRequests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .expect("listed")
        .clone();
    assert_eq!(listed["nda"]["version"], "2026-03");
    assert!(
        listed.get("email").is_none(),
        "the list carries no personal data"
    );
    let read = json(app.get_with(
        &format!("/v1/admin/orgs/{org}/document-requests/{id}"),
        &[("authorization", &token)],
    ));
    assert_eq!(read["company"], canary);
    assert_eq!(read["email"], "grace@compilers.example");
    assert_eq!(read["nda"]["acceptedFrom"], address);
    assert_eq!(read["documentTitle"], "SOC 2 Type II report");

    // Approving needs the file; then it makes a grant and e-mails its link. A second
    // decision is refused.
    let refused = assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
            &[("authorization", &token)],
            &json!({ "decision": "approve" }),
        ),
        409,
    );
    assert!(refused["detail"].as_str().unwrap().contains("no file yet"));
    let uploaded = app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{org}/documents/soc2-report/file"),
        &[
            ("authorization", &token),
            ("content-type", "application/pdf"),
        ],
        attest_core::pdf::sample("SOC 2 Type II report", 2),
    );
    assert_eq!(uploaded.status(), 201);
    let decided = app.post(
        &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
        &[("authorization", &token)],
        &json!({ "decision": "approve", "days": 7, "note": "The link works for 7 days." }),
    );
    assert_eq!(decided.status(), 200);
    let decided = json(decided);
    assert_eq!(decided["status"], "approved");
    assert!(decided["decidedBy"].as_str().is_some());
    let approval = app
        .outbox(org)
        .into_iter()
        .find(|m| m["relatedId"] == id && m["purpose"] == "decision")
        .expect("the approval e-mail");
    assert_eq!(approval["to"], "grace@compilers.example");
    let body = approval["body"].as_str().unwrap();
    assert!(
        body.contains("approved")
            && body.contains(&format!(
                "/v1/orgs/{org}/documents/soc2-report/copy?grant=gr_"
            ))
            && body.contains("7 days")
            && body.contains(decided["grant"]["reference"].as_str().unwrap()),
        "{body}"
    );
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
            &[("authorization", &token)],
            &json!({ "decision": "deny" }),
        ),
        409,
    );
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{org}/audit?target={id}"),
        &[("authorization", &token)],
    ));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"document_request.created")
            && actions.contains(&"document_request.decided"),
        "{actions:?}"
    );

    // After the retention period the personal data goes; the decision and the NDA
    // version and time stay. The requester's details stay while the grant is in force.
    app.d1(&format!(
        "UPDATE document_requests SET decided_at = decided_at - 31 * 86400 WHERE id = '{id}'"
    ));
    app.run_scheduled();
    let row = &app.d1(&format!(
        "SELECT email_sealed FROM document_requests WHERE id = '{id}'"
    ))[0];
    assert!(row["email_sealed"].is_string(), "kept while its grant runs");
    app.d1(&format!(
        "UPDATE grants SET expires_at = expires_at - 38 * 86400 WHERE request_id = '{id}'"
    ));
    app.run_scheduled();
    let grant = &app.d1(&format!("SELECT * FROM grants WHERE request_id = '{id}'"))[0];
    assert!(grant["email_sealed"].is_null() && grant["name_sealed"].is_null());
    assert!(grant["erased_at"].as_i64().is_some());
    assert!(grant["reference"].is_string(), "the reference stays");
    let row = &app.d1(&format!(
        "SELECT * FROM document_requests WHERE id = '{id}'"
    ))[0];
    assert!(
        row["email_sealed"].is_null()
            && row["name_sealed"].is_null()
            && row["nda_address_sealed"].is_null()
    );
    assert_eq!(row["nda_version"], "2026-03");
    assert_eq!(row["status"], "approved");
    assert!(row["erased_at"].as_i64().is_some());
}

#[test]
fn an_on_request_document_needs_no_nda_and_a_denial_is_told_too() {
    let app = spawn_app();
    let org = "vinterre";
    let accepted = ask(
        &app,
        org,
        &client_address(),
        json!({ "documentId": "confidentiality-agreements", "ndaAccepted": false, "ndaVersion": "" }),
    );
    assert_eq!(accepted.status(), 202);
    let id = json(accepted)["id"].as_str().unwrap().to_owned();
    let token = admin(&app);
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
            &[("authorization", &token)],
            &json!({ "decision": "deny", "days": 30 }),
        ),
        400,
    );
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
            &[("authorization", &token)],
            &json!({ "decision": "maybe" }),
        ),
        400,
    );
    let denied = app.post(
        &format!("/v1/admin/orgs/{org}/document-requests/{id}/decision"),
        &[("authorization", &token)],
        &json!({ "decision": "deny", "note": "We share it with customers only." }),
    );
    assert_eq!(denied.status(), 200);
    let told = app
        .outbox(org)
        .into_iter()
        .find(|m| m["relatedId"] == id && m["purpose"] == "decision")
        .expect("the denial e-mail");
    assert!(told["body"].as_str().unwrap().contains("customers only"));
}

#[test]
fn the_document_requests_api_is_the_organisations_and_scoped() {
    let app = spawn_app();
    let org = "acme-complete";
    assert_problem(
        app.get(&format!("/v1/admin/orgs/{org}/document-requests")),
        401,
    );
    let other = token_with(&app, "vinterre", "requests:read requests:write");
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{org}/document-requests"),
            &[("authorization", &other)],
        ),
        403,
    );
    let reader = token_with(&app, org, "requests:read");
    assert_eq!(
        app.get_with(
            &format!("/v1/admin/orgs/{org}/document-requests"),
            &[("authorization", &reader)]
        )
        .status(),
        200
    );
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/dr_000/decision"),
            &[("authorization", &reader)],
            &json!({ "decision": "approve" }),
        ),
        403,
    );
    let writer = token_with(&app, org, "requests:write");
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{org}/document-requests/dr_000/decision"),
            &[("authorization", &writer)],
            &json!({ "decision": "approve" }),
        ),
        404,
    );
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{org}/document-requests?status=lost"),
            &[("authorization", &reader)],
        ),
        400,
    );
}
