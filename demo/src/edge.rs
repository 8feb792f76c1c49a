//! The edge as a child process: `wrangler dev` running the built Worker in workerd.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::repo_root;

/// Where one edge instance listens and keeps its D1/KV files.
#[derive(Debug, Clone)]
pub struct EdgeOptions {
    pub port: u16,
    pub state_dir: PathBuf,
}

/// A running edge. Dropping it stops wrangler and workerd; so does the death of this
/// process, however it dies (see `spawn_supervised`).
pub struct Edge {
    port: u16,
    state_dir: PathBuf,
    child: Child,
    lifeline: Option<ChildStdin>,
    log: PathBuf,
}

/// wrangler, with its calls home switched off: this runs with no network but localhost.
pub fn wrangler() -> Command {
    let root = repo_root();
    let mut command = Command::new(root.join("node_modules/.bin/wrangler"));
    command
        .current_dir(root.join("edge"))
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_SEND_ERROR_REPORTS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("WRANGLER_LOG_SANITIZE", "true")
        .env("NO_COLOR", "1")
        .env("CI", "true");
    command
}

/// Runs a wrangler command to completion and returns what it printed on stdout; its
/// output becomes the error if it fails.
pub fn run_wrangler(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = wrangler()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run wrangler (did `make bootstrap` run?): {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`wrangler {}` failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Runs SQL against the local D1 database in `state_dir`; the rows of the last statement.
/// Calls are serialised within this process and retried while SQLite reports the file
/// busy: the running edge and parallel tests share it.
pub fn query_d1(state_dir: &std::path::Path, sql: &str) -> Result<Vec<serde_json::Value>, String> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut attempt = 0;
    loop {
        match query_d1_once(state_dir, sql) {
            Err(error)
                if attempt < 5 && (error.contains("SQLITE_BUSY") || error.contains("locked")) =>
            {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * attempt));
            }
            result => return result,
        }
    }
}

fn query_d1_once(state_dir: &std::path::Path, sql: &str) -> Result<Vec<serde_json::Value>, String> {
    let state = state_dir.to_string_lossy();
    let stdout = run_wrangler(&[
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        &state,
        "--json",
        "--command",
        sql,
    ])?;
    let results: Vec<serde_json::Value> =
        serde_json::from_slice(&stdout).map_err(|e| format!("unexpected wrangler output: {e}"))?;
    Ok(results
        .last()
        .and_then(|r| r["results"].as_array().cloned())
        .unwrap_or_default())
}

/// Applies `edge/migrations` to the local D1 database in `state_dir`.
pub fn migrate(options: &EdgeOptions) -> Result<(), String> {
    let state = options.state_dir.to_string_lossy();
    run_wrangler(&[
        "d1",
        "migrations",
        "apply",
        "DB",
        "--local",
        "--persist-to",
        &state,
    ])
    .map(drop)
}

impl Edge {
    /// Starts `wrangler dev` and waits until `/healthz` answers.
    pub fn start(options: EdgeOptions) -> Result<Self, String> {
        let log = options.state_dir.join("edge.log");
        let port = options.port.to_string();
        let state = options.state_dir.to_string_lossy().into_owned();
        let mut command = wrangler();
        command.args([
            "dev",
            "--ip",
            "127.0.0.1",
            "--port",
            &port,
            "--inspector-port",
            "0",
            "--persist-to",
            &state,
            "--log-level",
            "warn",
            "--show-interactive-dev-session=false",
        ]);
        let (child, lifeline) = spawn_supervised(command, &log)?;
        let mut edge = Self {
            port: options.port,
            state_dir: options.state_dir.clone(),
            child,
            lifeline: Some(lifeline),
            log,
        };
        edge.wait_until_ready(Duration::from_secs(120))?;
        Ok(edge)
    }

    /// The edge's origin, e.g. `http://127.0.0.1:8787`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs SQL against this edge's local D1 database, as an operator would with wrangler,
    /// and returns the rows of the last statement.
    pub fn d1(&self, sql: &str) -> Result<Vec<serde_json::Value>, String> {
        query_d1(&self.state_dir, sql)
    }

    /// What wrangler and the Worker printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_ready(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        let health = format!("{}/healthz", self.url());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .into();
        loop {
            if let Ok(response) = agent.get(&health).call() {
                if response.status() == 200 {
                    return Ok(());
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the edge exited ({status}) before it was ready:\n{}",
                    self.log()
                ));
            }
            if started.elapsed() > limit {
                return Err(format!(
                    "the edge did not answer {health} within {}s:\n{}",
                    limit.as_secs(),
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        // Closing the lifeline makes the supervising shell stop the whole process group.
        self.lifeline.take();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` in a process group of its own under a small shell that stops the
/// group as soon as its stdin closes. We hold the other end of that pipe; the kernel
/// closes it when this process exits for any reason, so no workerd outlives its owner.
fn spawn_supervised(command: Command, log: &PathBuf) -> Result<(Child, ChildStdin), String> {
    use std::os::unix::process::CommandExt;

    let log_file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(r#""$@" </dev/null & read _; kill -TERM 0"#)
        .arg("sh")
        .arg(command.get_program())
        .args(command.get_args())
        .current_dir(command.get_current_dir().unwrap_or(&repo_root()))
        .stdin(Stdio::piped())
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file)
        .process_group(0);
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    let mut child = shell
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let lifeline = child.stdin.take().expect("stdin is piped");
    Ok((child, lifeline))
}
