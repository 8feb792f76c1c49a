//! The outbox, page by page: newest first, each page continuing where the last ended.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, json, spawn_app, TestApp};

fn page(app: &TestApp, query: &str) -> Value {
    let response = app.get_with(
        &format!("/v1/admin/orgs/vinterre/outbox?{query}"),
        &[(
            "authorization",
            &format!("Bearer {}", app.stack.admin_token.as_str()),
        )],
    );
    assert_eq!(response.status(), 200, "{query}");
    json(response)
}

fn ids(page: &Value) -> Vec<String> {
    page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_outbox_pages_from_newest_to_oldest_without_gaps_or_repeats() {
    let app = spawn_app();
    for i in 0..7 {
        let filed = app.file(
            "vinterre",
            json!({ "email": format!("paging-{i}@example.com") }),
        );
        assert_eq!(filed.status(), 202);
    }
    // Three pages of two, each from the last one's `nextBefore`.
    let mut walked = Vec::new();
    let mut query = "limit=2".to_owned();
    for _ in 0..3 {
        let got = page(&app, &query);
        let these = ids(&got);
        assert_eq!(these.len(), 2);
        walked.extend(these);
        let next = got["nextBefore"].as_str().expect("more pages").to_owned();
        assert_eq!(&next, walked.last().unwrap());
        query = format!("limit=2&before={next}");
    }
    // Other tests add mail as this one runs, but only newer than what was walked: the
    // walk is a stretch of the whole list, in its order.
    let all = ids(&page(&app, "limit=500"));
    let at = all.iter().position(|id| *id == walked[0]).unwrap();
    assert_eq!(all[at..at + walked.len()], walked[..]);
    // The oldest page says it is the last.
    let last = all.last().unwrap();
    let beyond = page(&app, &format!("limit=2&before={last}"));
    assert_eq!(ids(&beyond).len(), 0);
    assert!(beyond["nextBefore"].is_null());
    let token = format!("Bearer {}", app.stack.admin_token.as_str());
    for bad in ["before=msg_zz", "before=", "limit=0"] {
        assert_problem(
            app.get_with(
                &format!("/v1/admin/orgs/vinterre/outbox?{bad}"),
                &[("authorization", &token)],
            ),
            400,
        );
    }
}

/// A delivery run claims the messages it sends in one statement: runs started at the same
/// moment (after each of many responses, and by the Cron Trigger) never send one twice,
/// and none is left behind.
#[test]
fn every_message_goes_out_exactly_once_however_many_runs_deliver_at_once() {
    let app = spawn_app();
    let tag = crate::helpers::client_address().replace('.', "-");
    let addresses: Vec<String> = (0..24)
        .map(|i| format!("once-{tag}-{i}@example.com"))
        .collect();
    std::thread::scope(|threads| {
        for address in &addresses {
            let app = &app;
            threads.spawn(move || {
                let response = app.file("vinterre", json!({ "email": address }));
                assert_eq!(response.status(), 202, "{address}");
            });
        }
        for _ in 0..4 {
            threads.spawn(|| app.run_scheduled());
        }
    });
    for _ in 0..50 {
        if addresses
            .iter()
            .all(|a| !app.mail.delivered_to(a).is_empty())
        {
            break;
        }
        app.run_scheduled();
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // A run that claimed a message and another that sent it would show as two.
    std::thread::sleep(std::time::Duration::from_millis(500));
    app.run_scheduled();
    for address in &addresses {
        assert_eq!(app.mail.delivered_to(address).len(), 1, "{address}");
        assert_eq!(app.mail.attempts_for(address), 1, "{address}");
    }
    let sent = app
        .outbox("vinterre")
        .into_iter()
        .filter(|m| {
            m["to"]
                .as_str()
                .is_some_and(|to| addresses.iter().any(|a| a == to))
        })
        .collect::<Vec<_>>();
    assert_eq!(sent.len(), addresses.len());
    for message in sent {
        assert_eq!(message["status"], "sent", "{message}");
        assert_eq!(message["attempts"], 1, "{message}");
    }
}
