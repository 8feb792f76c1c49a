//! An organisation's sign-in settings (`manage_sign_in`): single sign-on through its
//! OpenID Connect provider (issuer, client id, client secret sealed at rest, the e-mail
//! domains it admits) and whether two factors are required (single sign-on or a
//! passkey; an e-mail link alone is not enough).

use attest_core::members;
use attest_core::OrgSlug;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::query;

use crate::router::{Ctx, Doc, Json};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::error::ApiError;
use crate::shared::oidc;
use crate::shared::storage::{self, DB};

/// Single sign-on as the settings show it: never the secret.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SsoShown {
    issuer: String,
    client_id: String,
    /// A client secret is stored (sealed); it is never shown again.
    client_secret_set: bool,
    allowed_domains: Vec<String>,
}

/// The organisation's sign-in settings.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInSettings {
    org: String,
    /// `null`: members sign in with e-mail links and passkeys.
    sso: Option<SsoShown>,
    two_factor_required: bool,
    /// Where the provider sends members back: register it with the provider.
    redirect_uri: String,
}

#[derive(Deserialize)]
struct Row {
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret_sealed: Option<String>,
    allowed_domains: String,
    two_factor_required: i64,
}

async fn load(ctx: &Ctx, org: &OrgSlug) -> Result<Option<Row>, ApiError> {
    let db = ctx.env.d1(DB)?;
    storage::first(query!(
        &db,
        "SELECT issuer, client_id, client_secret_sealed, allowed_domains, two_factor_required
         FROM sign_in_settings WHERE org = ?1",
        org.as_str()
    )?)
    .await
}

fn shown(ctx: &Ctx, org: &OrgSlug, row: Option<Row>) -> SignInSettings {
    let (sso, two_factor_required) = match row {
        Some(row) => (
            match (row.issuer, row.client_id) {
                (Some(issuer), Some(client_id)) => Some(SsoShown {
                    issuer,
                    client_id,
                    client_secret_set: row.client_secret_sealed.is_some(),
                    allowed_domains: row
                        .allowed_domains
                        .split(',')
                        .filter(|d| !d.is_empty())
                        .map(str::to_owned)
                        .collect(),
                }),
                _ => None,
            },
            row.two_factor_required == 1,
        ),
        None => (None, false),
    };
    SignInSettings {
        org: org.to_string(),
        sso,
        two_factor_required,
        redirect_uri: format!("{}/v1/auth/sso/callback", ctx.base),
    }
}

/// `GET /v1/admin/orgs/{org}/sign-in` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "signInSettings",
    summary:
        "The organisation's sign-in settings: single sign-on, two factors required (manage_sign_in)",
    description: "",
    answer: "The settings; the client secret is never shown.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/sign-in`.
pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Json<SignInSettings>, ApiError> {
    let row = load(&ctx, &org).await?;
    Ok(Json(shown(&ctx, &org, row)))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SsoBody"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["issuer", "clientId", "allowedDomains"])))]
pub struct SsoInput {
    /// The provider's issuer, exactly as its discovery document names it, e.g.
    /// `https://accounts.google.com`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 500)))]
    issuer: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 500)))]
    client_id: String,
    /// Required the first time and whenever the issuer or client id changes; left out
    /// otherwise, the stored one stays.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = 1000)))]
    client_secret: Option<String>,
    /// Who may sign in through it: `example.com`, or `*.example.com` for its subdomains.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(min = 1)))]
    allowed_domains: Vec<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SignInSettingsBody"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsInput {
    /// `null`: no single sign-on.
    sso: Option<SsoInput>,
    /// Members must sign in with single sign-on or a passkey (an e-mail link alone is
    /// not enough).
    two_factor_required: bool,
}

/// `PUT /v1/admin/orgs/{org}/sign-in` in the OpenAPI document.
pub const PUT: Doc = Doc {
    id: "putSignInSettings",
    summary: "Sets single sign-on and whether two factors are required (an owner, signed in)",
    description: "The issuer is checked by reading its discovery document before anything is saved. The client secret is sealed at rest.",
    answer: "The settings as saved.",
    errors: &[
        (400, "A field breaks a rule, or the issuer's discovery document cannot be read; `errors` names the field."),
        (403, "Not an owner signed in (an admin, another role, or an API token)."),
    ],
    headers: &[],
};

fn text(field: &'static str, raw: &str, max: usize) -> Result<String, ApiError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: field.into(),
            },
        ]));
    }
    if value.len() > max || value.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            format!("must be one line of at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// `PUT /v1/admin/orgs/{org}/sign-in`.
pub async fn put(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<SettingsInput>,
) -> Result<Json<SignInSettings>, ApiError> {
    // Whoever sets the identity provider decides who anyone is: an owner, signed in.
    if caller.role() != Some(members::Role::Owner) {
        return Err(ApiError::Forbidden(
            "Only an owner, signed in, changes how the organisation signs in".into(),
        ));
    }
    let before = load(&ctx, &org).await?;
    let keys = Keys::from_env(&ctx.env)?;
    let db = ctx.env.d1(DB)?;
    let (issuer, client_id, sealed, domains) = match &input.sso {
        None => (None, None, None, Vec::new()),
        Some(sso) => {
            let issuer = text("sso.issuer", &sso.issuer, 500)?;
            if !oidc::issuer_allowed(&issuer) {
                return Err(ApiError::invalid(
                    "sso.issuer",
                    "must be an https: URL (http: only on loopback)",
                ));
            }
            let client_id = text("sso.clientId", &sso.client_id, 500)?;
            let domains = members::parse_domains(&sso.allowed_domains)
                .map_err(|e| ApiError::Invalid(vec![e.within("sso")]))?;
            if domains.is_empty() {
                return Err(ApiError::invalid(
                    "sso.allowedDomains",
                    "must name at least one domain whose addresses may sign in",
                ));
            }
            let sealed = match &sso.client_secret {
                Some(secret) => {
                    let secret = text("sso.clientSecret", secret, 1000)?;
                    keys.seal(oidc::secret_column(org.as_str()), &secret)?
                }
                // The stored secret goes only to the provider it was given for.
                None => before
                    .as_ref()
                    .filter(|b| {
                        b.issuer.as_deref() == Some(issuer.as_str())
                            && b.client_id.as_deref() == Some(client_id.as_str())
                    })
                    .and_then(|b| b.client_secret_sealed.clone())
                    .ok_or_else(|| {
                        ApiError::Invalid(vec![attest_core::ValidationError::Required {
                            field: "sso.clientSecret".into(),
                        }])
                    })?,
            };
            if let Err(why) = oidc::discover(&issuer).await {
                return Err(ApiError::invalid("sso.issuer", why));
            }
            (Some(issuer), Some(client_id), Some(sealed), domains)
        }
    };
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run(query!(
        &db,
        "INSERT INTO sign_in_settings (org, issuer, client_id, client_secret_sealed, key_id, allowed_domains, two_factor_required, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (org) DO UPDATE SET issuer = ?2, client_id = ?3, client_secret_sealed = ?4, key_id = ?5,
           allowed_domains = ?6, two_factor_required = ?7, updated_at = ?8",
        org.as_str(),
        &issuer,
        &client_id,
        &sealed,
        sealed.as_ref().map(|_| keys.key_id()),
        domains.join(","),
        i32::from(input.two_factor_required),
        ctx.now
    )?);
    let before_shown = before.as_ref().map(|b| {
        json!({ "issuer": b.issuer, "clientId": b.client_id, "allowedDomains": b.allowed_domains, "twoFactorRequired": b.two_factor_required == 1 })
    });
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "sign_in.settings_changed",
        target: org.as_str(),
        before: before_shown,
        after: Some(json!({
            "issuer": issuer, "clientId": client_id, "allowedDomains": domains.join(","),
            "twoFactorRequired": input.two_factor_required,
            "clientSecretChanged": input.sso.as_ref().is_some_and(|s| s.client_secret.is_some()),
        })),
    })?;
    change.commit().await?;
    let row = load(&ctx, &org).await?;
    Ok(Json(shown(&ctx, &org, row)))
}
