//! The privacy team's casework over HTTP: assigning a request to a member and finding it
//! again ("mine"), the days left as the law counts them, the personal data revealed on
//! purpose, internal comments, and the preview of the e-mail a step sends.

use attest_core::privacy::Jurisdiction;
use attest_core::{Date, RequestKind};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, json, spawn_app, today, TestApp};
use crate::members::{address, join, owner_of_new_org, Browser};

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

/// A request of `org` written straight into D1 (no personal data): its id.
fn stored(
    app: &TestApp,
    org: &str,
    name: &str,
    law: &str,
    kind: &str,
    status: &str,
    due: Date,
) -> String {
    let id = format!("pr_{name}_{}", org.replace('-', "_"));
    app.d1(&format!(
        "INSERT INTO privacy_requests (id, org, jurisdiction, kind, status, received_at, due_by, retention_days, status_token_hash)
         VALUES ('{id}', '{org}', '{law}', '{kind}', '{status}', CAST(strftime('%s', 'now') AS INTEGER), '{due}', 30, 'x')"
    ));
    id
}

fn ids(page: &Value) -> Vec<String> {
    page["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn inbox(app: &TestApp, who: &Browser, org: &str, query: &str) -> Value {
    let response = who.call(
        app,
        "GET",
        &format!("/v1/admin/orgs/{org}/privacy-requests?{query}"),
        None,
    );
    assert_eq!(response.status(), 200, "{query}");
    json(response)
}

fn assign(
    app: &TestApp,
    who: &Browser,
    org: &str,
    id: &str,
    to: Value,
) -> ureq::http::Response<ureq::Body> {
    who.call(
        app,
        "PUT",
        &format!("/v1/admin/orgs/{org}/privacy-requests/{id}/assignee"),
        Some(&json!({ "assignee": to })),
    )
}

#[test]
fn a_request_is_assigned_to_a_privacy_member_and_found_again_as_theirs() {
    let app = spawn_app();
    let (org, token, _, owner) = owner_of_new_org(&app);
    let priya = address("priya", "team.example");
    let privacy = join(&app, &org, &token, &owner, &priya, "privacy");
    let security = join(
        &app,
        &org,
        &token,
        &owner,
        &address("sam", "team.example"),
        "security",
    );
    let soon = today().add_days(3);
    let first = stored(&app, &org, "first", "gdpr", "access", "pending", soon);
    let second = stored(
        &app,
        &org,
        "second",
        "gdpr",
        "erasure",
        "pending",
        soon.add_days(1),
    );
    let third = stored(
        &app,
        &org,
        "third",
        "gdpr",
        "access",
        "in_progress",
        soon.add_days(2),
    );

    let assigned = assign(&app, &owner, &org, &first, json!(privacy.person));
    assert_eq!(assigned.status(), 200);
    let assigned = json(assigned);
    assert_eq!(assigned["assignee"]["id"], privacy.person.as_str());
    assert_eq!(assigned["assignee"]["email"], priya.as_str());
    let step = assigned["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(step["kind"], "assignment");
    assert!(step["note"].as_str().unwrap().contains("priya"), "{step}");
    assert!(
        step["actorName"].is_string(),
        "the member who assigned it, by name: {step}"
    );
    assert_eq!(
        assign(&app, &owner, &org, &second, json!(owner.person)).status(),
        200
    );

    // Only members whose role reads privacy requests take them; only the privacy
    // permission assigns.
    let refused = assert_problem(
        assign(&app, &owner, &org, &third, json!(security.person)),
        400,
    );
    assert_eq!(refused["errors"][0]["field"], "assignee");
    let why = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        why.contains("security") && why.contains("cannot see privacy requests"),
        "{refused}"
    );
    let stranger = assert_problem(
        assign(&app, &owner, &org, &third, json!("per_0000000000000000")),
        400,
    );
    assert_eq!(stranger["errors"][0]["field"], "assignee");
    assert_problem(
        assign(&app, &security, &org, &third, json!(security.person)),
        403,
    );

    // Whom the privacy team may assign to, without the members permission.
    let team = json(privacy.call(
        &app,
        "GET",
        &format!("/v1/admin/orgs/{org}/privacy-team"),
        None,
    ));
    let team: Vec<&str> = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(team.contains(&privacy.person.as_str()) && team.contains(&owner.person.as_str()));
    assert!(!team.contains(&security.person.as_str()));

    // "Mine", someone's, no one's.
    assert_eq!(
        ids(&inbox(&app, &privacy, &org, "assignee=me")),
        vec![first.clone()]
    );
    assert_eq!(
        ids(&inbox(&app, &owner, &org, "assignee=me")),
        vec![second.clone()]
    );
    assert_eq!(
        ids(&inbox(
            &app,
            &owner,
            &org,
            &format!("assignee={}", privacy.person)
        )),
        vec![first.clone()]
    );
    assert_eq!(
        ids(&inbox(&app, &owner, &org, "assignee=none")),
        vec![third.clone()]
    );
    assert_eq!(
        ids(&inbox(&app, &owner, &org, "assignee=none&status=pending")),
        Vec::<String>::new()
    );
    // A token has no "me".
    let by_token = app.get_with(
        &format!("/v1/admin/orgs/{org}/privacy-requests?assignee=me"),
        &[("authorization", &format!("Bearer {token}"))],
    );
    let refused = assert_problem(by_token, 403);
    assert!(
        refused["detail"].as_str().unwrap().contains("assignee=me"),
        "{refused}"
    );
    assert_eq!(
        assert_problem(
            owner.call(
                &app,
                "GET",
                &format!("/v1/admin/orgs/{org}/privacy-requests?assignee=priya"),
                None
            ),
            400
        )["errors"][0]["field"],
        "assignee"
    );

    // Unassigning, and the audit log's record of both.
    assert_eq!(
        assign(&app, &owner, &org, &first, Value::Null).status(),
        200
    );
    assert_eq!(
        ids(&inbox(&app, &privacy, &org, "assignee=me")),
        Vec::<String>::new()
    );
    let audit = json(owner.call(
        &app,
        "GET",
        &format!("/v1/admin/orgs/{org}/audit?action=privacy_request.assigned"),
        None,
    ));
    let entries = audit["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{audit}");
    assert_eq!(entries[2]["before"]["assignee"], privacy.person.as_str());
    assert_eq!(entries[2]["after"]["assignee"], Value::Null);

    // Search by reference: the start of it, in any case.
    let prefix = first[..first.len() - 3].to_ascii_uppercase();
    assert_eq!(
        ids(&inbox(&app, &owner, &org, &format!("reference={prefix}"))),
        vec![first.clone()]
    );
    assert_eq!(
        assert_problem(
            owner.call(
                &app,
                "GET",
                &format!("/v1/admin/orgs/{org}/privacy-requests?reference=a%27b"),
                None
            ),
            400
        )["errors"][0]["field"],
        "reference"
    );
}

#[test]
fn days_left_are_counted_as_the_law_counts_them() {
    let app = spawn_app();
    let (org, _, _, owner) = owner_of_new_org(&app);
    let today = today();
    let gdpr = stored(
        &app,
        &org,
        "gdpr",
        "gdpr",
        "access",
        "pending",
        today.add_days(10),
    );
    let opt_out_due = today.add_business_days(4);
    let opt_out = stored(
        &app,
        &org,
        "optout",
        "ccpa",
        "opt_out_sale_sharing",
        "pending",
        opt_out_due,
    );
    let late = stored(
        &app,
        &org,
        "late",
        "gdpr",
        "access",
        "in_progress",
        today.add_days(-2),
    );
    let done = stored(
        &app,
        &org,
        "done",
        "gdpr",
        "access",
        "completed",
        today.add_days(-2),
    );
    let page = inbox(&app, &owner, &org, "limit=10");
    let open = inbox(&app, &owner, &org, "status=open");
    let by_id = |id: &str| {
        page["requests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(&gdpr)["daysLeft"], 10);
    assert_eq!(by_id(&gdpr)["dayCount"], "calendar");
    assert_eq!(by_id(&opt_out)["daysLeft"], 4);
    assert_eq!(by_id(&opt_out)["dayCount"], "business");
    assert_eq!(
        attest_core::privacy::days_left(
            Jurisdiction::Ccpa,
            RequestKind::OptOutSaleSharing,
            today,
            opt_out_due
        ),
        4
    );
    assert_eq!(by_id(&late)["daysLeft"], -2);
    assert_eq!(by_id(&late)["overdue"], true);
    assert_eq!(by_id(&done)["daysLeft"], Value::Null);
    assert_eq!(by_id(&done)["overdue"], false);
    // The open ones, soonest due first: the overdue one on top.
    assert_eq!(ids(&open), vec![late, opt_out, gdpr]);
}

/// A verified request of `acme-complete` filed through the form: its id and status token.
fn filed(app: &TestApp, email: &str) -> (String, String) {
    let response = app.file("acme-complete", json!({ "email": email }));
    assert_eq!(response.status(), 202);
    let body = json(response);
    let id = body["id"].as_str().unwrap().to_owned();
    let token = body["statusToken"].as_str().unwrap().to_owned();
    let code = app.code_for("acme-complete", &id);
    let verified = app.post(
        &format!("/v1/privacy-requests/{id}/verify"),
        &[("authorization", &format!("Bearer {token}"))],
        &json!({ "code": code }),
    );
    assert_eq!(verified.status(), 200);
    (id, token)
}

fn post(app: &TestApp, id: &str, what: &str, body: Value) -> ureq::http::Response<ureq::Body> {
    app.post(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}/{what}"),
        &[("authorization", &admin(app))],
        &body,
    )
}

#[test]
fn comments_stay_with_the_team_sealed_and_go_with_the_personal_data() {
    let app = spawn_app();
    let (id, status_token) = filed(&app, "comments@example.com");
    let made = post(
        &app,
        &id,
        "comments",
        json!({ "body": "Asked IT for the export: ticket 4711." }),
    );
    assert_eq!(made.status(), 201);
    let made = json(made);
    assert_eq!(made["author"], "token:demo operator");
    assert_eq!(made["body"], "Asked IT for the export: ticket 4711.");
    let empty = assert_problem(post(&app, &id, "comments", json!({ "body": "  " })), 400);
    assert_eq!(empty["errors"][0]["field"], "body");
    let long = assert_problem(
        post(&app, &id, "comments", json!({ "body": "x".repeat(5001) })),
        400,
    );
    assert_eq!(long["errors"][0]["field"], "body");
    // Counted as sent, as the OpenAPI document's maxLength counts it: white space too.
    let padded = assert_problem(
        post(
            &app,
            &id,
            "comments",
            json!({ "body": format!("x{}", "\u{c}".repeat(5000)) }),
        ),
        400,
    );
    assert_eq!(padded["errors"][0]["field"], "body");

    let listed = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}/comments"),
        &[("authorization", &admin(&app))],
    ));
    assert_eq!(listed["comments"].as_array().unwrap().len(), 1);
    assert_eq!(
        listed["comments"][0]["body"],
        "Asked IT for the export: ticket 4711."
    );
    // Sealed at rest, never on the requester's side, audited without its words.
    let rows = app.d1(&format!(
        "SELECT body_sealed FROM request_comments WHERE request_id = '{id}'"
    ));
    // (Words with a space: the sealed text is base64, which may hold "4711" by chance.)
    assert!(!rows[0]["body_sealed"]
        .as_str()
        .unwrap()
        .contains("ticket 4711"));
    let status = app.get_with(
        &format!("/v1/privacy-requests/{id}"),
        &[("authorization", &format!("Bearer {status_token}"))],
    );
    assert!(!status
        .into_body()
        .read_to_string()
        .unwrap()
        .contains("ticket 4711"));
    let audit = app.get_with(
        &format!("/v1/admin/orgs/acme-complete/audit?action=privacy_request.commented&target={id}"),
        &[("authorization", &admin(&app))],
    );
    let audit = json(audit);
    assert_eq!(audit["entries"].as_array().unwrap().len(), 1);
    assert!(!audit.to_string().contains("ticket 4711"));

    // Closed and past its retention: the comments are erased with the personal data.
    assert_eq!(
        post(&app, &id, "transition", json!({ "to": "in_progress" })).status(),
        200
    );
    assert_eq!(
        post(&app, &id, "transition", json!({ "to": "completed" })).status(),
        200
    );
    app.d1(&format!(
        "UPDATE privacy_requests SET closed_at = 0 WHERE id = '{id}'"
    ));
    app.run_scheduled();
    let listed = json(app.get_with(
        &format!("/v1/admin/orgs/acme-complete/privacy-requests/{id}/comments"),
        &[("authorization", &admin(&app))],
    ));
    assert_eq!(listed["comments"][0]["body"], Value::Null);
    assert_problem(post(&app, &id, "comments", json!({ "body": "More." })), 410);
    assert_problem(post(&app, &id, "reveal", json!({})), 410);
}

#[test]
fn the_preview_is_the_email_the_step_then_sends() {
    let app = spawn_app();
    let (id, _) = filed(&app, "preview@example.com");
    let status_mails = |app: &TestApp| -> Vec<Value> {
        app.outbox("acme-complete")
            .into_iter()
            .filter(|m| m["relatedId"] == id.as_str() && m["purpose"] == "status")
            .collect()
    };

    // Refused as the step itself would be, and changing nothing.
    let skip = assert_problem(
        post(&app, &id, "preview", json!({ "to": "completed" })),
        400,
    );
    assert_eq!(skip["errors"][0]["field"], "status");
    let no_reason = assert_problem(post(&app, &id, "preview", json!({ "to": "extended" })), 400);
    assert_eq!(no_reason["errors"][0]["field"], "note");
    assert!(status_mails(&app).is_empty());

    let preview = json(post(&app, &id, "preview", json!({ "to": "in_progress" })));
    assert_eq!(preview["sent"], true);
    assert_eq!(
        post(&app, &id, "transition", json!({ "to": "in_progress" })).status(),
        200
    );
    let sent = status_mails(&app);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["subject"], preview["subject"]);
    assert_eq!(sent[0]["body"], preview["body"]);

    let reason = "The export spans three systems.";
    let preview = json(post(
        &app,
        &id,
        "preview",
        json!({ "to": "extended", "note": reason }),
    ));
    assert!(preview["body"].as_str().unwrap().contains(reason));
    let padded = assert_problem(
        post(
            &app,
            &id,
            "extend",
            json!({ "reason": format!("{reason}{}", " ".repeat(5000)) }),
        ),
        400,
    );
    assert_eq!(padded["errors"][0]["field"], "reason");
    let extended = json(post(&app, &id, "extend", json!({ "reason": reason })));
    assert!(preview["body"]
        .as_str()
        .unwrap()
        .contains(extended["dueBy"].as_str().unwrap()));
    let sent = status_mails(&app);
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().any(|m| m["body"] == preview["body"]));
    // Once extended, the preview says it cannot be again.
    let again = assert_problem(
        post(
            &app,
            &id,
            "preview",
            json!({ "to": "extended", "note": reason }),
        ),
        400,
    );
    assert_eq!(again["errors"][0]["field"], "dueBy");
}
