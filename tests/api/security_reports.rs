//! Vulnerability reports over HTTP.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, client_address, json, spawn_app, TestApp};

fn report(app: &TestApp, org: &str, fields: Value) -> ureq::http::Response<ureq::Body> {
    let mut body = json!({
        "title": "Stored XSS in the search box",
        "description": "The q parameter is rendered unescaped.",
        "steps": "1. Search for <img src=x onerror=alert(1)>",
        "impact": "Session theft",
        "email": "researcher@example.com",
        "credit": "R. Searcher",
        "proof": app.proof(org),
    });
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.post(
        &format!("/v1/orgs/{org}/security-reports"),
        &[("cf-connecting-ip", &client_address())],
        &body,
    )
}

fn unix(rfc3339: &str) -> i64 {
    // YYYY-MM-DDTHH:MM:SSZ
    let day = attest_core::Date::parse(&rfc3339[..10]).unwrap();
    let seconds = |range: std::ops::Range<usize>| rfc3339[range].parse::<i64>().unwrap();
    day.unix_seconds() + seconds(11..13) * 3600 + seconds(14..16) * 60 + seconds(17..19)
}

#[test]
fn a_report_is_acknowledged_within_the_organisations_commitment() {
    let app = spawn_app();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    for (org, hours) in [("vinterre", 72), ("acme-complete", 24)] {
        let response = report(&app, org, json!({}));
        assert_eq!(response.status(), 202);
        let body = json(response);
        assert!(body["id"].as_str().unwrap().starts_with("sr_"));
        let by = unix(body["acknowledgeBy"].as_str().unwrap());
        assert!((by - (now + hours * 3600)).abs() < 120, "{org}: {body}");
    }
}

#[test]
fn the_reporter_and_the_security_team_are_told_and_the_report_is_sealed() {
    let app = spawn_app();
    let canary = "canary-report-title-91c2";
    let response = report(&app, "acme-complete", json!({ "title": canary }));
    assert_eq!(response.status(), 202);
    let id = json(response)["id"].as_str().unwrap().to_owned();
    let messages: Vec<Value> = app
        .outbox("acme-complete")
        .into_iter()
        .filter(|m| m["relatedId"] == id.as_str())
        .collect();
    let to: Vec<&str> = messages.iter().map(|m| m["to"].as_str().unwrap()).collect();
    assert!(to.contains(&"researcher@example.com"), "{to:?}");
    assert!(to.contains(&"security@acme.example"), "{to:?}");
    let row = &app.d1(&format!("SELECT * FROM security_reports WHERE id = '{id}'"))[0];
    assert!(!row.to_string().contains(canary));
    assert!(!row.to_string().contains("researcher@"));
    assert_eq!(row["status"], "new");
}

#[test]
fn a_report_needs_a_title_a_description_and_a_proof() {
    let app = spawn_app();
    let problem = assert_problem(
        report(
            &app,
            "vinterre",
            json!({ "title": "", "description": " ", "email": "nope" }),
        ),
        400,
    );
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "description", "email"]);
    assert_problem(report(&app, "vinterre", json!({ "proof": null })), 400);
    // Anonymous and uncredited is fine.
    let anonymous = report(&app, "vinterre", json!({ "email": "", "credit": "" }));
    assert_eq!(anonymous.status(), 202);
}

#[test]
fn the_security_team_triages_resolves_and_tells_the_reporter() {
    let app = spawn_app();
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    let filed = report(
        &app,
        "acme-complete",
        json!({ "email": "triage@example.com" }),
    );
    let id = json(filed)["id"].as_str().unwrap().to_owned();
    let listed = json(app.get_with(
        "/v1/admin/orgs/acme-complete/security-reports?status=new",
        &[("authorization", &token)],
    ));
    assert!(listed["reports"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == id.as_str()));
    assert!(
        !listed.to_string().contains("Stored XSS"),
        "the list shows no contents"
    );
    let read = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/security-reports/{id}"),
        &[("authorization", &token)],
    ));
    assert_eq!(read["title"], "Stored XSS in the search box");
    assert_eq!(read["email"], "triage@example.com");

    let step = |to: &str, note: Option<&str>| {
        app.post(
            &format!("/v1/admin/orgs/acme-complete/security-reports/{id}/transition"),
            &[("authorization", &token)],
            &json!({ "to": to, "note": note }),
        )
    };
    assert_problem(step("resolved", None), 400);
    assert_eq!(step("triaged", None).status(), 200);
    let problem = assert_problem(step("invalid", None), 400);
    assert_eq!(problem["errors"][0]["field"], "note");
    let resolved = step("resolved", None);
    assert_eq!(resolved.status(), 200);
    assert_eq!(json(resolved)["status"], "resolved");
    let told: Vec<Value> = app
        .outbox("acme-complete")
        .into_iter()
        .filter(|m| m["relatedId"] == id.as_str() && m["purpose"] == "status")
        .collect();
    assert_eq!(told.len(), 2);
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/audit?target={id}"),
        &[("authorization", &token)],
    ));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "security_report.created",
            "security_report.status_changed",
            "security_report.status_changed"
        ]
    );
}
