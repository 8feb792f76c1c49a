//! The published trust profile, read from its KV snapshot: one read per request, never
//! assembled from D1 on the hot path.

use attest_core::{OrgSlug, TrustProfile};
use worker::{Env, Request, Response};

use crate::{http, ApiError};

/// The KV namespace holding one published snapshot per organisation.
pub const SNAPSHOTS: &str = "PROFILES";

pub const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";

/// The KV key of an organisation's published profile.
pub fn snapshot_key(org: &OrgSlug) -> String {
    format!("profile:{org}")
}

/// An organisation's published profile, as stored: the JSON bytes and their tag.
pub struct Snapshot {
    pub json: Vec<u8>,
    pub etag: String,
}

impl Snapshot {
    /// The published profile: KV's snapshot, or, when KV has lost it, the latest version
    /// in D1 (the record of what was published), written back to KV.
    pub async fn load(env: &Env, org: &OrgSlug) -> Result<Self, ApiError> {
        let kv = env.kv(SNAPSHOTS)?;
        let json = match kv.get(&snapshot_key(org)).bytes().await? {
            Some(json) => json,
            None => {
                let json = Self::rebuild(env, org).await?.ok_or_else(|| {
                    ApiError::NotFound(format!(
                        "Organisation '{org}' has no published trust profile"
                    ))
                })?;
                worker::console_warn!("{org}: the KV snapshot was missing; rebuilt from D1");
                // Serving matters more than repairing: a failed write is retried next time.
                if let Ok(put) = kv.put(&snapshot_key(org), &json) {
                    let _ = put.execute().await;
                }
                json.into_bytes()
            }
        };
        let etag = http::strong_etag(&json);
        Ok(Self { json, etag })
    }

    async fn rebuild(env: &Env, org: &OrgSlug) -> Result<Option<String>, ApiError> {
        #[derive(serde::Deserialize)]
        struct Latest {
            profile_json: String,
        }
        let db = env.d1(crate::storage::DB)?;
        let latest: Option<Latest> = crate::storage::first(worker::query!(
            &db,
            "SELECT profile_json FROM profile_versions WHERE org = ?1 ORDER BY version DESC LIMIT 1",
            org.as_str()
        )?)
        .await?;
        Ok(latest.map(|l| l.profile_json))
    }

    pub fn profile(&self) -> Result<TrustProfile, ApiError> {
        serde_json::from_slice(&self.json)
            .map_err(|e| ApiError::Internal(format!("the published snapshot does not parse: {e}")))
    }
}

pub async fn get(req: &Request, env: &Env, org: OrgSlug) -> Result<Response, ApiError> {
    let snapshot = Snapshot::load(env, &org).await?;
    if http::not_modified(req, &snapshot.etag) {
        return http::respond_not_modified(&snapshot.etag, CACHE_CONTROL);
    }
    http::cached(
        Response::from_bytes(snapshot.json)?,
        "application/json; charset=utf-8",
        CACHE_CONTROL,
        &snapshot.etag,
    )
}
