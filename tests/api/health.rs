use crate::helpers::{header, json, spawn_app};

#[test]
fn healthz_answers_ok() {
    let app = spawn_app();
    let response = app.get("/healthz");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control"), "no-store");
    assert_eq!(json(response), serde_json::json!({ "ok": true }));
}

#[test]
fn the_database_is_migrated_and_seeded() {
    let app = spawn_app();
    let orgs = app
        .stack
        .edge
        // Organisations the token and team tests create (in parallel, on the same
        // edge) are theirs.
        .d1("SELECT slug, name FROM organisations
             WHERE slug NOT LIKE 'org-%' AND slug NOT LIKE 'team-%' ORDER BY slug")
        .unwrap();
    let slugs: Vec<&str> = orgs.iter().map(|r| r["slug"].as_str().unwrap()).collect();
    assert_eq!(
        slugs,
        [
            "acme-complete",
            "cli-publisher",
            "gated",
            "loaded",
            "paged",
            "publisher",
            "rendered",
            "reviewed",
            "subscribed",
            "tallied",
            "vinterre",
            "wintro"
        ],
        "the samples and the test fixtures"
    );

    let versions = app
        .stack
        .edge
        .d1("SELECT org FROM profile_versions WHERE published_by = 'demo seed' ORDER BY org")
        .unwrap();
    assert_eq!(
        versions.len(),
        12,
        "the seed published one version per organisation"
    );
}

#[test]
fn the_admin_token_is_stored_only_as_a_hash() {
    let app = spawn_app();
    let token = app.stack.admin_token.as_str();
    let rows = app
        .stack
        .edge
        .d1("SELECT org, token_hash, scopes FROM api_tokens WHERE name = 'demo operator' ORDER BY org")
        .unwrap();
    assert_eq!(rows.len(), 12, "registered for every seeded organisation");
    for row in rows {
        assert_eq!(row["token_hash"], app.stack.admin_token.sha256_hex());
        assert!(!row.to_string().contains(token), "plaintext token in D1");
        assert_eq!(row["scopes"], "admin");
    }
}

/// A port taken between choosing it and the edge binding it (another process got there
/// first) is reported at once, so the stack retries on new ports without waiting out the
/// edge's two-minute limit.
#[test]
fn an_edge_whose_port_is_taken_says_so_at_once() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let state = scratch_dir();
    let started = std::time::Instant::now();
    let error = match attest_demo::Edge::start(attest_demo::EdgeOptions {
        port,
        state_dir: state.clone(),
        vars: Vec::new(),
    }) {
        Ok(_) => panic!("the edge started on a port another process holds"),
        Err(error) => error,
    };
    let _ = std::fs::remove_dir_all(&state);
    assert!(error.contains("did not start"), "{error}");
    assert!(error.contains("EADDRINUSE"), "{error}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "attest-port-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
