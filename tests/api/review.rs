//! The console's content tools: the draft served to the widget's preview (never on the
//! public API), the review of a draft against the published version with the e-mail
//! subscribers will get, a publish that names the draft reviewed, and who saved what.

use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_address, header, json, spawn_app, today, token_with, TestApp,
};

const ORG: &str = "reviewed";

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn get(app: &TestApp, path: &str) -> ureq::http::Response<ureq::Body> {
    app.get_with(
        &format!("/v1/admin/orgs/{ORG}{path}"),
        &[("authorization", &admin(app))],
    )
}

fn save(app: &TestApp, profile: &Value, etag: &str) -> ureq::http::Response<ureq::Body> {
    app.request_json(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &admin(app)), ("if-match", etag)],
        profile,
    )
}

/// A confirmed subscriber to the organisation's subprocessor changes.
fn subscriber(app: &TestApp, email: &str) {
    let asked = app.post(
        &format!("/v1/orgs/{ORG}/subprocessors/subscriptions"),
        &[("cf-connecting-ip", &client_address())],
        &json!({ "email": email, "proof": app.proof(ORG) }),
    );
    assert_eq!(asked.status(), 202);
    let message = app
        .outbox(ORG)
        .into_iter()
        .find(|m| m["to"] == email && m["purpose"] == "subscription")
        .expect("a confirmation e-mail");
    let confirm = message["body"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.starts_with(&app.address))
        .unwrap()
        .trim_start_matches(&app.address)
        .to_owned();
    let confirmed = app.post_raw(
        &confirm,
        &[("content-type", "application/x-www-form-urlencoded")],
        "",
    );
    assert_eq!(confirmed.status(), 200);
}

#[test]
fn a_draft_is_previewed_reviewed_with_its_email_and_published_as_reviewed() {
    let app = spawn_app();
    subscriber(&app, "reader@reviewed.example");

    // Nothing to review yet: the published profile is the draft.
    let review = json(get(&app, "/profile/review"));
    assert_eq!(review["changed"], false, "{review}");
    assert_eq!(review["next"], 2);

    let read = get(&app, "/profile");
    assert_eq!(header(&read, "attest-draft"), "false");
    assert_eq!(header(&read, "attest-saved-by"), "demo seed");
    let etag = header(&read, "etag").to_owned();
    let mut profile = json(read);
    profile["tagline"] = json!("Drafted tagline.");
    profile["subprocessors"][1]["location"] = json!("EU");
    profile["subprocessors"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "Search Co", "purpose": "Search", "plannedFrom": "2027-02-01" }));
    profile["faqs"] =
        json!([{ "question": "Where is my data?", "answer": "In the EU.", "category": "Data" }]);
    let saved = save(&app, &profile, &etag);
    assert_eq!(saved.status(), 200);
    assert!(!header(&saved, "etag").is_empty());
    let draft_etag = header(&saved, "etag").to_owned();

    // Who saved the draft, for the console's "someone changed this".
    let read = get(&app, "/profile");
    assert_eq!(header(&read, "attest-draft"), "true");
    assert_eq!(header(&read, "attest-saved-by"), "token:demo operator");
    assert!(header(&read, "attest-saved-at").starts_with("20"));

    // The preview is the draft in the public form; the public API still serves the
    // published profile.
    let preview = get(&app, "/profile/preview?revision=abc");
    assert_eq!(preview.status(), 200);
    assert_eq!(header(&preview, "cache-control"), "no-store");
    let preview = json(preview);
    assert_eq!(preview["tagline"], "Drafted tagline.");
    assert_eq!(preview["faqs"][0]["question"], "Where is my data?");
    assert!(
        preview["lastUpdated"].is_string(),
        "dated as if published today"
    );
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["tagline"],
        "Published tagline."
    );
    // The widget in the console's preview shows the draft as the edge renders the
    // published profile: every view, from the same components, never cached.
    let shown = get(&app, "/profile/preview/view?revision=abc&lang=en");
    assert_eq!(shown.status(), 200);
    assert_eq!(header(&shown, "cache-control"), "no-store");
    assert!(header(&shown, "content-type").starts_with("text/html"));
    let shown = shown.into_body().read_to_string().unwrap();
    assert!(
        shown.starts_with("<section ") && shown.contains("data-testid=\"trust-center\""),
        "{shown}"
    );
    assert!(shown.contains("Drafted tagline."), "{shown}");
    let faq = get(&app, "/profile/preview/view?view=faq")
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(faq.contains("Where is my data?"), "{faq}");
    assert!(faq.contains("aria-labelledby=\"tab-faq\""), "{faq}");
    let body = assert_problem(get(&app, "/profile/preview/view?view=nonsense"), 400);
    assert!(body.to_string().contains("view"), "{body}");
    // Only with the console's rights: the public never sees a draft.
    assert_eq!(
        app.get(&format!("/v1/admin/orgs/{ORG}/profile/preview/view"))
            .status(),
        401
    );

    let review = json(get(&app, "/profile/review"));
    assert_eq!(review["changed"], true);
    assert_eq!(review["published"], 1);
    assert_eq!(review["etag"], draft_etag.as_str());
    assert_eq!(review["savedBy"], "token:demo operator");
    let fields: Vec<&str> = review["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["faqs", "tagline"]);
    assert_eq!(review["subprocessors"]["added"][0]["name"], "Search Co");
    assert_eq!(
        review["subprocessors"]["changed"][0]["after"]["location"],
        "EU"
    );
    assert_eq!(review["subscribers"], 1);
    let email = &review["email"];
    assert_eq!(
        email["subject"],
        "Reviewed Ltd subprocessors: Added Search Co; changed Mail Co"
    );
    let body = email["body"].as_str().unwrap();
    assert!(
        body.contains("version 2") && body.contains("Search Co"),
        "{body}"
    );
    assert!(
        body.contains("2027-02-01"),
        "the planned date is told: {body}"
    );
    assert!(
        body.contains("(each subscriber's own unsubscribe link)"),
        "no subscriber's link leaks into the review: {body}"
    );

    // A colleague saves after the review: publishing what was reviewed is refused.
    profile["tagline"] = json!("A colleague's tagline.");
    let colleague = save(&app, &profile, &draft_etag);
    assert_eq!(colleague.status(), 200);
    let newer = header(&colleague, "etag").to_owned();
    let stale = app.request_json(
        "POST",
        &format!("/v1/admin/orgs/{ORG}/profile/publish"),
        &[("authorization", &admin(&app)), ("if-match", &draft_etag)],
        &json!({}),
    );
    let problem = assert_problem(stale, 412);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("token:demo operator"),
        "{problem}"
    );
    let published = app.request_json(
        "POST",
        &format!("/v1/admin/orgs/{ORG}/profile/publish"),
        &[("authorization", &admin(&app)), ("if-match", &newer)],
        &json!({}),
    );
    assert_eq!(published.status(), 201);
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["tagline"],
        "A colleague's tagline."
    );
    // The subscriber got the e-mail the review showed, with their own link.
    let sent: Vec<Value> = app
        .outbox(ORG)
        .into_iter()
        .filter(|m| m["to"] == "reader@reviewed.example" && m["purpose"] == "subprocessor_change")
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["subject"], email["subject"]);
    assert!(sent[0]["body"]
        .as_str()
        .unwrap()
        .contains("/unsubscribe?token="));
    assert_eq!(json(get(&app, "/profile/review"))["changed"], false);

    // The day of a publish: one the draft names is kept; one it carries along unchanged
    // from the published version becomes the day of publishing.
    let read = get(&app, "/profile");
    let etag = header(&read, "etag").to_owned();
    let mut profile = json(read);
    profile["lastUpdated"] = json!("2026-01-15");
    profile["tagline"] = json!("Dated by hand.");
    let saved = save(&app, &profile, &etag);
    assert_eq!(saved.status(), 200);
    let etag = header(&saved, "etag").to_owned();
    assert_eq!(publish(&app).status(), 201);
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["lastUpdated"],
        "2026-01-15"
    );
    profile["tagline"] = json!("Edited, the date carried along.");
    let saved = save(&app, &profile, &etag);
    assert_eq!(saved.status(), 200);
    let today = today().to_string();
    assert_eq!(
        json(get(&app, "/profile/preview"))["lastUpdated"],
        today.as_str()
    );
    assert_eq!(publish(&app).status(), 201);
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["lastUpdated"],
        today.as_str()
    );

    // A restore replaces the draft: naming the draft it saw, it replaces only that one.
    let read = get(&app, "/profile");
    let etag = header(&read, "etag").to_owned();
    profile["tagline"] = json!("A colleague's draft, not published.");
    let saved = save(&app, &profile, &etag);
    let draft_etag = header(&saved, "etag").to_owned();
    let restore = |seen: &str| {
        app.request_json(
            "POST",
            &format!("/v1/admin/orgs/{ORG}/versions/1/restore"),
            &[("authorization", &admin(&app)), ("if-match", seen)],
            &json!({}),
        )
    };
    let problem = assert_problem(restore(&etag), 412);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("saved a draft"),
        "{problem}"
    );
    assert_eq!(restore(&draft_etag).status(), 201);
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["tagline"],
        "Published tagline."
    );
    assert_eq!(header(&get(&app, "/profile"), "attest-draft"), "false");
}

fn publish(app: &TestApp) -> ureq::http::Response<ureq::Body> {
    app.post(
        &format!("/v1/admin/orgs/{ORG}/profile/publish"),
        &[("authorization", &admin(app))],
        &json!({}),
    )
}

#[test]
fn the_preview_is_for_content_editors_only() {
    let app = spawn_app();
    let path = format!("/v1/admin/orgs/{ORG}/profile/preview");
    assert_problem(app.get(&path), 401);
    let reader = token_with(&app, ORG, "requests:read");
    assert_problem(app.get_with(&path, &[("authorization", &reader)]), 403);
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/profile/review"),
            &[("authorization", &reader)],
        ),
        403,
    );
    // Another organisation's editor sees nothing of this one's draft.
    let other = token_with(&app, "wintro", "content:write");
    assert_problem(app.get_with(&path, &[("authorization", &other)]), 403);
    // A page elsewhere cannot read it with a member's session: the admin API grants no
    // credentialed CORS (and the session cookie is SameSite=Strict), so the widget's
    // `preview` on another site shows nothing.
    let cross = app.get_with(
        &path,
        &[
            ("authorization", &admin(&app)),
            ("origin", "https://evil.example"),
        ],
    );
    assert!(cross
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    assert_eq!(
        header(&cross, "access-control-allow-origin"),
        "*",
        "a wildcard: browsers never read a credentialed answer under it"
    );
}
