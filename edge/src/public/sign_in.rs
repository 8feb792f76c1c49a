//! Members' sign-in by e-mail link (for organisations without single sign-on), and what
//! every way of signing in ends with: a session, and an entry in the audit log of each
//! organisation the person is a member of.
//!
//! A link works once, for 15 minutes. Asking for one answers the same whether or not the
//! address may sign in (nobody learns who is a member), and is rate-limited per address
//! and per client.

use crate::shared::storage::guarded;
use attest_core::members::{self, lifetimes, ATTEMPTS_PER_WINDOW, ATTEMPT_WINDOW};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{query, D1Database, D1PreparedStatement, Env, Request};

use crate::public::forms;
use crate::router::{Accepted, Ctx, Doc, Json, Typed};
use crate::shared::audit;
use crate::shared::crypto::{self, Keys};
use crate::shared::error::ApiError;
use crate::shared::outbox::{self, Outgoing};
use crate::shared::session::{self, NewSession};
use crate::shared::storage::{self, Only, DB};

const LIMITER: &str = "SIGN_IN";

/// Counts an attempt against the client's limit (every way of signing in shares it).
pub async fn limit_client(env: &Env, req: &Request) -> Result<(), ApiError> {
    let Ok(limiter) = env.rate_limiter(LIMITER) else {
        worker::console_warn!("sign-in rate limiting by client is off: no SIGN_IN binding");
        return Ok(());
    };
    let outcome = limiter
        .limit(format!("sign-in:{}", forms::client(req)))
        .await
        .map_err(|e| ApiError::Unavailable(format!("rate limiter: {e}")))?;
    if outcome.success {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests(60))
    }
}

/// `429` when `email` made `ATTEMPTS_PER_WINDOW` attempts of `kind` in the window.
pub async fn limit_address(
    db: &D1Database,
    email: &str,
    kind: &str,
    now: i64,
) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Row {
        attempts: u32,
        first: Option<i64>,
    }
    let row: Option<Row> = storage::first(query!(
        db,
        "SELECT COUNT(*) AS attempts, MIN(at) AS first FROM sign_in_attempts
         WHERE email = ?1 AND kind = ?2 AND at > ?3",
        email,
        kind,
        now - ATTEMPT_WINDOW
    )?)
    .await?;
    match row {
        Some(row) if row.attempts >= ATTEMPTS_PER_WINDOW => {
            let wait = row.first.map_or(ATTEMPT_WINDOW, |first| {
                (first + ATTEMPT_WINDOW - now).max(1)
            });
            Err(ApiError::TooManyRequests(wait as u32))
        }
        _ => Ok(()),
    }
}

/// The statement that counts an attempt of `kind` by `email`.
pub fn attempt(
    db: &D1Database,
    email: &str,
    kind: &str,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(query!(
        db,
        "INSERT INTO sign_in_attempts (email, kind, at) VALUES (?1, ?2, ?3)",
        email,
        kind,
        now
    )?)
}

/// A session begun: its id, and its secret for the cookie.
pub struct Begun {
    pub id: String,
    pub secret: String,
}

/// A session for `person`, with a `member.signed_in` entry in the log of each of
/// `orgs`: their statements added to `statements`, written only where `only` holds.
#[allow(clippy::too_many_arguments)]
pub fn begin(
    db: &D1Database,
    req: &Request,
    person: &str,
    email: &str,
    method: &str,
    sso_org: Option<&str>,
    orgs: &[String],
    only: &Only,
    now: i64,
    statements: &mut Vec<D1PreparedStatement>,
) -> Result<Begun, ApiError> {
    let NewSession {
        id,
        secret,
        statement,
    } = session::start(db, req, person, method, sso_org, only, now)?;
    statements.push(statement);
    statements.extend(audit::journal_each(
        db,
        orgs.iter().map(String::as_str),
        &audit::Change {
            actor: &format!("member:{email}"),
            action: "member.signed_in",
            target: person,
            before: None,
            after: Some(json!({ "method": method, "session": id })),
        },
        now,
        only,
    )?);
    Ok(Begun { id, secret })
}

/// `POST /v1/auth/email-link` in the OpenAPI document.
pub const ASK: Doc = Doc {
    id: "askSignInLink",
    summary: "E-mails a sign-in link to a member or an invited address (works once, for 15 minutes)",
    description: "Answers the same whether or not the address may sign in, so nobody learns who is a member. At most 5 links per address in 15 minutes.",
    answer: "Accepted: if the address may sign in, the link is on its way.",
    errors: &[
        (400, "The address is not an e-mail address."),
        (429, "Too many links asked for this address or from this client; `Retry-After` says when to try again."),
    ],
    headers: &[],
};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SignInLinkBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["email"])))]
pub struct Ask {
    /// The member's address.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(with = "attest_core::Email"))]
    email: String,
}

/// What asking for a link answers.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LinkSent {
    email: String,
    /// How long the link works.
    expires_in_minutes: i64,
}

/// `POST /v1/auth/email-link`: a sign-in link to a member or an invited address.
pub async fn ask(ctx: Ctx, Json(input): Json<Ask>) -> Result<Accepted<LinkSent>, ApiError> {
    let email = members::member_email(&input.email)?;
    let email = email.as_str();
    let db = ctx.env.d1(DB)?;
    limit_client(&ctx.env, &ctx.req).await?;
    limit_address(&db, email, "link", ctx.now).await?;
    #[derive(Deserialize)]
    struct Known {
        person: Option<String>,
        invited: i64,
    }
    let known: Option<Known> = storage::first(query!(
        &db,
        "SELECT (SELECT id FROM people WHERE email = ?1) AS person,
                (SELECT COUNT(*) FROM invitations WHERE email = ?1 AND accepted_at IS NULL
                   AND revoked_at IS NULL AND expires_at > ?2) AS invited",
        email,
        ctx.now
    )?)
    .await?;
    let mut statements = vec![attempt(&db, email, "link", ctx.now)?];
    if known.is_some_and(|k| k.person.is_some() || k.invited > 0) {
        let token = format!("asl_{}", crypto::random_hex(32));
        statements.push(query!(
            &db,
            "INSERT INTO sign_in_links (token_hash, email, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            crypto::sha256_hex(&token),
            email,
            ctx.now,
            ctx.now + lifetimes::SIGN_IN_LINK
        )?);
        let link = format!("{}/console/sign-in?link={token}", ctx.base);
        let keys = Keys::from_env(&ctx.env)?;
        statements.push(outbox::message(
            &db,
            &keys,
            "email",
            &Outgoing {
                org: outbox::PLATFORM,
                purpose: "sign_in_link",
                related_id: email,
                to: email,
                subject: "Your sign-in link for Attest",
                body: &format!(
                    "Someone asked to sign in to Attest as {email}.\n\nSign in: {link}\n\nThe link works once, for the next 15 minutes. If it wasn't you, ignore this e-mail: nothing happens without the link.\n"
                ),
            },
            None,
            &Only::always(),
            ctx.now,
        )?);
        crate::shared::outbox::deliver_soon();
    }
    storage::batch(&db, statements).await?;
    Accepted::new(&LinkSent {
        email: email.to_owned(),
        expires_in_minutes: lifetimes::SIGN_IN_LINK / 60,
    })
}

/// `POST /v1/auth/email-link/sign-in` in the OpenAPI document.
pub const USE: Doc = Doc {
    id: "signInWithLink",
    summary: "Signs in with the token of an e-mail link: a session cookie",
    description: "The link's page posts its token here (a `GET` never signs anyone in, so a mail scanner that follows links spends nothing). A first sign-in of an invited address makes the person, named as given.",
    answer: "Signed in; the session is in the `Set-Cookie` header.",
    errors: &[
        (400, "No token, or a name that breaks a rule."),
        (403, "The address is neither a member's nor invited any more."),
        (410, "The link was used already or has expired: ask for a new one."),
        (429, "Too many sign-in attempts from this client; `Retry-After` says when to try again."),
    ],
    headers: &[],
};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "UseSignInLinkBody"))]
#[cfg_attr(feature = "openapi", schemars(extend("required" = ["token"])))]
pub struct UseLink {
    /// The `link` of the e-mailed address.
    #[serde(default)]
    token: String,
    /// The person's name, for a first sign-in (their address's local part otherwise).
    #[serde(default)]
    name: Option<String>,
}

/// A member signed in.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    id: String,
    email: String,
    name: String,
    session: String,
    /// What a change made with this session carries in `X-CSRF-Token`.
    csrf_token: String,
}

/// The answer to a sign-in: who, the session and its CSRF token, with the session's
/// cookie.
pub fn signed_in(
    ctx: &Ctx,
    id: String,
    email: String,
    name: String,
    session_id: String,
    secret: &str,
) -> Result<Typed<SignedIn, 200>, ApiError> {
    let keys = Keys::from_env(&ctx.env)?;
    let cookie = session::set_cookie(&ctx.req, secret);
    Ok(Typed::new(&SignedIn {
        id,
        email,
        name,
        session: session_id,
        csrf_token: session::csrf_token(&keys, &crypto::sha256_hex(secret)),
    })?
    .map(|mut response| {
        let _ = response.headers_mut().set("set-cookie", &cookie);
        let _ = response.headers_mut().set("cache-control", "no-store");
        response
    }))
}

/// The person behind an address, if any, and their organisations.
#[derive(Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Comma-separated.
    pub orgs: Option<String>,
}

impl Person {
    pub fn orgs(&self) -> Vec<String> {
        self.orgs
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// The person with this address, and their organisations.
pub async fn person_by_email(db: &D1Database, email: &str) -> Result<Option<Person>, ApiError> {
    storage::first(query!(
        db,
        "SELECT p.id, p.name, (SELECT group_concat(org) FROM memberships WHERE person_id = p.id) AS orgs
         FROM people p WHERE p.email = ?1",
        email
    )?)
    .await
}

/// A name for a person: as given (one line), or their address's local part.
pub fn person_name(given: Option<&str>, email: &str) -> Result<String, ApiError> {
    match given.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => Ok(attest_core::Name::parse_field("name", name)?.to_string()),
        None => Ok(email.split('@').next().unwrap_or(email).to_owned()),
    }
}

/// `POST /v1/auth/email-link/sign-in`: the link's token for a session.
pub async fn sign_in(
    ctx: Ctx,
    Json(input): Json<UseLink>,
) -> Result<Typed<SignedIn, 200>, ApiError> {
    let token = input.token.trim();
    if token.is_empty() {
        return Err(ApiError::Invalid(vec![
            attest_core::ValidationError::Required {
                field: "token".into(),
            },
        ]));
    }
    limit_client(&ctx.env, &ctx.req).await?;
    let db = ctx.env.d1(DB)?;
    let hash = crypto::sha256_hex(token);
    #[derive(Deserialize)]
    struct Link {
        email: String,
        used_at: Option<i64>,
        expires_at: i64,
        invited: i64,
    }
    let link: Option<Link> = storage::first(query!(
        &db,
        "SELECT l.email, l.used_at, l.expires_at,
                (SELECT COUNT(*) FROM invitations i WHERE i.email = l.email AND i.accepted_at IS NULL
                   AND i.revoked_at IS NULL AND i.expires_at > ?2) AS invited
         FROM sign_in_links l WHERE l.token_hash = ?1",
        &hash,
        ctx.now
    )?)
    .await?;
    let gone = || {
        ApiError::Gone(
            "This sign-in link was used already or has expired; ask for a new one".into(),
        )
    };
    let link = link.ok_or_else(gone)?;
    if link.used_at.is_some() || link.expires_at <= ctx.now {
        return Err(gone());
    }
    let person = person_by_email(&db, &link.email).await?;
    if person.is_none() && link.invited == 0 {
        return Err(ApiError::Forbidden(format!(
            "{} is not a member of any organisation, nor invited to one",
            link.email
        )));
    }
    // One batch: the link spent by this batch and no other, then what it signs in.
    let claim = crypto::random_hex(16);
    let only = Only::always().and(
        "EXISTS (SELECT 1 FROM sign_in_links WHERE token_hash = ? AND claim = ?)",
        &[&hash, &claim],
    );
    let mut statements = vec![query!(
        &db,
        "UPDATE sign_in_links SET used_at = ?2, claim = ?3
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
        &hash,
        ctx.now,
        &claim
    )?];
    let (id, name, orgs) = match person {
        Some(person) => {
            let orgs = person.orgs();
            (person.id, person.name, orgs)
        }
        None => {
            let id = format!("per_{}", crypto::random_hex(8));
            let name = person_name(input.name.as_deref(), &link.email)?;
            statements.push(guarded!(
                &db,
                &only,
                "INSERT INTO people (id, email, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                &id,
                &link.email,
                &name,
                ctx.now
            )?);
            (id, name, Vec::new())
        }
    };
    let new = begin(
        &db,
        &ctx.req,
        &id,
        &link.email,
        "link",
        None,
        &orgs,
        &only,
        ctx.now,
        &mut statements,
    )?;
    if !storage::batch_claimed(&db, statements).await? {
        // Spent by a twin request a moment ago.
        return Err(gone());
    }
    signed_in(&ctx, id, link.email, name, new.id, &new.secret)
}
