//! The dashboard's figures, counted from the requests and reports themselves.

use serde_json::{json, Value};

use crate::helpers::{client_address, json, spawn_app, TestApp};

const ORG: &str = "tallied";
const DAY: i64 = 86_400;

fn token(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn day(unix: i64) -> String {
    attest_core::Date::from_unix_seconds(unix).to_string()
}

/// Files a request and sets when it arrived, when it is due, where it stands and when it
/// was answered, as if it had lived that long.
fn request(app: &TestApp, law: &str, kind: &str, shape: (i64, i64, &str, Option<i64>)) {
    let (received, due, status, closed) = shape;
    let filed = app.file(ORG, json!({ "jurisdiction": law, "kind": kind }));
    assert_eq!(filed.status(), 202);
    let id = json(filed)["id"].as_str().unwrap().to_owned();
    let closed = closed.map_or("NULL".to_owned(), |c| c.to_string());
    app.d1(&format!(
        "UPDATE privacy_requests SET received_at = {received}, due_by = '{}', status = '{status}',
         closed_at = {closed} WHERE id = '{id}'",
        day(due)
    ));
}

fn summary(app: &TestApp, side: &str) -> Value {
    let response = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/{side}/summary"),
        &[("authorization", &token(app))],
    );
    assert_eq!(response.status(), 200);
    json(response)
}

#[test]
fn the_privacy_figures_count_deadlines_met_medians_and_months() {
    let app = spawn_app();
    let now = now();
    // Open: due in 3 days, due in 20, overdue by 2; one waiting for its requester.
    request(
        &app,
        "gdpr",
        "access",
        (now - 27 * DAY, now + 3 * DAY, "pending", None),
    );
    request(
        &app,
        "gdpr",
        "erasure",
        (now - 10 * DAY, now + 20 * DAY, "in_progress", None),
    );
    request(
        &app,
        "ccpa",
        "deletion",
        (now - 50 * DAY, now - 2 * DAY, "pending", None),
    );
    request(
        &app,
        "gdpr",
        "access",
        (now, now + 30 * DAY, "identity_unverified", None),
    );
    // Answered: GDPR in 10 and 20 days, both on time; CCPA in 50 days, 5 days late.
    let received = now - 60 * DAY;
    request(
        &app,
        "gdpr",
        "access",
        (
            received,
            received + 30 * DAY,
            "completed",
            Some(received + 10 * DAY),
        ),
    );
    request(
        &app,
        "gdpr",
        "erasure",
        (
            received,
            received + 30 * DAY,
            "denied",
            Some(received + 20 * DAY),
        ),
    );
    request(
        &app,
        "ccpa",
        "deletion",
        (
            received,
            received + 45 * DAY,
            "completed",
            Some(received + 50 * DAY),
        ),
    );
    // Answered two years ago: outside the twelve months.
    let old = now - 730 * DAY;
    request(
        &app,
        "gdpr",
        "access",
        (old, old + 30 * DAY, "completed", Some(old + 40 * DAY)),
    );

    let figures = summary(&app, "privacy-requests");
    assert_eq!(figures["today"], day(now));
    assert_eq!(figures["dueThisWeek"], 1, "{figures}");
    assert_eq!(figures["overdue"], 1, "{figures}");
    assert_eq!(figures["awaitingVerification"], 1, "{figures}");
    assert_eq!(
        figures["byLaw"],
        json!([
            { "jurisdiction": "ccpa", "answered": 1, "onTime": 0, "medianDays": 50.0 },
            { "jurisdiction": "gdpr", "answered": 2, "onTime": 2, "medianDays": 15.0 },
        ])
    );
    let months = figures["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[11]["month"], day(now)[..7]);
    let total: i64 = months
        .iter()
        .flat_map(|m| m["byKind"].as_object().unwrap().values())
        .map(|n| n.as_i64().unwrap())
        .sum();
    // Every request but the one from two years ago (and any older than the window's
    // first day, which none of these is).
    assert_eq!(total, 7, "{figures}");
    let month_of = |unix: i64| {
        months
            .iter()
            .find(|m| m["month"] == day(unix)[..7])
            .unwrap()
    };
    assert!(month_of(received)["byKind"]["deletion"].as_i64().unwrap() >= 1);
}

#[test]
fn the_security_figures_count_acknowledgements_against_the_commitment() {
    let app = spawn_app();
    let file = || {
        let response = app.post(
            &format!("/v1/orgs/{ORG}/security-reports"),
            &[("cf-connecting-ip", &client_address())],
            &json!({
                "title": "Open redirect", "description": "The next parameter.",
                "proof": app.proof(ORG),
            }),
        );
        assert_eq!(response.status(), 202);
        json(response)["id"].as_str().unwrap().to_owned()
    };
    let triage = |id: &str| {
        let response = app.post(
            &format!("/v1/admin/orgs/{ORG}/security-reports/{id}/transition"),
            &[("authorization", &token(&app))],
            &json!({ "to": "triaged" }),
        );
        assert_eq!(response.status(), 200);
    };
    // Acknowledged at once: in time.
    let in_time = file();
    triage(&in_time);
    // Acknowledged now, though it was promised for yesterday: late.
    let late = file();
    app.d1(&format!(
        "UPDATE security_reports SET received_at = received_at - 3 * {DAY},
         acknowledge_by = acknowledge_by - 3 * {DAY} WHERE id = '{late}'"
    ));
    triage(&late);
    // Still new: one within its 48 hours, one past them.
    file();
    let overdue = file();
    app.d1(&format!(
        "UPDATE security_reports SET acknowledge_by = received_at - 1 WHERE id = '{overdue}'"
    ));
    let figures = summary(&app, "security-reports");
    assert_eq!(figures["received"], 4, "{figures}");
    assert_eq!(figures["acknowledgedInTime"], 1, "{figures}");
    assert_eq!(figures["acknowledgedLate"], 2, "{figures}");
    assert_eq!(figures["waiting"], 1, "{figures}");
    assert_eq!(figures["overdueNow"], 1, "{figures}");
}

#[test]
fn each_side_needs_its_own_permission() {
    let app = spawn_app();
    for side in ["privacy-requests", "security-reports"] {
        let anonymous = app.get(&format!("/v1/admin/orgs/{ORG}/{side}/summary"));
        assert_eq!(anonymous.status(), 401);
    }
    // A token that may only read the outbox reads neither; one that reads requests, both.
    let with_scope = |scope: &str| {
        let created = app.post(
            &format!("/v1/admin/orgs/{ORG}/tokens"),
            &[("authorization", &token(&app))],
            &json!({ "name": format!("dashboard {scope}"), "scopes": [scope] }),
        );
        assert_eq!(created.status(), 201);
        format!("Bearer {}", json(created)["secret"].as_str().unwrap())
    };
    let read = |bearer: &str, side: &str| {
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/{side}/summary"),
            &[("authorization", bearer)],
        )
        .status()
    };
    let (outbox, requests) = (with_scope("outbox:read"), with_scope("requests:read"));
    for side in ["privacy-requests", "security-reports"] {
        assert_eq!(read(&outbox, side), 403);
        assert_eq!(read(&requests, side), 200);
    }
}
