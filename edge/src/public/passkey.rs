//! Signing in with a passkey: the edge's challenge for `navigator.credentials.get()`
//! (a discoverable credential: no address asked), then the authenticator's answer,
//! checked against the registered key and its counter (`shared::webauthn`).

use serde::{Deserialize, Serialize};
use worker::query;

use crate::public::sign_in::{self, SignedIn};
use crate::router::{Ctx, Doc, Json, Typed};
use crate::shared::error::ApiError;
use crate::shared::storage::{self, Only, DB};
use crate::shared::webauthn;

/// What `navigator.credentials.get()` takes.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    challenge: String,
    rp_id: String,
    #[cfg_attr(feature = "openapi", schemars(extend("enum" = ["required"])))]
    user_verification: &'static str,
    /// Milliseconds.
    timeout: i64,
}

/// `POST /v1/auth/passkey/options` in the OpenAPI document.
pub const OPTIONS: Doc = Doc {
    id: "passkeyRequestOptions",
    summary: "Starts a sign-in with a passkey: the options for navigator.credentials.get()",
    description: "A fresh challenge, single use, for five minutes.",
    answer: "The request options, bytes as base64url.",
    errors: &[(429, "Too many sign-in attempts from this client.")],
    headers: &[],
};

/// `POST /v1/auth/passkey/options`.
pub async fn options(ctx: Ctx) -> Result<Json<RequestOptions>, ApiError> {
    sign_in::limit_client(&ctx.env, &ctx.req).await?;
    let db = ctx.env.d1(DB)?;
    let (challenge, statement) = webauthn::challenge(&db, "sign_in", None, ctx.now)?;
    storage::run(statement).await?;
    Ok(Json(RequestOptions {
        challenge,
        rp_id: webauthn::rp_id(&ctx.base),
        user_verification: "required",
        timeout: attest_core::members::lifetimes::PASSKEY_CHALLENGE * 1000,
    }))
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PasskeySignInBody"))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["id", "clientDataJSON", "authenticatorData", "signature"])))]
pub struct Assertion {
    /// The credential id, base64url.
    #[serde(default)]
    id: String,
    #[serde(default, rename = "clientDataJSON")]
    client_data_json: String,
    #[serde(default)]
    authenticator_data: String,
    #[serde(default)]
    signature: String,
}

/// `POST /v1/auth/passkey/sign-in` in the OpenAPI document.
pub const SIGN_IN: Doc = Doc {
    id: "signInWithPasskey",
    summary: "Signs in with a passkey's answer to the request options: a session cookie",
    description: "",
    answer: "Signed in; the session is in the `Set-Cookie` header.",
    errors: &[
        (400, "The answer does not verify (another origin, challenge or site, no user verification, a bad signature, a counter that went backwards); `detail` says which."),
        (401, "No such passkey (never registered, or removed)."),
        (410, "The challenge was used already or has expired: start again."),
        (429, "Too many failed attempts for this account or from this client."),
    ],
    headers: &[],
};

fn bytes(field: &'static str, text: &str) -> Result<Vec<u8>, ApiError> {
    webauthn::unb64(text).map_err(|_| ApiError::invalid(field, "must be base64url"))
}

/// `POST /v1/auth/passkey/sign-in`.
pub async fn sign_in(
    ctx: Ctx,
    Json(input): Json<Assertion>,
) -> Result<Typed<SignedIn, 200>, ApiError> {
    sign_in::limit_client(&ctx.env, &ctx.req).await?;
    let client_data = bytes("clientDataJSON", &input.client_data_json)?;
    let authenticator_data = bytes("authenticatorData", &input.authenticator_data)?;
    let signature = bytes("signature", &input.signature)?;
    let db = ctx.env.d1(DB)?;
    #[derive(Deserialize)]
    struct Row {
        person: String,
        email: String,
        name: String,
        public_key: String,
        algorithm: i64,
        sign_count: i64,
        orgs: Option<String>,
    }
    let row: Option<Row> = storage::first(query!(
        &db,
        "SELECT k.person_id AS person, p.email, p.name, k.public_key, k.algorithm, k.sign_count,
                (SELECT group_concat(org) FROM memberships WHERE person_id = p.id) AS orgs
         FROM passkeys k JOIN people p ON p.id = k.person_id
         WHERE k.id = ?1 AND k.removed_at IS NULL",
        &input.id
    )?)
    .await?;
    let row = row.ok_or_else(|| {
        ApiError::Unauthorized("This passkey is not registered here (or was removed)".into())
    })?;
    sign_in::limit_address(&db, &row.email, "passkey", ctx.now).await?;
    let challenge = webauthn::challenge_in(&client_data)?;
    let claim = webauthn::spend(&db, &challenge, "sign_in", None, ctx.now).await?;
    let rp_id = webauthn::rp_id(&ctx.base);
    let key = webauthn::PublicKey {
        algorithm: row.algorithm,
        cose: webauthn::unb64(&row.public_key)
            .map_err(|_| ApiError::Internal("a stored key that is not base64url".into()))?,
    };
    let verified = webauthn::assert(
        &client_data,
        &authenticator_data,
        &signature,
        &key,
        u32::try_from(row.sign_count).unwrap_or(u32::MAX),
        &webauthn::Expected {
            challenge: &challenge,
            origin: &ctx.base,
            rp_id: &rp_id,
        },
    );
    let count = match verified {
        Ok(count) => count,
        Err(why) => {
            // A failed answer counts against the account.
            storage::run(sign_in::attempt(&db, &row.email, "passkey", ctx.now)?).await?;
            return Err(ApiError::invalid("credential", why.to_string()));
        }
    };
    let orgs: Vec<String> = row
        .orgs
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect();
    let only = Only::always()
        .and(
            "EXISTS (SELECT 1 FROM passkey_challenges WHERE claim = ?)",
            &[&claim],
        )
        .and(
            &format!(
                "EXISTS (SELECT 1 FROM passkeys WHERE id = ? AND sign_count = {count} AND last_used_at = {})",
                ctx.now
            ),
            &[&input.id],
        );
    // The counter moves only forward, even against a twin answer in flight.
    let mut statements = vec![query!(
        &db,
        "UPDATE passkeys SET sign_count = ?2, last_used_at = ?3
         WHERE id = ?1 AND (sign_count < ?2 OR (sign_count = 0 AND ?2 = 0))",
        &input.id,
        count,
        ctx.now
    )?];
    let new = sign_in::begin(
        &db,
        &ctx.req,
        &row.person,
        &row.email,
        "passkey",
        None,
        &orgs,
        &only,
        ctx.now,
        &mut statements,
    )?;
    if !storage::batch_claimed(&db, statements).await? {
        return Err(ApiError::invalid(
            "credential",
            webauthn::Refusal::Counter.to_string(),
        ));
    }
    sign_in::signed_in(&ctx, row.person, row.email, row.name, new.id, &new.secret)
}
