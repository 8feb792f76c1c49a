//! The published trust profile, read from its KV snapshot: one read per request.

use attest_core::OrgSlug;
use worker::{Env, Request, Response};

use crate::{http, ApiError};

/// The KV namespace holding one published snapshot per organisation.
pub const SNAPSHOTS: &str = "PROFILES";

const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";

/// The KV key of an organisation's published profile.
pub fn snapshot_key(org: &OrgSlug) -> String {
    format!("profile:{org}")
}

pub async fn get(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    let snapshot = env
        .kv(SNAPSHOTS)?
        .get(&snapshot_key(&org))
        .bytes()
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "Organisation '{org}' has no published trust profile"
            ))
        })?;
    let etag = format!("\"{:016x}\"", fnv1a(&snapshot));
    if http::not_modified(req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL);
    }
    let mut response = Response::from_bytes(snapshot)?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("cache-control", CACHE_CONTROL)?;
    headers.set("etag", &etag)?;
    Ok(response)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}
