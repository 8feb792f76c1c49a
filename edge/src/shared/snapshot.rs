//! The published trust profile, read from its KV snapshot: one read per request, never
//! assembled from D1 on the hot path. The snapshot's tag is stored beside it (KV
//! metadata), and what is made from it (the parsed profile, the subprocessor list, the
//! CSV, the feed) is kept per isolate for as long as the tag stays the same. An isolate
//! serves a snapshot it read for a quarter of a second without asking KV again: a publish
//! through it shows at once, one through another isolate within that time (KV itself
//! takes up to a minute to reach every location). After that, one request reads KV again
//! while the others the isolate answers meanwhile are served the copy it has, for as long
//! as that read takes (up to a second; never a copy older than two seconds): under load,
//! a request seldom waits for KV, and never a crowd of them for the same snapshot.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use attest_core::{OrgSlug, TrustProfile};
use worker::Env;

use crate::shared::error::ApiError;
use crate::shared::http;

/// The KV namespace holding one published snapshot per organisation.
pub const SNAPSHOTS: &str = "PROFILES";

pub const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";

/// The KV key of an organisation's published profile.
pub fn snapshot_key(org: &OrgSlug) -> String {
    format!("profile:{org}")
}

/// An organisation's published profile, as stored: the JSON bytes and their tag.
pub struct Snapshot {
    org: OrgSlug,
    pub json: Rc<Vec<u8>>,
    pub etag: String,
}

/// How long an isolate serves a snapshot it read without reading KV again.
const FRESH_MILLIS: u64 = 250;
/// While one request reads the snapshot again, the others are served the copy the isolate
/// has if it is younger than this…
const STALE_MILLIS: u64 = 2_000;
/// …and if that read started less than this long ago (a read that takes longer, or whose
/// request was ended, is not waited on: the next request reads too).
const REREAD_MILLIS: u64 = 1_000;

/// At most this many organisations' snapshots, and things made from them, are kept per
/// isolate (an isolate has 128 MB).
const KEPT_ORGS: usize = 1_000;

/// Snapshots read by this isolate: when, the JSON and its tag.
type Read = HashMap<String, (u64, Rc<Vec<u8>>, String)>;

/// What the snapshot's KV entry carries beside the JSON.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    pub etag: String,
}

/// Writes `json` as `org`'s snapshot, with its tag.
pub async fn store(env: &Env, org: &OrgSlug, json: &str) -> Result<(), ApiError> {
    env.kv(SNAPSHOTS)?
        .put(&snapshot_key(org), json)?
        .metadata(Metadata {
            etag: http::strong_etag(json.as_bytes()),
        })?
        .execute()
        .await
        .map_err(|e| ApiError::Unavailable(format!("KV: {e}")))?;
    remember(
        org,
        Rc::new(json.as_bytes().to_vec()),
        http::strong_etag(json.as_bytes()),
    );
    Ok(())
}

fn remember(org: &OrgSlug, json: Rc<Vec<u8>>, etag: String) {
    let now = worker::Date::now().as_millis();
    READ.with(|read| {
        let mut read = read.borrow_mut();
        if read.len() >= KEPT_ORGS && !read.contains_key(org.as_str()) {
            let oldest = read
                .iter()
                .min_by_key(|(_, (at, _, _))| *at)
                .map(|(org, _)| org.clone());
            if let Some(oldest) = oldest {
                read.remove(&oldest);
            }
        }
        read.insert(org.to_string(), (now, json, etag));
    });
}

/// Per organisation and kind of thing made from its snapshot: the snapshot's tag and
/// what was made.
type Made = HashMap<(String, &'static str), (String, Rc<dyn std::any::Any>)>;

thread_local! {
    static READ: RefCell<Read> = RefCell::new(HashMap::new());
    /// The organisations whose snapshot a request of this isolate is reading again, and
    /// since when.
    static REREADING: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    static MADE: RefCell<Made> = RefCell::new(HashMap::new());
}

/// Marks a read of `org`'s snapshot in flight for as long as it lives (the read's future
/// dropped, finished or failed, the mark goes).
/// (A read that outlived its mark, another having started since, leaves the newer mark.)
struct Rereading(String, u64);

impl Rereading {
    fn start(org: &OrgSlug, now: u64) -> Self {
        REREADING.with(|r| r.borrow_mut().insert(org.to_string(), now));
        Self(org.to_string(), now)
    }
}

impl Drop for Rereading {
    fn drop(&mut self) {
        REREADING.with(|r| {
            let mut r = r.borrow_mut();
            if r.get(&self.0) == Some(&self.1) {
                r.remove(&self.0);
            }
        });
    }
}

impl Snapshot {
    /// The published profile: KV's snapshot, or, when KV has lost it, the latest version
    /// in D1 (the record of what was published), written back to KV.
    pub async fn load(env: &Env, org: &OrgSlug) -> Result<Self, ApiError> {
        let now = worker::Date::now().as_millis();
        let kept = READ.with(|read| {
            read.borrow()
                .get(org.as_str())
                .map(|(at, json, etag)| (now.saturating_sub(*at), json.clone(), etag.clone()))
        });
        if let Some((age, json, etag)) = kept {
            let reread_since = REREADING.with(|r| r.borrow().get(org.as_str()).copied());
            let served = age < FRESH_MILLIS
                || (age < STALE_MILLIS
                    && reread_since.is_some_and(|since| now.saturating_sub(since) < REREAD_MILLIS));
            if served {
                return Ok(Self {
                    org: org.clone(),
                    json,
                    etag,
                });
            }
        }
        let _rereading = Rereading::start(org, now);
        let kv = env.kv(SNAPSHOTS)?;
        let (json, metadata) = kv
            .get(&snapshot_key(org))
            .bytes_with_metadata::<Metadata>()
            .await?;
        let (json, etag) = match json {
            Some(json) => {
                // A snapshot written without its tag (by an older edge) is tagged here.
                let etag = metadata.map_or_else(|| http::strong_etag(&json), |m| m.etag);
                (json, etag)
            }
            None => {
                let json = Self::rebuild(env, org).await?.ok_or_else(|| {
                    ApiError::NotFound(format!(
                        "Organisation '{org}' has no published trust profile"
                    ))
                })?;
                worker::console_warn!("{org}: the KV snapshot was missing; rebuilt from D1");
                // Serving matters more than repairing: a failed write is retried next time.
                let _ = store(env, org, &json).await;
                let etag = http::strong_etag(json.as_bytes());
                (json.into_bytes(), etag)
            }
        };
        let json = Rc::new(json);
        remember(org, json.clone(), etag.clone());
        Ok(Self {
            org: org.clone(),
            json,
            etag,
        })
    }

    /// What `make` makes of this snapshot (`kind` names it), made once per isolate and
    /// snapshot tag.
    pub fn made<T: 'static>(
        &self,
        kind: &'static str,
        make: impl FnOnce(&Self) -> Result<T, ApiError>,
    ) -> Result<Rc<T>, ApiError> {
        match self.kept(kind) {
            Some(thing) => Ok(thing),
            None => Ok(self.keep(kind, make(self)?)),
        }
    }

    /// The `kind` of thing made from this very snapshot, if this isolate kept one.
    pub fn kept<T: 'static>(&self, kind: &'static str) -> Option<Rc<T>> {
        MADE.with(|made| {
            made.borrow()
                .get(&(self.org.to_string(), kind))
                .filter(|(etag, _)| *etag == self.etag)
                .and_then(|(_, thing)| thing.clone().downcast::<T>().ok())
        })
    }

    /// Keeps `thing`, made from this snapshot, as its `kind`.
    pub fn keep<T: 'static>(&self, kind: &'static str, thing: T) -> Rc<T> {
        let thing = Rc::new(thing);
        MADE.with(|made| {
            let mut made = made.borrow_mut();
            // Several kinds per organisation; past the bound, start again.
            if made.len() >= 8 * KEPT_ORGS {
                made.clear();
            }
            made.insert(
                (self.org.to_string(), kind),
                (self.etag.clone(), thing.clone() as Rc<dyn std::any::Any>),
            )
        });
        thing
    }

    async fn rebuild(env: &Env, org: &OrgSlug) -> Result<Option<String>, ApiError> {
        #[derive(serde::Deserialize)]
        struct Latest {
            profile_json: String,
        }
        let db = env.d1(crate::shared::storage::DB)?;
        let latest: Option<Latest> = crate::shared::storage::first(worker::query!(
            &db,
            "SELECT profile_json FROM profile_versions WHERE org = ?1 ORDER BY version DESC LIMIT 1",
            org.as_str()
        )?)
        .await?;
        Ok(latest.map(|l| l.profile_json))
    }

    /// The published profile, parsed (once per isolate and snapshot tag).
    pub fn profile(&self) -> Result<Rc<TrustProfile>, ApiError> {
        self.made("profile", |snapshot| {
            serde_json::from_slice::<TrustProfile>(&snapshot.json).map_err(|e| {
                ApiError::Internal(format!("the published snapshot does not parse: {e}"))
            })
        })
    }
}
