//! Every list the console shows, as CSV: filtered as the screen is, without the personal
//! data or the contents the edge keeps sealed, behind the list's own permission.

use serde_json::json;

use crate::helpers::{assert_problem, client_address, json, spawn_app, TestApp};

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

/// The CSV at `path` (200, `text/csv`, an attachment), as header and rows.
fn csv(app: &TestApp, path: &str, bearer: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let response = app.get_with(path, &[("authorization", bearer)]);
    assert_eq!(response.status(), 200, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert!(header("content-type").starts_with("text/csv"), "{path}");
    assert!(header("content-disposition").starts_with("attachment; filename="));
    assert_eq!(header("cache-control"), "no-store");
    let text = response.into_body().read_to_string().unwrap();
    let mut lines = text.lines().map(|l| {
        // The tests' values hold no commas or quotes but the audit's JSON: split on commas
        // outside quotes.
        let mut fields = vec![String::new()];
        let mut quoted = false;
        for c in l.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(String::new()),
                c => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    });
    let head = lines.next().expect("a header row");
    (head, lines.collect())
}

fn report(app: &TestApp, title: &str) -> String {
    let response = app.post(
        "/v1/orgs/acme-complete/security-reports",
        &[("cf-connecting-ip", &client_address())],
        &json!({
            "title": title, "description": "The next parameter is followed anywhere.",
            "email": "csv.researcher@example.com", "proof": app.proof("acme-complete"),
        }),
    );
    assert_eq!(response.status(), 202);
    json(response)["id"].as_str().unwrap().to_owned()
}

#[test]
fn reports_export_their_deadlines_not_their_contents_filtered_by_status() {
    let app = spawn_app();
    let bearer = admin(&app);
    let title = "Open redirect in the CSV test";
    let id = report(&app, title);
    let triaged = app.post(
        &format!("/v1/admin/orgs/acme-complete/security-reports/{id}/transition"),
        &[("authorization", &bearer)],
        &json!({ "to": "triaged" }),
    );
    assert_eq!(triaged.status(), 200);
    let (head, rows) = csv(
        &app,
        "/v1/admin/orgs/acme-complete/security-reports.csv",
        &bearer,
    );
    assert_eq!(
        head,
        [
            "id",
            "status",
            "received_at",
            "acknowledge_by",
            "acknowledged_at",
            "acknowledged_in_time",
            "acknowledgement_overdue"
        ]
    );
    let row = rows.iter().find(|r| r[0] == id).expect("the report");
    assert_eq!(row[1], "triaged");
    assert_eq!(row[5], "yes", "acknowledged at once: in time");
    assert_eq!(row[6], "no");
    let all = rows.concat().join(",");
    assert!(!all.contains(title) && !all.contains("csv.researcher"));
    let (_, new) = csv(
        &app,
        "/v1/admin/orgs/acme-complete/security-reports.csv?status=new",
        &bearer,
    );
    assert!(new.iter().all(|r| r[1] == "new") && !new.iter().any(|r| r[0] == id));
    assert_problem(
        app.get_with(
            "/v1/admin/orgs/acme-complete/security-reports.csv?status=lost",
            &[("authorization", &bearer)],
        ),
        400,
    );
}

#[test]
fn document_requests_export_the_nda_and_the_decision_without_the_requester() {
    let app = spawn_app();
    let bearer = admin(&app);
    let asked = app.post(
        "/v1/orgs/acme-complete/document-requests",
        &[("cf-connecting-ip", &client_address())],
        &json!({
            "documentId": "soc2-report", "name": "Grace Csv", "company": "Compilers Inc",
            "email": "grace.csv@compilers.example", "ndaAccepted": true, "ndaVersion": "2026-03",
            "proof": app.proof("acme-complete"),
        }),
    );
    assert_eq!(asked.status(), 202);
    let id = json(asked)["id"].as_str().unwrap().to_owned();
    let (head, rows) = csv(
        &app,
        "/v1/admin/orgs/acme-complete/document-requests.csv?status=pending",
        &bearer,
    );
    assert_eq!(head[0], "id");
    assert_eq!(head.len(), 11);
    let row = rows.iter().find(|r| r[0] == id).expect("the request");
    assert_eq!(
        &row[1..5],
        ["soc2-report", row[2].as_str(), "nda", "pending"]
    );
    assert_eq!(row[6], "2026-03");
    assert!(!row[7].is_empty(), "when the NDA was accepted");
    let all = rows.concat().join(",");
    assert!(
        !all.contains("Grace Csv") && !all.contains("grace.csv@") && !all.contains("Compilers")
    );
}

#[test]
fn the_outbox_exports_delivery_states_without_recipients_or_contents() {
    let app = spawn_app();
    let bearer = admin(&app);
    let filed = app.file("vinterre", json!({ "email": "outbox.csv@example.com" }));
    assert_eq!(filed.status(), 202);
    let id = json(filed)["id"].as_str().unwrap().to_owned();
    let (head, rows) = csv(&app, "/v1/admin/orgs/vinterre/outbox.csv", &bearer);
    assert_eq!(
        head,
        [
            "id",
            "purpose",
            "related_id",
            "status",
            "created_at",
            "attempts",
            "sent_at",
            "last_error"
        ]
    );
    let row = rows
        .iter()
        .find(|r| r[2] == id)
        .expect("the verification e-mail");
    assert_eq!(row[1], "verification");
    assert!(["queued", "sent"].contains(&row[3].as_str()));
    assert!(!rows.concat().join(",").contains("outbox.csv@"));
}

#[test]
fn the_audit_log_exports_what_its_filters_show_with_the_hashes() {
    let app = spawn_app();
    let bearer = admin(&app);
    let id = report(&app, "Audit CSV");
    let (head, rows) = csv(
        &app,
        &format!("/v1/admin/orgs/acme-complete/audit.csv?target={id}"),
        &bearer,
    );
    assert_eq!(
        head,
        [
            "seq",
            "at",
            "actor",
            "actor_name",
            "action",
            "target",
            "before",
            "after",
            "prev_hash",
            "hash"
        ]
    );
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[5] == id));
    // Its rows are the list's entries, hash for hash.
    let listed = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/audit?target={id}"),
        &[("authorization", &bearer)],
    ));
    let hashes: Vec<&str> = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["hash"].as_str().unwrap())
        .collect();
    assert_eq!(
        rows.iter().map(|r| r[9].as_str()).collect::<Vec<_>>(),
        hashes
    );
    assert_problem(
        app.get_with(
            "/v1/admin/orgs/acme-complete/audit.csv?order=sideways",
            &[("authorization", &bearer)],
        ),
        400,
    );
}

#[test]
fn each_export_needs_its_lists_permission() {
    let app = spawn_app();
    let created = app.post(
        "/v1/admin/orgs/vinterre/tokens",
        &[("authorization", &admin(&app))],
        &json!({ "name": "exports: outbox only", "scopes": ["outbox:read"] }),
    );
    assert_eq!(created.status(), 201);
    let outbox_only = format!("Bearer {}", json(created)["secret"].as_str().unwrap());
    for list in [
        "security-reports",
        "document-requests",
        "audit",
        "privacy-requests",
    ] {
        assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/vinterre/{list}.csv"),
                &[("authorization", &outbox_only)],
            ),
            403,
        );
        assert_problem(app.get(&format!("/v1/admin/orgs/vinterre/{list}.csv")), 401);
    }
    csv(&app, "/v1/admin/orgs/vinterre/outbox.csv", &outbox_only);
}
