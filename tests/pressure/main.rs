//! Pressure: a thousand requests at once without loss, and the edge when its stores
//! fail. A stack of its own (these tests break tables on purpose), one test at a time.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use helpers::{client_address, header, json, spawn_app, TestApp};

/// The tests here change the stack under each other's feet: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

const ORG: &str = "loaded";
const REQUESTS: usize = 1000;
const IN_FLIGHT: usize = 64;

/// Sends request `i` (its own idempotency key, client address and e-mail address).
fn file(app: &TestApp, agent: &ureq::Agent, i: usize, proof: &Value) -> (u16, bool) {
    let body = json!({
        "jurisdiction": "gdpr",
        "kind": "access",
        "email": format!("load-{i}@example.com"),
        "name": format!("Requester {i}"),
        "consent": true,
        "proof": proof,
    });
    let address = format!("10.200.{}.{}", i / 256, i % 256);
    let response = agent
        .post(app.url(&format!("/v1/orgs/{ORG}/privacy-requests")))
        .header("idempotency-key", &format!("load-{i}"))
        .header("cf-connecting-ip", &address)
        .send_json(&body)
        .expect("the edge answers");
    let replayed = header(&response, "idempotent-replayed") == "true";
    (response.status().as_u16(), replayed)
}

/// Runs `work(i)` for every i in 0..n on `IN_FLIGHT` threads.
fn in_parallel<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..IN_FLIGHT {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let result = work(i);
                results.lock().unwrap()[i] = Some(result);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

fn count(app: &TestApp, sql: &str) -> i64 {
    app.d1(sql)[0]["n"].as_i64().unwrap()
}

#[test]
fn a_thousand_requests_at_once_are_all_stored_once_each_with_its_email() {
    let _turn = turn();
    let app = spawn_app();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    // Proofs solved in advance, as a thousand visitors' browsers would have.
    let proofs = in_parallel(REQUESTS, |_| app.proof(ORG));

    let started = Instant::now();
    let first = in_parallel(REQUESTS, |i| file(&app, &agent, i, &proofs[i]));
    let took = started.elapsed();
    let refused: Vec<(usize, u16)> = first
        .iter()
        .enumerate()
        .filter(|(_, (status, _))| *status != 202)
        .map(|(i, (status, _))| (i, *status))
        .collect();
    if !refused.is_empty() {
        let log = app.stack.edge.log();
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("ERROR") || l.contains("Error"))
            .take(20)
            .collect();
        panic!(
            "{} not accepted: {refused:?}\n{}",
            refused.len(),
            errors.join("\n")
        );
    }
    eprintln!(
        "{REQUESTS} requests, {IN_FLIGHT} in flight: {:.1} s, {:.0} requests/s",
        took.as_secs_f64(),
        REQUESTS as f64 / took.as_secs_f64()
    );
    let stored = |app: &TestApp| {
        count(
            app,
            &format!("SELECT COUNT(*) AS n FROM privacy_requests WHERE org = '{ORG}'"),
        )
    };
    assert_eq!(stored(&app), REQUESTS as i64);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(DISTINCT related_id) AS n FROM outbox WHERE org = '{ORG}' AND purpose = 'verification'
                 AND related_id IN (SELECT id FROM privacy_requests WHERE org = '{ORG}')"
            )
        ),
        REQUESTS as i64,
        "each request has its e-mail"
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE org = '{ORG}' AND purpose = 'verification'"
            )
        ),
        REQUESTS as i64,
        "and only one"
    );

    // The same thousand again, with their keys: answered from the record, nothing new.
    let again = in_parallel(REQUESTS, |i| file(&app, &agent, i, &proofs[i]));
    assert!(again
        .iter()
        .all(|(status, replayed)| *status == 202 && *replayed));
    assert_eq!(stored(&app), REQUESTS as i64);

    let verified = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit/verify"),
        &[(
            "authorization",
            &format!("Bearer {}", app.stack.admin_token.as_str()),
        )],
    ));
    assert_eq!(verified["ok"], true, "{verified}");
    assert!(verified["entries"].as_i64().unwrap() >= REQUESTS as i64);
}

/// Runs `sql` against the stack's D1, to break or mend it.
fn d1(app: &TestApp, sql: &str) {
    app.d1(sql);
}

#[test]
fn when_d1_fails_mid_request_nothing_is_half_written_and_a_retry_succeeds() {
    let _turn = turn();
    let app = spawn_app();
    let before = count(
        &app,
        "SELECT COUNT(*) AS n FROM privacy_requests WHERE org = 'vinterre'",
    );
    let body = json!({
        "jurisdiction": "gdpr", "kind": "erasure", "email": "fault@example.com",
        "name": "Fault Tolerant", "consent": true, "proof": app.proof("vinterre"),
    });
    let send = || {
        app.post(
            "/v1/orgs/vinterre/privacy-requests",
            &[
                ("idempotency-key", "fault-1"),
                ("cf-connecting-ip", &client_address()),
            ],
            &body,
        )
    };
    // The request's first writes would succeed; the outbox's fails: all or nothing.
    d1(&app, "ALTER TABLE outbox RENAME TO outbox_offline");
    let failed = send();
    d1(&app, "ALTER TABLE outbox_offline RENAME TO outbox");
    assert_eq!(failed.status(), 503);
    assert!(header(&failed, "content-type").starts_with("application/problem+json"));
    assert!(header(&failed, "retry-after").parse::<u32>().is_ok());
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM privacy_requests WHERE org = 'vinterre'"
        ),
        before,
        "nothing half-written"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = 'fault-1'"
        ),
        0
    );

    // The client's retry, same key, same body, same proof: accepted once.
    let retried = send();
    assert_eq!(
        retried.status(),
        202,
        "{}",
        retried.into_body().read_to_string().unwrap()
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM privacy_requests WHERE org = 'vinterre'"
        ),
        before + 1
    );
}

#[test]
fn a_lost_kv_snapshot_is_rebuilt_from_d1_and_a_d1_outage_is_a_503() {
    let _turn = turn();
    let app = spawn_app();
    let key = "profile:wintro";
    let original = json(app.get("/v1/orgs/wintro"));
    app.stack.edge.kv_delete(key).unwrap();
    assert!(app.stack.edge.kv_get(key).is_none());
    let served = app.get("/v1/orgs/wintro");
    assert_eq!(served.status(), 200);
    assert_eq!(json(served), original);
    assert!(app.stack.edge.kv_get(key).is_some(), "written back to KV");

    // With KV and D1 both failing, a 503 to retry, not a 500.
    app.stack.edge.kv_delete(key).unwrap();
    d1(
        &app,
        "ALTER TABLE profile_versions RENAME TO profile_versions_offline",
    );
    let down = app.get("/v1/orgs/wintro");
    d1(
        &app,
        "ALTER TABLE profile_versions_offline RENAME TO profile_versions",
    );
    assert_eq!(down.status(), 503);
    assert!(header(&down, "content-type").starts_with("application/problem+json"));
    assert!(!header(&down, "retry-after").is_empty());
    assert_eq!(
        app.get("/v1/orgs/wintro").status(),
        200,
        "and back when D1 is"
    );
}

#[test]
fn with_the_email_provider_down_mail_waits_and_goes_out_once_when_it_is_back() {
    let _turn = turn();
    let app = spawn_app();
    // The stand-in refuses the first two attempts for these addresses.
    let to = "fail-twice-pressure@example.com";
    let filed = app.file("vinterre", json!({ "email": to }));
    assert_eq!(filed.status(), 202);
    // The sender works through the outbox in batches (a load test may have filled it).
    for _ in 0..100 {
        app.run_scheduled();
        if !app.mail.delivered_to(to).is_empty() {
            break;
        }
    }
    app.run_scheduled();
    assert_eq!(app.mail.delivered_to(to).len(), 1, "delivered once");
    assert_eq!(app.mail.attempts_for(to), 3, "after two refusals");
}
