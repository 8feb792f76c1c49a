//! The organisation's logo: uploaded through the admin API, checked (an SVG that could
//! run script or load from elsewhere is refused with why), kept in R2 under its content's
//! name, served sandboxed and cached, named by the profile, and shown in the first view,
//! the hosted page's link previews and the e-mails. Over the `acme-complete` fixture,
//! which is seeded with a logo of its own.

use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_address, header, json, spawn_app, token_with, TestApp,
};

const ORG: &str = "acme-complete";
/// The fixture's logo, as `tests/fixtures/profiles/acme-complete.toml` names it.
const SEEDED: &str = "53db6a3773278ecd.svg";

/// A real 2×2 PNG in Acme's purple.
const PNG_HEX: &str = "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d240000001149444154789c6388d66afb0fc20c30060044ea082918c483130000000049454e44ae426082";

fn admin(app: &TestApp) -> String {
    format!("Bearer {}", app.stack.admin_token.as_str())
}

fn png() -> Vec<u8> {
    (0..PNG_HEX.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&PNG_HEX[i..i + 2], 16).unwrap())
        .collect()
}

fn svg(inner: &str) -> Vec<u8> {
    format!(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{inner}</svg>"#)
        .into_bytes()
}

fn upload(app: &TestApp, content_type: &str, bytes: Vec<u8>) -> ureq::http::Response<ureq::Body> {
    let token = admin(app);
    app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/logo"),
        &[("authorization", &token), ("content-type", content_type)],
        bytes,
    )
}

fn field_error(problem: &Value, field: &str) -> String {
    problem["errors"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no error for {field}: {problem}"))
        .to_owned()
}

#[test]
fn a_logo_is_kept_under_its_content_and_served_sandboxed_and_cached() {
    let app = spawn_app();
    let bytes = svg(r##"<title>Kept</title><circle cx="5" cy="5" r="4" fill="#5b2a86"/>"##);
    let response = upload(&app, "image/svg+xml; charset=utf-8", bytes.clone());
    assert_eq!(response.status(), 201);
    let kept = json(response);
    let name = kept["logo"].as_str().unwrap().to_owned();
    assert!(name.ends_with(".svg") && name.len() == 20, "{kept}");
    assert_eq!(kept["mediaType"], "image/svg+xml");
    assert_eq!(kept["size"], bytes.len());
    assert!(kept["sha256"].as_str().unwrap().starts_with(&name[..16]));
    let path = format!("/v1/orgs/{ORG}/logos/{name}");
    assert_eq!(kept["url"], app.url(&path));

    let served = app.get(&path);
    assert_eq!(served.status(), 200);
    assert_eq!(
        header(&served, "content-type"),
        "image/svg+xml; charset=utf-8"
    );
    assert_eq!(header(&served, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&served, "cross-origin-resource-policy"),
        "cross-origin"
    );
    let policy = header(&served, "content-security-policy").to_owned();
    assert!(
        policy.contains("default-src 'none'") && policy.contains("sandbox"),
        "{policy}"
    );
    assert!(header(&served, "cache-control").contains("immutable"));
    let etag = header(&served, "etag").to_owned();
    assert_eq!(served.into_body().read_to_vec().unwrap(), bytes);
    let again = app.get_with(&path, &[("if-none-match", &etag)]);
    assert_eq!(again.status(), 304);

    // The same file again is the same logo.
    let twice = json(upload(&app, "image/svg+xml", bytes));
    assert_eq!(twice["logo"], name);

    // A PNG, with its size in pixels.
    let response = upload(&app, "image/png", png());
    assert_eq!(response.status(), 201);
    let kept = json(response);
    assert!(kept["logo"].as_str().unwrap().ends_with(".png"));
    assert_eq!(
        (kept["width"].as_u64(), kept["height"].as_u64()),
        (Some(2), Some(2))
    );
    let served = app.get(&format!(
        "/v1/orgs/{ORG}/logos/{}",
        kept["logo"].as_str().unwrap()
    ));
    assert_eq!(header(&served, "content-type"), "image/png");

    // Another organisation's address does not serve it; a name that is not one is 404.
    assert_problem(app.get(&format!("/v1/orgs/publisher/logos/{name}")), 404);
    assert_problem(
        app.get(&format!("/v1/orgs/{ORG}/logos/..%2F..%2Fsecret")),
        404,
    );
    assert_problem(
        app.get(&format!("/v1/orgs/{ORG}/logos/0000000000000000.svg")),
        404,
    );

    // Audited.
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit?target={name}"),
        &[("authorization", &admin(&app))],
    ));
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "brand.logo_uploaded"),
        "{audit}"
    );
}

#[test]
fn a_logo_that_could_run_script_or_load_from_elsewhere_is_refused_with_why() {
    let app = spawn_app();
    let cases: &[(&str, &str)] = &[
        (
            r#"<script>alert(document.cookie)</script>"#,
            "<script> element",
        ),
        (
            r#"<rect width="10" height="10" onload="alert(1)"/>"#,
            "event attribute (onload=",
        ),
        (
            r#"<image href="https://tracker.example/p.png" width="1" height="1"/>"#,
            "refers outside itself",
        ),
        (
            r#"<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>"#,
            "<foreignObject>",
        ),
        (
            r#"<style>@import url(https://evil.example/x.css);</style>"#,
            "@import",
        ),
        // Split by a comment, as a browser joins it again.
        (
            r#"<style>svg{background:u<!---->rl(https://evil.example/a.png)}</style>"#,
            "url(https://evil.example/a.png)",
        ),
    ];
    for (inner, expected) in cases {
        let problem = assert_problem(upload(&app, "image/svg+xml", svg(inner)), 400);
        let message = field_error(&problem, "file");
        assert!(message.contains(expected), "{inner}: {message}");
    }
    let problem = assert_problem(
        upload(
            &app,
            "image/svg+xml",
            b"<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><text>&x;</text></svg>".to_vec(),
        ),
        400,
    );
    assert!(
        field_error(&problem, "file").contains("DOCTYPE"),
        "{problem}"
    );
    // A PNG that is not one, or is cut short.
    let problem = assert_problem(upload(&app, "image/png", b"GIF89a not a png".to_vec()), 400);
    assert!(
        field_error(&problem, "file").contains("PNG signature"),
        "{problem}"
    );
    let mut short = png();
    short.truncate(short.len() - 6);
    let problem = assert_problem(upload(&app, "image/png", short), 400);
    assert!(
        field_error(&problem, "file").contains("cut short"),
        "{problem}"
    );
    // Neither SVG nor PNG; too large.
    assert_problem(upload(&app, "text/html", b"<svg/>".to_vec()), 415);
    assert_problem(upload(&app, "image/svg+xml", vec![b' '; 600 * 1024]), 413);
    // Nothing refused was kept: the organisation's logos are the ones it uploaded.
    let refused_name = {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(svg(cases[0].0));
        format!(
            "{}.svg",
            &digest
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()[..16]
        )
    };
    assert_problem(
        app.get(&format!("/v1/orgs/{ORG}/logos/{refused_name}")),
        404,
    );
}

#[test]
fn uploading_a_logo_needs_content_write() {
    let app = spawn_app();
    let reader = token_with(&app, ORG, "content:read");
    let response = app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/logo"),
        &[("authorization", &reader), ("content-type", "image/png")],
        png(),
    );
    assert_problem(response, 403);
    let response = app.send_bytes(
        "PUT",
        &format!("/v1/admin/orgs/{ORG}/logo"),
        &[("content-type", "image/png")],
        png(),
    );
    assert_problem(response, 401);
}

#[test]
fn a_draft_may_name_only_a_logo_its_organisation_uploaded() {
    let app = spawn_app();
    let token = admin(&app);
    let read = app.get_with(
        &format!("/v1/admin/orgs/{ORG}/profile"),
        &[("authorization", &token)],
    );
    let etag = header(&read, "etag").to_owned();
    let mut profile = json(read);
    assert_eq!(profile["brand"]["logo"], SEEDED);
    let save = |profile: &Value| {
        app.request_json(
            "PUT",
            &format!("/v1/admin/orgs/{ORG}/profile"),
            &[("authorization", &token), ("if-match", &etag)],
            profile,
        )
    };
    profile["brand"]["logo"] = json!("0123456789abcdef.svg");
    let problem = assert_problem(save(&profile), 400);
    assert!(
        field_error(&problem, "brand.logo").contains("names no logo"),
        "{problem}"
    );
    profile["brand"]["logo"] = json!("logo.svg");
    let problem = assert_problem(save(&profile), 400);
    assert!(
        field_error(&problem, "brand.logo").contains("as its upload answered"),
        "{problem}"
    );
    // Another organisation's logo is not this one's.
    let theirs = app.send_bytes(
        "PUT",
        "/v1/admin/orgs/publisher/logo",
        &[("authorization", &token), ("content-type", "image/svg+xml")],
        svg(r#"<rect width="3" height="3"/>"#),
    );
    assert_eq!(theirs.status(), 201);
    profile["brand"]["logo"] = json(theirs)["logo"].clone();
    assert_problem(save(&profile), 400);
    // Its own: saved.
    profile["brand"]["logo"] = json!(SEEDED);
    assert_eq!(save(&profile).status(), 200);
}

#[test]
fn the_seeded_logo_shows_in_the_first_view_and_the_link_previews() {
    let app = spawn_app();
    let published = json(app.get(&format!("/v1/orgs/{ORG}")));
    assert_eq!(published["brand"]["logo"], SEEDED);
    let logo = app.url(&format!("/v1/orgs/{ORG}/logos/{SEEDED}"));
    assert_eq!(
        app.get(&format!("/v1/orgs/{ORG}/logos/{SEEDED}")).status(),
        200
    );

    let first = app
        .get(&format!("/v1/orgs/{ORG}/first-view"))
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(
        first.contains(&format!("data-testid=\"logo\" src=\"{logo}\" alt=\"\"")),
        "{first}"
    );
    let page = app
        .get(&format!("/trust/{ORG}"))
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(
        page.contains(&format!("<meta property=\"og:image\" content=\"{logo}\">")),
        "{page}"
    );
    assert!(page.contains(&format!("<meta name=\"twitter:image\" content=\"{logo}\">")));
}

#[test]
fn e_mail_has_an_html_part_in_the_organisations_look() {
    let app = spawn_app();
    let email = "branded-subscriber@example.com";
    let accepted = app.post(
        &format!("/v1/orgs/{ORG}/subprocessors/subscriptions"),
        &[("cf-connecting-ip", &client_address())],
        &json!({ "email": email, "proof": app.proof(ORG) }),
    );
    assert_eq!(accepted.status(), 202);
    app.run_scheduled();
    let sent = app.mail.delivered_to(email);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let content = sent[0]["content"].as_array().unwrap();
    assert_eq!(content[0]["type"], "text/plain");
    assert_eq!(content[1]["type"], "text/html");
    let text = content[0]["value"].as_str().unwrap();
    let html = content[1]["value"].as_str().unwrap();
    // The organisation's accent, logo and name; the text's link, as a link.
    assert!(html.contains("border-top:4px solid #5b2a86"), "{html}");
    // The fixture's logo is an SVG, which most mail programs do not show: the name alone.
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("Acme"), "{html}");
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with(&app.address))
        .expect("a link in the text");
    assert!(
        html.contains(&format!("<a href=\"{}\"", link.replace('&', "&amp;"))),
        "{html}"
    );
    assert!(!html.contains("<script"));
}
