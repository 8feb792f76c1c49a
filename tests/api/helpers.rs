//! The harness: starts the edge once per test binary (workerd on a free port, a fresh
//! state folder, migrations applied, sample organisations seeded) and hands each test a
//! client for it.

use std::sync::OnceLock;
use std::time::Duration;

use attest_demo::{Stack, StackOptions};
use ureq::http::Response;
use ureq::Body;

pub struct TestApp {
    pub stack: &'static Stack,
    pub address: String,
    client: ureq::Agent,
}

/// The running edge, started on first use. It outlives every test: the process exits
/// without dropping statics, and the edge stops when its lifeline closes with the process.
pub fn spawn_app() -> TestApp {
    static STACK: OnceLock<Stack> = OnceLock::new();
    let stack = STACK.get_or_init(|| {
        let state = tempfile_dir();
        Stack::start_on_free_ports(StackOptions {
            edge_port: 0,
            sites_port: 0,
            state_dir: state,
            admin_token: None,
            profile_dirs: vec![
                attest_demo::profiles_dir(),
                attest_demo::repo_root().join("tests/fixtures/profiles"),
            ],
            verbose: false,
            vars: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("cannot start the edge: {e}"))
    });
    let client = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    TestApp {
        address: stack.edge.url(),
        stack,
        client,
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("attest-api-tests-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn get(&self, path: &str) -> Response<Body> {
        self.client
            .get(self.url(path))
            .call()
            .expect("the edge answers")
    }

    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response<Body> {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.call().expect("the edge answers")
    }

    pub fn request(&self, method: &str, path: &str) -> Response<Body> {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path))
            .body(())
            .unwrap();
        self.client.run(request).expect("the edge answers")
    }
}

/// A header's value, or "" when absent.
pub fn header<'a>(response: &'a Response<Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

pub fn json(response: Response<Body>) -> serde_json::Value {
    response.into_body().read_json().expect("the body is JSON")
}

/// Checks that `response` is an RFC 9457 problem with `status`, and returns its body.
pub fn assert_problem(response: Response<Body>, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        header(&response, "content-type"),
        "application/problem+json"
    );
    let body = json(response);
    assert_eq!(body["status"], status);
    for field in ["type", "title", "detail"] {
        assert!(
            body[field].as_str().is_some_and(|s| !s.is_empty()),
            "problem without {field}: {body}"
        );
    }
    body
}
