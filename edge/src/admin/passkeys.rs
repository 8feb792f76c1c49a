//! A member's passkeys: registered after signing in (a WebAuthn ceremony with a
//! challenge of the edge's, single use, five minutes), listed and removed. Each addition
//! and removal is an entry in the audit log of every organisation the member is in.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, D1Database, D1PreparedStatement};

use crate::router::{Created, Ctx, Doc, Id, Identified, Json, NoContent};
use crate::shared::audit;
use crate::shared::auth::{self, Member, Membership};
use crate::shared::error::ApiError;
use crate::shared::storage::{self, Only, DB};
use crate::shared::webauthn;

/// What the browser's `navigator.credentials.create()` takes, base64url where WebAuthn
/// has bytes.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreationOptions {
    challenge: String,
    rp: Party,
    user: User,
    pub_key_cred_params: Vec<Param>,
    /// The member's passkeys already registered, not to be registered twice.
    exclude_credentials: Vec<Descriptor>,
    authenticator_selection: Selection,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["none"])))]
    attestation: &'static str,
    /// Milliseconds.
    timeout: i64,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Party {
    id: String,
    name: &'static str,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The person's id, base64url.
    id: String,
    name: String,
    display_name: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Param {
    #[serde(rename = "type")]
    kind: &'static str,
    alg: i64,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Descriptor {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    resident_key: &'static str,
    user_verification: &'static str,
}

/// `POST /v1/admin/me/passkeys/options` in the OpenAPI document.
pub const OPTIONS: Doc = Doc {
    id: "passkeyCreationOptions",
    summary: "Starts registering a passkey for the member signed in: the options for navigator.credentials.create()",
    description: "A fresh challenge, single use, for five minutes. Resident keys and user verification are required; no attestation is asked for.",
    answer: "The creation options, bytes as base64url.",
    errors: &[(403, "This session may not add a passkey: it came from an e-mail link while an organisation of the member's requires two factors, or from one organisation's single sign-on while the member belongs to others.")],
    headers: &[],
};

/// `POST /v1/admin/me/passkeys/options`.
pub async fn options(
    ctx: Ctx,
    Identified(identity): Identified,
) -> Result<Json<CreationOptions>, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    member.may_add_passkey(&memberships)?;
    let db = ctx.env.d1(DB)?;
    let (challenge, statement) =
        webauthn::challenge(&db, "register", Some(&member.person), ctx.now)?;
    storage::run(statement).await?;
    let existing: Vec<serde_json::Value> = storage::all(query!(
        &db,
        "SELECT id FROM passkeys WHERE person_id = ?1 AND removed_at IS NULL",
        &member.person
    )?)
    .await?;
    Ok(Json(CreationOptions {
        challenge,
        rp: Party {
            id: webauthn::rp_id(&ctx.base),
            name: "Attest",
        },
        user: User {
            id: webauthn::b64(member.person.as_bytes()),
            name: member.email.clone(),
            display_name: member.name.clone(),
        },
        pub_key_cred_params: vec![
            Param {
                kind: "public-key",
                alg: webauthn::ES256,
            },
            Param {
                kind: "public-key",
                alg: webauthn::RS256,
            },
        ],
        exclude_credentials: existing
            .into_iter()
            .filter_map(|row| {
                Some(Descriptor {
                    kind: "public-key",
                    id: row["id"].as_str()?.to_owned(),
                })
            })
            .collect(),
        authenticator_selection: Selection {
            resident_key: "required",
            user_verification: "required",
        },
        attestation: "none",
        timeout: attest_core::members::lifetimes::PASSKEY_CHALLENGE * 1000,
    }))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "NewPasskeyBody"))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["clientDataJSON", "attestationObject"])))]
pub struct NewPasskey {
    /// What the member calls it ("Work laptop"); the browser's name for it otherwise.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(length(max = 100)))]
    name: Option<String>,
    /// `response.clientDataJSON`, base64url.
    #[serde(default, rename = "clientDataJSON")]
    client_data_json: String,
    /// `response.attestationObject`, base64url.
    #[serde(default)]
    attestation_object: String,
}

/// A passkey of the member's.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Passkey {
    /// The credential id, base64url.
    id: String,
    name: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    created_at: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date-time")))]
    last_used_at: Option<String>,
}

/// `POST /v1/admin/me/passkeys` in the OpenAPI document.
pub const ADD: Doc = Doc {
    id: "addPasskey",
    summary: "Registers a passkey for the member signed in, from the browser's answer to the creation options",
    description: "",
    answer: "Registered.",
    errors: &[
        (400, "The answer does not verify (another origin, challenge or site, no user verification, an unaccepted algorithm or attestation); `detail` says which."),
        (403, "This session may not add a passkey (see the options)."),
        (409, "This passkey is registered already."),
        (410, "The challenge was used already or has expired: start again."),
    ],
    headers: &[],
};

/// Audit entries for `action` in each of the member's organisations, under `only`.
fn entries(
    db: &D1Database,
    member: &Member,
    memberships: &[Membership],
    action: &str,
    after: serde_json::Value,
    only: &Only,
    now: i64,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    audit::journal_each(
        db,
        memberships.iter().map(|m| m.org.as_str()),
        &audit::Change {
            actor: &member.actor(),
            action,
            target: &member.person,
            before: None,
            after: Some(after),
        },
        now,
        only,
    )
}

fn refused(why: webauthn::Refusal) -> ApiError {
    ApiError::invalid("credential", why.to_string())
}

/// `POST /v1/admin/me/passkeys`.
pub async fn add(
    ctx: Ctx,
    Identified(identity): Identified,
    Json(input): Json<NewPasskey>,
) -> Result<Created<Passkey>, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    member.may_add_passkey(&memberships)?;
    let client_data = webauthn::unb64(&input.client_data_json)
        .map_err(|_| ApiError::invalid("clientDataJSON", "must be base64url"))?;
    let attestation = webauthn::unb64(&input.attestation_object)
        .map_err(|_| ApiError::invalid("attestationObject", "must be base64url"))?;
    let name = match input
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(name) => attest_core::Name::parse_field("name", name)?.to_string(),
        None => "Passkey".to_owned(),
    };
    let challenge = webauthn::challenge_in(&client_data)?;
    let db = ctx.env.d1(DB)?;
    webauthn::spend(&db, &challenge, "register", Some(&member.person), ctx.now).await?;
    let rp_id = webauthn::rp_id(&ctx.base);
    let registered = webauthn::register(
        &client_data,
        &attestation,
        &webauthn::Expected {
            challenge: &challenge,
            origin: &ctx.base,
            rp_id: &rp_id,
        },
    )
    .map_err(refused)?;
    let taken: Option<serde_json::Value> = storage::first(query!(
        &db,
        "SELECT id FROM passkeys WHERE id = ?1",
        &registered.id
    )?)
    .await?;
    if taken.is_some() {
        return Err(ApiError::Conflict(
            "This passkey is registered already".into(),
        ));
    }
    let mut statements = vec![query!(
        &db,
        "INSERT INTO passkeys (id, person_id, name, public_key, algorithm, sign_count, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &registered.id,
        &member.person,
        &name,
        webauthn::b64(&registered.key.cose),
        registered.key.algorithm,
        registered.sign_count,
        ctx.now
    )?];
    statements.extend(entries(
        &db,
        &member,
        &memberships,
        "member.passkey_added",
        json!({ "passkey": registered.id, "name": name }),
        &Only::always(),
        ctx.now,
    )?);
    storage::batch(&db, statements).await?;
    Created::new(&Passkey {
        id: registered.id,
        name,
        created_at: attest_core::date::rfc3339(ctx.now),
        last_used_at: None,
    })
}

/// The member's passkeys.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Passkeys {
    passkeys: Vec<Passkey>,
}

/// `GET /v1/admin/me/passkeys` in the OpenAPI document.
pub const LIST: Doc = Doc {
    id: "myPasskeys",
    summary: "The member's passkeys",
    description: "",
    answer: "The passkeys, oldest first.",
    errors: &[],
    headers: &[],
};

/// `GET /v1/admin/me/passkeys`.
pub async fn list(ctx: Ctx, Identified(identity): Identified) -> Result<Json<Passkeys>, ApiError> {
    let (member, _) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        created_at: i64,
        last_used_at: Option<i64>,
    }
    let rows: Vec<Row> = storage::all(query!(
        &db,
        "SELECT id, name, created_at, last_used_at FROM passkeys
         WHERE person_id = ?1 AND removed_at IS NULL ORDER BY created_at, rowid",
        &member.person
    )?)
    .await?;
    Ok(Json(Passkeys {
        passkeys: rows
            .into_iter()
            .map(|r| Passkey {
                id: r.id,
                name: r.name,
                created_at: attest_core::date::rfc3339(r.created_at),
                last_used_at: r.last_used_at.map(attest_core::date::rfc3339),
            })
            .collect(),
    }))
}

/// `DELETE /v1/admin/me/passkeys/{id}` in the OpenAPI document.
pub const REMOVE: Doc = Doc {
    id: "removePasskey",
    summary: "Removes one of the member's passkeys: it signs nobody in from now on",
    description: "",
    answer: "Removed.",
    errors: &[(404, "No such passkey of the member's.")],
    headers: &[],
};

/// `DELETE /v1/admin/me/passkeys/{id}`.
pub async fn remove(
    ctx: Ctx,
    Identified(identity): Identified,
    Id(id): Id,
) -> Result<NoContent, ApiError> {
    let (member, memberships) = auth::member_only(identity)?;
    let db = ctx.env.d1(DB)?;
    let only = Only::always().and(
        &format!(
            "EXISTS (SELECT 1 FROM passkeys WHERE id = ? AND removed_at = {})",
            ctx.now
        ),
        &[&id],
    );
    let mut statements = vec![query!(
        &db,
        "UPDATE passkeys SET removed_at = ?3 WHERE id = ?1 AND person_id = ?2 AND removed_at IS NULL",
        &id,
        &member.person,
        ctx.now
    )?];
    statements.extend(entries(
        &db,
        &member,
        &memberships,
        "member.passkey_removed",
        json!({ "passkey": id }),
        &only,
        ctx.now,
    )?);
    if !storage::batch_claimed(&db, statements).await? {
        return Err(ApiError::NotFound(format!("You have no passkey {id}")));
    }
    Ok(NoContent)
}
