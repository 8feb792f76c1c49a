//! Publishing a profile file through the admin API, as a team would from its repository:
//! read and check the file, upload the logo it names from `logos/` beside it, put it as
//! the draft (with the ETag of what is there), publish.

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

    // The logo the file names, from `logos/` beside it; one already uploaded (in the
    // console, say) needs no file here, and the edge says so if there is none.
    if let Some(logo) = profile.brand.as_ref().and_then(|b| b.logo.as_ref()) {
        let file = path
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("logos")
            .join(logo.as_str());
        if file.exists() {
            upload_logo(edge, token, &org, logo, &file)?;
        }
    }

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

/// Uploads the logo file `path` to `org` on the edge at `edge` (named, beside the profiles
/// in `logos/`, as its upload answers: the first 16 hex digits of its SHA-256 and its
/// kind) through the admin API, as a team would: checked as theirs would be.
pub fn upload_logo(
    edge: &str,
    token: &str,
    org: &str,
    name: &attest_core::LogoFile,
    path: &std::path::Path,
) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "{org} names the logo {name}, but {} does not read: {e}",
            path.display()
        )
    })?;
    let agent: ureq::Agent = crate::client_config()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut response = agent
        .put(format!(
            "{}/v1/admin/orgs/{org}/logo",
            edge.trim_end_matches('/')
        ))
        .header("authorization", &format!("Bearer {token}"))
        .content_type(name.media_type())
        .send(&bytes[..])
        .map_err(|e| format!("the logo of {org}: cannot reach {edge}: {e}"))?;
    let body = response.body_mut().read_to_string().unwrap_or_default();
    if response.status().as_u16() != 201 {
        return Err(format!(
            "the logo of {org} ({}) was refused: {body}",
            path.display()
        ));
    }
    let kept: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if kept["logo"] != name.as_str() {
        return Err(format!(
            "{} is kept as {}: name the file, and brand.logo, as that",
            path.display(),
            kept["logo"]
        ));
    }
    Ok(())
}
