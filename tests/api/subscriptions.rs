//! Subprocessor-change subscriptions: double opt-in, the change e-mail with the diff and a
//! one-click unsubscribe, and what is erased when.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, client_address, header, json, spawn_app, TestApp};

const ORG: &str = "subscribed";

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn subscribe(app: &TestApp, email: &str) -> ureq::http::Response<ureq::Body> {
    app.post(
        &format!("/v1/orgs/{ORG}/subprocessors/subscriptions"),
        &[("cf-connecting-ip", &client_address())],
        &json!({ "email": email, "proof": app.proof(ORG) }),
    )
}

/// Replaces the published subprocessor list with `list` and publishes it.
fn publish_subprocessors(app: &TestApp, edit: impl FnOnce(&mut Value)) -> Value {
    let token = admin(app);
    let read = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    );
    let etag = header(&read, "etag").to_owned();
    let mut profile = json(read);
    edit(&mut profile);
    let saved = app.request_json(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token), ("if-match", &etag)],
        &profile,
    );
    assert_eq!(saved.status(), 200);
    let published = app.post(
        &format!("/v1/admin/orgs/{ORG}/profile/publish"),
        &[("authorization", &token)],
        &json!({}),
    );
    assert_eq!(published.status(), 201);
    json(published)
}

fn messages_to(app: &TestApp, email: &str, purpose: &str) -> Vec<Value> {
    app.outbox(ORG)
        .into_iter()
        .filter(|m| m["to"] == email && m["purpose"] == purpose)
        .collect()
}

/// The first link in `body` that starts with the edge's address.
fn link_in(app: &TestApp, body: &str) -> String {
    body.split_whitespace()
        .find(|w| w.starts_with(&app.address))
        .expect("a link to the edge")
        .trim_start_matches(&app.address)
        .to_owned()
}

fn body_text(response: ureq::http::Response<ureq::Body>) -> String {
    response.into_body().read_to_string().unwrap()
}

#[test]
fn a_confirmed_subscriber_gets_each_change_with_the_diff_and_can_unsubscribe_in_one_click() {
    let app = spawn_app();
    let email = "dpo-subscriber@example.com";
    let accepted = subscribe(&app, email);
    assert_eq!(accepted.status(), 202);
    assert_eq!(json(accepted)["status"], "pending");
    let confirmation = messages_to(&app, email, "subscription");
    assert_eq!(confirmation.len(), 1);
    let confirm = link_in(&app, confirmation[0]["body"].as_str().unwrap());
    assert!(confirm.starts_with("/v1/subscriptions/sub_"), "{confirm}");

    // Opening the link shows a button; only pressing it confirms. Until then a change
    // sends nothing.
    let page = app.get(&confirm);
    assert_eq!(page.status(), 200);
    assert!(header(&page, "content-security-policy").contains("default-src 'none'"));
    assert!(body_text(page).contains("<button"));
    publish_subprocessors(&app, |p| {
        p["subprocessors"][0]["location"] = json!("Ireland");
    });
    assert!(messages_to(&app, email, "subprocessor_change").is_empty());
    let confirmed = app.post_raw(
        &confirm,
        &[("content-type", "application/x-www-form-urlencoded")],
        "",
    );
    assert_eq!(confirmed.status(), 200);
    assert!(body_text(confirmed).contains("Subscribed"));
    let id = confirm.split('/').nth(3).unwrap().to_owned();
    assert_eq!(
        app.d1(&format!(
            "SELECT status FROM subscriptions WHERE id = '{id}'"
        ))[0]["status"],
        "confirmed"
    );

    // A publish that adds, changes and removes subprocessors: one e-mail with the diff.
    let published = publish_subprocessors(&app, |p| {
        p["subprocessors"] = json!([
            { "name": "Hosting Co", "purpose": "Hosting", "location": "Germany" },
            { "name": "Mail Co", "purpose": "Transactional e-mail", "location": "USA", "plannedFrom": "2027-03-01" }
        ]);
    });
    let version = published["version"].as_i64().unwrap();
    let changes = messages_to(&app, email, "subprocessor_change");
    assert_eq!(changes.len(), 1);
    let body = changes[0]["body"].as_str().unwrap();
    assert!(
        changes[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Added Mail Co"),
        "{}",
        changes[0]["subject"]
    );
    assert!(body.contains(&format!("(version {version})")), "{body}");
    assert!(
        body.contains("+ Mail Co — Transactional e-mail (USA), processing from 2027-03-01"),
        "{body}"
    );
    assert!(body.contains("location: Ireland → Germany"), "{body}");
    let unsubscribe = changes[0]["unsubscribe"].as_str().unwrap().to_owned();
    assert!(body.contains(&unsubscribe), "the body carries the link too");

    // Delivered with the one-click headers (RFC 8058).
    app.run_scheduled();
    let sent: Vec<Value> = app
        .mail
        .delivered_to(email)
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("subprocessors:"))
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["headers"]["List-Unsubscribe"],
        format!("<{unsubscribe}>")
    );
    assert_eq!(
        sent[0]["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    // The Atom feed has the entry.
    let feed = body_text(app.get(&format!("/v1/orgs/{ORG}/subprocessors/feed.atom")));
    assert!(feed.contains("Added Mail Co"), "{feed}");

    // A publish that leaves the subprocessors alone e-mails no one.
    publish_subprocessors(&app, |p| p["tagline"] = json!("Only the tagline changed."));
    assert_eq!(messages_to(&app, email, "subprocessor_change").len(), 1);

    // Subscribing again answers alike and sends nothing.
    let again = subscribe(&app, email);
    assert_eq!(again.status(), 202);
    assert_eq!(json(again)["status"], "pending");
    assert_eq!(messages_to(&app, email, "subscription").len(), 1);

    // One click from the mail client: a POST to the header's link.
    let path = unsubscribe.trim_start_matches(&app.address).to_owned();
    let forged = path.replace("token=", "token=00");
    assert_problem(
        app.post_raw(&forged, &[], "List-Unsubscribe=One-Click"),
        404,
    );
    let gone = app.post_raw(
        &path,
        &[("content-type", "application/x-www-form-urlencoded")],
        "List-Unsubscribe=One-Click",
    );
    assert_eq!(gone.status(), 200);
    let row = &app.d1(&format!(
        "SELECT status, email_sealed, email_hash FROM subscriptions WHERE id = '{id}'"
    ))[0];
    assert_eq!(row["status"], "unsubscribed");
    assert!(row["email_sealed"].is_null());
    assert_eq!(row["email_hash"], format!("erased:{id}"));
    assert!(
        messages_to(&app, email, "subprocessor_change").is_empty(),
        "its messages' addresses are erased too"
    );
    let about = |app: &TestApp| {
        app.outbox(ORG)
            .into_iter()
            .filter(|m| m["relatedId"] == id)
            .count()
    };
    let before = about(&app);
    publish_subprocessors(&app, |p| {
        p["subprocessors"].as_array_mut().unwrap().pop();
    });
    assert_eq!(about(&app), before, "no e-mail after unsubscribing");
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target={id}"),
        &[("authorization", &admin(&app))],
    ));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"subscription.confirmed"), "{actions:?}");
    assert!(
        actions.contains(&"subscription.unsubscribed"),
        "{actions:?}"
    );
}

#[test]
fn a_subscription_needs_a_valid_address_and_a_proof() {
    let app = spawn_app();
    let bad = assert_problem(subscribe(&app, "not-an-address"), 400);
    assert_eq!(bad["errors"][0]["field"], "email", "{bad}");
    let unproven = app.post(
        &format!("/v1/orgs/{ORG}/subprocessors/subscriptions"),
        &[("cf-connecting-ip", &client_address())],
        &json!({ "email": "someone@example.com" }),
    );
    assert_eq!(assert_problem(unproven, 400)["errors"][0]["field"], "proof");
    let foreign = app.post(
        &format!("/v1/orgs/{ORG}/subprocessors/subscriptions"),
        &[
            ("cf-connecting-ip", &client_address()),
            ("origin", "https://evil.example"),
        ],
        &json!({ "email": "someone@example.com", "proof": app.proof(ORG) }),
    );
    assert_problem(foreign, 403);
}

#[test]
fn a_confirmation_link_works_once_in_time_and_an_unconfirmed_address_is_deleted() {
    let app = spawn_app();
    let email = "late-confirmer@example.com";
    assert_eq!(subscribe(&app, email).status(), 202);
    let first = link_in(
        &app,
        messages_to(&app, email, "subscription")[0]["body"]
            .as_str()
            .unwrap(),
    );
    let id = first.split('/').nth(3).unwrap().to_owned();
    // Subscribing again while pending sends a new link; the first stops working.
    app.d1(&format!(
        "UPDATE subscriptions SET confirm_sent_at = confirm_sent_at - 10 WHERE id = '{id}'"
    ));
    assert_eq!(subscribe(&app, email).status(), 202);
    let links: Vec<String> = messages_to(&app, email, "subscription")
        .iter()
        .map(|m| link_in(&app, m["body"].as_str().unwrap()))
        .collect();
    assert_eq!(links.len(), 2);
    let newest = links.iter().find(|l| **l != first).unwrap().clone();
    assert!(body_text(app.post_raw(&first, &[], "")).contains("does not work"));
    assert!(body_text(app.get(&newest)).contains("<button"));

    // Seven days later the link has expired, and the cron deletes the address.
    app.d1(&format!(
        "UPDATE subscriptions SET confirm_sent_at = confirm_sent_at - 8 * 86400 WHERE id = '{id}'"
    ));
    assert!(body_text(app.get(&newest)).contains("does not work"));
    app.run_scheduled();
    assert!(app
        .d1(&format!("SELECT id FROM subscriptions WHERE id = '{id}'"))
        .is_empty());
    assert!(
        messages_to(&app, email, "subscription").is_empty(),
        "the e-mails' addresses are erased"
    );
}
