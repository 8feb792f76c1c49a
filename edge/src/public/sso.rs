//! Single sign-on through an organisation's OpenID Connect provider: the authorization
//! code flow with PKCE (`S256`), `state` and `nonce` (OpenID Connect Core 1.0 §3.1).
//!
//! `GET /v1/auth/sso/{org}` sends the browser to the provider with a fresh `state`, kept
//! hashed in D1 and, the same value, in a short cookie that ties the answer to this
//! browser. `GET /v1/auth/sso/callback` spends the `state` (once), trades the code for
//! the ID token, checks it (`shared::oidc`) and the address's domain, and signs the
//! person in. Every failure goes back to the console's sign-in page with a short code
//! saying why (`?error=sso_…`); nothing is written but the spent `state`.

use attest_core::members::{self, lifetimes};
use attest_core::OrgSlug;
use serde::Deserialize;
use worker::query;

use crate::public::sign_in;
use crate::router::{Ctx, Doc, Query, Redirect};
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::oidc;
use crate::shared::session;
use crate::shared::storage::{self, Only, DB};

/// The cookie that ties a provider's answer to the browser that left for it: host-only
/// over HTTPS (`__Host-`, so a sibling subdomain cannot plant one), path-scoped on
/// loopback HTTP.
const FLOW_COOKIE: &str = "attest_sso";
const SECURE_FLOW_COOKIE: &str = "__Host-attest_sso";

/// `Set-Cookie` for the flow's cookie with `value` for `max_age` seconds.
fn flow_cookie(ctx: &Ctx, value: &str, max_age: i64) -> String {
    if https(ctx) {
        format!("{SECURE_FLOW_COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age}")
    } else {
        format!(
            "{FLOW_COOKIE}={value}; Path=/v1/auth/sso; HttpOnly; SameSite=Lax; Max-Age={max_age}"
        )
    }
}

/// An organisation's single sign-on, opened for use.
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub allowed_domains: Vec<String>,
}

/// `org`'s single sign-on, if it has one.
pub async fn settings(ctx: &Ctx, org: &str) -> Result<Option<Settings>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        issuer: Option<String>,
        client_id: Option<String>,
        client_secret_sealed: Option<String>,
        key_id: Option<String>,
        allowed_domains: String,
    }
    let db = ctx.env.d1(DB)?;
    let row: Option<Row> = storage::first(query!(
        &db,
        "SELECT issuer, client_id, client_secret_sealed, key_id, allowed_domains
         FROM sign_in_settings WHERE org = ?1",
        org
    )?)
    .await?;
    let Some(Row {
        issuer: Some(issuer),
        client_id: Some(client_id),
        client_secret_sealed: Some(sealed),
        key_id: Some(key_id),
        allowed_domains,
    }) = row
    else {
        return Ok(None);
    };
    let keys = Keys::from_env(&ctx.env)?;
    let client_secret = keys.open(&key_id, oidc::secret_column(org), &sealed)?;
    Ok(Some(Settings {
        issuer,
        client_id,
        client_secret,
        allowed_domains: allowed_domains
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect(),
    }))
}

fn callback_uri(ctx: &Ctx) -> String {
    format!("{}/v1/auth/sso/callback", ctx.base)
}

fn https(ctx: &Ctx) -> bool {
    ctx.base.starts_with("https://")
}

/// Back to the console's sign-in page, saying why.
fn failed(ctx: &Ctx, code: &str) -> Result<Redirect, ApiError> {
    Redirect::to(&format!("{}/console/sign-in?error={code}", ctx.base))?
        .cookie(&flow_cookie(ctx, "", 0))
}

/// `GET /v1/auth/sso/{org}` in the OpenAPI document.
pub const START: Doc = Doc {
    id: "startSingleSignOn",
    summary: "Sends the browser to the organisation's identity provider to sign in",
    description: "The authorization code flow with PKCE, `state` and `nonce`. `invitation`: the token of an invitation to accept once signed in.",
    answer: "To the provider; when the organisation has no single sign-on, back to the console's sign-in page with `error=sso_none` (and `org`).",
    errors: &[
        (429, "Too many sign-in attempts from this client; `Retry-After` says when to try again."),
        (503, "The organisation's identity provider cannot be reached."),
    ],
    headers: &[],
};

/// An invitation to carry through the sign-in.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StartQuery {
    /// The token of the invitation being accepted.
    #[serde(default)]
    invitation: Option<String>,
}

/// `GET /v1/auth/sso/{org}`.
pub async fn start(
    ctx: Ctx,
    org: OrgSlug,
    Query(query): Query<StartQuery>,
) -> Result<Redirect, ApiError> {
    sign_in::limit_client(&ctx.env, &ctx.req).await?;
    let Some(settings) = settings(&ctx, org.as_str()).await? else {
        // A browser came here from a button: it goes back to the page, told why.
        return Redirect::to(&format!(
            "{}/console/sign-in?error=sso_none&org={org}",
            ctx.base
        ));
    };
    let discovery = oidc::discover(&settings.issuer)
        .await
        .map_err(|e| ApiError::Unavailable(format!("{org}'s identity provider: {e}")))?;
    let state = crypto::random_hex(32);
    let nonce = crypto::random_hex(32);
    let verifier = crypto::random_hex(32);
    let invitation = query.invitation.filter(|t| {
        !t.is_empty() && t.len() <= 100 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    let db = ctx.env.d1(DB)?;
    storage::run(query!(
        &db,
        "INSERT INTO sso_flows (state_hash, org, nonce, code_verifier, invitation, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        crypto::sha256_hex(&state),
        org.as_str(),
        &nonce,
        &verifier,
        &invitation,
        ctx.now,
        ctx.now + lifetimes::SSO_FLOW
    )?)
    .await?;
    let mut url = worker::Url::parse(&discovery.authorization_endpoint)
        .map_err(|e| ApiError::Unavailable(format!("{org}'s authorization endpoint: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &settings.client_id)
        .append_pair("redirect_uri", &callback_uri(&ctx))
        .append_pair("scope", "openid email profile")
        .append_pair("state", &state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &oidc::code_challenge(&verifier))
        .append_pair("code_challenge_method", "S256");
    // Lax: the provider's redirect back is a top-level navigation from its site.
    Redirect::to(url.as_str())?.cookie(&flow_cookie(&ctx, &state, lifetimes::SSO_FLOW))
}

/// `GET /v1/auth/sso/callback` in the OpenAPI document.
pub const CALLBACK: Doc = Doc {
    id: "singleSignOnCallback",
    summary: "Where the identity provider sends the browser back: signs the member in",
    description: "To the console when signed in; otherwise to its sign-in page with `error`: `sso_state` (unknown, used or expired `state`, or another browser's), `sso_provider` (the provider said no or cannot be reached), `sso_code` (the code was refused), `sso_token` (the ID token failed a check), `sso_email_unverified`, `sso_domain` (an address outside the allowed domains), `sso_not_member`.",
    answer: "To the console, or back to its sign-in page.",
    errors: &[(429, "Too many sign-in attempts from this client; `Retry-After` says when to try again.")],
    headers: &[],
};

/// What the provider sends back.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CallbackQuery {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    /// The provider's refusal (RFC 6749 §4.1.2.1).
    #[serde(default)]
    error: Option<String>,
}

/// `GET /v1/auth/sso/callback`.
pub async fn callback(ctx: Ctx, Query(query): Query<CallbackQuery>) -> Result<Redirect, ApiError> {
    sign_in::limit_client(&ctx.env, &ctx.req).await?;
    let Some(state) = query.state.filter(|s| !s.is_empty()) else {
        return failed(&ctx, "sso_state");
    };
    // The same browser that left: the cookie holds the state it left with.
    let name = if https(&ctx) {
        SECURE_FLOW_COOKIE
    } else {
        FLOW_COOKIE
    };
    let cookie = session::cookie(&ctx.req, name).unwrap_or_default();
    if !crypto::same(&crypto::sha256_hex(&cookie), &crypto::sha256_hex(&state)) {
        return failed(&ctx, "sso_state");
    }
    let db = ctx.env.d1(DB)?;
    let claim = crypto::random_hex(16);
    #[derive(Deserialize)]
    struct Flow {
        org: String,
        nonce: String,
        code_verifier: String,
        invitation: Option<String>,
    }
    // Spent once, within its ten minutes, whatever follows.
    let flow: Option<Flow> = storage::first(query!(
        &db,
        "UPDATE sso_flows SET used_at = ?2, claim = ?3
         WHERE state_hash = ?1 AND used_at IS NULL AND expires_at > ?2
         RETURNING org, nonce, code_verifier, invitation",
        crypto::sha256_hex(&state),
        ctx.now,
        &claim
    )?)
    .await?;
    let Some(flow) = flow else {
        return failed(&ctx, "sso_state");
    };
    if query.error.is_some() {
        return failed(&ctx, "sso_provider");
    }
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return failed(&ctx, "sso_code");
    };
    let Some(settings) = settings(&ctx, &flow.org).await? else {
        return failed(&ctx, "sso_provider");
    };
    let Ok(discovery) = oidc::discover(&settings.issuer).await else {
        return failed(&ctx, "sso_provider");
    };
    let token = match oidc::exchange(
        &discovery,
        &settings.client_id,
        &settings.client_secret,
        &code,
        &callback_uri(&ctx),
        &flow.code_verifier,
    )
    .await
    {
        Ok(token) => token,
        Err(why) => {
            worker::console_warn!("sso {}: {why}", flow.org);
            return failed(&ctx, "sso_code");
        }
    };
    let Ok(keys) = oidc::keys(&discovery).await else {
        return failed(&ctx, "sso_provider");
    };
    let identity = match oidc::verify(
        &token,
        &keys,
        &oidc::Expected {
            issuer: &settings.issuer,
            client_id: &settings.client_id,
            nonce: &flow.nonce,
            now: ctx.now,
        },
    ) {
        Ok(identity) => identity,
        Err(oidc::Refusal::EmailNotVerified) => return failed(&ctx, "sso_email_unverified"),
        Err(why) => {
            worker::console_warn!("sso {}: {why}", flow.org);
            return failed(&ctx, "sso_token");
        }
    };
    let Ok(email) = members::member_email(&identity.email) else {
        return failed(&ctx, "sso_email_unverified");
    };
    let email = email.as_str();
    if !oidc::admitted(&identity, &settings.allowed_domains) {
        return failed(&ctx, "sso_domain");
    }
    // Who this is: the provider's subject once linked, else the address.
    #[derive(Deserialize)]
    struct Known {
        linked: Option<String>,
        person: Option<String>,
        member: i64,
        invitation: Option<String>,
        invited_role: Option<String>,
    }
    let known: Option<Known> = storage::first(query!(
        &db,
        "SELECT (SELECT person_id FROM identities WHERE issuer = ?1 AND subject = ?2) AS linked,
                p.id AS person,
                (SELECT COUNT(*) FROM memberships WHERE org = ?4 AND person_id = p.id) AS member,
                i.id AS invitation, i.role AS invited_role
         FROM (SELECT 1)
         LEFT JOIN people p ON p.email = ?3
         LEFT JOIN invitations i ON i.org = ?4 AND i.email = ?3 AND i.accepted_at IS NULL
           AND i.revoked_at IS NULL AND i.expires_at > ?5",
        &identity.issuer,
        &identity.subject,
        email,
        &flow.org,
        ctx.now
    )?)
    .await?;
    let known = known.ok_or_else(|| ApiError::Internal("no row".into()))?;
    if known
        .linked
        .as_ref()
        .is_some_and(|l| Some(l) != known.person.as_ref())
    {
        // The provider's subject is someone else's here: its address changed.
        return failed(&ctx, "sso_not_member");
    }
    if known.member == 0 && known.invitation.is_none() {
        return failed(&ctx, "sso_not_member");
    }
    let only = Only::always().and(
        "EXISTS (SELECT 1 FROM sso_flows WHERE claim = ?)",
        &[&claim],
    );
    let mut statements = Vec::new();
    let person = match known.person {
        Some(person) => person,
        None => {
            let id = format!("per_{}", crypto::random_hex(8));
            let name = sign_in::person_name(identity.name.as_deref(), email)?;
            statements.push(query!(
                &db,
                "INSERT INTO people (id, email, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                &id,
                email,
                &name,
                ctx.now
            )?);
            id
        }
    };
    statements.push(query!(
        &db,
        "INSERT INTO identities (issuer, subject, person_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (issuer, subject) DO NOTHING",
        &identity.issuer,
        &identity.subject,
        &person,
        ctx.now
    )?);
    // Signing in as an invited address through the organisation's own provider accepts
    // its invitation: the provider vouches for the address.
    let mut joined = None;
    if let (0, Some(invitation), Some(role)) =
        (known.member, &known.invitation, &known.invited_role)
    {
        statements.push(query!(
            &db,
            "UPDATE invitations SET accepted_at = ?2, accepted_by = ?3 WHERE id = ?1 AND accepted_at IS NULL",
            invitation,
            ctx.now,
            &person
        )?);
        statements.push(query!(
            &db,
            "INSERT INTO memberships (org, person_id, role, joined_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
            &flow.org,
            &person,
            role,
            ctx.now
        )?);
        statements.push(crate::shared::audit::journal(
            &db,
            &flow.org,
            crate::shared::audit::Change {
                actor: &format!("member:{email}"),
                action: "member.joined",
                target: &person,
                before: None,
                after: Some(serde_json::json!({
                    "name": identity.name, "email": email, "role": role, "invitation": invitation,
                })),
            },
            ctx.now,
            &only,
        )?);
        joined = Some(flow.org.clone());
    }
    let mut orgs: Vec<String> = storage::all::<serde_json::Value>(query!(
        &db,
        "SELECT org FROM memberships WHERE person_id = ?1",
        &person
    )?)
    .await?
    .into_iter()
    .filter_map(|row| row["org"].as_str().map(str::to_owned))
    .collect();
    let joined_now = joined.is_some();
    orgs.extend(joined);
    let new = sign_in::begin(
        &db,
        &ctx.req,
        &person,
        email,
        "sso",
        Some(&flow.org),
        &orgs,
        &only,
        ctx.now,
        &mut statements,
    )?;
    storage::batch(&db, statements).await?;
    let next = match (&joined_now, flow.invitation) {
        (false, Some(invitation)) => format!(
            "{}/console/join?invitation={invitation}&org={}",
            ctx.base, flow.org
        ),
        _ => format!("{}/console/?org={}", ctx.base, flow.org),
    };
    Redirect::to(&next)?
        .cookie(&session::set_cookie(&ctx.req, &new.secret))?
        .cookie(&flow_cookie(&ctx, "", 0))
}
