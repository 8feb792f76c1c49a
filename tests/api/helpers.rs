//! The harness: starts the edge once per test binary (workerd on a free port, a fresh
//! state folder, migrations applied, sample organisations seeded) and hands each test a
//! client for it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use attest_demo::{Stack, StackOptions};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ureq::http::Response;
use ureq::Body;

pub struct TestApp {
    pub stack: &'static Stack,
    pub address: String,
    pub mail: &'static MailStub,
    client: ureq::Agent,
}

/// The test stand-in for SendGrid's v3 API: records what it is sent, and fails the first
/// two attempts for any recipient whose address starts with `fail-twice`.
pub struct MailStub {
    pub url: String,
    received: Arc<Mutex<Vec<Value>>>,
    attempts: Arc<Mutex<Vec<String>>>,
}

pub const SENDGRID_KEY: &str = "test-sendgrid-key";

/// The operator's token in the test stack.
pub const PLATFORM_TOKEN: &str = "ptk_test_0123456789abcdef0123456789abcdef";

impl MailStub {
    fn start() -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}/v3/mail/send", server.server_addr());
        let received = Arc::new(Mutex::new(Vec::new()));
        let attempts = Arc::new(Mutex::new(Vec::new()));
        let (got, tried) = (received.clone(), attempts.clone());
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let authorised = request.headers().iter().any(|h| {
                    h.field.equiv("authorization")
                        && h.value == format!("Bearer {SENDGRID_KEY}").as_str()
                });
                let message: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                let to = message["personalizations"][0]["to"][0]["email"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let earlier = {
                    let mut tried = tried.lock().unwrap();
                    tried.push(to.clone());
                    tried.iter().filter(|t| **t == to).count() - 1
                };
                let status = if !authorised {
                    401
                } else if to.starts_with("fail-twice") && earlier < 2 {
                    503
                } else {
                    got.lock().unwrap().push(message);
                    202
                };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        Self {
            url,
            received,
            attempts,
        }
    }

    /// The messages accepted for `to`.
    pub fn delivered_to(&self, to: &str) -> Vec<Value> {
        let received = self.received.lock().unwrap();
        received
            .iter()
            .filter(|m| m["personalizations"][0]["to"][0]["email"] == to)
            .cloned()
            .collect()
    }

    /// How many times delivery to `to` was tried.
    pub fn attempts_for(&self, to: &str) -> usize {
        self.attempts
            .lock()
            .unwrap()
            .iter()
            .filter(|t| *t == to)
            .count()
    }
}

/// The running edge, started on first use. It outlives every test: the process exits
/// without dropping statics, and the edge stops when its lifeline closes with the process.
pub fn spawn_app() -> TestApp {
    static STACK: OnceLock<Stack> = OnceLock::new();
    static MAIL: OnceLock<MailStub> = OnceLock::new();
    let mail = MAIL.get_or_init(MailStub::start);
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
            vars: vec![
                // Cheap work for the tests; the deployed default is 16 bits.
                ("POW_DIFFICULTY".into(), "8".into()),
                ("SENDGRID_API_KEY".into(), SENDGRID_KEY.into()),
                ("SENDGRID_API_URL".into(), mail.url.clone()),
                // Failed e-mail is due again at once: tests run the sender on demand.
                ("OUTBOX_RETRY_SECONDS".into(), "0".into()),
                ("PLATFORM_TOKEN".into(), PLATFORM_TOKEN.into()),
            ],
            idp_port: 0,
        })
        .unwrap_or_else(|e| panic!("cannot start the edge: {e}"))
    });
    let client = attest_demo::client_config()
        .http_status_as_error(false)
        // A redirect is an answer of its own: the tests look at it, not where it leads.
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    TestApp {
        address: stack.edge.url(),
        stack,
        mail,
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

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> Response<Body> {
        let mut request = self.client.post(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send_json(body).expect("the edge answers")
    }

    pub fn post_raw(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Response<Body> {
        let mut request = self.client.post(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send(body).expect("the edge answers")
    }

    pub fn request_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Response<Body> {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.client
            .run(request.body(()).unwrap())
            .expect("the edge answers")
    }

    /// A solved proof-of-work challenge for `org`.
    pub fn proof(&self, org: &str) -> Value {
        let challenge = json(self.get(&format!("/v1/orgs/{org}/challenge")));
        let salt = challenge["salt"].as_str().unwrap();
        let difficulty = challenge["difficulty"].as_u64().unwrap() as u32;
        let nonce = attest_core::pow::search(salt, difficulty, 0, u64::MAX).unwrap();
        json!({
            "salt": salt,
            "difficulty": difficulty,
            "expires": challenge["expires"],
            "signature": challenge["signature"],
            "nonce": nonce.to_string(),
        })
    }

    /// Files a request for `org` with `fields` over a complete GDPR access request, from
    /// its own client address (the rate limit counts per address).
    pub fn file(&self, org: &str, fields: Value) -> Response<Body> {
        let mut body = json!({
            "jurisdiction": "gdpr",
            "kind": "access",
            "email": "ada@example.com",
            "name": "Ada Lovelace",
            "details": "Everything you hold about me.",
            "consent": true,
            "proof": self.proof(org),
        });
        for (key, value) in fields.as_object().unwrap() {
            body[key] = value.clone();
        }
        self.post(
            &format!("/v1/orgs/{org}/privacy-requests"),
            &[("cf-connecting-ip", &client_address())],
            &body,
        )
    }

    /// The organisation's outbox, through the admin API.
    pub fn outbox(&self, org: &str) -> Vec<Value> {
        let token = format!("Bearer {}", self.stack.admin_token.as_str());
        let response = self.get_with(
            &format!("/v1/admin/orgs/{org}/outbox?limit=500"),
            &[("authorization", &token)],
        );
        assert_eq!(response.status(), 200);
        json(response)["messages"].as_array().unwrap().clone()
    }

    /// The code of the newest verification e-mail about request `id`.
    pub fn code_for(&self, org: &str, id: &str) -> String {
        let message = self
            .outbox(org)
            .into_iter()
            .find(|m| m["relatedId"] == id && m["purpose"] == "verification")
            .expect("a verification e-mail");
        let body = message["body"].as_str().unwrap();
        body.split_whitespace()
            .find(|word| word.len() == 6 && word.bytes().all(|b| b.is_ascii_digit()))
            .expect("a 6-digit code")
            .to_owned()
    }

    /// Runs the Cron Trigger's handler now.
    pub fn run_scheduled(&self) {
        let response = self.get("/__scheduled?cron=*+*+*+*+*");
        assert_eq!(response.status(), 200);
    }

    pub fn d1(&self, sql: &str) -> Vec<Value> {
        self.stack.edge.d1(sql).expect("the local D1 answers")
    }

    pub fn request_json(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Response<Body> {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .header("content-type", "application/json")
            .body(body.to_string())
            .unwrap();
        self.client.run(request).expect("the edge answers")
    }

    /// `method` with `bytes` as the body, as they are.
    pub fn send_bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        bytes: Vec<u8>,
    ) -> Response<Body> {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.client
            .run(request.body(bytes).unwrap())
            .expect("the edge answers")
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

/// A client address no other test uses: each test has its own rate-limit budget.
pub fn client_address() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

/// A value of a field of the Worker's secrets file in the stack's state folder.
pub fn secret(app: &TestApp, name: &str) -> String {
    let path = app.stack.edge.state_dir().join("secrets.env");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}=")).map(str::to_owned))
        .unwrap_or_else(|| panic!("{name} in secrets.env"))
}

/// A token of `org` with only `scopes`, registered directly as an operator would.
pub fn token_with(app: &TestApp, org: &str, scopes: &str) -> String {
    let secret = format!(
        "atk_{}",
        hex_of(&Sha256::digest(format!(
            "{org}{scopes}{:?}",
            std::time::Instant::now()
        )))
    );
    let hash = hex_of(&Sha256::digest(secret.as_bytes()));
    app.d1(&format!(
        "INSERT INTO api_tokens (id, org, name, token_hash, scopes) VALUES ('tok_{}', '{org}', 'limited', '{hash}', '{scopes}')",
        &hash[..12]
    ));
    format!("Bearer {secret}")
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Today in UTC, as the edge counts deadlines.
pub fn today() -> attest_core::Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    attest_core::Date::from_unix_seconds(now as i64)
}
