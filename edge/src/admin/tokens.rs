//! The admin API's door: API tokens, scoped to one organisation, stored as hashes. And
//! the first admin resource, the e-mail outbox.

use attest_core::members;
use attest_core::OrgSlug;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::query;

use crate::admin::members::{invitation_statements, InvitationShown};
use crate::router::{Created, Ctx, Doc, Id, Json, NoContent};
use crate::shared::audit;
use crate::shared::auth::Caller;
use crate::shared::change::Change;
use crate::shared::crypto::Keys;
use crate::shared::crypto::{self};
use crate::shared::error::ApiError;
use crate::shared::storage::{self, DB};

/// A new token's secret: 256 random bits.
fn new_secret() -> String {
    format!("atk_{}", crypto::random_hex(32))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewOrganisationBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["slug", "name"])))]
pub struct NewOrg {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "OrgSlug"))]
    slug: String,
    /// The organisation's name, as its trust center shows it: one line.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schemars(
            length(min = 1, max = 200),
            regex(
                pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"
            )
        )
    )]
    name: String,
    /// Its first owner, invited by e-mail: they join by signing in as this address.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<attest_core::Email>"))]
    owner: Option<String>,
}

/// A new organisation, with its first token.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewOrganisation {
    org: String,
    name: String,
    token: Secret,
    /// The first owner's invitation, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    invitation: Option<InvitationShown>,
}

/// A token as it is made: its secret is shown this once, and stored only as a hash.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "TokenSecret"))]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    id: String,
    name: String,
    scopes: Vec<Scope>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: Option<String>,
    /// `atk_` and 64 hex digits: the `Authorization: Bearer` value.
    secret: String,
}

/// An organisation's API token, without its secret.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Token {
    id: String,
    name: String,
    scopes: Vec<Scope>,
    created_at: String,
    expires_at: Option<String>,
    revoked_at: Option<String>,
}

/// A scope, one of `attest_core::members::SCOPES`: `admin` may do everything, the others one area each.
#[derive(Serialize)]
#[serde(transparent)]
pub struct Scope(String);

/// The names of the scopes a token may carry.
const SCOPE_NAMES: [&str; members::SCOPES.len()] = {
    let mut names = [""; members::SCOPES.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = members::SCOPES[i].0;
        i += 1;
    }
    names
};

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for Scope {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scope".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "enum": SCOPE_NAMES })
    }
}

/// The tokens of an organisation.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Tokens {
    tokens: Vec<Token>,
}

/// `POST /v1/admin/orgs` in the OpenAPI document.
pub const CREATE_ORG: Doc = Doc {
    id: "createOrganisation",
    summary: "Creates an organisation and its first token, `admin`, shown once (platform token)",
    description: "",
    answer: "Created; `token.secret` is shown this once.",
    errors: &[
        (400, "The slug or name breaks a rule."),
        (409, "The organisation exists already."),
    ],
    headers: &[],
};

/// `POST /v1/admin/orgs` with the platform token: a new organisation and its first
/// token (`admin`), shown once.
pub async fn create_org(
    ctx: Ctx,
    Json(input): Json<NewOrg>,
) -> Result<Created<NewOrganisation>, ApiError> {
    let env = &ctx.env;
    let slug = OrgSlug::parse(input.slug.as_str()).map_err(|e| ApiError::Invalid(vec![e]))?;
    let name = attest_core::Name::parse_field("name", input.name.as_str())
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let db = env.d1(DB)?;
    let exists: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT slug FROM organisations WHERE slug = ?1",
        slug.as_str()
    )?)
    .await?;
    if exists.is_some() {
        return Err(ApiError::Conflict(format!("{slug} exists already")));
    }
    let owner = input
        .owner
        .as_deref()
        .map(|e| {
            members::member_email(e)
                .map_err(|e| ApiError::Invalid(vec![e.within_unknown_field().within("owner")]))
        })
        .transpose()?;
    let secret = new_secret();
    let id = format!("tok_{}", crypto::random_hex(8));
    let keys = Keys::from_env(env)?;
    let mut change = Change::new(&db, &keys, slug.as_str(), ctx.now);
    change.run_all(vec![
            query!(
                &db,
                "INSERT INTO organisations (slug, name) VALUES (?1, ?2)",
                slug.as_str(),
                name.as_str()
            )?,
            query!(
                &db,
                "INSERT INTO api_tokens (id, org, name, token_hash, scopes) VALUES (?1, ?2, 'owner', ?3, 'admin')",
                &id,
                slug.as_str(),
                crypto::sha256_hex(&secret)
            )?,
        ]);
    change.audit(audit::Change {
            actor: "platform",
            action: "organisation.created",
            target: slug.as_str(),
            before: None,
            after: Some(json!({ "name": name.as_str(), "token": { "id": id, "name": "owner", "scopes": ["admin"] } })),
        })?;
    let invitation = owner
        .map(|email| {
            invitation_statements(
                &mut change,
                &ctx.base,
                name.as_str(),
                email.as_str(),
                members::Role::Owner,
                "platform",
                "Attest",
                ctx.now,
            )
        })
        .transpose()?;
    change.commit().await?;
    Created::new(&NewOrganisation {
        org: slug.to_string(),
        name: name.to_string(),
        token: Secret {
            id,
            name: "owner".into(),
            scopes: vec![Scope("admin".into())],
            expires_at: None,
            secret,
        },
        invitation,
    })
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewTokenBody"))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["name", "scopes"])))]
pub struct NewToken {
    /// Who or what holds it, as the audit log names it (`token:<name>`).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schemars(
            length(min = 1, max = 200),
            regex(
                pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"
            )
        )
    )]
    name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<Scope>", length(min = 1)))]
    scopes: Vec<String>,
    /// When it stops working, e.g. `2027-01-31T00:00:00Z`; never without.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    expires_at: Option<String>,
}

/// `POST /v1/admin/orgs/{org}/tokens` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "createToken",
    summary: "A token for a team member, its name attributing its changes in the audit log; the secret is shown once (admin)",
    description: "",
    answer: "Created.",
    errors: &[(400, "A name, scope or expiry breaks a rule.")],
    headers: &[],
};

/// `POST /v1/admin/orgs/{org}/tokens` (admin): a token for a team member, shown once.
pub async fn create(
    ctx: Ctx,
    org: OrgSlug,
    caller: Caller,
    Json(input): Json<NewToken>,
) -> Result<Created<Secret>, ApiError> {
    let env = &ctx.env;
    let name = attest_core::Name::parse_field("name", input.name.as_str())
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    if input.scopes.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: "scopes".into(),
            },
        ]));
    }
    if let Some(unknown) = input
        .scopes
        .iter()
        .find(|s| !SCOPE_NAMES.contains(&s.as_str()))
    {
        return Err(ApiError::invalid(
            "scopes",
            format!(
                "{unknown} is not a scope; the scopes are {}",
                SCOPE_NAMES.join(", ")
            ),
        ));
    }
    let now = attest_core::date::rfc3339(ctx.now);
    if let Some(expires) = &input.expires_at {
        // Stored and compared as written: UTC, to the second.
        let valid = expires.len() == 20
            && expires.ends_with('Z')
            && attest_core::date::parse_rfc3339(expires).is_some();
        if !valid {
            return Err(ApiError::invalid(
                "expiresAt",
                "must be a UTC time such as 2027-01-31T00:00:00Z",
            ));
        }
        if *expires <= now {
            return Err(ApiError::invalid("expiresAt", "must be in the future"));
        }
    }
    let scopes = input.scopes.join(",");
    let secret = new_secret();
    let id = format!("tok_{}", crypto::random_hex(8));
    let db = env.d1(DB)?;
    let keys = Keys::from_env(env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run_all(vec![query!(
            &db,
            "INSERT INTO api_tokens (id, org, name, token_hash, scopes, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &id,
            org.as_str(),
            name.as_str(),
            crypto::sha256_hex(&secret),
            &scopes,
            &input.expires_at
        )?]);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "token.created",
        target: &id,
        before: None,
        after: Some(
            json!({ "name": name.as_str(), "scopes": input.scopes, "expiresAt": input.expires_at }),
        ),
    })?;
    change.commit().await?;
    Created::new(&Secret {
        id,
        name: name.to_string(),
        scopes: input.scopes.into_iter().map(Scope).collect(),
        expires_at: input.expires_at,
        secret,
    })
}

/// `GET /v1/admin/orgs/{org}/tokens` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "listTokens",
    summary: "The organisation's tokens, without their secrets (admin)",
    description: "",
    answer: "The tokens.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/orgs/{org}/tokens` (admin): the tokens, without their secrets.
pub async fn list(ctx: Ctx, org: OrgSlug) -> Result<Json<Tokens>, ApiError> {
    let env = &ctx.env;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        scopes: String,
        created_at: String,
        expires_at: Option<String>,
        revoked_at: Option<String>,
    }
    let db = env.d1(DB)?;
    let rows: Vec<Row> = storage::all(query!(
        &db,
        "SELECT id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE org = ?1 ORDER BY created_at, rowid",
        org.as_str()
    )?)
    .await?;
    let tokens = rows
        .into_iter()
        .map(|r| Token {
            scopes: r.scopes.split(',').map(|s| Scope(s.to_owned())).collect(),
            id: r.id,
            name: r.name,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
        })
        .collect();
    Ok(Json(Tokens { tokens }))
}

/// `DELETE /v1/admin/orgs/{org}/tokens/{id}` in the OpenAPI document.
pub const REVOKE: Doc = Doc {
    id: "revokeToken",
    summary: "Revokes a token at once (admin)",
    description: "",
    answer: "Revoked.",
    errors: &[(404, "No such active token.")],
    headers: &[],
};

/// `DELETE /v1/admin/orgs/{org}/tokens/{id}` (admin): the token stops working at once.
pub async fn revoke(
    ctx: Ctx,
    org: OrgSlug,
    Id(id): Id,
    caller: Caller,
) -> Result<NoContent, ApiError> {
    let env = &ctx.env;
    let id = id.as_str();
    let db = env.d1(DB)?;
    let found: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT id FROM api_tokens WHERE org = ?1 AND id = ?2 AND revoked_at IS NULL",
        org.as_str(),
        id
    )?)
    .await?;
    if found.is_none() {
        return Err(ApiError::NotFound(format!(
            "{org} has no active token {id}"
        )));
    }
    let now = attest_core::date::rfc3339(ctx.now);
    let keys = Keys::from_env(env)?;
    let mut change = Change::new(&db, &keys, org.as_str(), ctx.now);
    change.run_all(vec![query!(
        &db,
        "UPDATE api_tokens SET revoked_at = ?3 WHERE org = ?1 AND id = ?2",
        org.as_str(),
        id,
        &now
    )?]);
    change.audit(audit::Change {
        actor: &caller.actor(),
        action: "token.revoked",
        target: id,
        before: None,
        after: Some(json!({ "revokedAt": now })),
    })?;
    change.commit().await?;
    Ok(NoContent)
}
