//! The demo's identity provider: `oidc-provider` (npm, OpenID Certified) on loopback,
//! run by `demo/idp/provider.mjs`, with the demo members below. Each sample organisation
//! signs its team in through it, one with RS256 ID tokens and one with ES256.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::repo_root;

/// A person who signs in at the demo provider.
#[derive(Debug, Clone)]
pub struct DemoMember {
    pub org: &'static str,
    pub role: &'static str,
    pub email: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    /// The provider says the address is verified (one demo person it does not).
    pub verified: bool,
    /// A member of `org` (the others exist at the provider only).
    pub member: bool,
}

const fn member(
    org: &'static str,
    role: &'static str,
    email: &'static str,
    name: &'static str,
    password: &'static str,
) -> DemoMember {
    DemoMember {
        org,
        role,
        email,
        name,
        password,
        verified: true,
        member: true,
    }
}

/// The demo's team, one per role at Vinterre and two at Wintro, and two the provider
/// knows but no organisation admits.
pub const DEMO_MEMBERS: &[DemoMember] = &[
    member(
        "vinterre",
        "owner",
        "olivia.owner@vinterre.example",
        "Olivia Strand",
        "demo-owner",
    ),
    member(
        "vinterre",
        "admin",
        "adam.admin@vinterre.example",
        "Adam Berg",
        "demo-admin",
    ),
    member(
        "vinterre",
        "privacy",
        "petra.privacy@vinterre.example",
        "Petra Lind",
        "demo-privacy",
    ),
    member(
        "vinterre",
        "security",
        "sam.security@vinterre.example",
        "Sam Holm",
        "demo-security",
    ),
    member(
        "vinterre",
        "editor",
        "eda.editor@vinterre.example",
        "Eda Nyberg",
        "demo-editor",
    ),
    member(
        "vinterre",
        "viewer",
        "vic.viewer@vinterre.example",
        "Vic Ek",
        "demo-viewer",
    ),
    member(
        "wintro",
        "owner",
        "willa.owner@wintro.example",
        "Willa Moss",
        "demo-owner",
    ),
    member(
        "wintro",
        "privacy",
        "pim.privacy@wintro.example",
        "Pim Vos",
        "demo-privacy",
    ),
    DemoMember {
        org: "vinterre",
        role: "viewer",
        email: "una.unverified@vinterre.example",
        name: "Una Unverified",
        password: "demo-unverified",
        verified: false,
        member: true,
    },
    DemoMember {
        org: "vinterre",
        role: "viewer",
        email: "otto.outsider@elsewhere.example",
        name: "Otto Outsider",
        password: "demo-outsider",
        verified: true,
        member: false,
    },
];

/// Each sample organisation's client at the provider: id, secret, ID token algorithm.
pub const DEMO_CLIENTS: &[(&str, &str, &str, &str)] = &[
    (
        "vinterre",
        "attest-vinterre",
        "demo-secret-vinterre",
        "RS256",
    ),
    ("wintro", "attest-wintro", "demo-secret-wintro", "ES256"),
];

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The provider, running; it stops when this is dropped (its stdin closes).
pub struct Idp {
    child: Child,
    lifeline: Option<ChildStdin>,
    pub issuer: String,
}

impl Idp {
    /// Starts the provider on `port` (0: a free one), for an edge at `edge`.
    pub fn start(state_dir: &Path, edge: &str, port: u16) -> Result<Self, String> {
        let config = json!({
            "clients": DEMO_CLIENTS.iter().map(|(org, id, secret, alg)| json!({
                "client_id": id,
                "client_secret": secret,
                "client_name": format!("Attest for {}", capitalised(org)),
                // The edge answers at 127.0.0.1 and at localhost (passkeys need a name).
                "redirect_uris": [
                    format!("{edge}/v1/auth/sso/callback"),
                    format!("{}/v1/auth/sso/callback", edge.replace("127.0.0.1", "localhost")),
                ],
                "alg": alg,
            })).collect::<Vec<_>>(),
            "users": DEMO_MEMBERS.iter().enumerate().map(|(i, m)| json!({
                "sub": format!("demo-{i:02}"),
                "email": m.email,
                "email_verified": m.verified,
                "name": m.name,
                "password": m.password,
            })).collect::<Vec<_>>(),
        });
        let path = state_dir.join("idp.json");
        std::fs::write(&path, config.to_string())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let log = state_dir.join("idp.log");
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut child = Command::new("node")
            .arg(repo_root().join("demo/idp/provider.mjs"))
            .arg("--config")
            .arg(&path)
            .arg("--port")
            .arg(port.to_string())
            .current_dir(repo_root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start the identity provider (node): {e}"))?;
        let lifeline = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let (ready, wait) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(json) = line.strip_prefix("IDP_READY ") {
                    let _ = ready.send(json.to_owned());
                }
            }
        });
        let line = wait.recv_timeout(Duration::from_secs(30)).map_err(|_| {
            format!(
                "the identity provider did not start:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            )
        })?;
        let ready: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("IDP_READY {line}: {e}"))?;
        let issuer = ready["issuer"].as_str().unwrap_or_default().to_owned();
        Ok(Self {
            child,
            lifeline,
            issuer,
        })
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        self.lifeline.take();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The statements that make the demo members people and members (the operator's
/// set-up), for the organisations among `orgs`.
pub fn members_sql(orgs: &[String], now: i64) -> Vec<String> {
    let mut sql = Vec::new();
    for (i, m) in DEMO_MEMBERS.iter().enumerate() {
        if !m.member || !orgs.iter().any(|o| o == m.org) {
            continue;
        }
        let id = format!("per_demo{i:02}");
        sql.push(format!(
            "INSERT INTO people (id, email, name, created_at) VALUES ('{id}', '{}', '{}', {now}) ON CONFLICT DO NOTHING",
            m.email, m.name
        ));
        sql.push(format!(
            "INSERT INTO memberships (org, person_id, role, joined_at) VALUES ('{}', '{id}', '{}', {now}) ON CONFLICT DO NOTHING",
            m.org, m.role
        ));
    }
    sql
}
