//! Editing and publishing a trust profile: a draft, checked by `core` and guarded by its
//! ETag; publishing makes it the next version, records what changed, and puts it in KV so
//! the public API serves it at once; versions are kept, compared and restored (as a new
//! version: history is never rewritten). Every step is audited.

use attest_core::subprocessors::{self, SubprocessorChanges};
use attest_core::{Date, OrgSlug, TrustProfile};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{query, Env, Response};

use crate::router::{Ctx, VersionNumber};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

/// The largest profile a `PUT` takes: a complete one is a few tens of KB.
const MAX_PROFILE_BYTES: usize = 1024 * 1024;

#[derive(Deserialize)]
struct Draft {
    profile_json: String,
    etag: String,
}

#[derive(Deserialize)]
struct Version {
    version: i64,
    profile_json: String,
    published_at: String,
    published_by: String,
}

async fn draft(env: &Env, org: &OrgSlug) -> Result<Option<Draft>, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT profile_json, etag FROM profile_drafts WHERE org = ?1",
        org.as_str()
    )?)
    .await
}

async fn latest(env: &Env, org: &OrgSlug) -> Result<Option<Version>, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT version, profile_json, published_at, published_by FROM profile_versions
         WHERE org = ?1 ORDER BY version DESC LIMIT 1",
        org.as_str()
    )?)
    .await
}

async fn version(env: &Env, org: &OrgSlug, n: i64) -> Result<Version, ApiError> {
    let db = env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT version, profile_json, published_at, published_by FROM profile_versions WHERE org = ?1 AND version = ?2",
        org.as_str(),
        n
    )?)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("{org} has no version {n}")))
}

fn parse(json: &str) -> Result<TrustProfile, ApiError> {
    serde_json::from_str(json)
        .map_err(|e| ApiError::Internal(format!("a stored profile does not parse: {e}")))
}

fn json_response(body: &str, etag: &str) -> Result<Response, ApiError> {
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("etag", etag)?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}

/// `GET /v1/admin/orgs/{org}/profile`: the draft, or the published profile when there is
/// no draft; its `ETag` is what a `PUT` names in `If-Match`.
pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let env = &ctx.env;
    if let Some(draft) = draft(env, &org).await? {
        return json_response(&draft.profile_json, &draft.etag);
    }
    let published = latest(env, &org).await?.ok_or_else(|| {
        ApiError::NotFound(format!("{org} has neither a draft nor a published profile"))
    })?;
    json_response(
        &published.profile_json,
        &http::strong_etag(published.profile_json.as_bytes()),
    )
}

/// `PUT /v1/admin/orgs/{org}/profile`: replaces the draft with a checked profile.
pub async fn put(ctx: Ctx, org: OrgSlug, caller: Caller) -> Result<Response, ApiError> {
    let mut ctx = ctx;
    let env = &ctx.env.clone();
    let req = &mut ctx.req;
    let if_match = req.headers().get("if-match")?;
    let current_etag = match draft(env, &org).await? {
        Some(draft) => Some(draft.etag),
        None => latest(env, &org)
            .await?
            .map(|v| http::strong_etag(v.profile_json.as_bytes())),
    };
    match (&current_etag, &if_match) {
        (Some(_), None) => return Err(ApiError::PreconditionRequired(
            "Send the ETag of the profile you edited as If-Match, so no one's edit is overwritten"
                .into(),
        )),
        (Some(current), Some(sent)) if sent.trim() != current && sent.trim() != "*" => {
            return Err(ApiError::PreconditionFailed(
                "The profile changed since you read it; read it again and apply your edit to that"
                    .into(),
            ))
        }
        _ => {}
    }
    let raw = http::json_bytes(req, MAX_PROFILE_BYTES).await?;
    let profile: TrustProfile = http::parse_json(&raw)?;
    profile.check().map_err(ApiError::Invalid)?;
    if profile.org != org {
        return Err(ApiError::invalid(
            "org",
            format!("must be {org}, the organisation in the path"),
        ));
    }
    let json = serde_json::to_string(&profile)?;
    let etag = http::strong_etag(json.as_bytes());
    let db = env.d1(DB)?;
    let actor = caller.actor();
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor: &actor,
            action: "profile.draft_saved",
            target: "profile",
            before: current_etag.map(|e| json!({ "etag": e })),
            after: Some(json!({ "etag": etag })),
        },
        vec![query!(
            &db,
            "INSERT INTO profile_drafts (org, profile_json, etag, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (org) DO UPDATE SET profile_json = excluded.profile_json, etag = excluded.etag,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            org.as_str(),
            &json,
            &etag,
            attest_core::date::rfc3339(http::now_unix_seconds()),
            &actor
        )?],
    )
    .await?;
    json_response(&json, &etag)
}

/// Publishes `profile` as the next version: D1, the subprocessor changes, the audit
/// entry, then the KV snapshot the public API reads.
async fn publish_profile(
    env: &Env,
    org: &OrgSlug,
    mut profile: TrustProfile,
    actor: &str,
    action: &str,
    base: &str,
) -> Result<Value, ApiError> {
    let previous = latest(env, org).await?;
    let before = previous
        .as_ref()
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    let now = http::now_unix_seconds();
    profile.last_updated = profile.last_updated.or(Some(Date::from_unix_seconds(now)));
    let version = previous.as_ref().map_or(1, |v| v.version + 1);
    let json = serde_json::to_string(&profile)?;
    let published_at = attest_core::date::rfc3339(now);
    let changes = subprocessors::diff(
        before
            .as_ref()
            .map(|p| p.subprocessors.as_slice())
            .unwrap_or_default(),
        &profile.subprocessors,
    );
    let db = env.d1(DB)?;
    let mut statements = vec![
        query!(
            &db,
            "INSERT INTO organisations (slug, name) VALUES (?1, ?2) ON CONFLICT (slug) DO UPDATE SET name = excluded.name",
            org.as_str(),
            profile.name.as_str()
        )?,
        query!(
            &db,
            "INSERT INTO profile_versions (org, version, profile_json, published_at, published_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            org.as_str(),
            version,
            &json,
            &published_at,
            actor
        )?,
    ];
    if !changes.is_empty() {
        statements.push(query!(
            &db,
            "INSERT INTO subprocessor_changes (org, version, published_at, summary, changes_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            org.as_str(),
            version,
            &published_at,
            changes.summary(),
            serde_json::to_string(&changes)?
        )?);
    }
    // Webhooks and subscriptions exist only where the keys that seal their secrets do.
    if let Ok(keys) = crate::shared::crypto::Keys::from_env(env) {
        if !changes.is_empty() {
            statements.extend(
                crate::shared::subscribers::notify(
                    &db,
                    &keys,
                    org.as_str(),
                    profile.name.as_str(),
                    version,
                    &changes,
                    base,
                )
                .await?,
            );
        }
        statements.push(crate::shared::outbox::webhook_event(
                &db,
                &keys,
                org.as_str(),
                "profile.published",
                json!({ "version": version, "subprocessorChanges": (!changes.is_empty()).then(|| changes.summary()) }),
            &crate::shared::storage::Only::always(),
        )?);
    }
    audit::commit(
        &db,
        org.as_str(),
        audit::Change {
            actor,
            action,
            target: "profile",
            before: previous.as_ref().map(|v| json!({ "version": v.version })),
            after: Some(json!({
                "version": version,
                "subprocessors": (!changes.is_empty()).then(|| changes.summary()),
            })),
        },
        statements,
    )
    .await?;
    crate::shared::snapshot::store(env, org, &json).await?;
    Ok(json!({
        "version": version,
        "publishedAt": published_at,
        "publishedBy": actor,
        "etag": http::strong_etag(json.as_bytes()),
        "subprocessorChanges": changes,
    }))
}

/// `POST /v1/admin/orgs/{org}/profile/publish`: the draft becomes the next version.
pub async fn publish(ctx: Ctx, org: OrgSlug, caller: Caller) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let base = ctx.base.as_str();
    let draft = draft(env, &org).await?.ok_or_else(|| {
        ApiError::Conflict("There is no draft to publish: PUT the profile first".into())
    })?;
    let profile = parse(&draft.profile_json)?;
    if let Some(published) = latest(env, &org).await? {
        let mut current = parse(&published.profile_json)?;
        current.last_updated = profile.last_updated;
        if current == profile {
            return Err(ApiError::Conflict(
                "The draft is what is published already".into(),
            ));
        }
    }
    let published = publish_profile(
        env,
        &org,
        profile,
        &caller.actor(),
        "profile.published",
        base,
    )
    .await?;
    http::json(201, &published)
}

/// `GET /v1/admin/orgs/{org}/versions`
pub async fn versions(ctx: Ctx, org: OrgSlug) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let db = env.d1(DB)?;
    #[derive(Deserialize)]
    struct Listed {
        version: i64,
        published_at: String,
        published_by: String,
    }
    let rows: Vec<Listed> = storage::all(query!(
        &db,
        "SELECT version, published_at, published_by FROM profile_versions WHERE org = ?1 ORDER BY version DESC",
        org.as_str()
    )?)
    .await?;
    let versions: Vec<Value> = rows
        .into_iter()
        .map(|v| json!({ "version": v.version, "publishedAt": v.published_at, "publishedBy": v.published_by }))
        .collect();
    http::json(200, &json!({ "versions": versions }))
}

fn number(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ApiError::invalid("version", "must be a version number: 1, 2, 3…"))
}

/// `GET /v1/admin/orgs/{org}/versions/{n}`: that version's profile.
pub async fn get_version(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let found = version(env, &org, number(n)?).await?;
    json_response(
        &found.profile_json,
        &http::strong_etag(found.profile_json.as_bytes()),
    )
}

/// The top-level fields whose values differ, with both values.
fn field_changes(before: &Value, after: &Value) -> Vec<Value> {
    let empty = serde_json::Map::new();
    let (before, after) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| k.as_str() != "subprocessors" && k.as_str() != "lastUpdated")
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| json!({ "field": k, "before": before.get(k), "after": after.get(k) }))
        .collect()
}

/// `GET /v1/admin/orgs/{org}/versions/{n}/diff`: what version n changed from n − 1.
pub async fn diff(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let n = number(n)?;
    let after = version(env, &org, n).await?;
    let before = if n > 1 {
        Some(version(env, &org, n - 1).await?)
    } else {
        None
    };
    let after_profile = parse(&after.profile_json)?;
    let before_profile = before
        .as_ref()
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    let subprocessors: SubprocessorChanges = subprocessors::diff(
        before_profile
            .as_ref()
            .map(|p| p.subprocessors.as_slice())
            .unwrap_or_default(),
        &after_profile.subprocessors,
    );
    let before_json: Value = before
        .as_ref()
        .map(|v| serde_json::from_str(&v.profile_json))
        .transpose()?
        .unwrap_or(Value::Null);
    let after_json: Value = serde_json::from_str(&after.profile_json)?;
    http::json(
        200,
        &json!({
            "version": n,
            "from": before.map(|v| v.version),
            "fields": field_changes(&before_json, &after_json),
            "subprocessors": subprocessors,
        }),
    )
}

/// `POST /v1/admin/orgs/{org}/versions/{n}/restore`: version n's content, published as
/// a new version.
pub async fn restore(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
    caller: Caller,
) -> Result<Response, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let base = ctx.base.as_str();
    let old = version(env, &org, number(n)?).await?;
    let mut profile = parse(&old.profile_json)?;
    // Restoring is a change made today.
    profile.last_updated = None;
    let published = publish_profile(
        env,
        &org,
        profile,
        &caller.actor(),
        "profile.restored",
        base,
    )
    .await?;
    let db = env.d1(DB)?;
    // The draft follows what is now published.
    storage::run(query!(
        &db,
        "DELETE FROM profile_drafts WHERE org = ?1",
        org.as_str()
    )?)
    .await?;
    http::json(
        201,
        &json!({ "restoredFrom": old.version, "publishedAt": old.published_at, "by": old.published_by, "version": published["version"], "etag": published["etag"] }),
    )
}
