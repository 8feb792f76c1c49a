//! Editing and publishing a trust profile: a draft, checked by `core` and guarded by its
//! ETag; publishing makes it the next version, records what changed, and puts it in KV so
//! the public API serves it at once; versions are kept, compared and restored (as a new
//! version: history is never rewritten). Every step is audited.

use attest_core::subprocessors::{self, SubprocessorChanges};
use attest_core::{Date, OrgSlug, TrustProfile};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use worker::{query, Env, Response};

#[cfg(feature = "openapi")]
use crate::router::Operation;
use crate::router::{Created, Ctx, Doc, Extract, Html, Json, JsonOf, Page, Query, VersionNumber};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::render;
use crate::shared::storage::{self, DB};

/// The largest profile a `PUT` takes: a complete one is a few tens of KB.
const MAX_PROFILE_BYTES: usize = 1024 * 1024;

#[derive(Deserialize)]
struct Draft {
    profile_json: String,
    etag: String,
    updated_at: String,
    updated_by: String,
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
        "SELECT profile_json, etag, updated_at, updated_by FROM profile_drafts WHERE org = ?1",
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

fn json_response(body: &str, etag: &str) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("etag", etag)?;
    headers.set("cache-control", "no-store")?;
    Ok(Page::new(response))
}

/// Whether an `If-Match` value names `etag` (or any version, `*`).
fn names(if_match: &str, etag: &str) -> bool {
    let sent = if_match.trim();
    sent == etag || sent == "*"
}

/// The day a publish dates the profile: today, unless the draft names a day of its own
/// (one other than the published version's, which an edit carries along unchanged).
fn dated(profile: &mut TrustProfile, published: Option<&TrustProfile>, now: i64) {
    let kept = published.is_some_and(|p| p.last_updated == profile.last_updated);
    if profile.last_updated.is_none() || kept {
        profile.last_updated = Some(Date::from_unix_seconds(now));
    }
}

/// A header's value as ASCII: what is not printable ASCII (or is `%`) percent-encoded as
/// UTF-8, so a name in any script, or one a token was given with a line break, still goes.
fn header_value(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if (0x20..0x7f).contains(&b) && b != b'%' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Who saved what `GET …/profile` answers, and when: a draft's last save, or the
/// published version's publish. The console names them when an edit meets a newer one.
fn with_saved(
    mut page: Page<JsonOf<TrustProfile>>,
    draft: bool,
    at: &str,
    by: &str,
) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let headers = page.0.headers_mut();
    headers.set("attest-draft", if draft { "true" } else { "false" })?;
    headers.set("attest-saved-at", at)?;
    headers.set("attest-saved-by", &header_value(by))?;
    Ok(page)
}

/// `GET /v1/admin/orgs/{org}/profile` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "getDraft",
    summary: "The draft profile, or the published one when there is no draft (content:write)",
    description: "",
    answer: "The profile.",
    errors: &[(404, "Neither a draft nor a published profile.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/profile`: the draft, or the published profile when there is
/// no draft; its `ETag` is what a `PUT` names in `If-Match`.
pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let env = &ctx.env;
    if let Some(draft) = draft(env, &org).await? {
        let page = json_response(&draft.profile_json, &draft.etag)?;
        return with_saved(page, true, &draft.updated_at, &draft.updated_by);
    }
    let published = latest(env, &org).await?.ok_or_else(|| {
        ApiError::NotFound(format!("{org} has neither a draft nor a published profile"))
    })?;
    let page = json_response(
        &published.profile_json,
        &http::strong_etag(published.profile_json.as_bytes()),
    )?;
    with_saved(
        page,
        false,
        &published.published_at,
        &published.published_by,
    )
}

/// `GET /v1/admin/orgs/{org}/profile/preview` in the OpenAPI document.
pub const PREVIEW: Doc = Doc {
    id: "previewDraft",
    summary: "The draft as the public API would serve it once published, for the widget's preview (content:write)",
    description: "What the console's preview loads into the real widget (`<attest-trust-center preview>`): \
        the draft in the public profile's form, never cached and never on the public API. \
        Without a draft it is the published profile.",
    answer: "The profile the draft would publish.",
    errors: &[(404, "Neither a draft nor a published profile.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/profile/preview`: the draft, as `GET /v1/orgs/{org}` would
/// serve it once published (its last-updated day is the day it would be published).
pub async fn preview(ctx: Ctx, org: OrgSlug) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let profile = previewed(&ctx, &org).await?;
    let json = serde_json::to_string(&profile)?;
    json_response(&json, &http::strong_etag(json.as_bytes()))
}

/// The profile the draft would publish (the published one when there is no draft).
async fn previewed(ctx: &Ctx, org: &OrgSlug) -> Result<TrustProfile, ApiError> {
    let env = &ctx.env;
    let json = match draft(env, org).await? {
        Some(draft) => draft.profile_json,
        None => {
            latest(env, org)
                .await?
                .ok_or_else(|| {
                    ApiError::NotFound(format!("{org} has neither a draft nor a published profile"))
                })?
                .profile_json
        }
    };
    let mut profile = parse(&json)?;
    let published = latest(env, org)
        .await?
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    dated(&mut profile, published.as_ref(), ctx.now);
    Ok(profile)
}

/// `GET /v1/admin/orgs/{org}/profile/preview/view` in the OpenAPI document.
pub const PREVIEW_VIEW: Doc = Doc {
    id: "previewProfileView",
    summary: "A view of the draft as the widget shows it, as HTML",
    description: "What the console's preview (`<attest-trust-center preview>`) shows: the \
        trust center the draft would publish, rendered as `GET /v1/orgs/{org}/first-view` \
        renders the published one, never cached and never on the public API.",
    answer: "The trust center's `<section>` with the view.",
    errors: &[
        (
            400,
            "`lang`, `sections` or `view` is not valid; `errors` names the field.",
        ),
        (
            404,
            "Neither a draft nor a published profile, or no such view in it.",
        ),
    ],
    headers: &[],
};

/// Which view of the draft, in which language.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PreviewView {
    /// The language (`de`, `de-CH`…); English when it is none the trust center speaks.
    #[cfg_attr(feature = "openapi", schemars(length(max = 35)))]
    lang: Option<String>,
    /// The element's `sections` (`badges,practices`).
    #[cfg_attr(feature = "openapi", schemars(length(max = 200)))]
    sections: Option<String>,
    /// The view; the first of those offered when none is named.
    #[cfg_attr(
        feature = "openapi",
        schemars(extend("enum" = ["overview", "practices", "subprocessors", "documents", "faq", "privacy", "report"]))
    )]
    view: Option<String>,
    /// The draft's revision the console shows: each saved draft has its own address.
    #[cfg_attr(feature = "openapi", schemars(length(max = 64)))]
    revision: Option<String>,
}

pub async fn preview_view(
    ctx: Ctx,
    org: OrgSlug,
    Query(asked): Query<PreviewView>,
) -> Result<Page<Html>, ApiError> {
    if asked.lang.as_ref().is_some_and(|l| l.chars().count() > 35) {
        return Err(ApiError::invalid(
            "lang",
            "must be a language tag of at most 35 characters",
        ));
    }
    if asked
        .sections
        .as_ref()
        .is_some_and(|s| s.chars().count() > 200)
    {
        return Err(ApiError::invalid(
            "sections",
            "must be at most 200 characters",
        ));
    }
    if asked.revision.as_ref().is_some_and(|r| r.len() > 64) {
        return Err(ApiError::invalid(
            "revision",
            "must be at most 64 characters",
        ));
    }
    let profile = previewed(&ctx, &org).await?;
    let views = render::offered(&profile, asked.sections.as_deref());
    let current = render::named(asked.view.as_deref(), &views)?;
    let lang = attest_views::lang::Lang::choose(asked.lang.as_deref(), None);
    let html = render::trust_center(&profile, lang, &views, current, &http::origin(&ctx.req)?);
    let mut response = Response::from_html(html)?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(Page::new(response))
}

/// What publishing the draft would change, and what it would tell subscribers.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "DraftReview"))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// The version published now; `null` before the first publish.
    published: Option<i64>,
    /// The version publishing the draft would make.
    next: i64,
    /// Whether there is a draft that differs from the published profile.
    changed: bool,
    /// The draft's ETag: publishing after this review publishes exactly this draft when
    /// the publish names it in `If-Match`.
    etag: Option<String>,
    /// Who saved the draft last, and when.
    saved_by: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    saved_at: Option<String>,
    /// The top-level fields that would change (subprocessors aside).
    fields: Vec<FieldChange>,
    subprocessors: SubprocessorChanges,
    /// How many confirmed subscribers would get `email`.
    subscribers: i64,
    /// The e-mail each subscriber would get (their own unsubscribe link at the end);
    /// `null` when the subprocessor list does not change.
    email: Option<crate::shared::subscribers::Letter>,
}

/// `GET /v1/admin/orgs/{org}/profile/review` in the OpenAPI document.
pub const REVIEW: Doc = Doc {
    id: "reviewDraft",
    summary: "What publishing the draft would change and e-mail to subscribers (content:write)",
    description: "",
    answer: "The changes against the published version.",
    errors: &[(404, "Neither a draft nor a published profile.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/profile/review`: the draft against the published version:
/// the fields, the subprocessors, and the subscribers' e-mail publishing would send.
pub async fn review(ctx: Ctx, org: OrgSlug) -> Result<Json<Review>, ApiError> {
    let env = &ctx.env;
    let (draft, published) = (draft(env, &org).await?, latest(env, &org).await?);
    if draft.is_none() && published.is_none() {
        return Err(ApiError::NotFound(format!(
            "{org} has neither a draft nor a published profile"
        )));
    }
    let before = published
        .as_ref()
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    let after = match &draft {
        Some(d) => Some(parse(&d.profile_json)?),
        None => None,
    };
    let next = published.as_ref().map_or(1, |v| v.version + 1);
    let (fields, subprocessors) = match &after {
        None => (Vec::new(), SubprocessorChanges::default()),
        Some(after) => compare(before.as_ref(), after)?,
    };
    let changed = !fields.is_empty() || !subprocessors.is_empty();
    let db = env.d1(DB)?;
    let subscribers = crate::shared::subscribers::confirmed(&db, org.as_str()).await?;
    let name = after
        .as_ref()
        .or(before.as_ref())
        .map(|p| p.name.to_string())
        .unwrap_or_default();
    let email = (!subprocessors.is_empty()).then(|| {
        crate::shared::subscribers::letter(
            org.as_str(),
            &name,
            next,
            &subprocessors,
            ctx.base.as_str(),
            "(each subscriber's own unsubscribe link)",
        )
    });
    Ok(Json(Review {
        published: published.as_ref().map(|v| v.version),
        next,
        changed,
        etag: draft.as_ref().map(|d| d.etag.clone()),
        saved_by: draft.as_ref().map(|d| d.updated_by.clone()),
        saved_at: draft.as_ref().map(|d| d.updated_at.clone()),
        fields,
        subprocessors,
        subscribers,
        email,
    }))
}

/// `PUT /v1/admin/orgs/{org}/profile` in the OpenAPI document.
pub const PUT: Doc = Doc {
    id: "putDraft",
    summary: "Replaces the draft with a checked profile (content:write)",
    description: "",
    answer: "The saved draft.",
    errors: &[
        (400, "The profile breaks a rule; `errors` names each field."),
        (412, "Someone changed the profile since the ETag sent."),
        (413, "The body is larger than 1 MB."),
        (428, "If-Match is missing."),
    ],
    headers: &[(
        "If-Match",
        "The ETag of the profile this edit is based on; required once a profile exists.",
    )],
};

/// `PUT /v1/admin/orgs/{org}/profile`: replaces the draft with a checked profile.
pub async fn put(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Edited(profile): Edited,
) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
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
        (Some(current), Some(sent)) if !names(sent, current) => {
            return Err(ApiError::PreconditionFailed(
                "The profile changed since you read it; read it again and apply your edit to that"
                    .into(),
            ))
        }
        _ => {}
    }
    profile.check().map_err(ApiError::Invalid)?;
    if profile.org != org {
        return Err(ApiError::invalid(
            "org",
            format!("must be {org}, the organisation in the path"),
        ));
    }
    if let Some(logo) = profile.brand.as_ref().and_then(|b| b.logo.as_ref()) {
        if !crate::shared::files::logo_exists(&ctx.env, &org, logo).await? {
            return Err(ApiError::invalid(
                "brand.logo",
                format!(
                    "names no logo {org} has uploaded ({}): upload the file first, and name it as the upload answered",
                    logo.as_str()
                ),
            ));
        }
    }
    let json = serde_json::to_string(&profile)?;
    let etag = http::strong_etag(json.as_bytes());
    let db = env.d1(DB)?;
    let actor = caller.actor();
    let mut change = Change::plain(&db, org.as_str(), ctx.now);
    change.run_all(vec![query!(
            &db,
            "INSERT INTO profile_drafts (org, profile_json, etag, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (org) DO UPDATE SET profile_json = excluded.profile_json, etag = excluded.etag,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            org.as_str(),
            &json,
            &etag,
            attest_core::date::rfc3339(ctx.now),
            &actor
        )?]);
    change.audit(audit::Change {
        actor: &actor,
        action: "profile.draft_saved",
        target: "profile",
        before: current_etag.map(|e| json!({ "etag": e })),
        after: Some(json!({ "etag": etag })),
    })?;
    change.commit().await?;
    let saved_at = attest_core::date::rfc3339(ctx.now);
    with_saved(json_response(&json, &etag)?, true, &saved_at, &actor)
}

/// Publishes `profile` as the next version: D1, the subprocessor changes, the audit
/// entry, then the KV snapshot the public API reads.
/// A version published.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Published {
    version: i64,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    published_at: String,
    published_by: String,
    /// The public profile's new ETag.
    etag: String,
    /// What changed in the subprocessor list: its subscribers were e-mailed this.
    subprocessor_changes: SubprocessorChanges,
}

/// An earlier version published again as the newest.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Restored"))]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    /// The version restored.
    restored_from: i64,
    /// When that version was first published, and by whom.
    published_at: String,
    by: String,
    /// The new version it became.
    version: i64,
    etag: String,
}

/// A published version, without its profile.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Version"))]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    version: i64,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    published_at: String,
    published_by: String,
}

/// A version's row.
#[derive(Deserialize)]
struct ListedRow {
    version: i64,
    published_at: String,
    published_by: String,
}

/// The published versions, newest first.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Versions {
    versions: Vec<Listed>,
}

/// What a version changed from the one before it.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "VersionDiff"))]
pub struct Diff {
    version: i64,
    /// The version before it; `null` for the first.
    from: Option<i64>,
    /// The top-level fields that changed (subprocessors aside).
    fields: Vec<FieldChange>,
    subprocessors: SubprocessorChanges,
}

/// One top-level field of the profile, before and after.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldChange {
    field: String,
    before: Option<Value>,
    after: Option<Value>,
}

/// The draft, as `PUT` sends it: a whole profile, up to 1 MB.
pub struct Edited(TrustProfile);

impl Extract for Edited {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let raw = http::json_bytes(&mut ctx.req, MAX_PROFILE_BYTES).await?;
        http::parse_json(&raw).map(Edited)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.json_body::<TrustProfile>(MAX_PROFILE_BYTES / 1024);
    }
}

async fn publish_profile(
    env: &Env,
    org: &OrgSlug,
    mut profile: TrustProfile,
    actor: &str,
    action: &str,
    base: &str,
    now: i64,
) -> Result<Published, ApiError> {
    let previous = latest(env, org).await?;
    let before = previous
        .as_ref()
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    dated(&mut profile, before.as_ref(), now);
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
    // Webhooks and subscriptions exist only where the keys that seal their secrets do.
    let keys = Keys::from_env(env).ok();
    let mut change = match &keys {
        Some(keys) => Change::new(&db, keys, org.as_str(), now),
        None => Change::plain(&db, org.as_str(), now),
    };
    change.run_all([
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
    ]);
    if !changes.is_empty() {
        change.run(query!(
            &db,
            "INSERT INTO subprocessor_changes (org, version, published_at, summary, changes_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            org.as_str(),
            version,
            &published_at,
            changes.summary(),
            serde_json::to_string(&changes)?
        )?);
    }
    if let Some(keys) = &keys {
        if !changes.is_empty() {
            crate::shared::subscribers::notify(
                &mut change,
                keys,
                profile.name.as_str(),
                version,
                &changes,
                base,
            )
            .await?;
        }
        change.event(
            "profile.published",
            json!({ "version": version, "subprocessorChanges": (!changes.is_empty()).then(|| changes.summary()) }),
        )?;
    }
    change.audit(audit::Change {
        actor,
        action,
        target: "profile",
        before: previous.as_ref().map(|v| json!({ "version": v.version })),
        after: Some(json!({
            "version": version,
            "subprocessors": (!changes.is_empty()).then(|| changes.summary()),
        })),
    })?;
    change.commit().await?;
    crate::shared::snapshot::store(env, org, &json).await?;
    Ok(Published {
        version,
        published_at,
        published_by: actor.to_owned(),
        etag: http::strong_etag(json.as_bytes()),
        subprocessor_changes: changes,
    })
}

/// `POST /v1/admin/orgs/{org}/profile/publish` in the OpenAPI document.
pub const PUBLISH: Doc = Doc {
    id: "publish",
    summary:
        "Publishes the draft as the next version; the public API serves it at once (content:write)",
    description: "",
    answer: "Published.",
    errors: &[
        (409, "No draft, or the draft is what is published already."),
        (412, "The draft is no longer the one named in If-Match."),
    ],
    headers: &[(
        "If-Match",
        "Optional: the ETag of the draft reviewed; the publish is refused if the draft changed since.",
    )],
};

/// `POST /v1/admin/orgs/{org}/profile/publish`: the draft becomes the next version.
pub async fn publish(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
) -> Result<Created<Published>, ApiError> {
    let env = &ctx.env;
    let base = ctx.base.as_str();
    let draft = draft(env, &org).await?.ok_or_else(|| {
        ApiError::Conflict("There is no draft to publish: PUT the profile first".into())
    })?;
    // A publish that names the draft it was reviewed as publishes that draft or nothing.
    if let Some(reviewed) = ctx.req.headers().get("if-match")? {
        if !names(&reviewed, &draft.etag) {
            return Err(ApiError::PreconditionFailed(format!(
                "The draft changed since you reviewed it: {} saved it at {}. Review it again before publishing",
                draft.updated_by, draft.updated_at
            )));
        }
    }
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
        ctx.now,
    )
    .await?;
    Created::new(&published)
}

/// `GET /v1/admin/orgs/{org}/versions` in the OpenAPI document.
pub const VERSIONS: Doc = Doc {
    id: "listVersions",
    summary: "Published versions, newest first (content:write)",
    description: "",
    answer: "The versions.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/versions`
pub async fn versions(ctx: Ctx, org: OrgSlug) -> Result<Json<Versions>, ApiError> {
    let env = &ctx.env;
    let db = env.d1(DB)?;
    let rows: Vec<ListedRow> = storage::all(query!(
        &db,
        "SELECT version, published_at, published_by FROM profile_versions WHERE org = ?1 ORDER BY version DESC",
        org.as_str()
    )?)
    .await?;
    let versions = rows
        .into_iter()
        .map(|r| Listed {
            version: r.version,
            published_at: r.published_at,
            published_by: r.published_by,
        })
        .collect();
    Ok(Json(Versions { versions }))
}

fn number(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ApiError::invalid("version", "must be a version number: 1, 2, 3…"))
}

/// `GET /v1/admin/orgs/{org}/versions/{n}` in the OpenAPI document.
pub const GET_VERSION: Doc = Doc {
    id: "getVersion",
    summary: "A published version's profile (content:write)",
    description: "",
    answer: "The profile as published then.",
    errors: &[(400, "Not a version number."), (404, "No such version.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/versions/{n}`: that version's profile.
pub async fn get_version(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
) -> Result<Page<JsonOf<TrustProfile>>, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let found = version(env, &org, number(n)?).await?;
    json_response(
        &found.profile_json,
        &http::strong_etag(found.profile_json.as_bytes()),
    )
}

/// What `after` changed from `before` (nothing before the first version): the top-level
/// fields and the subprocessors. A version's diff and a draft's review both say it so.
fn compare(
    before: Option<&TrustProfile>,
    after: &TrustProfile,
) -> Result<(Vec<FieldChange>, SubprocessorChanges), ApiError> {
    let subprocessors = subprocessors::diff(
        before
            .map(|p| p.subprocessors.as_slice())
            .unwrap_or_default(),
        &after.subprocessors,
    );
    let before = before
        .map(serde_json::to_value)
        .transpose()?
        .unwrap_or(Value::Null);
    let fields = field_changes(&before, &serde_json::to_value(after)?);
    Ok((fields, subprocessors))
}

/// The top-level fields whose values differ, with both values.
fn field_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
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
        .map(|k| FieldChange {
            field: k.clone(),
            before: before.get(k).cloned(),
            after: after.get(k).cloned(),
        })
        .collect()
}

/// `GET /v1/admin/orgs/{org}/versions/{n}/diff` in the OpenAPI document.
pub const DIFF: Doc = Doc {
    id: "diffVersion",
    summary: "What version n changed from n − 1: fields and subprocessors (content:write)",
    description: "",
    answer: "The changes.",
    errors: &[(400, "Not a version number."), (404, "No such version.")],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/versions/{n}/diff`: what version n changed from n − 1.
pub async fn diff(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
) -> Result<Json<Diff>, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let n = number(n)?;
    let after = version(env, &org, n).await?;
    let before = if n > 1 {
        Some(version(env, &org, n - 1).await?)
    } else {
        None
    };
    let before_profile = before
        .as_ref()
        .map(|v| parse(&v.profile_json))
        .transpose()?;
    let (fields, subprocessors) = compare(before_profile.as_ref(), &parse(&after.profile_json)?)?;
    Ok(Json(Diff {
        version: n,
        from: before.map(|v| v.version),
        fields,
        subprocessors,
    }))
}

/// `POST /v1/admin/orgs/{org}/versions/{n}/restore` in the OpenAPI document.
pub const RESTORE: Doc = Doc {
    id: "restoreVersion",
    summary: "Publishes version n's content as a new version (content:write)",
    description: "The draft, if any, is replaced by what is then published.",
    answer: "Restored as a new version.",
    errors: &[
        (400, "Not a version number."),
        (404, "No such version."),
        (412, "The draft is no longer the one named in If-Match."),
    ],
    headers: &[(
        "If-Match",
        "Optional: the ETag of the draft the restore may replace; refused if the draft changed since.",
    )],
};

/// `POST /v1/admin/orgs/{org}/versions/{n}/restore`: version n's content, published as
/// a new version.
pub async fn restore(
    ctx: Ctx,
    org: OrgSlug,
    VersionNumber(n): VersionNumber,
    caller: Caller,
) -> Result<Created<Restored>, ApiError> {
    let env = &ctx.env;
    let n = n.as_str();
    let base = ctx.base.as_str();
    let old = version(env, &org, number(n)?).await?;
    // Restoring replaces the draft: one that names the draft it saw replaces that one only.
    if let Some(seen) = ctx.req.headers().get("if-match")? {
        if let Some(current) = draft(env, &org).await? {
            if !names(&seen, &current.etag) {
                return Err(ApiError::PreconditionFailed(format!(
                    "{} saved a draft at {} that restoring would replace; look at it first",
                    current.updated_by, current.updated_at
                )));
            }
        }
    }
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
        ctx.now,
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
    Created::new(&Restored {
        restored_from: old.version,
        published_at: old.published_at,
        by: old.published_by,
        version: published.version,
        etag: published.etag,
    })
}
