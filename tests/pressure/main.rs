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

/// What came back for one request: enough to say why, when it is not what was expected.
#[derive(Debug)]
#[allow(dead_code)]
struct Answer {
    i: usize,
    status: u16,
    replayed: bool,
    retry_after: String,
    request_id: String,
    detail: String,
}

/// Sends request `i` (its own idempotency key, client address and e-mail address).
fn file(app: &TestApp, agent: &ureq::Agent, i: usize, proof: &Value) -> Answer {
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
    let status = response.status().as_u16();
    let replayed = header(&response, "idempotent-replayed") == "true";
    let retry_after = header(&response, "retry-after").to_owned();
    let request_id = header(&response, "x-request-id").to_owned();
    let detail = if status == 202 {
        String::new()
    } else {
        // A problem's detail, or whatever else answered (a proxy's text, an HTML page).
        let text = response.into_body().read_to_string().unwrap_or_default();
        match serde_json::from_str::<Value>(&text) {
            Ok(problem) if problem["detail"].is_string() => {
                problem["detail"].as_str().unwrap_or_default().to_owned()
            }
            _ => text.chars().take(300).collect(),
        }
    };
    Answer {
        i,
        status,
        replayed,
        retry_after,
        request_id,
        detail,
    }
}

/// The answers that are not `wanted`, with the edge's errors, for a failing assertion.
fn unexpected(app: &TestApp, answers: &[Answer], wanted: impl Fn(&Answer) -> bool) -> String {
    let odd: Vec<&Answer> = answers.iter().filter(|a| !wanted(a)).collect();
    if odd.is_empty() {
        return String::new();
    }
    let log = app.stack.edge.log();
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("Error") || l.contains("error"))
        .take(20)
        .collect();
    format!(
        "{} of {}: {:#?}\nthe edge logged:\n{}",
        odd.len(),
        answers.len(),
        odd.iter().take(10).collect::<Vec<_>>(),
        errors.join("\n")
    )
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

/// A client that reads every answer, refusals included, and waits up to a minute.
fn agent() -> ureq::Agent {
    attest_demo::client_config()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn count(app: &TestApp, sql: &str) -> i64 {
    app.d1(sql)[0]["n"].as_i64().unwrap()
}

#[test]
fn a_thousand_requests_at_once_are_all_stored_once_each_with_its_email() {
    let _turn = turn();
    let app = spawn_app();
    let agent = agent();
    // Other tests file for the same organisation on this stack: count what this one adds.
    let stored = |app: &TestApp| {
        count(
            app,
            &format!("SELECT COUNT(*) AS n FROM privacy_requests WHERE org = '{ORG}'"),
        )
    };
    let with_mail = |app: &TestApp| {
        count(
            app,
            &format!(
                "SELECT COUNT(DISTINCT related_id) AS n FROM outbox WHERE org = '{ORG}' AND purpose = 'verification'
                 AND related_id IN (SELECT id FROM privacy_requests WHERE org = '{ORG}')"
            ),
        )
    };
    let mail = |app: &TestApp| {
        count(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE org = '{ORG}' AND purpose = 'verification'"
            ),
        )
    };
    let before = (stored(&app), with_mail(&app), mail(&app));
    let memory_before = app.stack.edge.wasm_memory().unwrap();
    // Proofs solved in advance, as a thousand visitors' browsers would have.
    let proofs = in_parallel(REQUESTS, |_| app.proof(ORG));

    let started = Instant::now();
    let first = in_parallel(REQUESTS, |i| file(&app, &agent, i, &proofs[i]));
    let took = started.elapsed();
    let refused = unexpected(&app, &first, |a| a.status == 202 && !a.replayed);
    assert!(refused.is_empty(), "not accepted: {refused}");
    eprintln!(
        "{REQUESTS} requests, {IN_FLIGHT} in flight: {:.1} s, {:.0} requests/s",
        took.as_secs_f64(),
        REQUESTS as f64 / took.as_secs_f64()
    );
    assert_eq!(stored(&app) - before.0, REQUESTS as i64);
    assert_eq!(
        with_mail(&app) - before.1,
        REQUESTS as i64,
        "each request has its e-mail"
    );
    assert_eq!(mail(&app) - before.2, REQUESTS as i64, "and only one");

    // The same thousand again, with their keys: answered from the record, nothing new.
    let again = in_parallel(REQUESTS, |i| file(&app, &agent, i, &proofs[i]));
    let not_replayed = unexpected(&app, &again, |a| a.status == 202 && a.replayed);
    assert!(not_replayed.is_empty(), "not replayed: {not_replayed}");
    assert_eq!(stored(&app) - before.0, REQUESTS as i64);

    let verified = json(app.get_with(
        &format!("/v1/admin/orgs/{ORG}/audit/verify"),
        &[(
            "authorization",
            &format!("Bearer {}", app.stack.admin_token.as_str()),
        )],
    ));
    assert_eq!(verified["ok"], true, "{verified}");
    assert!(verified["entries"].as_i64().unwrap() >= REQUESTS as i64);

    // What the crowd leaves in the Worker's memory (an isolate has 128 MB, and WebAssembly
    // memory never shrinks): room for the requests in flight, nothing kept per request.
    let memory_after = app.stack.edge.wasm_memory().unwrap();
    eprintln!("WebAssembly memory: {memory_before} B before, {memory_after} B after");
    assert!(
        memory_after.saturating_sub(memory_before) < 8 << 20 && memory_after < 32 << 20,
        "the crowd took the Worker's memory from {memory_before} B to {memory_after} B"
    );
}

/// Forms filed at the same moment go to D1 together (a group commit), so a request that
/// fails must fail alone: here every tenth request reuses the proof of work of the one
/// before it, with its own key and address, in a crowd of 64 in flight.
#[test]
fn a_proof_used_twice_in_a_crowd_fails_only_its_second_use() {
    let _turn = turn();
    let app = spawn_app();
    let agent = agent();
    const CROWD: usize = 300;
    let offset = 10_000;
    let before = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM privacy_requests WHERE org = '{ORG}'"),
    );
    let mail = |app: &TestApp| {
        count(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE org = '{ORG}' AND purpose = 'verification'"
            ),
        )
    };
    let mail_before = mail(&app);
    let mut proofs = in_parallel(CROWD, |_| app.proof(ORG));
    for i in (10..CROWD).step_by(10) {
        proofs[i] = proofs[i - 1].clone();
    }
    let answers = in_parallel(CROWD, |i| file(&app, &agent, offset + i, &proofs[i]));
    let reused = |i: usize| i.is_multiple_of(10) && i > 0;
    // Of each pair that shares a proof, exactly one is filed and the other is told why.
    for i in (10..CROWD).step_by(10) {
        let pair = [&answers[i - 1], &answers[i]];
        let filed = pair.iter().filter(|a| a.status == 202).count();
        let refused = pair
            .iter()
            .filter(|a| a.status == 400 && a.detail.contains("proof"))
            .count();
        assert_eq!((filed, refused), (1, 1), "{pair:#?}");
    }
    let others = unexpected(&app, &answers, |a| {
        let i = a.i - offset;
        reused(i) || reused(i + 1) || (a.status == 202 && !a.replayed)
    });
    assert!(
        others.is_empty(),
        "a request that shared no proof failed: {others}"
    );
    let pairs = (CROWD - 1) / 10;
    let stored = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM privacy_requests WHERE org = '{ORG}'"),
    ) - before;
    assert_eq!(
        stored,
        (CROWD - pairs) as i64,
        "each accepted request stored once"
    );
    assert_eq!(mail(&app) - mail_before, stored, "each with one e-mail");
    // And no key of a refused request was kept: its retry with a fresh proof is filed.
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status == 400).collect();
    assert_eq!(refused.len(), pairs);
    let retried = file(&app, &agent, refused[0].i, &app.proof(ORG));
    assert_eq!(
        (retried.status, retried.replayed),
        (202, false),
        "{retried:#?}"
    );
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

/// Every table a privacy request's one batch writes, in the batch's order.
const WRITTEN: [&str; 7] = [
    "used_challenges",
    "idempotency_keys",
    "privacy_requests",
    "request_events",
    "verifications",
    "outbox",
    "audit_journal",
];

/// What a request with this key and proof left in every table its batch writes (the
/// requests of the last ten minutes stand for it).
fn traces(app: &TestApp, key: &str, salt: &str) -> Vec<i64> {
    let ids = "SELECT id FROM privacy_requests WHERE org = 'vinterre' AND received_at >= strftime('%s','now') - 600";
    let row = &app.d1(&format!(
        "SELECT
           (SELECT COUNT(*) FROM idempotency_keys WHERE key = '{key}') AS keys,
           (SELECT COUNT(*) FROM used_challenges WHERE salt = '{salt}') AS spent,
           (SELECT COUNT(*) FROM privacy_requests WHERE org = 'vinterre') AS requests,
           (SELECT COUNT(*) FROM request_events WHERE request_id IN ({ids})) AS events,
           (SELECT COUNT(*) FROM verifications WHERE request_id IN ({ids})) AS verifications,
           (SELECT COUNT(*) FROM outbox WHERE org = 'vinterre' AND related_id IN ({ids})) AS mail,
           (SELECT COUNT(*) FROM audit_journal WHERE org = 'vinterre' AND target IN ({ids})) AS journal"
    ))[0];
    [
        "keys",
        "spent",
        "requests",
        "events",
        "verifications",
        "mail",
        "journal",
    ]
    .iter()
    .map(|column| row[*column].as_i64().unwrap())
    .collect()
}

#[test]
fn d1_failing_at_any_step_of_a_form_writes_nothing_and_the_retry_is_filed_once() {
    let _turn = turn();
    let app = spawn_app();
    for (step, table) in WRITTEN.iter().enumerate() {
        let key = format!("step-{step}");
        let proof = app.proof("vinterre");
        let salt = proof["salt"].as_str().unwrap().to_owned();
        let body = json!({
            "jurisdiction": "gdpr", "kind": "access", "email": format!("step-{step}@example.com"),
            "name": "Step By Step", "consent": true, "proof": proof,
        });
        let address = client_address();
        let send = || {
            app.post(
                "/v1/orgs/vinterre/privacy-requests",
                &[("idempotency-key", &key), ("cf-connecting-ip", &address)],
                &body,
            )
        };
        let before = traces(&app, &key, &salt);
        d1(
            &app,
            &format!("ALTER TABLE {table} RENAME TO {table}_offline"),
        );
        let failed = send();
        d1(
            &app,
            &format!("ALTER TABLE {table}_offline RENAME TO {table}"),
        );
        let status = failed.status().as_u16();
        let kind = header(&failed, "content-type").to_owned();
        let retry = header(&failed, "retry-after").to_owned();
        let request_id = header(&failed, "x-request-id").to_owned();
        let detail = failed.into_body().read_to_string().unwrap_or_default();
        assert!(
            status == 503 && kind.starts_with("application/problem+json") && !retry.is_empty() && !request_id.is_empty(),
            "with {table} failing: {status} {kind} retry-after {retry:?} request {request_id:?}: {detail}"
        );
        assert_eq!(
            traces(&app, &key, &salt),
            before,
            "with {table} failing, nothing is written (idempotency key, spent proof, request, events, verification, outbox, audit journal)"
        );

        let retried = send();
        let status = retried.status().as_u16();
        let replayed = header(&retried, "idempotent-replayed").to_owned();
        assert_eq!(
            (status, replayed.as_str()),
            (202, ""),
            "after {table} is back, the retry is filed: {}",
            retried.into_body().read_to_string().unwrap_or_default()
        );
        let again = send();
        assert_eq!(
            (
                again.status().as_u16(),
                header(&again, "idempotent-replayed")
            ),
            (202, "true"),
            "and a replay is answered from the record"
        );
        let after = traces(&app, &key, &salt);
        assert_eq!(after[0], before[0] + 1, "one key");
        assert_eq!(after[1], before[1] + 1, "one spent proof");
        assert_eq!(after[2], before[2] + 1, "one request");
    }
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
