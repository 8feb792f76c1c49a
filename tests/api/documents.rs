//! Gated documents for real: files in R2, grants made by approvals and by rules, copies
//! stamped for their viewer (read back with pdftotext), the download log and the leak
//! lookup, and every bad input refused with its reason. Over the `gated` fixture.

use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_address, header, json, spawn_app, token_with, TestApp,
};

const ORG: &str = "gated";

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn upload(
    app: &TestApp,
    document: &str,
    query: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> ureq::http::Response<ureq::Body> {
    let token = admin(app);
    app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/documents/{document}/file{query}"),
        &[("authorization", &token), ("content-type", content_type)],
        bytes,
    )
}

fn uploaded(app: &TestApp, document: &str, pages: u32) -> Value {
    let response = upload(
        app,
        document,
        "",
        "application/pdf",
        attest_core::pdf::sample(&format!("{document} report"), pages),
    );
    assert_eq!(response.status(), 201);
    json(response)
}

fn ask(app: &TestApp, address: &str, fields: Value) -> ureq::http::Response<ureq::Body> {
    let mut body = json!({
        "documentId": "pentest",
        "name": "Ada Lovelace",
        "company": "Analytical Engines Ltd",
        "email": "ada@engines.example",
        "proof": app.proof(ORG),
    });
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.post(
        &format!("/v1/orgs/{ORG}/document-requests"),
        &[("cf-connecting-ip", address)],
        &body,
    )
}

fn asked(app: &TestApp, fields: Value) -> Value {
    let response = ask(app, &client_address(), fields);
    assert_eq!(response.status(), 202);
    json(response)
}

fn decide(app: &TestApp, id: &str, body: Value) -> ureq::http::Response<ureq::Body> {
    let token = admin(app);
    app.post(
        &format!("/v1/admin/orgs/{ORG}/document-requests/{id}/decision"),
        &[("authorization", &token)],
        &body,
    )
}

fn mail_about(app: &TestApp, id: &str, to: &str) -> String {
    app.outbox(ORG)
        .into_iter()
        .find(|m| m["relatedId"] == id && m["to"] == to)
        .unwrap_or_else(|| panic!("an e-mail to {to} about {id}"))["body"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The link the approval e-mail carries, as a path.
fn link_in(body: &str) -> String {
    let at = body.find("/v1/orgs/").expect("a link in the e-mail");
    body[at..].split_whitespace().next().unwrap().to_owned()
}

fn take_copy(app: &TestApp, link: &str, address: &str) -> ureq::http::Response<ureq::Body> {
    app.post_raw(link, &[("cf-connecting-ip", address)], "")
}

fn pdf_text(bytes: &[u8]) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("attest-copy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("{n}.pdf"));
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // pdftotext ends each page with a form feed.
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn grant_of(app: &TestApp, reference_or_id: &str) -> Value {
    let token = admin(app);
    let path = if reference_or_id.starts_with("gr_") {
        format!("/v1/admin/orgs/{ORG}/grants/{reference_or_id}")
    } else {
        format!("/v1/admin/orgs/{ORG}/grants/lookup?reference={reference_or_id}")
    };
    let response = app.get_with(&path, &[("authorization", &token)]);
    assert_eq!(response.status(), 200);
    json(response)
}

#[test]
fn a_pdf_becomes_a_new_version_each_upload_and_what_is_not_one_is_refused_with_its_reason() {
    let app = spawn_app();
    let good = attest_core::pdf::sample("Security overview", 2);
    let refused = |response: ureq::http::Response<ureq::Body>, status: u16| {
        let problem = assert_problem(response, status);
        problem["errors"][0]["message"]
            .as_str()
            .or(problem["detail"].as_str())
            .unwrap()
            .to_owned()
    };
    assert!(refused(
        upload(&app, "overview", "", "text/plain", good.clone()),
        415
    )
    .contains("application/pdf"));
    assert!(refused(
        upload(
            &app,
            "overview",
            "",
            "application/pdf",
            b"GIF89a....".to_vec()
        ),
        400
    )
    .contains("not a PDF"));
    let cut = good[..good.len() * 2 / 3].to_vec();
    assert!(
        refused(upload(&app, "overview", "", "application/pdf", cut), 400).contains("cut short")
    );
    assert!(refused(
        upload(&app, "overview", "", "application/pdf", encrypted(&good)),
        400
    )
    .contains("encrypted"));
    assert!(refused(
        upload(
            &app,
            "overview",
            "",
            "application/pdf",
            b"%PDF-1.7\n%%EOF\n".to_vec()
        ),
        400
    )
    .contains("could not be read"));
    let mut huge = good.clone();
    huge.resize(25 * 1024 * 1024 + 1, b' ');
    assert!(refused(upload(&app, "overview", "", "application/pdf", huge), 413).contains("25 MB"));
    assert_eq!(
        upload(&app, "no-such-doc", "", "application/pdf", good.clone()).status(),
        404
    );
    assert!(refused(
        upload(
            &app,
            "overview",
            "?validUntil=2001-01-01",
            "application/pdf",
            good.clone()
        ),
        400
    )
    .contains("past"));
    assert!(refused(
        upload(
            &app,
            "overview",
            "?validUntil=soon",
            "application/pdf",
            good.clone()
        ),
        400
    )
    .contains("YYYY-MM-DD"));
    let reader = token_with(&app, ORG, "content:read");
    let response = app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/documents/overview/file"),
        &[
            ("authorization", &reader),
            ("content-type", "application/pdf"),
        ],
        good.clone(),
    );
    assert_eq!(response.status(), 403);

    // Two uploads, two versions; the newest first, each with its size and digest.
    let first = upload(
        &app,
        "overview",
        "?validUntil=2099-12-31",
        "application/pdf",
        good.clone(),
    );
    assert_eq!(first.status(), 201);
    let first = json(first);
    assert_eq!(first["pages"], 2);
    assert_eq!(first["size"], good.len());
    assert_eq!(first["validUntil"], "2099-12-31");
    let second = uploaded(&app, "overview", 3);
    assert_eq!(
        second["version"].as_i64(),
        Some(first["version"].as_i64().unwrap() + 1)
    );
    let token = admin(&app);
    let listed = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/documents/overview/files"),
        &[("authorization", &token)],
    ));
    let versions: Vec<i64> = listed["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions[0], second["version"].as_i64().unwrap());
    assert!(versions.contains(&first["version"].as_i64().unwrap()));
    let original = app.get_with(
        &format!(
            "/v1/admin/orgs/{ORG}/documents/overview/files/{}",
            first["version"]
        ),
        &[("authorization", &token)],
    );
    assert_eq!(original.status(), 200);
    assert_eq!(
        original.into_body().read_to_vec().unwrap(),
        good,
        "the file as it was uploaded"
    );
    let documents = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/documents"),
        &[("authorization", &token)],
    ));
    let overview = documents["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "overview")
        .unwrap()
        .clone();
    assert_eq!(overview["file"]["version"], second["version"]);
    assert!(overview["versions"].as_i64().unwrap() >= 2);

    // A public document downloads directly, unstamped; a gated one never does.
    let public = app.get(&format!("/v1/orgs/{ORG}/documents/overview/file"));
    assert_eq!(public.status(), 200);
    assert_eq!(header(&public, "content-type"), "application/pdf");
    assert_eq!(
        public.into_body().read_to_vec().unwrap(),
        attest_core::pdf::sample("overview report", 3)
    );
    assert_problem(app.get(&format!("/v1/orgs/{ORG}/documents/soc2/file")), 403);
    assert_problem(
        app.get(&format!("/v1/orgs/{ORG}/documents/nothing/file")),
        404,
    );

    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target=overview"),
        &[("authorization", &token)],
    ));
    assert!(audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |e| e["action"] == "document.file_uploaded" && e["after"]["sha256"] == first["sha256"]
        ));
}

/// `bytes` encrypted with an owner password only (it opens without one).
fn encrypted(bytes: &[u8]) -> Vec<u8> {
    let mut doc = lopdf_of(bytes);
    let id = lopdf::Object::string_literal(b"0123456789abcdef".to_vec());
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "",
        key_length: 128,
        permissions: lopdf::Permissions::empty(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn lopdf_of(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).unwrap()
}

#[test]
fn an_approved_request_is_a_grant_whose_every_copy_is_stamped_for_its_viewer_and_found_again() {
    let app = spawn_app();
    uploaded(&app, "soc2", 3);
    let answer = asked(
        &app,
        json!({ "documentId": "soc2", "email": "grace@compilers.example", "name": "Grace Hopper", "company": "Compilers Inc", "ndaAccepted": true, "ndaVersion": "2026-10" }),
    );
    assert_eq!(answer["status"], "pending");
    assert_eq!(answer["available"], true);
    assert!(answer["ndaPass"].as_str().unwrap().starts_with("np_"));
    let id = answer["id"].as_str().unwrap().to_owned();
    let token = answer["statusToken"].as_str().unwrap().to_owned();
    let standing = json(app.get(&format!("/v1/document-requests/{id}?token={token}")));
    assert_eq!(standing["status"], "pending");
    assert!(standing["grant"].is_null());
    assert_problem(
        app.get(&format!("/v1/document-requests/{id}?token=dt_forged")),
        404,
    );

    assert_problem(
        decide(&app, &id, json!({ "decision": "approve", "days": 91 })),
        400,
    );
    assert_problem(
        decide(
            &app,
            &id,
            json!({ "decision": "approve", "link": "https://x.example" }),
        ),
        400,
    );
    let decided = decide(
        &app,
        &id,
        json!({ "decision": "approve", "days": 14, "note": "For your audit." }),
    );
    assert_eq!(decided.status(), 200);
    let decided = json(decided);
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["grant"]["status"], "active");
    let reference = decided["grant"]["reference"].as_str().unwrap().to_owned();
    let body = mail_about(&app, &id, "grace@compilers.example");
    assert!(
        body.contains("approved") && body.contains("For your audit.") && body.contains(&reference),
        "{body}"
    );
    let link = link_in(&body);
    assert!(
        link.starts_with(&format!("/v1/orgs/{ORG}/documents/soc2/copy?grant=gr_")),
        "{link}"
    );
    let standing = json(app.get(&format!("/v1/document-requests/{id}?token={token}")));
    assert_eq!(standing["status"], "approved");
    assert_eq!(standing["grant"]["status"], "active");

    // Opening the link releases nothing: a page with a button that POSTs.
    let page = app.get(&link);
    assert_eq!(page.status(), 200);
    assert!(header(&page, "content-type").starts_with("text/html"));
    let html = page.into_body().read_to_string().unwrap();
    assert!(
        html.contains("method=\"post\"")
            && html.contains(&reference)
            && html.contains("g\u{2026}@compilers.example"),
        "{html}"
    );

    // The copy: the viewer's e-mail and the grant's reference on every page.
    let viewer = client_address();
    let copy = take_copy(&app, &link, &viewer);
    assert_eq!(copy.status(), 200);
    assert_eq!(header(&copy, "content-type"), "application/pdf");
    assert!(header(&copy, "content-disposition").contains(&format!("soc2-{reference}.pdf")));
    assert_eq!(header(&copy, "cache-control"), "no-store");
    let pages = pdf_text(&copy.into_body().read_to_vec().unwrap());
    assert_eq!(pages.len(), 3);
    for (n, text) in pages.iter().enumerate() {
        assert!(
            text.contains("soc2 report"),
            "page {n} keeps its own text: {text}"
        );
        assert!(text.contains("grace@compilers.example"), "page {n}: {text}");
        assert!(
            text.contains(&format!("Reference {reference}")),
            "page {n}: {text}"
        );
        assert!(
            text.contains("Grace Hopper (Compilers Inc"),
            "page {n}: {text}"
        );
    }

    // Forwarded: someone else at another address opens the same link. The copy still
    // names the grantee, and the log shows the second address.
    let elsewhere = client_address();
    let forwarded = take_copy(&app, &link, &elsewhere);
    assert_eq!(forwarded.status(), 200);
    let pages = pdf_text(&forwarded.into_body().read_to_vec().unwrap());
    assert!(pages.iter().all(|p| p.contains("grace@compilers.example")));

    // The leak lookup finds the grant from the reference as typed off a page.
    let typed = reference.to_lowercase().replace('-', "%20");
    let found = grant_of(&app, &typed);
    assert_eq!(found["requestId"], id);
    assert_eq!(found["email"], "grace@compilers.example");
    assert_eq!(found["downloads"], 2);
    let log = found["downloadLog"].as_array().unwrap();
    assert_eq!(log[0]["address"], viewer.as_str());
    assert_eq!(log[0]["newAddress"], false);
    assert_eq!(log[1]["address"], elsewhere.as_str());
    assert_eq!(log[1]["newAddress"], true);
    let admin_token = admin(&app);
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/grants/lookup?reference=%3Cscript%3E"),
            &[("authorization", &admin_token)],
        ),
        400,
    );
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{ORG}/grants/lookup?reference=0000-0000"),
            &[("authorization", &admin_token)],
        ),
        404,
    );
    // Another organisation's team does not find it.
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/vinterre/grants/lookup?reference={reference}"),
            &[("authorization", &admin_token)],
        ),
        404,
    );

    // Listed per document and per viewer.
    let by_document = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/grants?document=soc2"),
        &[("authorization", &admin_token)],
    ));
    assert!(by_document["grants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["reference"] == reference.as_str()));
    let by_viewer = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/grants?email=Grace@Compilers.example"),
        &[("authorization", &admin_token)],
    ));
    assert!(by_viewer["grants"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["email"] == "grace@compilers.example"));
    assert!(!by_viewer["grants"].as_array().unwrap().is_empty());

    // Sealed at rest; audited.
    let row = app.d1(&format!(
        "SELECT * FROM grants WHERE reference = '{reference}'"
    ))[0]
        .to_string();
    assert!(
        !row.contains("grace@") && !row.contains("Grace Hopper"),
        "{row}"
    );
    let grant_id = found["id"].as_str().unwrap();
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target={grant_id}"),
        &[("authorization", &admin_token)],
    ));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "grant.downloaded").count(),
        2,
        "{actions:?}"
    );
    assert!(actions.contains(&"grant.created"));
}

#[test]
fn a_grant_link_expired_revoked_forged_or_for_another_document_releases_nothing() {
    let app = spawn_app();
    uploaded(&app, "pentest", 1);
    let answer = asked(&app, json!({ "email": "linus@kernel.example" }));
    let id = answer["id"].as_str().unwrap().to_owned();
    assert_eq!(
        decide(&app, &id, json!({ "decision": "approve" })).status(),
        200
    );
    let link = link_in(&mail_about(&app, &id, "linus@kernel.example"));
    let (path, query) = link.split_once('?').unwrap();
    let status_of = |response: ureq::http::Response<ureq::Body>| {
        assert!(
            header(&response, "content-type").starts_with("text/html"),
            "a page, never a file"
        );
        response.status().as_u16()
    };
    assert_eq!(
        status_of(take_copy(&app, path, &client_address())),
        400,
        "no token"
    );
    let forged = link.replace("token=", "token=0");
    assert_eq!(status_of(take_copy(&app, &forged, &client_address())), 404);
    let other = link.replace("/documents/pentest/", "/documents/soc2/");
    assert_eq!(status_of(take_copy(&app, &other, &client_address())), 403);
    assert_eq!(status_of(app.get(&other)), 403);
    let elsewhere = format!("/v1/orgs/vinterre/documents/pentest/copy?{query}");
    assert_eq!(
        status_of(take_copy(&app, &elsewhere, &client_address())),
        404
    );

    // Renewed for 60 days from now; then revoked: the link stops at once.
    let token = admin(&app);
    let grant = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/grants?email=linus@kernel.example"),
        &[("authorization", &token)],
    ))["grants"][0]
        .clone();
    let grant_id = grant["id"].as_str().unwrap().to_owned();
    let thirty = attest_core::date::parse_rfc3339(grant["expiresAt"].as_str().unwrap()).unwrap()
        - attest_core::date::parse_rfc3339(grant["grantedAt"].as_str().unwrap()).unwrap();
    assert_eq!(thirty, 30 * 86_400, "30 days unless said otherwise");
    let renew = |days: Value| {
        app.post(
            &format!("/v1/admin/orgs/{ORG}/grants/{grant_id}/renew"),
            &[("authorization", &token)],
            &json!({ "days": days }),
        )
    };
    assert_problem(renew(json!(0)), 400);
    let renewed = json(renew(json!(60)));
    assert!(
        attest_core::date::parse_rfc3339(renewed["expiresAt"].as_str().unwrap()).unwrap()
            > attest_core::date::parse_rfc3339(grant["expiresAt"].as_str().unwrap()).unwrap()
    );
    assert!(app
        .outbox(ORG)
        .iter()
        .any(|m| m["relatedId"] == id.as_str() && m["purpose"] == "grant_renewed"));
    assert_eq!(take_copy(&app, &link, &client_address()).status(), 200);
    let revoked = app.post(
        &format!("/v1/admin/orgs/{ORG}/grants/{grant_id}/revoke"),
        &[("authorization", &token)],
        &json!({}),
    );
    assert_eq!(json(revoked)["status"], "revoked");
    assert_eq!(status_of(take_copy(&app, &link, &client_address())), 410);
    assert_eq!(status_of(app.get(&link)), 410);
    assert_problem(renew(json!(30)), 409);
    assert_problem(
        app.post(
            &format!("/v1/admin/orgs/{ORG}/grants/{grant_id}/revoke"),
            &[("authorization", &token)],
            &json!({}),
        ),
        409,
    );

    // Expired: a second grant whose end has passed.
    let answer = asked(&app, json!({ "email": "margaret@apollo.example" }));
    let id = answer["id"].as_str().unwrap().to_owned();
    assert_eq!(
        decide(&app, &id, json!({ "decision": "approve", "days": 1 })).status(),
        200
    );
    let link = link_in(&mail_about(&app, &id, "margaret@apollo.example"));
    app.d1(&format!(
        "UPDATE grants SET expires_at = expires_at - 2 * 86400 WHERE request_id = '{id}'"
    ));
    assert_eq!(status_of(take_copy(&app, &link, &client_address())), 410);
    let token_of = answer["statusToken"].as_str().unwrap();
    assert_eq!(
        json(app.get(&format!("/v1/document-requests/{id}?token={token_of}")))["grant"]["status"],
        "expired"
    );
    let expired = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/grants?status=expired"),
        &[("authorization", &token)],
    ));
    assert!(expired["grants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["requestId"] == id.as_str()));
}

#[test]
fn a_request_for_a_document_without_its_file_says_so_tells_the_team_and_waits() {
    let app = spawn_app();
    let answer = asked(
        &app,
        json!({ "documentId": "unfiled", "email": "joan@clarke.example" }),
    );
    assert_eq!(answer["status"], "pending");
    assert_eq!(answer["available"], false);
    let id = answer["id"].as_str().unwrap().to_owned();
    assert!(mail_about(&app, &id, "joan@clarke.example").contains("not available yet"));
    assert!(mail_about(&app, &id, "security@gated.example").contains("has no file yet"));
    let refused = assert_problem(decide(&app, &id, json!({ "decision": "approve" })), 409);
    assert!(refused["detail"].as_str().unwrap().contains("no file yet"));
}

#[test]
fn approval_rules_decide_by_domain_refuse_free_mail_remember_the_nda_and_name_themselves() {
    let app = spawn_app();
    uploaded(&app, "pentest", 1);
    uploaded(&app, "bridge-letter", 1);
    let token = admin(&app);
    let put = |rules: Value| {
        app.request_json(
            "PUT",
            &format!("/v1/admin/orgs/{ORG}/approval-rules"),
            &[("authorization", &token)],
            &rules,
        )
    };
    let defaults = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/approval-rules"),
        &[("authorization", &token)],
    ));
    assert_eq!(defaults["refuseFreeMail"], true);
    assert_eq!(defaults["grantDays"], 30);
    let invalid = assert_problem(
        put(
            json!({ "domains": [{ "domain": "localhost", "decision": "approve" }, { "domain": "ok.example", "decision": "approve" }, { "domain": "OK.example", "decision": "deny" }], "grantDays": 0 }),
        ),
        400,
    );
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["domains[0].domain", "domains[2].domain", "grantDays"]
    );
    let stored = put(
        json!({ "domains": [{ "domain": "*.Trusted.example", "decision": "approve" }, { "domain": "blocked.example", "decision": "deny" }], "grantDays": 7 }),
    );
    assert_eq!(stored.status(), 200);
    assert_eq!(json(stored)["domains"][0]["domain"], "*.trusted.example");

    // A trusted domain: approved at once, a 7-day grant, its link by e-mail.
    let answer = asked(&app, json!({ "email": "cto@eu.trusted.example" }));
    assert_eq!(answer["status"], "approved");
    let id = answer["id"].as_str().unwrap().to_owned();
    let body = mail_about(&app, &id, "cto@eu.trusted.example");
    let link = link_in(&body);
    assert_eq!(take_copy(&app, &link, &client_address()).status(), 200);
    let read = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/document-requests/{id}"),
        &[("authorization", &token)],
    ));
    assert_eq!(read["decidedByRule"], "domain *.trusted.example");
    assert_eq!(read["decidedBy"], "rule");
    let grant = grant_of(&app, read["grant"]["reference"].as_str().unwrap());
    assert_eq!(grant["rule"], "domain *.trusted.example");
    let days = attest_core::date::parse_rfc3339(grant["expiresAt"].as_str().unwrap()).unwrap()
        - attest_core::date::parse_rfc3339(grant["grantedAt"].as_str().unwrap()).unwrap();
    assert_eq!(days, 7 * 86_400);
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target={id}"),
        &[("authorization", &token)],
    ));
    let decided = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "document_request.decided")
        .expect("the rule's decision is audited")
        .clone();
    assert_eq!(decided["actor"], "rule");
    assert_eq!(decided["after"]["rule"], "domain *.trusted.example");

    // A refused domain, and free mail: denied at once, told why.
    let answer = asked(&app, json!({ "email": "someone@blocked.example" }));
    assert_eq!(answer["status"], "denied");
    let answer = asked(&app, json!({ "email": "someone@gmail.com" }));
    assert_eq!(answer["status"], "denied");
    let id = answer["id"].as_str().unwrap();
    assert!(mail_about(&app, id, "someone@gmail.com").contains("work address"));
    assert!(app
        .outbox(ORG)
        .iter()
        .all(|m| !(m["relatedId"] == id && m["body"].as_str().unwrap().contains("/copy?"))));
    // Any other domain: left for the team.
    assert_eq!(
        asked(&app, json!({ "email": "someone@elsewhere.example" }))["status"],
        "pending"
    );
    assert_eq!(put(json!({ "refuseFreeMail": false })).status(), 200);
    assert_eq!(
        asked(&app, json!({ "email": "another@gmail.com" }))["status"],
        "pending"
    );

    // The NDA accepted once stands for 12 months: the pass instead of the click-through.
    let first = asked(
        &app,
        json!({ "documentId": "bridge-letter", "email": "kath@nasa.example", "ndaAccepted": true, "ndaVersion": "2026-10" }),
    );
    let pass = first["ndaPass"].as_str().unwrap().to_owned();
    let again = asked(
        &app,
        json!({ "documentId": "bridge-letter", "email": "kath@nasa.example", "ndaAccepted": false, "ndaVersion": "2026-10", "ndaPass": pass }),
    );
    let accepted_at = |id: &str| {
        app.d1(&format!(
            "SELECT nda_accepted_at FROM document_requests WHERE id = '{id}'"
        ))[0]["nda_accepted_at"]
            .as_i64()
    };
    assert_eq!(
        accepted_at(again["id"].as_str().unwrap()),
        accepted_at(first["id"].as_str().unwrap())
    );
    assert_eq!(again["ndaPass"], pass.as_str());
    let someone_else = assert_problem(
        ask(
            &app,
            &client_address(),
            json!({ "documentId": "bridge-letter", "email": "mallory@nasa.example", "ndaVersion": "2026-10", "ndaPass": pass }),
        ),
        400,
    );
    assert_eq!(someone_else["errors"][0]["field"], "ndaPass");
    let stale = pass.replacen("np_", "np_1", 1);
    assert_eq!(
        assert_problem(
            ask(
                &app,
                &client_address(),
                json!({ "documentId": "bridge-letter", "email": "kath@nasa.example", "ndaVersion": "2026-10", "ndaPass": stale })
            ),
            400
        )["errors"][0]["field"],
        "ndaPass"
    );
    assert_eq!(put(json!({ "rememberNda": false })).status(), 200);
    let asked_again = assert_problem(
        ask(
            &app,
            &client_address(),
            json!({ "documentId": "bridge-letter", "email": "kath@nasa.example", "ndaVersion": "2026-10", "ndaPass": pass }),
        ),
        400,
    );
    assert_eq!(asked_again["errors"][0]["field"], "ndaAccepted");
    let changed = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target={ORG}"),
        &[("authorization", &token)],
    ));
    assert!(changed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "approval_rules.changed" && e["after"]["rememberNda"] == false));
    assert_eq!(
        put(json!({})).status(),
        200,
        "back to the defaults for the other tests"
    );
}

#[test]
fn an_upload_whose_connection_breaks_off_is_refused_and_stores_nothing() {
    use std::io::{Read, Write};
    let app = spawn_app();
    let token = admin(&app);
    let before = app.d1(
        "SELECT COUNT(*) AS n FROM document_files WHERE org = 'gated' AND document_id = 'unfiled'",
    )[0]["n"]
        .as_i64();
    let whole = attest_core::pdf::sample("Statement of applicability", 3);
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&host).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "PUT /v1/admin/orgs/{ORG}/documents/unfiled/file HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        whole.len()
    )
    .unwrap();
    stream.write_all(&whole[..whole.len() / 2]).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    // Whatever the connection still carries back, it is no success and no server error.
    let status: Option<u16> = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    assert!(status.is_none_or(|s| s == 400), "{answer}");
    let after = app.d1(
        "SELECT COUNT(*) AS n FROM document_files WHERE org = 'gated' AND document_id = 'unfiled'",
    )[0]["n"]
        .as_i64();
    assert_eq!(before, after, "nothing stored");
    // And the same file sent whole is taken.
    let whole_upload = upload(&app, "pentest", "", "application/pdf", whole);
    assert_eq!(whole_upload.status(), 201);
}

#[test]
fn the_editors_are_reminded_once_when_a_files_valid_until_is_thirty_days_away() {
    let app = spawn_app();
    let (org, _, email, owner) = crate::members::owner_of_new_org(&app);
    let day = |days: i64| crate::helpers::today().add_days(days).to_string();
    // The document's versions: an older one lapsing, the current one too, another org's not.
    app.d1(&format!(
        "INSERT INTO document_files (org, document_id, version, object_key, size, sha256, pages, valid_until, uploaded_by, uploaded_at)
         VALUES ('{org}', 'soc2', 1, 'k1', 1, 'x', 1, '{}', 'member:{email}', 1),
                ('{org}', 'soc2', 2, 'k2', 1, 'x', 1, '{}', 'member:{email}', 2),
                ('{org}', 'iso', 1, 'k3', 1, 'x', 1, '{}', 'member:{email}', 3)",
        day(5),
        day(20),
        day(45)
    ));
    app.run_scheduled();
    app.run_scheduled();
    let outbox = json(owner.call(
        &app,
        "GET",
        &format!("/v1/admin/orgs/{org}/outbox?limit=500"),
        None,
    ));
    let reminders: Vec<&Value> = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["purpose"] == "reminder")
        .collect();
    assert_eq!(
        reminders.len(),
        1,
        "once, for the current version only: {reminders:?}"
    );
    assert_eq!(reminders[0]["to"], email.as_str());
    assert_eq!(reminders[0]["relatedId"], "soc2");
    assert!(reminders[0]["body"].as_str().unwrap().contains(&day(20)));
}
