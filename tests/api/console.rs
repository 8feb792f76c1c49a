//! The console's files from the Worker's static assets, and what its screens read: the
//! page under every screen's path with its security headers, its hashed files, and the
//! audit log newest first with members by name.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, header, json, spawn_app, TestApp};
use crate::members::{address, invitation_for, new_org, sign_in};

#[test]
fn every_path_under_the_console_is_its_page_with_its_security_headers() {
    let app = spawn_app();
    let mut etag = String::new();
    for path in [
        "/console/",
        "/console/orgs/vinterre/members",
        "/console/sign-in?link=asl_0123",
        "/console/join?invitation=x&org=y",
    ] {
        let response = app.get(path);
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "content-type"),
            "text/html; charset=utf-8"
        );
        let csp = header(&response, "content-security-policy");
        for directive in [
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(header(&response, "x-frame-options"), "DENY");
        // A sign-in link's token is in the page's address: it goes nowhere else.
        assert_eq!(header(&response, "referrer-policy"), "no-referrer");
        assert_eq!(header(&response, "cache-control"), "no-cache");
        etag = header(&response, "etag").to_owned();
        let page = response.into_body().read_to_string().unwrap();
        assert!(!page.contains("<script>"), "nothing inline");
        assert!(page.contains("/console/assets/console-"), "{page}");
    }
    let again = app.get_with("/console/orgs/x/audit", &[("if-none-match", &etag)]);
    assert_eq!(again.status(), 304);
}

#[test]
fn the_console_files_are_hashed_and_immutable_and_an_unknown_one_is_a_404() {
    let app = spawn_app();
    let page = app.get("/console/").into_body().read_to_string().unwrap();
    let files: Vec<&str> = page
        .split('"')
        .filter(|s| s.starts_with("/console/assets/"))
        .collect();
    assert_eq!(files.len(), 3, "styles, wasm, script: {files:?}");
    for file in files {
        let response = app.get(file);
        assert_eq!(response.status(), 200, "{file}");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        let expected = match file.rsplit('.').next() {
            Some("wasm") => "application/wasm",
            Some("js") => "text/javascript",
            _ => "text/css",
        };
        assert!(
            header(&response, "content-type").starts_with(expected),
            "{file}: {}",
            header(&response, "content-type")
        );
    }
    assert_problem(app.get("/console/assets/console-0000000000000000.js"), 404);
    let bare = app.get("/console");
    assert_eq!(bare.status(), 302);
    assert_eq!(
        header(&bare, "location"),
        format!("{}/console/", app.address)
    );
}

#[test]
fn the_audit_log_reads_newest_first_page_by_page_with_members_by_name() {
    let app = spawn_app();
    let owner = address("olga", "example.com");
    let (org, token, name) = joined_owner(&app, &owner);
    let read = |query: &str| {
        let response = app.get_with(
            &format!("/v1/admin/orgs/{org}/audit?{query}"),
            &[("authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(response.status(), 200, "{query}");
        json(response)
    };

    let oldest = read("limit=500")["entries"].as_array().unwrap().clone();
    assert!(oldest.len() >= 2, "{oldest:?}");
    let first = read("order=newest&limit=1");
    let newest = &first["entries"][0];
    assert_eq!(newest["seq"], oldest.last().unwrap()["seq"]);
    assert_eq!(first["nextAfter"], serde_json::Value::Null);
    let before = first["nextBefore"].as_i64().expect("a next page");
    let second = read(&format!("order=newest&limit=500&before={before}"));
    let rest: Vec<i64> = second["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert!(
        rest.windows(2).all(|w| w[0] > w[1]),
        "newest first: {rest:?}"
    );
    assert_eq!(rest.len() + 1, oldest.len());
    assert!(second.get("nextBefore").is_none(), "the last page");

    let joined = oldest
        .iter()
        .find(|e| e["action"] == "member.joined")
        .expect("the join");
    assert_eq!(joined["actor"], format!("member:{owner}"));
    assert_eq!(joined["actorName"], name.as_str());
    let by_token = oldest
        .iter()
        .find(|e| e["actor"].as_str().unwrap().starts_with("token:") || e["actor"] == "platform");
    if let Some(entry) = by_token {
        assert!(entry.get("actorName").is_none(), "{entry}");
    }

    let refused = app.get_with(
        &format!("/v1/admin/orgs/{org}/audit?order=sideways"),
        &[("authorization", &format!("Bearer {token}"))],
    );
    let problem = assert_problem(refused, 400);
    assert_eq!(problem["errors"][0]["field"], "order");
}

#[test]
fn the_audit_log_filters_by_who_acted_and_lists_its_actions_and_actors() {
    let app = spawn_app();
    let owner = address("fabia", "example.com");
    let (org, token, name) = joined_owner(&app, &owner);
    let read = |path: &str| {
        let response = app.get_with(
            &format!("/v1/admin/orgs/{org}/audit{path}"),
            &[("authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(response.status(), 200, "{path}");
        json(response)
    };
    let all = read("?limit=500")["entries"].as_array().unwrap().clone();
    let member = format!("member:{owner}");
    let by_member: Vec<&Value> = all.iter().filter(|e| e["actor"] == member).collect();
    assert!(
        !by_member.is_empty() && by_member.len() < all.len(),
        "{all:?}"
    );

    let filtered = read(&format!("?limit=500&actor={}", encode(&member)));
    let seqs = |entries: &Value| -> Vec<i64> {
        entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        seqs(&filtered["entries"]),
        by_member
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        read("?actor=nobody")["entries"].as_array().unwrap().len(),
        0
    );

    let facets = read("/facets");
    let actors = facets["actors"].as_array().unwrap();
    let mine = actors
        .iter()
        .find(|a| a["value"] == member)
        .expect("the member among the actors");
    assert_eq!(mine["entries"], by_member.len() as i64);
    assert_eq!(mine["name"], name.as_str());
    let actions = facets["actions"].as_array().unwrap();
    let total: i64 = actions.iter().map(|a| a["entries"].as_i64().unwrap()).sum();
    assert_eq!(
        total,
        all.len() as i64,
        "every entry counted once: {facets}"
    );
    assert!(actions.iter().any(|a| a["value"] == "member.joined"));
    assert!(
        actions
            .windows(2)
            .all(|w| w[0]["entries"].as_i64() >= w[1]["entries"].as_i64()),
        "most entries first"
    );

    // Another organisation's token reads neither.
    let (_, other) = new_org(&app, &address("oskar", "example.com"));
    let refused = app.get_with(
        &format!("/v1/admin/orgs/{org}/audit/facets"),
        &[("authorization", &format!("Bearer {other}"))],
    );
    assert!(
        [403, 404].contains(&refused.status().as_u16()),
        "{}",
        refused.status()
    );
}

/// `text` as a query string value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A new organisation whose first owner, `owner`, has signed in and joined it: its slug,
/// a token of its own, and the owner's name.
fn joined_owner(app: &TestApp, owner: &str) -> (String, String, String) {
    let (org, token) = new_org(app, owner);
    let browser = sign_in(app, owner);
    let invitation = invitation_for(app, &org, &token, owner);
    let joined = browser.call(
        app,
        "POST",
        "/v1/admin/me/invitations",
        Some(&json!({ "token": invitation })),
    );
    assert_eq!(joined.status(), 200);
    let name = json(browser.me(app))["name"].as_str().unwrap().to_owned();
    (org, token, name)
}
