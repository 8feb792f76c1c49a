//! Privacy requests over HTTP: filing, anti-abuse, verification, status, storage.

use attest_core::privacy::{due_by, Jurisdiction, RequestKind};
use attest_core::Date;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{assert_problem, client_address, header, json, secret, spawn_app, TestApp};

fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Date::from_unix_seconds(now)
}

fn fields_of(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect()
}

/// Files a GDPR access request with a unique address; its id and status token.
fn filed(app: &TestApp, org: &str, email: &str) -> (String, String) {
    let response = app.file(org, json!({ "email": email }));
    assert_eq!(response.status(), 202);
    let body = json(response);
    (
        body["id"].as_str().unwrap().to_owned(),
        body["statusToken"].as_str().unwrap().to_owned(),
    )
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn verify(app: &TestApp, id: &str, token: &str, code: &str) -> ureq::http::Response<ureq::Body> {
    app.post(
        &format!("/v1/privacy-requests/{id}/verify"),
        &[("authorization", &bearer(token))],
        &json!({ "code": code }),
    )
}

fn status(app: &TestApp, id: &str, token: &str) -> Value {
    let response = app.get_with(
        &format!("/v1/privacy-requests/{id}"),
        &[("authorization", &bearer(token))],
    );
    assert_eq!(response.status(), 200);
    json(response)
}

#[test]
fn every_kind_under_every_law_is_accepted_where_the_law_gives_it() {
    let app = spawn_app();
    for jurisdiction in Jurisdiction::ALL {
        for kind in RequestKind::ALL {
            let response = app.file(
                "acme-complete",
                json!({ "jurisdiction": jurisdiction.key(), "kind": kind.key() }),
            );
            if jurisdiction.allows(kind) {
                let code = response.status();
                let body = json(response);
                assert_eq!(code, 202, "{jurisdiction:?} {kind:?}: {body}");
                let expected = if kind.needs_verification() {
                    "identity_unverified"
                } else {
                    "pending"
                };
                assert_eq!(body["status"], expected, "{jurisdiction:?} {kind:?}");
                assert_eq!(
                    body["dueBy"],
                    due_by(jurisdiction, kind, today()).to_string(),
                    "{jurisdiction:?} {kind:?}"
                );
                assert!(body["id"].as_str().unwrap().starts_with("pr_"));
                assert!(body["statusToken"].as_str().unwrap().len() > 40);
            } else {
                let problem = assert_problem(response, 400);
                assert_eq!(fields_of(&problem), ["kind"], "{jurisdiction:?} {kind:?}");
            }
        }
    }
}

#[test]
fn each_invalid_field_is_named() {
    let app = spawn_app();
    let problem = assert_problem(
        app.file(
            "vinterre",
            json!({ "jurisdiction": "", "kind": "", "email": "", "name": "", "consent": false }),
        ),
        400,
    );
    assert_eq!(
        fields_of(&problem),
        ["jurisdiction", "kind", "email", "name", "consent"]
    );
    let problem = assert_problem(
        app.file(
            "vinterre",
            json!({
                "email": "not-an-address",
                "name": "n".repeat(201),
                "details": "d".repeat(5001),
            }),
        ),
        400,
    );
    assert_eq!(fields_of(&problem), ["email", "name", "details"]);
    assert_eq!(
        problem["errors"][1]["message"],
        "must be at most 200 characters"
    );
    assert_eq!(
        problem["errors"][2]["message"],
        "must be at most 5000 characters"
    );
    // Vinterre takes GDPR and CCPA requests, not UK GDPR ones.
    let problem = assert_problem(
        app.file("vinterre", json!({ "jurisdiction": "uk_gdpr" })),
        400,
    );
    assert_eq!(fields_of(&problem), ["jurisdiction"]);
    // Wintro takes none through its trust center.
    assert_problem(app.file("wintro", json!({})), 403);
    // Not JSON at all.
    let response = app.post_raw(
        "/v1/orgs/vinterre/privacy-requests",
        &[
            ("cf-connecting-ip", &client_address()),
            ("content-type", "application/json"),
        ],
        "{not json",
    );
    assert_problem(response, 400);
}

#[test]
fn the_proof_of_work_is_required_checked_and_spent_once() {
    let app = spawn_app();
    let problem = assert_problem(app.file("vinterre", json!({ "proof": null })), 400);
    assert_eq!(fields_of(&problem), ["proof"]);
    assert_eq!(problem["errors"][0]["message"], "is required");

    // A nonce that does not solve it.
    let mut proof = app.proof("vinterre");
    let good_nonce: u64 = proof["nonce"].as_str().unwrap().parse().unwrap();
    let salt = proof["salt"].as_str().unwrap().to_owned();
    let bad = (0..)
        .find(|n| *n != good_nonce && !attest_core::pow::is_solution(&salt, 8, *n))
        .unwrap();
    proof["nonce"] = json!(bad.to_string());
    let problem = assert_problem(app.file("vinterre", json!({ "proof": proof })), 400);
    assert_eq!(
        problem["errors"][0]["message"],
        "does not solve the challenge"
    );

    // A signature that is not ours, or that does not cover the changed fields.
    let mut forged = app.proof("vinterre");
    forged["difficulty"] = json!(1);
    let problem = assert_problem(app.file("vinterre", json!({ "proof": forged })), 400);
    assert_eq!(
        problem["errors"][0]["message"],
        "is not a challenge this service issued"
    );
    let other_org = app.proof("acme-complete");
    let problem = assert_problem(app.file("vinterre", json!({ "proof": other_org })), 400);
    assert_eq!(
        problem["errors"][0]["message"],
        "is not a challenge this service issued"
    );

    // An authentic challenge that has expired.
    let expired = signed_challenge(&app, "vinterre", 8, 1_000_000_000);
    let problem = assert_problem(app.file("vinterre", json!({ "proof": expired })), 400);
    assert_eq!(
        problem["errors"][0]["message"],
        "has expired: ask for a new challenge"
    );

    // A valid proof works once.
    let proof = app.proof("vinterre");
    assert_eq!(
        app.file(
            "vinterre",
            json!({ "proof": proof, "email": "once@example.com" })
        )
        .status(),
        202
    );
    let problem = assert_problem(app.file("vinterre", json!({ "proof": proof })), 400);
    assert_eq!(
        problem["errors"][0]["message"],
        "has already been used: ask for a new challenge"
    );
}

/// A challenge signed with the edge's own key (read from the test stack's secrets), as
/// the edge would have issued it at another time.
fn signed_challenge(app: &TestApp, org: &str, difficulty: u32, expires: i64) -> Value {
    let key: Vec<u8> = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&secret(app, "SIGNING_KEY")[i..i + 2], 16).unwrap())
        .collect();
    let salt = "00112233445566778899aabbccddeeff";
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    mac.update(b"challenge\0");
    mac.update(format!("SHA-256:{org}:{salt}:{difficulty}:{expires}").as_bytes());
    let signature: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let nonce = attest_core::pow::search(salt, difficulty, 0, u64::MAX).unwrap();
    json!({ "salt": salt, "difficulty": difficulty, "expires": expires, "signature": signature, "nonce": nonce.to_string() })
}

#[test]
fn the_same_idempotency_key_and_body_get_the_same_answer_once() {
    let app = spawn_app();
    let key = format!("retry-{}", client_address());
    let body = json!({
        "jurisdiction": "gdpr", "kind": "erasure", "email": "idem@example.com",
        "name": "Idem Potent", "consent": true, "proof": app.proof("vinterre"),
    });
    let headers = [
        ("idempotency-key", key.as_str()),
        ("cf-connecting-ip", "10.200.0.1"),
    ];
    let first = app.post("/v1/orgs/vinterre/privacy-requests", &headers, &body);
    assert_eq!(first.status(), 202);
    let first = json(first);
    let again = app.post("/v1/orgs/vinterre/privacy-requests", &headers, &body);
    assert_eq!(again.status(), 202);
    assert_eq!(header(&again, "idempotent-replayed"), "true");
    assert_eq!(json(again), first);
    let rows = app.d1(&format!(
        "SELECT COUNT(*) AS n FROM privacy_requests WHERE id = '{}'",
        first["id"].as_str().unwrap()
    ));
    assert_eq!(rows[0]["n"], 1);
    // The same key with another body is a mistake, not a new request.
    let mut changed = body.clone();
    changed["kind"] = json!("access");
    assert_problem(
        app.post("/v1/orgs/vinterre/privacy-requests", &headers, &changed),
        422,
    );
}

#[test]
fn browsers_may_send_forms_only_from_the_organisations_sites() {
    let app = spawn_app();
    let allowed = "http://127.0.0.1:8080";
    let preflight = app.request_with(
        "OPTIONS",
        "/v1/orgs/vinterre/privacy-requests",
        &[
            ("origin", allowed),
            ("access-control-request-method", "POST"),
        ],
    );
    assert_eq!(preflight.status(), 204);
    assert_eq!(header(&preflight, "access-control-allow-origin"), allowed);
    assert!(header(&preflight, "access-control-allow-headers").contains("idempotency-key"));

    let foreign = "https://evil.example";
    let preflight = app.request_with(
        "OPTIONS",
        "/v1/orgs/vinterre/privacy-requests",
        &[
            ("origin", foreign),
            ("access-control-request-method", "POST"),
        ],
    );
    assert_eq!(preflight.status(), 403);
    assert_ne!(header(&preflight, "access-control-allow-origin"), foreign);

    let body = json!({
        "jurisdiction": "gdpr", "kind": "access", "email": "cors@example.com",
        "name": "Cors", "consent": true, "proof": app.proof("vinterre"),
    });
    let ip = client_address();
    let refused = app.post(
        "/v1/orgs/vinterre/privacy-requests",
        &[("origin", foreign), ("cf-connecting-ip", &ip)],
        &body,
    );
    assert_problem(refused, 403);
    let accepted = app.post(
        "/v1/orgs/vinterre/privacy-requests",
        &[("origin", allowed), ("cf-connecting-ip", &ip)],
        &body,
    );
    assert_eq!(accepted.status(), 202);
    assert_eq!(header(&accepted, "access-control-allow-origin"), allowed);
    assert_eq!(header(&accepted, "vary"), "origin");
    // An API client sends no Origin, and is welcome.
    assert_eq!(app.file("vinterre", json!({})).status(), 202);
}

#[test]
fn too_many_submissions_from_one_address_get_429() {
    let app = spawn_app();
    let ip = client_address();
    let statuses: Vec<u16> = (0..11)
        .map(|_| {
            app.post(
                "/v1/orgs/vinterre/privacy-requests",
                &[("cf-connecting-ip", &ip)],
                &json!({}),
            )
            .status()
            .as_u16()
        })
        .collect();
    assert_eq!(statuses[..10], [400; 10], "{statuses:?}");
    let limited = app.post(
        "/v1/orgs/vinterre/privacy-requests",
        &[("cf-connecting-ip", &ip)],
        &json!({}),
    );
    assert_eq!(header(&limited, "retry-after"), "60");
    assert_problem(limited, 429);
    assert_eq!(statuses[10], 429);
    // Another address is not affected.
    assert_eq!(app.file("vinterre", json!({})).status(), 202);
}

#[test]
fn a_code_verifies_and_three_wrong_codes_lock_it_until_a_new_one() {
    let app = spawn_app();
    let (id, token) = filed(&app, "vinterre", "locked@example.com");
    let code = app.code_for("vinterre", &id);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in ["2 tries left", "1 try left", "that was the last try"] {
        let problem = assert_problem(verify(&app, &id, &token, wrong), 400);
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(left),
            "{problem}"
        );
    }
    assert_problem(verify(&app, &id, &token, &code), 409);
    assert_eq!(status(&app, &id, &token)["status"], "identity_unverified");

    // A new code replaces the old one.
    let resend = app.post(
        &format!("/v1/privacy-requests/{id}/verification"),
        &[("authorization", &bearer(&token))],
        &json!({}),
    );
    // One new code a minute: this request's first code is seconds old.
    assert_problem(resend, 429);
    app.d1(&format!(
        "UPDATE verifications SET expires_at = expires_at - 120 WHERE request_id = '{id}'"
    ));
    let resend = app.post(
        &format!("/v1/privacy-requests/{id}/verification"),
        &[("authorization", &bearer(&token))],
        &json!({}),
    );
    assert_eq!(resend.status(), 202);
    let new_code = app.code_for("vinterre", &id);
    assert_problem(verify(&app, &id, &token, "12345"), 400);
    let verified = verify(&app, &id, &token, &new_code);
    assert_eq!(verified.status(), 200);
    assert_eq!(json(verified)["status"], "pending");
    assert_problem(verify(&app, &id, &token, &new_code), 409);
}

#[test]
fn opening_the_link_does_not_verify_pressing_its_button_does() {
    let app = spawn_app();
    let (id, token) = filed(&app, "vinterre", "link@example.com");
    let message = app
        .outbox("vinterre")
        .into_iter()
        .find(|m| m["relatedId"] == id.as_str())
        .unwrap();
    let link = message["body"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.contains("/confirm?token="))
        .unwrap()
        .to_owned();
    let path = &link[link.find("/v1/").unwrap()..];
    let page = app.get(path);
    assert_eq!(page.status(), 200);
    assert!(header(&page, "content-security-policy").contains("default-src 'none'"));
    let html = page.into_body().read_to_string().unwrap();
    assert!(html.contains("<form method=\"post\""), "{html}");
    // A mail scanner opening the link twice changes nothing.
    app.get(path);
    assert_eq!(status(&app, &id, &token)["status"], "identity_unverified");

    let token_value = &link[link.find("token=").unwrap() + 6..];
    let confirmed = app.post_raw(
        &format!("/v1/privacy-requests/{id}/confirm"),
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!("token={token_value}"),
    );
    assert_eq!(confirmed.status(), 200);
    assert!(confirmed
        .into_body()
        .read_to_string()
        .unwrap()
        .contains("Confirmed"));
    let now = status(&app, &id, &token);
    assert_eq!(now["status"], "pending");
    assert_eq!(now["history"].as_array().unwrap().len(), 2);
    // A wrong token on another request does nothing.
    let (other, other_token) = filed(&app, "vinterre", "link2@example.com");
    let refused = app.post_raw(
        &format!("/v1/privacy-requests/{other}/confirm"),
        &[("content-type", "application/x-www-form-urlencoded")],
        &format!("token={token_value}"),
    );
    assert!(refused
        .into_body()
        .read_to_string()
        .unwrap()
        .contains("does not work"));
    assert_eq!(
        status(&app, &other, &other_token)["status"],
        "identity_unverified"
    );
}

#[test]
fn the_status_needs_the_token_and_shows_no_personal_data() {
    let app = spawn_app();
    let (id, token) = filed(&app, "vinterre", "private-person@example.com");
    for auth in [None, Some("Bearer st_wrong"), Some("Basic abc")] {
        let mut headers = vec![];
        if let Some(auth) = auth {
            headers.push(("authorization", auth));
        }
        let response = app.get_with(&format!("/v1/privacy-requests/{id}"), &headers);
        assert_problem(response, 401);
    }
    let unknown = app.get_with(
        "/v1/privacy-requests/pr_000000000000000000000000",
        &[("authorization", &bearer(&token))],
    );
    assert_problem(unknown, 401);
    let shown = status(&app, &id, &token);
    let text = shown.to_string();
    assert!(
        !text.contains("private-person") && !text.contains("Ada"),
        "{text}"
    );
    assert_eq!(
        shown["dueBy"],
        due_by(Jurisdiction::Gdpr, RequestKind::Access, today()).to_string()
    );
    assert_eq!(shown["history"][0]["status"], "identity_unverified");
    assert_eq!(shown["history"][0]["actor"], "requester");
}

#[test]
fn an_opt_out_needs_no_verification_and_is_acknowledged_at_once() {
    let app = spawn_app();
    let response = app.file(
        "vinterre",
        json!({ "jurisdiction": "ccpa", "kind": "opt_out_sale_sharing", "email": "optout@example.com" }),
    );
    assert_eq!(response.status(), 202);
    let body = json(response);
    assert_eq!(body["status"], "pending");
    assert_eq!(body["dueBy"], today().add_business_days(15).to_string());
    let id = body["id"].as_str().unwrap();
    let messages: Vec<Value> = app
        .outbox("vinterre")
        .into_iter()
        .filter(|m| m["relatedId"] == id)
        .collect();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["purpose"], "acknowledgement");
    assert!(messages[0]["body"].as_str().unwrap().contains("opting out"));
}

#[test]
fn global_privacy_control_is_recorded() {
    let app = spawn_app();
    let body = json!({
        "jurisdiction": "ccpa", "kind": "opt_out_sale_sharing", "email": "gpc@example.com",
        "name": "G P C", "consent": true, "proof": app.proof("vinterre"),
    });
    let response = app.post(
        "/v1/orgs/vinterre/privacy-requests",
        &[("sec-gpc", "1"), ("cf-connecting-ip", &client_address())],
        &body,
    );
    assert_eq!(response.status(), 202);
    let id = json(response)["id"].as_str().unwrap().to_owned();
    let rows = app.d1(&format!(
        "SELECT gpc FROM privacy_requests WHERE id = '{id}'"
    ));
    assert_eq!(rows[0]["gpc"], 1);
}

#[test]
fn a_bot_filling_the_hidden_field_is_told_yes_and_nothing_is_kept() {
    let app = spawn_app();
    let response = app.file(
        "vinterre",
        json!({ "website": "http://spam.example", "email": "bot@example.com" }),
    );
    assert_eq!(response.status(), 202);
    let id = json(response)["id"].as_str().unwrap().to_owned();
    let rows = app.d1(&format!(
        "SELECT COUNT(*) AS n FROM privacy_requests WHERE id = '{id}'"
    ));
    assert_eq!(rows[0]["n"], 0);
}

#[test]
fn the_database_holds_no_plaintext_personal_data() {
    let app = spawn_app();
    let (email, name, details) = (
        "plaintext-canary@example.com",
        "Canary Plaintextperson",
        "canary-details-7f3a",
    );
    let response = app.file(
        "vinterre",
        json!({ "email": email, "name": name, "details": details }),
    );
    assert_eq!(response.status(), 202);
    let (id, token) = {
        let body = json(response);
        (
            body["id"].as_str().unwrap().to_owned(),
            body["statusToken"].as_str().unwrap().to_owned(),
        )
    };
    let code = app.code_for("vinterre", &id);
    let dir = app.stack.edge.state_dir().join("v3/d1");
    let mut files = 0;
    for entry in walk(&dir) {
        let bytes = std::fs::read(&entry).unwrap();
        files += 1;
        for secret in [email, name, details, token.as_str(), &format!("    {code}")] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} holds {secret:?}",
                entry.display()
            );
        }
    }
    assert!(files >= 1, "no D1 files under {}", dir.display());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn unverified_requests_expire_after_seven_days_and_lose_their_personal_data() {
    let app = spawn_app();
    let (id, token) = filed(&app, "vinterre", "expiring@example.com");
    app.d1(&format!(
        "UPDATE privacy_requests SET received_at = received_at - 8 * 86400 WHERE id = '{id}'"
    ));
    app.run_scheduled();
    let row = &app.d1(&format!(
        "SELECT status, email_sealed, name_sealed, details_sealed, email_hash, erased_at FROM privacy_requests WHERE id = '{id}'"
    ))[0];
    assert_eq!(row["status"], "expired");
    for column in [
        "email_sealed",
        "name_sealed",
        "details_sealed",
        "email_hash",
    ] {
        assert!(row[column].is_null(), "{column} kept: {row}");
    }
    assert!(row["erased_at"].is_i64());
    let shown = status(&app, &id, &token);
    assert_eq!(shown["status"], "expired");
    assert_eq!(
        shown["history"].as_array().unwrap().last().unwrap()["actor"],
        "system"
    );
    let message = app
        .outbox("vinterre")
        .into_iter()
        .find(|m| m["relatedId"] == id.as_str())
        .unwrap();
    assert_eq!(message["body"], Value::Null);
}

#[test]
fn closed_requests_keep_only_their_record_after_the_retention_period() {
    let app = spawn_app();
    // Acme Complete keeps personal data 30 days after closing.
    let (kept, _) = filed(&app, "acme-complete", "recent@example.com");
    let (old, token) = filed(&app, "acme-complete", "old@example.com");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    app.d1(&format!(
        "UPDATE privacy_requests SET status = 'completed', closed_at = {} WHERE id = '{old}';
         UPDATE privacy_requests SET status = 'completed', closed_at = {} WHERE id = '{kept}'",
        now - 31 * 86400,
        now - 29 * 86400
    ));
    app.run_scheduled();
    let rows = app.d1(&format!(
        "SELECT id, kind, jurisdiction, due_by, status, email_sealed, erased_at FROM privacy_requests WHERE id IN ('{old}', '{kept}') ORDER BY id = '{old}'"
    ));
    let (recent, erased) = (&rows[0], &rows[1]);
    assert!(recent["email_sealed"].is_string() && recent["erased_at"].is_null());
    assert!(erased["email_sealed"].is_null() && erased["erased_at"].is_i64());
    for kept_field in ["kind", "jurisdiction", "due_by", "status"] {
        assert!(erased[kept_field].is_string(), "{kept_field} lost");
    }
    assert_eq!(status(&app, &old, &token)["status"], "completed");
}

#[test]
fn failed_e_mail_is_retried_until_the_provider_takes_it() {
    let app = spawn_app();
    let address = format!("fail-twice-{}@example.com", client_address());
    let (id, _) = filed(&app, "vinterre", &address);
    // Delivery is tried right after the request, then by each scheduled run.
    for _ in 0..20 {
        if !app.mail.delivered_to(&address).is_empty() {
            break;
        }
        app.run_scheduled();
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let delivered = app.mail.delivered_to(&address);
    assert_eq!(delivered.len(), 1, "delivered exactly once");
    assert!(app.mail.attempts_for(&address) >= 3);
    assert_eq!(delivered[0]["from"]["name"], "Vinterre");
    assert!(delivered[0]["content"][0]["value"]
        .as_str()
        .unwrap()
        .contains(&id));
    // The stub has the message as soon as the provider is asked; the edge records it as
    // sent once the provider's answer is back, a moment later.
    let sent = || {
        app.outbox("vinterre")
            .into_iter()
            .find(|m| m["relatedId"] == id.as_str())
            .unwrap()
    };
    let mut message = sent();
    for _ in 0..50 {
        if message["status"] != "queued" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        message = sent();
    }
    assert_eq!(message["status"], "sent", "{message}");
    assert_eq!(message["attempts"], 3);
    assert_eq!(message["lastError"], Value::Null);
}

#[test]
fn the_outbox_is_for_the_organisations_tokens_only() {
    let app = spawn_app();
    assert_problem(app.get("/v1/admin/orgs/vinterre/outbox"), 401);
    assert_problem(
        app.get_with(
            "/v1/admin/orgs/vinterre/outbox",
            &[("authorization", "Bearer atk_nope")],
        ),
        401,
    );
}
