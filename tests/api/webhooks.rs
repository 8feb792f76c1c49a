//! Webhooks: registered, called with a signature the receiver can check, retried.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{assert_problem, json, spawn_app};

/// Calls received: the event, the signature header, the body.
type Calls = Arc<Mutex<Vec<(String, String, String)>>>;

/// A receiver that fails its first call, then records what it is sent.
fn receiver() -> (String, Calls) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}/attest", server.server_addr());
    let received = Arc::new(Mutex::new(Vec::new()));
    let got = received.clone();
    std::thread::spawn(move || {
        let mut calls = 0;
        for mut request in server.incoming_requests() {
            calls += 1;
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let header = |name: &'static str| {
                request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv(name))
                    .map(|h| h.value.to_string())
                    .unwrap_or_default()
            };
            let (event, signature) = (header("attest-event"), header("attest-signature"));
            let status = if calls == 1 { 500 } else { 200 };
            if status == 200 {
                got.lock().unwrap().push((event, signature, body));
            }
            let _ = request.respond(tiny_http::Response::empty(status));
        }
    });
    (url, received)
}

#[test]
fn a_published_profile_is_announced_signed_and_retried_until_received() {
    let app = spawn_app();
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    let (url, received) = receiver();
    let hooks = "/v1/admin/orgs/cli-publisher/webhooks";
    let refused = app.post(
        hooks,
        &[("authorization", &token)],
        &json!({ "url": "http://hooks.example/x", "events": ["profile.published"] }),
    );
    assert_eq!(assert_problem(refused, 400)["errors"][0]["field"], "url");
    let unknown = app.post(
        hooks,
        &[("authorization", &token)],
        &json!({ "url": url, "events": ["everything"] }),
    );
    assert_eq!(assert_problem(unknown, 400)["errors"][0]["field"], "events");
    let created = app.post(
        hooks,
        &[("authorization", &token)],
        &json!({ "url": url, "events": ["profile.published"] }),
    );
    assert_eq!(created.status(), 201);
    let created = json(created);
    let (id, secret) = (
        created["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    );
    let listed = json(app.get_with(hooks, &[("authorization", &token)]));
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown once"
    );

    // Publish a change: the call fails once, then a scheduled run delivers it.
    let read = app.get_with(
        "/v1/admin/orgs/cli-publisher/profile",
        &[("authorization", &token)],
    );
    let etag = crate::helpers::header(&read, "etag").to_owned();
    let mut profile = json(read);
    profile["tagline"] = json!(format!("Announced {}", crate::helpers::client_address()));
    let saved = app.request_json(
        "PUT",
        "/v1/admin/orgs/cli-publisher/profile",
        &[("authorization", &token), ("if-match", &etag)],
        &profile,
    );
    assert_eq!(saved.status(), 200);
    let published = json(app.post(
        "/v1/admin/orgs/cli-publisher/profile/publish",
        &[("authorization", &token)],
        &json!({}),
    ));
    for _ in 0..30 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        app.run_scheduled();
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let calls = received.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "delivered once");
    let (event, signature, body) = &calls[0];
    assert_eq!(event, "profile.published");
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["type"], "profile.published");
    assert_eq!(payload["data"]["version"], published["version"]);

    // The receiver checks the signature with the secret it was given.
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .expect("t=…,v1=…");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v1, expected);

    let deliveries = json(app.get_with(
        &format!("{hooks}/{id}/deliveries"),
        &[("authorization", &token)],
    ));
    let call = &deliveries["deliveries"][0];
    assert_eq!(call["status"], "sent");
    assert_eq!(call["attempts"], 2);
    let first = call["id"].as_str().unwrap().to_owned();

    // The receiver lost it: sent again on request, as a new delivery with its own attempts.
    let redeliver = format!("{hooks}/{id}/redeliver");
    let unknown = app.post(
        &redeliver,
        &[("authorization", &token)],
        &json!({ "delivery": "msg_000000000000000000000000" }),
    );
    assert_problem(unknown, 404);
    let missing = app.post(&redeliver, &[("authorization", &token)], &json!({}));
    assert_eq!(
        assert_problem(missing, 400)["errors"][0]["field"],
        "delivery"
    );
    let again = app.post(
        &redeliver,
        &[("authorization", &token)],
        &json!({ "delivery": first }),
    );
    assert_eq!(again.status(), 201);
    let again = json(again);
    assert_eq!(again["of"], first.as_str());
    let second = again["delivery"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    for _ in 0..30 {
        if received.lock().unwrap().len() >= 2 {
            break;
        }
        app.run_scheduled();
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let calls = received.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "delivered again, once");
    assert_eq!(calls[1].2, calls[0].2, "the same payload");
    assert_eq!(calls[1].0, "profile.published");
    let deliveries = json(app.get_with(
        &format!("{hooks}/{id}/deliveries"),
        &[("authorization", &token)],
    ));
    let listed: Vec<(&str, &str, i64)> = deliveries["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["status"].as_str().unwrap(),
                d["attempts"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(listed.contains(&(first.as_str(), "sent", 2)), "{listed:?}");
    assert!(listed.contains(&(second.as_str(), "sent", 1)), "{listed:?}");
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/cli-publisher/audit?action=webhook.redelivered&target={id}"),
        &[("authorization", &token)],
    ));
    assert_eq!(audit["entries"][0]["after"]["of"], first.as_str());

    let removed = app.request_with(
        "DELETE",
        &format!("{hooks}/{id}"),
        &[("authorization", &token)],
    );
    assert_eq!(removed.status(), 204);
}
