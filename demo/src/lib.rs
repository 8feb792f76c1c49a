//! Starts Attest on one machine: the edge in workerd (`wrangler dev`) over a local D1/KV
//! state folder that it migrates and seeds, and the sample customer sites on a second
//! origin. `make demo` runs it in the foreground; the end-to-end tests start their own.

mod edge;
pub mod idp;
pub mod publish;
mod seed;
mod sites;

use std::net::TcpListener;
use std::path::{Path, PathBuf};

pub use edge::{Edge, EdgeOptions};

pub use seed::{AdminToken, SeedError};
pub use sites::Sites;

/// The repository root, where `node_modules`, `edge/` and `demo/` are.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("demo/ is inside the repository")
        .to_path_buf()
}

/// The sample organisations' profile files.
pub fn profiles_dir() -> PathBuf {
    repo_root().join("demo/profiles")
}

/// An HTTP client's settings for the local edge. workerd closes a keep-alive connection
/// after 5 s idle, so a pooled connection is not used again after 3 s: a request written
/// on a connection at the moment the server closes it would be lost (for a POST, with no
/// way to know whether it arrived).
pub fn client_config() -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
    ureq::Agent::config_builder().max_idle_age(std::time::Duration::from_secs(3))
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Everything the demo runs, started and ready; dropping it stops all of it.
pub struct Stack {
    pub edge: Edge,
    pub sites: Sites,
    pub admin_token: AdminToken,
    /// The identity provider the sample organisations' teams sign in through.
    pub idp: idp::Idp,
}

/// Where the stack listens and keeps its state.
#[derive(Debug, Clone)]
pub struct StackOptions {
    pub edge_port: u16,
    pub sites_port: u16,
    pub state_dir: PathBuf,
    /// Registered for every seeded organisation; a fresh one is generated when absent.
    pub admin_token: Option<String>,
    /// Folders of profile files to seed (`*.toml`); the sample organisations when empty.
    pub profile_dirs: Vec<PathBuf>,
    /// Prints progress lines to stderr while starting.
    pub verbose: bool,
    /// Variables for the Worker (`POW_DIFFICULTY`, `SENDGRID_API_URL`…).
    pub vars: Vec<(String, String)>,
    /// Where the identity provider listens; 0: a free port.
    pub idp_port: u16,
}

impl Stack {
    /// Starts on free ports chosen now. A port found free can be taken by another process
    /// before the edge binds it, so a start that fails is tried again on new ports, in a
    /// state folder emptied first (for a fresh stack only: the tests, `--ephemeral`).
    pub fn start_on_free_ports(mut options: StackOptions) -> Result<Self, String> {
        let mut last_error = String::new();
        for _ in 0..3 {
            options.edge_port = free_port().map_err(|e| e.to_string())?;
            options.sites_port = free_port().map_err(|e| e.to_string())?;
            match Self::start(options.clone()) {
                Ok(stack) => return Ok(stack),
                Err(error) => {
                    eprintln!("attest: the stack did not start ({error}); trying new ports");
                    last_error = error;
                    // A fresh state folder: what the failed start seeded must not be seeded twice.
                    let _ = std::fs::remove_dir_all(&options.state_dir);
                }
            }
        }
        Err(last_error)
    }

    pub fn start(options: StackOptions) -> Result<Self, String> {
        let say = |line: &str| {
            if options.verbose {
                eprintln!("attest: {line}");
            }
        };
        std::fs::create_dir_all(&options.state_dir)
            .map_err(|e| format!("cannot create {}: {e}", options.state_dir.display()))?;
        let mut vars = options.vars.clone();
        // Where the Cron Trigger's reminders link to (a request has no origin of its own).
        if !vars.iter().any(|(k, _)| k == "PUBLIC_ORIGIN") {
            vars.push((
                "PUBLIC_ORIGIN".into(),
                format!("http://localhost:{}", options.edge_port),
            ));
        }
        let edge_options = EdgeOptions {
            port: options.edge_port,
            state_dir: options.state_dir.clone(),
            vars,
        };
        say("applying database migrations…");
        let fresh = edge::migrate(&edge_options)?;
        say("starting the edge in workerd…");
        let edge = Edge::start(edge_options)?;
        say("seeding the sample organisations…");
        let profile_dirs = if options.profile_dirs.is_empty() {
            vec![profiles_dir()]
        } else {
            options.profile_dirs.clone()
        };
        let site_origins = [
            format!("http://127.0.0.1:{}", options.sites_port),
            format!("http://localhost:{}", options.sites_port),
        ];
        let admin_token = seed::seed(
            &edge,
            &profile_dirs,
            options.admin_token.clone(),
            &site_origins,
            fresh,
        )
        .map_err(|e| e.to_string())?;
        say("starting the identity provider (oidc-provider) and the sample teams…");
        let idp = idp::Idp::start(&options.state_dir, &edge.url(), options.idp_port)?;
        team(&edge, &options, &admin_token, &idp)?;
        say("uploading the sample organisations' document files…");
        document_files(&edge, &admin_token)?;
        say("serving the sample customer sites…");
        let sites = Sites::start(
            options.sites_port,
            repo_root().join("demo/sites"),
            edge.url(),
        )?;
        Ok(Self {
            edge,
            sites,
            admin_token,
            idp,
        })
    }
}

/// A file for each gated document of the sample organisations that has none yet (a plain
/// PDF with the document's title on every page), so that approving a request for it
/// hands out a stamped copy. Uploaded through the admin API, as a team would.
fn document_files(edge: &Edge, admin_token: &AdminToken) -> Result<(), String> {
    let agent: ureq::Agent = client_config()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into();
    let bearer = format!("Bearer {}", admin_token.as_str());
    let profiles = seed::read_profiles(&profiles_dir()).map_err(|e| e.to_string())?;
    for profile in profiles {
        let org = profile.org.as_str();
        let listed: serde_json::Value = agent
            .get(format!("{}/v1/admin/orgs/{org}/documents", edge.url()))
            .header("authorization", &bearer)
            .call()
            .map_err(|e| format!("documents of {org}: {e}"))?
            .into_body()
            .read_json()
            .map_err(|e| format!("documents of {org}: {e}"))?;
        let missing = listed["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["file"].is_null() && d["access"] != "public");
        for document in missing {
            let (id, title) = (
                document["id"].as_str().unwrap_or_default(),
                document["title"].as_str().unwrap_or_default(),
            );
            let pdf = attest_core::pdf::sample(&format!("{}: {title}", profile.name), 4);
            let response = agent
                .put(format!(
                    "{}/v1/admin/orgs/{org}/documents/{id}/file",
                    edge.url()
                ))
                .header("authorization", &bearer)
                .header("content-type", "application/pdf")
                .send(&pdf[..])
                .map_err(|e| format!("uploading {org}/{id}: {e}"))?;
            if response.status().as_u16() != 201 {
                return Err(format!(
                    "uploading {org}/{id}: {}",
                    response.into_body().read_to_string().unwrap_or_default()
                ));
            }
        }
    }
    Ok(())
}

/// The sample organisations' teams: the demo members, and single sign-on through the
/// demo provider, which each organisation's owner sets through the admin API, signed in
/// with an e-mail link as an owner would be (the sign-in settings are an owner's alone).
fn team(
    edge: &Edge,
    options: &StackOptions,
    admin_token: &AdminToken,
    idp: &idp::Idp,
) -> Result<(), String> {
    let orgs: Vec<String> = edge
        .d1("SELECT slug FROM organisations")?
        .into_iter()
        .filter_map(|row| row["slug"].as_str().map(str::to_owned))
        .collect();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    for statement in idp::members_sql(&orgs, now) {
        edge.d1(&statement)?;
    }
    let platform = platform_token(options)?;
    let agent: ureq::Agent = client_config()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let call =
        |method: &str, path: &str, headers: &[(&str, &str)], body: Option<serde_json::Value>| {
            let mut request = ureq::http::Request::builder()
                .method(method)
                .uri(format!("{}{path}", edge.url()))
                .header("content-type", "application/json");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let request = request
                .body(body.map(|b| b.to_string()).unwrap_or_default())
                .map_err(|e| e.to_string())?;
            let mut response = agent
                .run(request)
                .map_err(|e| format!("{method} {path}: {e}"))?;
            let status = response.status().as_u16();
            let cookie = response
                .headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(';').next().unwrap_or_default().to_owned());
            let text = response.body_mut().read_to_string().unwrap_or_default();
            if !(200..300).contains(&status) {
                return Err(format!("{method} {path}: {status} {text}"));
            }
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            Ok((json, cookie))
        };
    for (org, client_id, secret, _) in idp::DEMO_CLIENTS {
        let Some(owner) = idp::DEMO_MEMBERS
            .iter()
            .find(|m| m.org == *org && m.role == "owner")
        else {
            continue;
        };
        if !orgs.iter().any(|o| o == org) {
            continue;
        }
        // Set already, to this provider (a restart of the demo): nothing to do.
        let (current, _) = call(
            "GET",
            &format!("/v1/admin/orgs/{org}/sign-in"),
            &[("authorization", &format!("Bearer {}", admin_token.as_str()))],
            None,
        )?;
        if current["sso"]["issuer"] == idp.issuer.as_str()
            && current["sso"]["clientId"] == *client_id
        {
            continue;
        }
        let platform_header = format!("Bearer {platform}");
        call(
            "POST",
            "/v1/auth/email-link",
            &[],
            Some(serde_json::json!({ "email": owner.email })),
        )?;
        let (outbox, _) = call(
            "GET",
            "/v1/admin/outbox?limit=20",
            &[("authorization", &platform_header)],
            None,
        )?;
        let link = outbox["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["to"] == owner.email && m["purpose"] == "sign_in_link")
            .find_map(|m| {
                let body = m["body"].as_str()?;
                let start = body.find("?link=")? + "?link=".len();
                body[start..].split_whitespace().next().map(str::to_owned)
            })
            .ok_or_else(|| format!("no sign-in link for {}", owner.email))?;
        let (signed_in, cookie) = call(
            "POST",
            "/v1/auth/email-link/sign-in",
            &[],
            Some(serde_json::json!({ "token": link })),
        )?;
        let cookie = cookie.ok_or("the sign-in set no cookie")?;
        let csrf = signed_in["csrfToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let origin = edge.url();
        let as_owner = [
            ("cookie", cookie.as_str()),
            ("origin", origin.as_str()),
            ("x-csrf-token", csrf.as_str()),
        ];
        call(
            "PUT",
            &format!("/v1/admin/orgs/{org}/sign-in"),
            &as_owner,
            Some(serde_json::json!({
                "sso": {
                    "issuer": idp.issuer,
                    "clientId": client_id,
                    "clientSecret": secret,
                    "allowedDomains": [format!("{org}.example")],
                },
                "twoFactorRequired": false,
            })),
        )
        .map_err(|e| format!("setting {org}'s single sign-on: {e}"))?;
        // Signed out again: the demo's set-up leaves no session behind.
        let session = signed_in["session"].as_str().unwrap_or_default();
        call(
            "DELETE",
            &format!("/v1/admin/me/sessions/{session}"),
            &as_owner,
            None,
        )?;
    }
    Ok(())
}

/// The platform token the edge runs with: the stack's variable, or its secrets file.
fn platform_token(options: &StackOptions) -> Result<String, String> {
    if let Some((_, token)) = options.vars.iter().find(|(k, _)| k == "PLATFORM_TOKEN") {
        return Ok(token.clone());
    }
    let path = edge::secrets_file(&options.state_dir)?;
    std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .lines()
        .find_map(|line| line.strip_prefix("PLATFORM_TOKEN=").map(str::to_owned))
        .ok_or_else(|| format!("no PLATFORM_TOKEN in {}", path.display()))
}
