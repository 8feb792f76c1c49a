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
}

impl Stack {
    /// Starts on free ports chosen now. A port found free can be taken by another process
    /// before the edge binds it, so a start that fails is tried again on new ports.
    pub fn start_on_free_ports(mut options: StackOptions) -> Result<Self, String> {
        let mut last_error = String::new();
        for _ in 0..3 {
            options.edge_port = free_port().map_err(|e| e.to_string())?;
            options.sites_port = free_port().map_err(|e| e.to_string())?;
            match Self::start(options.clone()) {
                Ok(stack) => return Ok(stack),
                Err(error) => last_error = error,
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
        let edge_options = EdgeOptions {
            port: options.edge_port,
            state_dir: options.state_dir.clone(),
            vars: options.vars.clone(),
        };
        say("applying database migrations…");
        edge::migrate(&edge_options)?;
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
            &edge_options,
            &profile_dirs,
            options.admin_token,
            &site_origins,
        )
        .map_err(|e| e.to_string())?;
        say("starting the edge in workerd…");
        let edge = Edge::start(edge_options)?;
        say("starting the identity provider (oidc-provider) and the sample teams…");
        let idp = idp::Idp::start(&options.state_dir, &edge.url())?;
        team(&edge, &admin_token, &idp)?;
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

/// The sample organisations' teams: the demo members, and single sign-on through the
/// demo provider, set through the admin API as an owner would.
fn team(edge: &Edge, token: &AdminToken, idp: &idp::Idp) -> Result<(), String> {
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
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    for (org, client_id, secret, _) in idp::DEMO_CLIENTS {
        if !orgs.iter().any(|o| o == org) {
            continue;
        }
        let mut response = agent
            .put(format!("{}/v1/admin/orgs/{org}/sign-in", edge.url()))
            .header("authorization", &format!("Bearer {}", token.as_str()))
            .content_type("application/json")
            .send(
                serde_json::json!({
                    "sso": {
                        "issuer": idp.issuer,
                        "clientId": client_id,
                        "clientSecret": secret,
                        "allowedDomains": [format!("{org}.example")],
                    },
                    "twoFactorRequired": false,
                })
                .to_string(),
            )
            .map_err(|e| format!("cannot set {org}'s single sign-on: {e}"))?;
        if response.status() != 200 {
            return Err(format!(
                "setting {org}'s single sign-on: {} {}",
                response.status(),
                response.body_mut().read_to_string().unwrap_or_default()
            ));
        }
    }
    Ok(())
}
