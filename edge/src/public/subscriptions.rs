//! E-mail about changes to an organisation's subprocessors (GDPR art. 28(2)): a visitor
//! subscribes with the widget's form, confirms from the e-mail (double opt-in), and from
//! then on hears of every published change, each e-mail with a one-click unsubscribe link.
//!
//! The links carry tokens derived from the signing key (`Keys::mac`), so nothing secret is
//! stored: the confirmation token names the moment it was sent (a newer e-mail replaces
//! it, and it expires), the unsubscribe token names the subscription.

use crate::shared::storage::guarded;
use attest_core::documents::SubscriptionForm;
use serde::Deserialize;
use serde_json::json;
use worker::{query, D1Database, Env, Request};

use crate::public::challenge::{self, Proof};
use crate::public::forms::{self, Filing, Submission};
use crate::public::pages::{self, LinkToken};
use crate::router::{Accepted, Ctx, Doc, Html, Id, Page, Query};
use crate::shared::audit;
use crate::shared::change::Change;
use crate::shared::crypto::{self, Column, Keys};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox::Outgoing;
use crate::shared::storage::{self, Only, DB};
use crate::shared::subscribers::{unsubscribe_token, CONFIRM_SECONDS};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "SubscriptionBody"))]
pub struct Body {
    #[serde(flatten)]
    form: SubscriptionForm,
    #[cfg_attr(feature = "openapi", schemars(required))]
    proof: Option<Proof>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schemars(skip))]
    website: String,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    org: String,
    status: String,
    confirm_sent_at: i64,
    confirm_nonce: Option<String>,
}

/// The token of the link in one confirmation e-mail: `sent` names that e-mail (its nonce;
/// the time it was sent for subscriptions from before nonces), so a newer one replaces it.
fn confirm_token(keys: &Keys, id: &str, sent: &str) -> String {
    keys.mac("subscription-confirm", &format!("{id}:{sent}"))
}

impl Row {
    /// The token the latest confirmation e-mail carries.
    fn confirm_token(&self, keys: &Keys) -> String {
        let sent = self
            .confirm_nonce
            .clone()
            .unwrap_or_else(|| self.confirm_sent_at.to_string());
        confirm_token(keys, &self.id, &sent)
    }
}

/// What every subscriber is told, whatever happened: whether an address was already
/// subscribed is not for the form to reveal.
/// The same answer whether or not the address was subscribed already.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SubscriptionAccepted {
    #[cfg_attr(feature = "openapi", schemars(extend("const" = "pending")))]
    status: &'static str,
    message: &'static str,
}

fn accepted() -> SubscriptionAccepted {
    SubscriptionAccepted {
        status: "pending",
        message: "If this address is not subscribed yet, an e-mail is on its way: follow its link to confirm.",
    }
}

/// `POST /v1/orgs/{org}/subprocessors/subscriptions` in the OpenAPI document.
pub const CREATE: Doc = Doc {
    id: "subscribeToSubprocessorChanges",
    summary: "Subscribe an e-mail address to changes of the subprocessor list (double opt-in)",
    description: "Sends a confirmation e-mail; only once its link is followed does the address get an e-mail for each published change (with the changes and `plannedFrom` dates, and a one-click unsubscribe link in the `List-Unsubscribe` header). Same origin rules, proof of work, rate limit and idempotency as privacy requests.",
    answer: "Accepted.",
    errors: &[(400, "A field is invalid (`errors` names each), or the proof is missing, forged, expired, unsolved or already used (field `proof`)."), (403, "A browser sent it from a site the organisation does not list in `allowedOrigins`.")],
    headers: &[("Idempotency-Key", "Makes retries safe: the same key with the same body gets the first answer again (with `Idempotent-Replayed: true`) and creates nothing; with another body, a `422`.")],
};

/// `POST /v1/orgs/{org}/subprocessors/subscriptions`
pub async fn create(
    ctx: Ctx,
    submission: Submission<Body>,
) -> Result<Accepted<SubscriptionAccepted>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let base = ctx.base.as_str();
    if !submission.body.website.is_empty() {
        return forms::decoy(&submission, &accepted());
    }
    challenge::check(
        &submission.keys,
        env,
        &submission.org,
        submission.body.proof.as_ref(),
        submission.now,
    )?;
    let email = submission.body.form.check().map_err(ApiError::Invalid)?;
    let proof = submission.body.proof.as_ref().expect("checked above");
    forms::file(req, env, &submission, proof, |db, only| {
        subscribe(db, &submission, email.as_str(), base, only)
    })
    .await
}

/// The statements that subscribe `email` (or send a pending subscription a new link),
/// under `only`, without reading first: the subscription's id follows from the address,
/// and the upsert leaves a confirmed subscription as it is, in which case no e-mail is
/// queued either.
fn subscribe(
    db: &D1Database,
    submission: &Submission<Body>,
    email: &str,
    base: &str,
    only: &Only,
) -> Result<Filing<SubscriptionAccepted>, ApiError> {
    let keys = &submission.keys;
    let org = submission.org.as_str();
    let now = submission.now;
    let hash = keys.mac("subscription-email", &email.to_lowercase());
    let id = format!(
        "sub_{}",
        &keys.mac("subscription-id", &format!("{org}:{hash}"))[..24]
    );
    let sealed = keys.seal(Column::new("subscriptions", &id, "email"), email)?;
    // Names this e-mail: its link replaces every earlier one, even one sent this second.
    let nonce = crypto::random_hex(12);
    let org_name = submission.profile.name.to_string();
    let link = format!(
        "{base}/v1/subscriptions/{id}/confirm?token={}",
        confirm_token(keys, &id, &nonce)
    );
    let body = format!(
        "Hello,\n\nSomeone, we hope you, asked to be told by e-mail whenever {org_name} adds, \
         removes or changes a subprocessor: a company that processes personal data on its \
         behalf.\n\nTo confirm, open this link and press \"Confirm\" (valid for 7 days):\n\n    \
         {link}\n\nIf it was not you, ignore this e-mail: without confirmation you will not \
         hear from us again, and the address is deleted after 7 days.\n"
    );
    // A subscription made before ids followed from the address takes this id too.
    let upsert = guarded!(
            db,
            &only,
            "INSERT INTO subscriptions (id, org, status, email_hash, key_id, email_sealed, created_at, confirm_sent_at, confirm_nonce)
             VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?6, ?7)
             ON CONFLICT (org, email_hash) DO UPDATE SET id = excluded.id, status = 'pending',
               key_id = excluded.key_id, email_sealed = excluded.email_sealed,
               confirm_sent_at = excluded.confirm_sent_at, confirm_nonce = excluded.confirm_nonce
             WHERE subscriptions.status <> 'confirmed'",
        &id,
        org,
        &hash,
        keys.key_id(),
        &sealed,
        now,
        &nonce
    )?;
    let pending_now = only.clone().and(
        "EXISTS (SELECT 1 FROM subscriptions WHERE id = ? AND status = 'pending' AND confirm_nonce = ?)",
        &[&id, &nonce],
    );
    let mut change = Change::new(db, keys, org, now).under(only);
    change.run(upsert).now_under(&pending_now).mail(&Outgoing {
        org,
        purpose: "subscription",
        related_id: &id,
        to: email,
        subject: &format!("Confirm: e-mail about {org_name}'s subprocessors"),
        body: &body,
    })?;
    Ok(Filing {
        statements: change.into_statements(),
        answer: accepted(),
    })
}

async fn row(db: &D1Database, id: &str) -> Result<Option<Row>, ApiError> {
    storage::first(query!(
        db,
        "SELECT id, org, status, confirm_sent_at, confirm_nonce FROM subscriptions WHERE id = ?1",
        id
    )?)
    .await
}

fn token(req: &Request) -> Result<String, ApiError> {
    Ok(http::query(req, "token")?.unwrap_or_default())
}

/// Which page a confirmation link leads to.
enum Confirmation {
    Valid(Row),
    Done,
    Invalid,
    Unknown,
}

async fn confirmation(
    env: &Env,
    req: &Request,
    id: &str,
    now: i64,
) -> Result<Confirmation, ApiError> {
    let keys = Keys::from_env(env)?;
    let db = env.d1(DB)?;
    let token = token(req)?;
    let Some(row) = row(&db, id).await? else {
        return Ok(Confirmation::Unknown);
    };
    if !crypto::same(&row.confirm_token(&keys), &token) {
        return Ok(Confirmation::Invalid);
    }
    Ok(match row.status.as_str() {
        "confirmed" => Confirmation::Done,
        "pending" if row.confirm_sent_at + CONFIRM_SECONDS > now => Confirmation::Valid(row),
        _ => Confirmation::Invalid,
    })
}

const CONFIRMED: (&str, &str) = (
    "Subscribed",
    "You will get an e-mail whenever the list of subprocessors changes. Every one of them has a link to unsubscribe.",
);
const BROKEN: (&str, &str) = (
    "This link does not work",
    "It has expired or a newer e-mail replaced it. Subscribe again from the trust center.",
);

/// `GET /v1/subscriptions/{id}/confirm` in the OpenAPI document.
pub const CONFIRM_PAGE: Doc = Doc {
    id: "subscriptionConfirmPage",
    summary: "The confirmation e-mail's link: a page whose button confirms (a GET changes nothing)",
    description: "",
    answer: "The page: a button, or why the link does not work.",
    errors: &[
        (400, "The link has no token: a page saying so."),
        (
            404,
            "No such request or subscription: a page saying the link does not work.",
        ),
    ],
    headers: &[],
};

/// `GET /v1/subscriptions/{id}/confirm?token=…`: a page whose button confirms.
pub async fn confirm_page(
    ctx: Ctx,
    Id(id): Id,
    Query(link): Query<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let id = id.as_str();
    if link.given().is_none() {
        return Ok(pages::no_token());
    }
    Ok(match confirmation(env, req, id, ctx.now).await? {
        Confirmation::Valid(_) => pages::action(
            "Confirm your subscription",
            "Press the button to get an e-mail whenever this organisation's list of subprocessors changes.",
            "Confirm",
        ),
        Confirmation::Done => pages::message(CONFIRMED.0, CONFIRMED.1),
        Confirmation::Invalid => pages::message(BROKEN.0, BROKEN.1),
        Confirmation::Unknown => pages::unknown_link(),
    })
}

/// `POST /v1/subscriptions/{id}/confirm` in the OpenAPI document.
pub const CONFIRM: Doc = Doc {
    id: "confirmSubscription",
    summary: "Confirm a subscription (the page's button)",
    description: "",
    answer: "Confirmed, or why the link does not work.",
    errors: &[
        (400, "The link has no token: a page saying so."),
        (
            404,
            "No such request or subscription: a page saying the link does not work.",
        ),
    ],
    headers: &[],
};

/// `POST /v1/subscriptions/{id}/confirm?token=…`: from that page's button.
pub async fn confirm(
    ctx: Ctx,
    Id(id): Id,
    Query(link): Query<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let id = id.as_str();
    if link.given().is_none() {
        return Ok(pages::no_token());
    }
    Ok(match confirmation(env, req, id, ctx.now).await? {
        Confirmation::Valid(row) => {
            let db = env.d1(DB)?;
            let keys = Keys::from_env(env)?;
            let mut change = Change::new(&db, &keys, &row.org, ctx.now);
            change.run_all(vec![query!(
                    &db,
                    "UPDATE subscriptions SET status = 'confirmed', confirmed_at = ?2 WHERE id = ?1 AND status = 'pending'",
                    id,
                    ctx.now
                )?]);
            change.audit(audit::Change {
                actor: "subscriber",
                action: "subscription.confirmed",
                target: &row.id,
                before: Some(json!({ "status": "pending" })),
                after: Some(json!({ "status": "confirmed" })),
            })?;
            change.commit().await?;
            pages::message(CONFIRMED.0, CONFIRMED.1)
        }
        Confirmation::Done => pages::message(CONFIRMED.0, CONFIRMED.1),
        Confirmation::Invalid => pages::message(BROKEN.0, BROKEN.1),
        Confirmation::Unknown => pages::unknown_link(),
    })
}

const UNSUBSCRIBED: (&str, &str) = (
    "Unsubscribed",
    "You will not get e-mail about this organisation's subprocessors any more, and your address is deleted.",
);

async fn unsubscribing(env: &Env, req: &Request, id: &str) -> Result<Option<Row>, ApiError> {
    let keys = Keys::from_env(env)?;
    if !crypto::same(&unsubscribe_token(&keys, id), &token(req)?) {
        return Err(ApiError::NotFound(
            "This unsubscribe link is not one we sent".into(),
        ));
    }
    row(&env.d1(DB)?, id).await
}

/// `GET /v1/subscriptions/{id}/unsubscribe` in the OpenAPI document.
pub const UNSUBSCRIBE_PAGE: Doc = Doc {
    id: "unsubscribePage",
    summary: "The unsubscribe link: a page whose button unsubscribes",
    description: "",
    answer: "The page.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (404, "Not an unsubscribe link the edge made.")],
    headers: &[],
};

/// `GET /v1/subscriptions/{id}/unsubscribe?token=…`: a page whose button unsubscribes.
pub async fn unsubscribe_page(
    ctx: Ctx,
    Id(id): Id,
    Query(_token): Query<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let id = id.as_str();
    Ok(match unsubscribing(env, req, id).await? {
        Some(row) if row.status != "unsubscribed" => pages::action(
            "Unsubscribe",
            "Press the button to stop getting e-mail about this organisation's subprocessors.",
            "Unsubscribe",
        ),
        _ => pages::message(UNSUBSCRIBED.0, UNSUBSCRIBED.1),
    })
}

/// `POST /v1/subscriptions/{id}/unsubscribe` in the OpenAPI document.
pub const UNSUBSCRIBE: Doc = Doc {
    id: "unsubscribe",
    summary: "Unsubscribe: the page's button, or a mail client's one-click unsubscribe (RFC 8058); erases the address",
    description: "",
    answer: "Unsubscribed.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (404, "Not an unsubscribe link the edge made.")],
    headers: &[],
};

/// `POST /v1/subscriptions/{id}/unsubscribe?token=…`: the page's button, or a mail
/// client's one-click unsubscribe (RFC 8058). Erases the address.
pub async fn unsubscribe(
    ctx: Ctx,
    Id(id): Id,
    Query(_token): Query<LinkToken>,
) -> Result<Page<Html>, ApiError> {
    let (req, env) = (&ctx.req, &ctx.env);
    let id = id.as_str();
    if let Some(row) = unsubscribing(env, req, id).await? {
        if row.status != "unsubscribed" {
            let db = env.d1(DB)?;
            let keys = Keys::from_env(env)?;
            let mut change = Change::new(&db, &keys, &row.org, ctx.now);
            change.run_all(vec![
                    query!(
                        &db,
                        "UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?2, key_id = NULL,
                             email_sealed = NULL, email_hash = 'erased:' || id WHERE id = ?1",
                        id,
                        ctx.now
                    )?,
                    // Its e-mails, sent or not, held the address too; unsent ones stay unsent.
                    query!(
                        &db,
                        "UPDATE outbox SET recipient_sealed = NULL, subject_sealed = NULL, body_sealed = NULL,
                             unsubscribe_sealed = NULL WHERE related_id = ?1",
                        id
                    )?,
                ]);
            change.audit(audit::Change {
                actor: "subscriber",
                action: "subscription.unsubscribed",
                target: &row.id,
                before: Some(json!({ "status": row.status })),
                after: Some(json!({ "status": "unsubscribed", "personalData": "erased" })),
            })?;
            change.commit().await?;
        }
    }
    Ok(pages::message(UNSUBSCRIBED.0, UNSUBSCRIBED.1))
}
