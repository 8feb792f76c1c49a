//! Publishing a profile file through the admin API, as a team would from its repository:
//! read and check the file, put it as the draft (with the ETag of what is there), publish.

use std::time::Duration;

use attest_core::profile_file;

/// What publishing did.
#[derive(Debug)]
pub enum Published {
    /// A new version.
    Version(i64),
    /// The file is what is published already.
    Unchanged,
}

/// Publishes the profile file at `path` to the edge at `edge` with an API token of its
/// organisation (scope `content:write`).
pub fn publish(edge: &str, token: &str, path: &std::path::Path) -> Result<Published, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let profile =
        profile_file::parse(&source).map_err(|e| format!("{}: invalid\n{e}", path.display()))?;
    let org = profile.org.to_string();
    let agent: ureq::Agent = crate::client_config()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let url = |rest: &str| format!("{}/v1/admin/orgs/{org}{rest}", edge.trim_end_matches('/'));
    let auth = format!("Bearer {token}");
    let problem = |mut response: ureq::http::Response<ureq::Body>| {
        let status = response.status();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        format!("the edge answered {status}: {body}")
    };

    let current = agent
        .get(url("/profile"))
        .header("authorization", &auth)
        .call()
        .map_err(|e| format!("cannot reach {edge}: {e}"))?;
    let etag = match current.status().as_u16() {
        200 => current
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        404 => None,
        _ => return Err(problem(current)),
    };
    let mut put = agent
        .put(url("/profile"))
        .header("authorization", &auth)
        .header("content-type", "application/json");
    if let Some(etag) = &etag {
        put = put.header("if-match", etag);
    }
    let body = serde_json::to_string(&profile).map_err(|e| e.to_string())?;
    let saved = put
        .send(&body)
        .map_err(|e| format!("cannot reach {edge}: {e}"))?;
    if saved.status() != 200 {
        return Err(problem(saved));
    }
    let mut published = agent
        .post(url("/profile/publish"))
        .header("authorization", &auth)
        .send_empty()
        .map_err(|e| format!("cannot reach {edge}: {e}"))?;
    match published.status().as_u16() {
        201 => {
            let text = published
                .body_mut()
                .read_to_string()
                .map_err(|e| e.to_string())?;
            let answer: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| e.to_string())?;
            Ok(Published::Version(
                answer["version"].as_i64().unwrap_or_default(),
            ))
        }
        409 => Ok(Published::Unchanged),
        _ => Err(problem(published)),
    }
}
