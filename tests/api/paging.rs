//! The vulnerability reports and the document requests, page by page: each page continues
//! where the last ended, in the list's own order, and the last one says so. The fixture
//! organisation `paged` is this file's alone.

use serde_json::Value;

use crate::helpers::{assert_problem, json, spawn_app, TestApp};

const ORG: &str = "paged";

fn page(app: &TestApp, list: &str, query: &str) -> Value {
    let response = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/{list}?{query}"),
        &[(
            "authorization",
            &format!("Bearer {}", app.stack.admin_token.as_str()),
        )],
    );
    assert_eq!(response.status(), 200, "{list}?{query}");
    json(response)
}

fn ids(page: &Value, field: &str) -> Vec<String> {
    page[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of `list` from the first, `limit` at a time, following `nextOffset`.
fn walk(app: &TestApp, list: &str, field: &str, filter: &str, limit: usize) -> Vec<String> {
    let mut walked = Vec::new();
    let mut offset = 0;
    loop {
        let got = page(app, list, &format!("limit={limit}&offset={offset}{filter}"));
        let these = ids(&got, field);
        assert!(these.len() <= limit);
        walked.extend(these);
        match got["nextOffset"].as_i64() {
            Some(next) => {
                assert_eq!(
                    next as usize,
                    walked.len(),
                    "the next page starts after this one"
                );
                offset = next;
            }
            None => return walked,
        }
    }
}

fn refused(app: &TestApp, list: &str) {
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    for bad in [
        "limit=0",
        "limit=201",
        "limit=ten",
        "offset=-1",
        "offset=1000000001",
    ] {
        let problem = assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/{ORG}/{list}?{bad}"),
                &[("authorization", &token)],
            ),
            400,
        );
        let field = bad.split('=').next().unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{bad}: {problem}"
        );
    }
}

#[test]
fn reports_page_by_acknowledgement_deadline_without_gaps_or_repeats() {
    let app = spawn_app();
    // Eight reports: deadlines out of filing order, two sharing one (then by arrival),
    // two sharing both (then by id).
    let hour = 3600;
    let base = 1_790_000_000_i64;
    let rows = [
        ("vr_p1", "new", 5, 80),
        ("vr_p2", "triaged", 1, 76),
        ("vr_p3", "new", 2, 90),
        ("vr_p4", "new", 3, 74),
        ("vr_p5", "triaged", 4, 74),
        ("vr_p6", "resolved", 6, 100),
        ("vr_p7", "new", 7, 73),
        // The same deadline and arrival as vr_p3: then by id.
        ("vr_p0", "new", 2, 90),
    ];
    for (id, status, received, due) in rows {
        app.d1(&format!(
            "INSERT INTO security_reports (id, org, status, received_at, acknowledge_by, key_id, title_sealed, description_sealed)
             VALUES ('{id}', '{ORG}', '{status}', {}, {}, 'k1', 'x', 'x')",
            base + received * hour,
            base + due * hour
        ));
    }
    let by_deadline = [
        "vr_p7", "vr_p4", "vr_p5", "vr_p2", "vr_p1", "vr_p0", "vr_p3", "vr_p6",
    ];
    for limit in [1, 2, 3, 8, 100] {
        assert_eq!(
            walk(&app, "security-reports", "reports", "", limit),
            by_deadline,
            "{limit} a page"
        );
    }
    // A filter pages too.
    assert_eq!(
        walk(&app, "security-reports", "reports", "&status=new", 2),
        ["vr_p7", "vr_p4", "vr_p1", "vr_p0", "vr_p3"]
    );
    // Without `limit`, a hundred at a time: all eight, and no next page.
    let first = page(&app, "security-reports", "");
    assert_eq!(ids(&first, "reports"), by_deadline);
    assert!(first["nextOffset"].is_null());
    // Past the end: nothing, and still no next page.
    let beyond = page(&app, "security-reports", "offset=50");
    assert_eq!(ids(&beyond, "reports").len(), 0);
    assert!(beyond["nextOffset"].is_null());
    refused(&app, "security-reports");
}

#[test]
fn document_requests_page_pending_first_without_gaps_or_repeats() {
    let app = spawn_app();
    let base = 1_790_000_000_i64;
    let rows = [
        ("dr_p1", "approved", 1),
        ("dr_p2", "pending", 2),
        ("dr_p3", "denied", 3),
        ("dr_p4", "pending", 4),
        ("dr_p5", "approved", 5),
        ("dr_p6", "pending", 6),
    ];
    for (id, status, received) in rows {
        app.d1(&format!(
            "INSERT INTO document_requests (id, org, document_id, document_title, access, status, received_at, retention_days)
             VALUES ('{id}', '{ORG}', 'soc2', 'SOC 2 Type II report', 'nda', '{status}', {}, 365)",
            base + received * 600
        ));
    }
    let pending_first = ["dr_p2", "dr_p4", "dr_p6", "dr_p1", "dr_p3", "dr_p5"];
    for limit in [1, 2, 4, 6, 100] {
        assert_eq!(
            walk(&app, "document-requests", "documentRequests", "", limit),
            pending_first,
            "{limit} a page"
        );
    }
    assert_eq!(
        walk(
            &app,
            "document-requests",
            "documentRequests",
            "&status=approved",
            1
        ),
        ["dr_p1", "dr_p5"]
    );
    refused(&app, "document-requests");
}

#[test]
fn an_endpoints_calls_page_from_newest_to_oldest_without_gaps_or_repeats() {
    let app = spawn_app();
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    let registered = app.post(
        &format!("/v1/admin/orgs/{ORG}/webhooks"),
        &[("authorization", &token)],
        &serde_json::json!({ "url": "http://localhost:9/attest", "events": ["profile.published"] }),
    );
    assert_eq!(registered.status(), 201);
    let endpoint = json(registered)["id"].as_str().unwrap().to_owned();
    // Seven calls already made, a minute apart (two in the same second: then by rowid).
    let base = 1_790_000_000_i64;
    for (i, at) in [0, 60, 120, 120, 180, 240, 300].iter().enumerate() {
        app.d1(&format!(
            "INSERT INTO outbox (id, org, channel, purpose, related_id, created_at, attempts, next_attempt_at, sent_at)
             VALUES (printf('msg_%024x', {}), '{ORG}', 'webhook', 'profile.published', '{endpoint}', {}, 1, 0, {})",
            0xca11_0000 + i,
            base + at,
            base + at
        ));
    }
    let calls = format!("webhooks/{endpoint}/deliveries");
    let all = ids(&page(&app, &calls, "limit=500"), "deliveries");
    assert_eq!(all.len(), 7);
    let expected: Vec<String> = [6_u32, 5, 4, 3, 2, 1, 0]
        .iter()
        .map(|i| format!("msg_{:024x}", 0xca11_0000_u32 + i))
        .collect();
    assert_eq!(all, expected, "newest first");
    for limit in [1, 2, 3, 7] {
        let mut walked = Vec::new();
        let mut query = format!("limit={limit}");
        loop {
            let got = page(&app, &calls, &query);
            let these = ids(&got, "deliveries");
            assert!(these.len() <= limit);
            walked.extend(these);
            match got["nextBefore"].as_str() {
                Some(next) => {
                    assert_eq!(next, walked.last().unwrap());
                    query = format!("limit={limit}&before={next}");
                }
                None => break,
            }
        }
        assert_eq!(walked, expected, "{limit} a page");
    }
    for bad in ["before=msg_zz", "before=", "limit=0", "limit=501"] {
        assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/{ORG}/{calls}?{bad}"),
                &[("authorization", &token)],
            ),
            400,
        );
    }
}
