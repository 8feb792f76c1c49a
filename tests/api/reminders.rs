//! The privacy team's reminders, by the Cron Trigger: three days before a deadline and
//! once overdue, to the assignee or else the team; a daily digest of new requests; each
//! sent once, each turned off by the member for themselves.

use attest_core::Date;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, json, spawn_app, today, TestApp};
use crate::members::{address, join, owner_of_new_org, Browser};

fn stored(
    app: &TestApp,
    org: &str,
    name: &str,
    status: &str,
    due: Date,
    assignee: Option<&str>,
) -> String {
    let id = format!("pr_{name}_{}", org.replace('-', "_"));
    let assignee = assignee.map_or("NULL".to_owned(), |a| format!("'{a}'"));
    app.d1(&format!(
        "INSERT INTO privacy_requests (id, org, jurisdiction, kind, status, received_at, due_by, retention_days, status_token_hash, assignee)
         VALUES ('{id}', '{org}', 'gdpr', 'access', '{status}', CAST(strftime('%s', 'now') AS INTEGER), '{due}', 30, 'x', {assignee})"
    ));
    id
}

/// The organisation's e-mail of `purpose`, as (recipient, related id, body).
fn mail(app: &TestApp, owner: &Browser, org: &str, purpose: &str) -> Vec<(String, String, String)> {
    let outbox = json(owner.call(
        app,
        "GET",
        &format!("/v1/admin/orgs/{org}/outbox?limit=500"),
        None,
    ));
    outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["purpose"] == purpose)
        .map(|m| {
            (
                m["to"].as_str().unwrap_or_default().to_owned(),
                m["relatedId"].as_str().unwrap_or_default().to_owned(),
                m["body"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn to_about(mails: &[(String, String, String)], id: &str) -> Vec<String> {
    let mut to: Vec<String> = mails
        .iter()
        .filter(|m| m.1 == id)
        .map(|m| m.0.clone())
        .collect();
    to.sort();
    to
}

#[test]
fn the_team_is_reminded_once_before_a_deadline_and_once_it_passes_and_each_member_may_turn_it_off()
{
    let app = spawn_app();
    let (org, token, owner_email, owner) = owner_of_new_org(&app);
    let priya = address("priya", "team.example");
    let privacy = join(&app, &org, &token, &owner, &priya, "privacy");
    let sam = address("sam", "team.example");
    join(&app, &org, &token, &owner, &sam, "security");
    let today = today();
    let soon = stored(&app, &org, "soon", "pending", today.add_days(2), None);
    let late = stored(
        &app,
        &org,
        "late",
        "in_progress",
        today.add_days(-1),
        Some(&privacy.person),
    );
    let far = stored(&app, &org, "far", "pending", today.add_days(20), None);
    app.run_scheduled();
    app.run_scheduled();

    // Unassigned and due in two days: the whole privacy team (not the security member).
    let due_soon = mail(&app, &owner, &org, "reminder_due_soon");
    let mut team = vec![owner_email.clone(), priya.clone()];
    team.sort();
    assert_eq!(to_about(&due_soon, &soon), team);
    assert!(to_about(&due_soon, &far).is_empty());
    let body = &due_soon.iter().find(|m| m.1 == soon).unwrap().2;
    assert!(
        body.contains(&soon) && body.contains(&format!("/console/orgs/{org}/requests/{soon}")),
        "{body}"
    );
    // Assigned and overdue: its assignee alone.
    let overdue = mail(&app, &owner, &org, "reminder_overdue");
    assert_eq!(to_about(&overdue, &late), vec![priya.clone()]);
    // Sent once.
    app.run_scheduled();
    assert_eq!(
        mail(&app, &owner, &org, "reminder_due_soon").len(),
        due_soon.len()
    );
    assert_eq!(
        mail(&app, &owner, &org, "reminder_overdue").len(),
        overdue.len()
    );

    // An extended deadline is reminded of in its turn.
    let extended = owner.call(
        &app,
        "POST",
        &format!("/v1/admin/orgs/{org}/privacy-requests/{soon}/extend"),
        Some(&json!({ "reason": "The export spans three systems." })),
    );
    assert_eq!(extended.status(), 200);
    let left = app.d1(&format!(
        "SELECT kind FROM reminders_sent WHERE request_id = '{soon}'"
    ));
    assert!(left.is_empty(), "{left:?}");

    // The day's digest: the new requests by reference, no requester in it, once a day.
    let digests = mail(&app, &owner, &org, "digest");
    assert_eq!(to_about(&digests, &org), team);
    assert!(
        digests[0].2.contains(&soon) && digests[0].2.contains(&far),
        "{}",
        digests[0].2
    );
    // Once a day: the next runs send no other.
    app.run_scheduled();
    assert_eq!(mail(&app, &owner, &org, "digest").len(), digests.len());

    // A member turns a kind off for themselves; the others still get it.
    let mine = json(privacy.call(&app, "GET", "/v1/admin/me/reminders", None));
    assert_eq!(
        mine["reminders"],
        json!([{ "org": org, "digest": true, "dueSoon": true, "overdue": true }])
    );
    let changed = privacy.call(
        &app,
        "PUT",
        "/v1/admin/me/reminders",
        Some(&json!({ "org": org, "digest": true, "dueSoon": false, "overdue": true })),
    );
    assert_eq!(changed.status(), 200);
    assert_eq!(json(changed)["reminders"][0]["dueSoon"], false);
    let next = stored(&app, &org, "next", "pending", today.add_days(1), None);
    app.run_scheduled();
    assert_eq!(
        to_about(&mail(&app, &owner, &org, "reminder_due_soon"), &next),
        vec![owner_email.clone()]
    );
    // Only where one answers privacy requests; and a token has no reminders (a person's
    // route asks for a session).
    let security = crate::members::sign_in(&app, &sam);
    let refused = assert_problem(
        security.call(
            &app,
            "PUT",
            "/v1/admin/me/reminders",
            Some(&json!({ "org": org, "digest": false })),
        ),
        403,
    );
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("no privacy requests"),
        "{refused}"
    );
    assert_eq!(
        json(security.call(&app, "GET", "/v1/admin/me/reminders", None))["reminders"],
        Value::Array(vec![])
    );
    let by_token = app.get_with(
        "/v1/admin/me/reminders",
        &[("authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(by_token.status(), 401);
}
