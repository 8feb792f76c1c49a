//! Editing, publishing, comparing and restoring a profile through the admin API.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, header, json, spawn_app, token_with, TestApp};

const ORG: &str = "publisher";

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn put(app: &TestApp, profile: &Value, if_match: Option<&str>) -> ureq::http::Response<ureq::Body> {
    let token = admin(app);
    let mut headers = vec![("authorization", token.as_str())];
    if let Some(etag) = if_match {
        headers.push(("if-match", etag));
    }
    app.request_json(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &headers,
        profile,
    )
}

fn post(app: &TestApp, path: &str) -> ureq::http::Response<ureq::Body> {
    app.post(path, &[("authorization", &admin(app))], &json!({}))
}

#[test]
fn a_draft_is_edited_published_compared_and_restored() {
    let app = spawn_app();
    let token = admin(&app);
    let read = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    );
    assert_eq!(read.status(), 200);
    let etag = header(&read, "etag").to_owned();
    let mut profile = json(read);
    assert_eq!(profile["tagline"], "The first version.");
    let public_before = app.get(&format!("/v1/orgs/{ORG}"));
    let public_etag = header(&public_before, "etag").to_owned();

    // Edits need the ETag they are based on.
    profile["tagline"] = json!("The second version.");
    profile["subprocessors"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "Mail Co", "purpose": "E-mail", "location": "US", "plannedFrom": "2027-03-01" }));
    assert_problem(put(&app, &profile, None), 428);
    assert_problem(put(&app, &profile, Some("\"stale\"")), 412);
    let saved = put(&app, &profile, Some(&etag));
    assert_eq!(saved.status(), 200);
    let draft_etag = header(&saved, "etag").to_owned();
    assert_ne!(draft_etag, etag);
    // Someone else's edit based on the old ETag is refused.
    assert_problem(put(&app, &profile, Some(&etag)), 412);
    // The public profile does not change until publishing.
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["tagline"],
        "The first version."
    );

    let published = post(&app, &format!("/v1/admin/orgs/{ORG}/profile/publish"));
    assert_eq!(published.status(), 201);
    let published = json(published);
    assert_eq!(published["version"], 2);
    assert_eq!(
        published["subprocessorChanges"]["added"][0]["name"],
        "Mail Co"
    );
    let public = app.get(&format!("/v1/orgs/{ORG}"));
    assert_ne!(
        header(&public, "etag"),
        public_etag,
        "the public ETag changes"
    );
    assert_eq!(json(public)["tagline"], "The second version.");
    // Publishing the same again is pointless.
    assert_problem(
        post(&app, &format!("/v1/admin/orgs/{ORG}/profile/publish")),
        409,
    );

    let versions = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/versions"),
        &[("authorization", &token)],
    ));
    let listed: Vec<i64> = versions["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, [2, 1]);
    assert_eq!(
        versions["versions"][0]["publishedBy"],
        "token:demo operator"
    );

    let diff = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/versions/2/diff"),
        &[("authorization", &token)],
    ));
    assert_eq!(diff["from"], 1);
    let fields: Vec<&str> = diff["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["tagline"]);
    assert_eq!(diff["fields"][0]["before"], "The first version.");
    assert_eq!(
        diff["subprocessors"]["added"][0]["plannedFrom"],
        "2027-03-01"
    );
    // The feed announces the change.
    let feed = app
        .get(&format!("/v1/orgs/{ORG}/subprocessors/feed.atom"))
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(feed.contains("Mail Co"), "{feed}");

    let restored = post(&app, &format!("/v1/admin/orgs/{ORG}/versions/1/restore"));
    assert_eq!(restored.status(), 201);
    assert_eq!(json(restored)["version"], 3);
    assert_eq!(
        json(app.get(&format!("/v1/orgs/{ORG}")))["tagline"],
        "The first version."
    );
    let old = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/versions/2"),
        &[("authorization", &token)],
    ));
    assert_eq!(old["tagline"], "The second version.", "history is kept");
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/versions/9"),
            &[("authorization", &token)],
        ),
        404,
    );
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/versions/x"),
            &[("authorization", &token)],
        ),
        400,
    );

    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target=profile"),
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
            "profile.draft_saved",
            "profile.published",
            "profile.restored"
        ]
    );
    assert_eq!(
        json(app.get_with(
            &format!("/v1/admin/orgs/{ORG}/audit/verify"),
            &[("authorization", &token)]
        ))["ok"],
        true
    );
}

#[test]
fn a_draft_that_breaks_a_rule_is_refused_field_by_field() {
    let app = spawn_app();
    let token = admin(&app);
    // `*`: this test's edits are all refused, whatever the other test saved meanwhile.
    let etag = "*";
    let mut profile = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    ));
    profile["badges"] = json!([{ "framework": "pci_dss", "status": "compliant" }]);
    let problem = assert_problem(put(&app, &profile, Some(etag)), 400);
    assert!(
        problem["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("badges[0]"),
        "{problem}"
    );
    let mut other = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    ));
    other["org"] = json!("vinterre");
    let problem = assert_problem(put(&app, &other, Some(etag)), 400);
    assert_eq!(problem["errors"][0]["field"], "org");
    let mut broken = other.clone();
    broken["badges"] = json!([{ "framework": "iso27001", "status": "done" }]);
    assert_problem(put(&app, &broken, Some(etag)), 400);
}

#[test]
fn colours_that_fail_wcag_aa_are_refused_with_their_ratio() {
    let app = spawn_app();
    let token = admin(&app);
    let mut profile = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    ));
    // Yellow: 1.5:1 on white, and white text on it as little.
    profile["brand"] = json!({ "accent": "#ffcc00", "accentText": "#ffffff" });
    let problem = assert_problem(put(&app, &profile, Some("*")), 400);
    let errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(
        errors.iter().any(|(field, message)| field == "brand.accent"
            && message.contains("1.5:1")
            && message.contains("4.5:1")),
        "{problem}"
    );
    assert!(
        errors
            .iter()
            .any(|(field, message)| field == "brand.accentText" && message.contains("1.5:1")),
        "{problem}"
    );
    // Not a colour at all: refused as one, before any contrast.
    profile["brand"] = json!({ "accent": "red;}body{x", "accentText": "#ffffff" });
    let problem = assert_problem(put(&app, &profile, Some("*")), 400);
    assert!(problem.to_string().contains("hexadecimal"), "{problem}");
}

#[test]
fn content_needs_a_content_token() {
    let app = spawn_app();
    assert_problem(app.get(&format!("/v1/admin/orgs/{ORG}/profile")), 401);
    let reader = token_with(&app, ORG, "requests:read");
    let response = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &reader)],
    );
    assert_problem(response, 403);
    let restore = app.post(
        &format!("/v1/admin/orgs/{ORG}/versions/1/restore"),
        &[("authorization", &reader)],
        &json!({}),
    );
    assert_problem(restore, 403);
}

#[test]
fn a_profile_file_is_published_with_the_command_line_tool() {
    let app = spawn_app();
    let dir = std::env::temp_dir().join(format!("attest-publish-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cli.toml");
    let fixture = attest_demo::repo_root().join("tests/fixtures/profiles/cli-publisher.toml");
    let source = std::fs::read_to_string(fixture).unwrap();
    // The file, one line changed, as a team would edit it.
    let edited = source.replacen(
        "tagline = ",
        "tagline = \"Edited in the repository.\"\n# was: ",
        1,
    );
    std::fs::write(&file, &edited).unwrap();
    let token = app.stack.admin_token.as_str();
    let published = attest_demo::publish::publish(&app.address, token, &file).unwrap();
    assert!(
        matches!(published, attest_demo::publish::Published::Version(n) if n >= 2),
        "{published:?}"
    );
    assert_eq!(
        json(app.get("/v1/orgs/cli-publisher"))["tagline"],
        "Edited in the repository."
    );
    // The same file again changes nothing.
    let again = attest_demo::publish::publish(&app.address, token, &file).unwrap();
    assert!(
        matches!(again, attest_demo::publish::Published::Unchanged),
        "{again:?}"
    );
    // And the file as it was publishes as a new version.
    std::fs::write(&file, &source).unwrap();
    attest_demo::publish::publish(&app.address, token, &file).unwrap();
    assert_eq!(
        json(app.get("/v1/orgs/cli-publisher"))["tagline"],
        "As the repository has it."
    );
    // A file that breaks a rule is refused before anything is sent.
    std::fs::write(&file, "org = \"cli-publisher\"\nname = \"\"\n").unwrap();
    let error = attest_demo::publish::publish(&app.address, token, &file).unwrap_err();
    assert!(error.contains("invalid"), "{error}");

    // A file that names a logo, kept in `logos/` beside it: uploaded, then published.
    let dir = dir.join("with-logo");
    std::fs::create_dir_all(dir.join("logos")).unwrap();
    let logo = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3" fill="#0b5fff"/></svg>"##;
    let name = {
        use sha2::{Digest, Sha256};
        let hex: String = Sha256::digest(logo)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}.svg", &hex[..16])
    };
    std::fs::write(dir.join("logos").join(&name), logo).unwrap();
    let file = dir.join("cli.toml");
    std::fs::write(&file, format!("{source}\n[brand]\nlogo = \"{name}\"\n")).unwrap();
    attest_demo::publish::publish(&app.address, token, &file).unwrap();
    assert_eq!(
        json(app.get("/v1/orgs/cli-publisher"))["brand"]["logo"],
        name
    );
    let served = app.get(&format!("/v1/orgs/cli-publisher/logos/{name}"));
    assert_eq!(served.status(), 200);
    assert_eq!(served.into_body().read_to_vec().unwrap(), logo);
    // A file that names a logo neither beside it nor uploaded: the edge says which field.
    std::fs::remove_file(dir.join("logos").join(&name)).unwrap();
    std::fs::write(
        &file,
        format!("{source}\n[brand]\nlogo = \"0123456789abcdef.svg\"\n"),
    )
    .unwrap();
    let error = attest_demo::publish::publish(&app.address, token, &file).unwrap_err();
    assert!(
        error.contains("brand.logo") && error.contains("names no logo"),
        "{error}"
    );
    // As it was.
    std::fs::write(&file, &source).unwrap();
    attest_demo::publish::publish(&app.address, token, &file).unwrap();
}
