//! Proof-of-work challenges for the public forms: signed by the edge, solved by the
//! visitor's browser, checked and spent once when a form is accepted.

use attest_core::{pow, OrgSlug, ValidationError};
use serde::{Deserialize, Serialize};
use worker::{query, Env};

use crate::router::{Ctx, Doc, Json};
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::storage::Only;

/// How long a challenge stays valid: time to fill in a form.
const LIFETIME_SECONDS: i64 = 15 * 60;

/// Bits of work when `POW_DIFFICULTY` is not set: as `wrangler.toml` sets it.
const DEFAULT_DIFFICULTY: u32 = 16;

/// The difficulty this deployment asks for (`POW_DIFFICULTY`, 1–32).
pub fn difficulty(env: &Env) -> u32 {
    env.var("POW_DIFFICULTY")
        .ok()
        .and_then(|v| v.to_string().trim().parse().ok())
        .filter(|bits| (1..=32).contains(bits))
        .unwrap_or(DEFAULT_DIFFICULTY)
}

/// A proof-of-work challenge: find a `nonce` whose SHA-256 with the salt has
/// `difficulty` leading zero bits, and send it with the form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Challenge {
    #[cfg_attr(feature = "openapi", schemars(extend("const" = "SHA-256")))]
    pub algorithm: String,
    /// Hex.
    pub salt: String,
    /// Leading zero bits the hash needs.
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 32)))]
    pub difficulty: u32,
    /// Unix seconds.
    pub expires: i64,
    /// HMAC-SHA-256 over the other fields and the organisation, hex.
    pub signature: String,
}

/// A solved challenge: its fields as issued, and the `nonce` found.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["salt", "difficulty", "expires", "signature", "nonce"])))]
pub struct Proof {
    #[serde(default)]
    pub salt: String,
    #[serde(default)]
    pub difficulty: u32,
    #[serde(default)]
    pub expires: i64,
    #[serde(default)]
    pub signature: String,
    /// Decimal; a string or a JSON number.
    #[serde(default, deserialize_with = "decimal")]
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = r"^[0-9]{1,20}$")))]
    pub nonce: String,
}

fn decimal<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Nonce {
        Text(String),
        Number(u64),
    }
    Ok(match Nonce::deserialize(deserializer)? {
        Nonce::Text(text) => text,
        Nonce::Number(n) => n.to_string(),
    })
}

fn signed_fields(org: &OrgSlug, salt: &str, difficulty: u32, expires: i64) -> String {
    format!("SHA-256:{org}:{salt}:{difficulty}:{expires}")
}

/// `GET /v1/orgs/{org}/challenge` in the OpenAPI document.
pub const GET: Doc = Doc {
    id: "challenge",
    summary: "A signed proof-of-work challenge for the forms",
    description: "Solve it by finding a decimal `nonce` such that SHA-256 of the ASCII string `salt + \":\" + nonce` starts with at least `difficulty` zero bits, then send it back as the form's `proof`. Each challenge is accepted once, until `expires`.",
    answer: "The challenge.",
    errors: &[(400, "The slug is not valid.")],
    headers: &[],
};

pub async fn get(ctx: Ctx, org: OrgSlug) -> Result<Json<Challenge>, ApiError> {
    let env = &ctx.env;
    let keys = Keys::from_env(env)?;
    let salt = crypto::random_hex(16);
    let difficulty = difficulty(env);
    let expires = ctx.now + LIFETIME_SECONDS;
    let signature = keys.mac(
        "challenge",
        &signed_fields(&org, &salt, difficulty, expires),
    );
    Ok(Json(Challenge {
        algorithm: "SHA-256".into(),
        salt,
        difficulty,
        expires,
        signature,
    }))
}

fn invalid(reason: &'static str) -> ApiError {
    ApiError::invalid("proof", reason)
}

/// Checks a proof without spending it: signed by us for this organisation, not expired,
/// at least as hard as asked today, and solved.
pub fn check(
    keys: &Keys,
    env: &Env,
    org: &OrgSlug,
    proof: Option<&Proof>,
    now: i64,
) -> Result<(), ApiError> {
    let Some(proof) = proof else {
        return Err(ApiError::Invalid(vec![ValidationError::Required {
            field: "proof".into(),
        }]));
    };
    let expected = keys.mac(
        "challenge",
        &signed_fields(org, &proof.salt, proof.difficulty, proof.expires),
    );
    if !crypto::same(&expected, &proof.signature) {
        return Err(invalid("is not a challenge this service issued"));
    }
    if proof.expires <= now {
        return Err(invalid("has expired: ask for a new challenge"));
    }
    if proof.difficulty < difficulty(env) {
        return Err(invalid("is easier than this service asks for"));
    }
    let nonce = Some(proof.nonce.as_str())
        .filter(|n| !n.is_empty() && n.len() <= 20 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| invalid("needs a decimal nonce"))?;
    if !pow::is_solution(&proof.salt, proof.difficulty, nonce) {
        return Err(invalid("does not solve the challenge"));
    }
    Ok(())
}

/// The statement that spends a checked proof for the batch that makes `claim`: a
/// challenge is accepted once, and a second spend changes nothing (`ON CONFLICT DO
/// NOTHING`), so it never fails a transaction it shares with others' forms. What the form
/// writes besides is written under `spent_by` its claim. The statement returns the claim
/// when this batch spent the proof, and no row when another had (answered with
/// `already_used`).
pub fn spend(
    db: &worker::D1Database,
    proof: &Proof,
    claim: &str,
) -> Result<worker::D1PreparedStatement, ApiError> {
    Ok(query!(
        db,
        "INSERT INTO used_challenges (salt, expires_at, claim) VALUES (?1, ?2, ?3)
         ON CONFLICT (salt) DO NOTHING RETURNING claim",
        &proof.salt,
        proof.expires,
        claim
    )?)
}

/// Where the proof was spent by the batch that makes `claim`.
pub fn spent_by(proof: &Proof, claim: &str) -> Only {
    Only::always().and(
        "EXISTS (SELECT 1 FROM used_challenges WHERE salt = ? AND claim = ?)",
        &[&proof.salt, claim],
    )
}

/// What a form whose proof was spent already is told.
pub fn already_used() -> ApiError {
    invalid("has already been used: ask for a new challenge")
}
