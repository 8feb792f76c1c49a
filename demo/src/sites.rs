//! The sample customer sites, served from their own origin so the embed is cross-origin
//! exactly as on a real customer's site.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

/// The customer sites' web server; dropping it stops it.
pub struct Sites {
    port: u16,
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
}

impl Sites {
    /// Serves `root` on `port`; `{{ATTEST_EDGE}}` in HTML becomes `edge_url`.
    pub fn start(port: u16, root: PathBuf, edge_url: String) -> Result<Self, String> {
        let server = Arc::new(
            Server::http(("127.0.0.1", port))
                .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?,
        );
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(port);
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let response = answer(&root, &edge_url, request.url());
                let _ = request.respond(response);
            }
        });
        Ok(Self {
            port,
            server,
            thread: Some(thread),
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Sites {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(root: &Path, edge_url: &str, url: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(root, path) else {
        return text(404, "text/plain; charset=utf-8", b"Not found".to_vec());
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return text(404, "text/plain; charset=utf-8", b"Not found".to_vec());
    };
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "html" => {
            let html = String::from_utf8_lossy(&bytes).replace("{{ATTEST_EDGE}}", edge_url);
            let mut response = text(200, "text/html; charset=utf-8", html.into_bytes());
            // The sample sites send the strict policy the README tells customers about:
            // the widget must work under it.
            let csp = format!(
                "default-src 'self'; script-src 'self' {edge_url} 'wasm-unsafe-eval'; \
                 style-src 'self'; connect-src {edge_url}; img-src 'self' {edge_url} data:; \
                 base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            );
            response.add_header(header("Content-Security-Policy", &csp));
            response
        }
        "css" => text(200, "text/css; charset=utf-8", bytes),
        "svg" => text(200, "image/svg+xml", bytes),
        "png" => text(200, "image/png", bytes),
        "js" => text(200, "text/javascript; charset=utf-8", bytes),
        _ => text(200, "application/octet-stream", bytes),
    }
}

/// Maps a URL path to a file under `root`, refusing anything that climbs out of it.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if path.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn text(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_of_the_site_are_refused() {
        let root = crate::repo_root().join("demo/sites");
        assert!(resolve(&root, "/../Cargo.toml").is_none());
        assert!(resolve(&root, "/vinterre/../../Cargo.toml").is_none());
        assert!(resolve(&root, "/vinterre/").is_some());
    }
}
