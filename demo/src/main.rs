//! `attest-demo`: runs Attest locally until Ctrl-C (what `make demo` starts).
//!
//! Environment: `ATTEST_EDGE_PORT` (8787), `ATTEST_DEMO_PORT` (8080), `ATTEST_STATE_DIR`
//! (`.state/demo`), `ATTEST_ADMIN_TOKEN` (generated when unset).
//!
//! `attest-demo check FILE…` validates profile files without starting anything;
//! `attest-demo publish FILE…` publishes them through a running edge's admin API.
//!
//! `--ephemeral` is for test suites in other languages: free ports, a fresh temporary
//! state folder, one `ATTEST_READY {json}` line on stdout, and it stops when its stdin
//! closes, so the test runner never leaves a server behind. With it, `--profiles a,b`
//! seeds the profile files of those folders instead of the sample organisations, and
//! `--var NAME=VALUE,NAME=VALUE` sets variables of the Worker (`POW_DIFFICULTY`…).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use attest_demo::{repo_root, Stack, StackOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "check") {
        return check(&args[1..]);
    }
    if args.first().is_some_and(|a| a == "publish") {
        return publish(&args[1..]);
    }
    let ephemeral = args.iter().any(|a| a == "--ephemeral");
    match if ephemeral {
        run_ephemeral()
    } else {
        run_demo()
    } {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("attest: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `attest-demo publish FILE…`: publishes profile files through the admin API of the edge
/// at `ATTEST_EDGE` (default the demo's, `http://127.0.0.1:8787`) with the API token in
/// `ATTEST_TOKEN` (or the demo's `ATTEST_ADMIN_TOKEN`).
fn publish(files: &[String]) -> ExitCode {
    if files.is_empty() {
        eprintln!("usage: ATTEST_TOKEN=atk_… attest-demo publish PROFILE.toml…");
        return ExitCode::from(2);
    }
    let edge = std::env::var("ATTEST_EDGE").unwrap_or_else(|_| "http://127.0.0.1:8787".into());
    let Some(token) = std::env::var("ATTEST_TOKEN")
        .or_else(|_| std::env::var("ATTEST_ADMIN_TOKEN"))
        .ok()
        .filter(|t| !t.trim().is_empty())
    else {
        eprintln!(
            "attest: set ATTEST_TOKEN to an API token of the organisation (scope content:write)"
        );
        return ExitCode::from(2);
    };
    let mut ok = true;
    for file in files {
        match attest_demo::publish::publish(&edge, token.trim(), std::path::Path::new(file)) {
            Ok(attest_demo::publish::Published::Version(n)) => {
                println!("{file}: published as version {n}")
            }
            Ok(attest_demo::publish::Published::Unchanged) => {
                println!("{file}: unchanged, nothing to publish")
            }
            Err(error) => {
                ok = false;
                eprintln!("{file}: {error}");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `attest-demo check FILE…`: validates profile files as publishing would, and says what
/// is wrong where.
fn check(files: &[String]) -> ExitCode {
    if files.is_empty() {
        eprintln!("usage: attest-demo check PROFILE.toml…");
        return ExitCode::from(2);
    }
    let mut ok = true;
    for file in files {
        let result = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|source| {
                attest_core::profile_file::parse(&source).map_err(|e| e.to_string())
            });
        match result {
            Ok(profile) => println!(
                "{file}: ok ({}: {} badges, {} practice sections, {} subprocessors, {} documents)",
                profile.org,
                profile.badges.len(),
                profile.practices.len(),
                profile.subprocessors.len(),
                profile.documents.len()
            ),
            Err(error) => {
                ok = false;
                eprintln!("{file}: invalid\n{error}");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_demo() -> Result<(), String> {
    let port = |name: &str, default: u16| -> Result<u16, String> {
        match std::env::var(name) {
            Ok(raw) if !raw.trim().is_empty() => raw
                .trim()
                .parse()
                .map_err(|_| format!("{name}={raw:?} is not a port number")),
            _ => Ok(default),
        }
    };
    let state_dir = std::env::var_os("ATTEST_STATE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".state/demo"));
    let stack = Stack::start(StackOptions {
        edge_port: port("ATTEST_EDGE_PORT", 8787)?,
        sites_port: port("ATTEST_DEMO_PORT", 8080)?,
        state_dir: state_dir.clone(),
        admin_token: std::env::var("ATTEST_ADMIN_TOKEN").ok(),
        profile_dirs: Vec::new(),
        verbose: true,
        vars: Vec::new(),
        // A port of its own, so that a restart finds the provider where it was.
        idp_port: port("ATTEST_IDP_PORT", 8788)?,
    })?;

    let (stop, stopped) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })
    .map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;

    let edge = stack.edge.url();
    let sites = stack.sites.url();
    println!(
        "\n  Attest is running.\n\n\
         \x20 Sample customer sites   {sites}/\n\
         \x20   Vinterre              {sites}/vinterre/\n\
         \x20   Wintro                {sites}/wintro/\n\
         \x20 Edge (API and widget)   {edge}/\n\
         \x20   Published profile     {edge}/v1/orgs/vinterre\n\
         \x20   Script tag            <script src=\"{edge}/v1/widget.js?org=vinterre\" data-org=\"vinterre\" async></script>\n\
         \x20 Console (the teams)     {console}/console/\n\
         \x20 Admin token (both orgs) {token}\n\
         \x20 State                   {state}\n\n\
         \x20 The teams sign in to the console with single sign-on (organisation vinterre\n\
         \x20 or wintro) at the demo identity provider (oidc-provider at {issuer}),\n\
         \x20 one member per role; passkeys added there work at this address (localhost):\n{members}\n\
         \x20 Press Ctrl-C to stop.\n",
        // A passkey's relying party is a host name, never an address.
        console = edge.replace("127.0.0.1", "localhost"),
        token = stack.admin_token.as_str(),
        state = state_dir.display(),
        issuer = stack.idp.issuer,
        members = attest_demo::idp::DEMO_MEMBERS
            .iter()
            .filter(|m| m.member && m.verified)
            .map(|m| format!("    {:<9} {:<9} {:<32} password {}\n", m.org, m.role, m.email, m.password))
            .collect::<String>(),
    );
    let _ = stopped.recv();
    eprintln!("attest: stopping…");
    drop(stack);
    Ok(())
}

fn run_ephemeral() -> Result<(), String> {
    let state = tempfile::Builder::new()
        .prefix("attest-e2e-")
        .tempdir()
        .map_err(|e| format!("cannot create a state folder: {e}"))?;
    let stack = Stack::start_on_free_ports(StackOptions {
        edge_port: 0,
        sites_port: 0,
        state_dir: state.path().to_path_buf(),
        admin_token: None,
        profile_dirs: std::env::args()
            .skip_while(|a| a != "--profiles")
            .nth(1)
            .map(|dirs| dirs.split(',').map(PathBuf::from).collect())
            .unwrap_or_default(),
        verbose: false,
        vars: std::env::args()
            .skip_while(|a| a != "--var")
            .nth(1)
            .map(|vars| {
                vars.split(',')
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        idp_port: 0,
    })?;
    println!(
        "ATTEST_READY {}",
        serde_json::json!({
            "edge": stack.edge.url(),
            "sites": stack.sites.url(),
            "adminToken": stack.admin_token.as_str(),
            "stateDir": state.path(),
            "sqlToken": stack.edge.sql_token(),
            "issuer": stack.idp.issuer,
        })
    );
    // Runs until whoever started us closes our stdin (or dies, which closes it too).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(stack);
    Ok(())
}
