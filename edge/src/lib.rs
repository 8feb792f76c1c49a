//! The Attest edge: the table of every endpoint, and the fetch event that answers from it.

mod admin;
mod audit;
mod challenge;
mod crypto;
mod document_requests;
mod error;
mod forms;
mod health;
mod http;
mod inbox;
mod mail;
mod openapi;
mod outbox;
mod pages;
mod privacy_requests;
mod profile;
mod publishing;
mod reports_inbox;
mod retention;
mod security_reports;
mod security_txt;
mod storage;
mod subprocessors;
mod subscriptions;
mod test_support;
mod webhooks;
mod widget_files;

use std::sync::OnceLock;

use worker::{event, Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent};

pub use error::ApiError;

/// What answers a route. One variant per endpoint; `dispatch` maps each to its handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Health,
    OpenApi,
    WidgetLoader,
    WidgetAsset,
    Profile,
    Subprocessors,
    SubprocessorsCsv,
    SubprocessorFeed,
    SecurityTxt,
    Challenge,
    PrivacyRequests,
    SecurityReports,
    RequestStatus,
    RequestVerify,
    RequestNewCode,
    ConfirmPage,
    ConfirmLink,
    AdminOutbox,
    AdminAudit,
    AdminAuditVerify,
    AdminRequests,
    AdminRequest,
    AdminRequestTransition,
    AdminRequestExtend,
    AdminProfile,
    AdminProfilePut,
    AdminPublish,
    AdminVersions,
    AdminVersion,
    AdminVersionDiff,
    AdminVersionRestore,
    AdminOrgs,
    AdminTokens,
    AdminTokenCreate,
    AdminTokenRevoke,
    AdminReports,
    AdminReport,
    AdminReportTransition,
    AdminRequestsCsv,
    AdminWebhooks,
    AdminWebhookCreate,
    AdminWebhookRemove,
    AdminWebhookDeliveries,
    Subscribe,
    SubscriptionConfirmPage,
    SubscriptionConfirm,
    UnsubscribePage,
    Unsubscribe,
    DocumentRequests,
    AdminDocumentRequests,
    AdminDocumentRequest,
    AdminDocumentRequestDecision,
}

/// Every endpoint the edge serves, in the notation of the OpenAPI document.
const ROUTES: &[(Method, &str, Endpoint)] = &[
    (Method::Get, "/healthz", Endpoint::Health),
    (Method::Get, "/openapi.json", Endpoint::OpenApi),
    (Method::Get, "/v1/widget.js", Endpoint::WidgetLoader),
    (Method::Get, "/v1/assets/{file}", Endpoint::WidgetAsset),
    (Method::Get, "/v1/orgs/{org}", Endpoint::Profile),
    (
        Method::Get,
        "/v1/orgs/{org}/subprocessors",
        Endpoint::Subprocessors,
    ),
    (
        Method::Get,
        "/v1/orgs/{org}/subprocessors.csv",
        Endpoint::SubprocessorsCsv,
    ),
    (
        Method::Get,
        "/v1/orgs/{org}/subprocessors/feed.atom",
        Endpoint::SubprocessorFeed,
    ),
    (
        Method::Post,
        "/v1/orgs/{org}/subprocessors/subscriptions",
        Endpoint::Subscribe,
    ),
    (
        Method::Get,
        "/v1/subscriptions/{id}/confirm",
        Endpoint::SubscriptionConfirmPage,
    ),
    (
        Method::Post,
        "/v1/subscriptions/{id}/confirm",
        Endpoint::SubscriptionConfirm,
    ),
    (
        Method::Get,
        "/v1/subscriptions/{id}/unsubscribe",
        Endpoint::UnsubscribePage,
    ),
    (
        Method::Post,
        "/v1/subscriptions/{id}/unsubscribe",
        Endpoint::Unsubscribe,
    ),
    (
        Method::Post,
        "/v1/orgs/{org}/document-requests",
        Endpoint::DocumentRequests,
    ),
    (
        Method::Get,
        "/v1/orgs/{org}/security.txt",
        Endpoint::SecurityTxt,
    ),
    (Method::Get, "/v1/orgs/{org}/challenge", Endpoint::Challenge),
    (
        Method::Post,
        "/v1/orgs/{org}/privacy-requests",
        Endpoint::PrivacyRequests,
    ),
    (
        Method::Post,
        "/v1/orgs/{org}/security-reports",
        Endpoint::SecurityReports,
    ),
    (
        Method::Get,
        "/v1/privacy-requests/{id}",
        Endpoint::RequestStatus,
    ),
    (
        Method::Post,
        "/v1/privacy-requests/{id}/verify",
        Endpoint::RequestVerify,
    ),
    (
        Method::Post,
        "/v1/privacy-requests/{id}/verification",
        Endpoint::RequestNewCode,
    ),
    (
        Method::Get,
        "/v1/privacy-requests/{id}/confirm",
        Endpoint::ConfirmPage,
    ),
    (
        Method::Post,
        "/v1/privacy-requests/{id}/confirm",
        Endpoint::ConfirmLink,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/outbox",
        Endpoint::AdminOutbox,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/audit",
        Endpoint::AdminAudit,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/audit/verify",
        Endpoint::AdminAuditVerify,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/privacy-requests",
        Endpoint::AdminRequests,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/privacy-requests/{id}",
        Endpoint::AdminRequest,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/privacy-requests/{id}/transition",
        Endpoint::AdminRequestTransition,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/privacy-requests/{id}/extend",
        Endpoint::AdminRequestExtend,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/profile",
        Endpoint::AdminProfile,
    ),
    (
        Method::Put,
        "/v1/admin/orgs/{org}/profile",
        Endpoint::AdminProfilePut,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/profile/publish",
        Endpoint::AdminPublish,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/versions",
        Endpoint::AdminVersions,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/versions/{n}",
        Endpoint::AdminVersion,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/versions/{n}/diff",
        Endpoint::AdminVersionDiff,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/versions/{n}/restore",
        Endpoint::AdminVersionRestore,
    ),
    (Method::Post, "/v1/admin/orgs", Endpoint::AdminOrgs),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/webhooks",
        Endpoint::AdminWebhooks,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/webhooks",
        Endpoint::AdminWebhookCreate,
    ),
    (
        Method::Delete,
        "/v1/admin/orgs/{org}/webhooks/{id}",
        Endpoint::AdminWebhookRemove,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/webhooks/{id}/deliveries",
        Endpoint::AdminWebhookDeliveries,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/tokens",
        Endpoint::AdminTokens,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/tokens",
        Endpoint::AdminTokenCreate,
    ),
    (
        Method::Delete,
        "/v1/admin/orgs/{org}/tokens/{id}",
        Endpoint::AdminTokenRevoke,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/privacy-requests.csv",
        Endpoint::AdminRequestsCsv,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/document-requests",
        Endpoint::AdminDocumentRequests,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/document-requests/{id}",
        Endpoint::AdminDocumentRequest,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/document-requests/{id}/decision",
        Endpoint::AdminDocumentRequestDecision,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/security-reports",
        Endpoint::AdminReports,
    ),
    (
        Method::Get,
        "/v1/admin/orgs/{org}/security-reports/{id}",
        Endpoint::AdminReport,
    ),
    (
        Method::Post,
        "/v1/admin/orgs/{org}/security-reports/{id}/transition",
        Endpoint::AdminReportTransition,
    ),
];

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let request_id = http::request_id(&req);
    let https = req.url().is_ok_and(|u| u.scheme() == "https");
    let outcome = if req.path() == test_support::PATH && req.method() == Method::Post {
        let mut req = req;
        test_support::sql(&mut req, &env).await
    } else {
        dispatch(req, &env).await
    };
    let response = match outcome {
        Ok(response) => response,
        Err(error) => error.into_response(&request_id),
    };
    after_response(&ctx, &env);
    Ok(http::finish(response, &request_id, https))
}

/// The Cron Trigger: retention and the outbox (see `retention`).
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    match retention::run(&env, http::now_unix_seconds()).await {
        Ok(report) => worker::console_log!(
            "scheduled: {}",
            serde_json::to_string(&report).unwrap_or_default()
        ),
        Err(error) => worker::console_error!("scheduled run failed: {error:?}"),
    }
}

/// Asks for the outbox to be sent after the response rather than at the next scheduled
/// run (see `after_response`).
fn deliver_soon() {
    DELIVERY_DUE.store(true, std::sync::atomic::Ordering::Release);
}

static DELIVERY_DUE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The work a change leaves for after its response: chaining the audit entries it
/// journaled, then sending the outbox. One runner at a time per isolate: in a burst the
/// one running takes the later requests' work too (it goes on while there is some, for at
/// most 20 seconds), instead of a hundred runners contending for the same rows;
/// what is left waits for the next request or the Cron Trigger, and readers of the audit
/// log chain before they read.
fn after_response(ctx: &Context, env: &Env) {
    use std::sync::atomic::{AtomicI64, Ordering};
    // When the running runner started (0: none). A runner the runtime cancelled (its
    // request's time after the response is bounded) never says it stopped: after a minute
    // another takes over.
    static RUNNING_SINCE: AtomicI64 = AtomicI64::new(0);
    const TAKE_OVER_AFTER_SECONDS: i64 = 60;
    const ROUNDS_FOR_AT_MOST_SECONDS: i64 = 20;
    let due = || audit::chaining_due() || DELIVERY_DUE.load(Ordering::Acquire);
    let started = http::now_unix_seconds();
    let since = RUNNING_SINCE.load(Ordering::Acquire);
    if !due()
        || (since != 0 && started - since < TAKE_OVER_AFTER_SECONDS)
        || RUNNING_SINCE
            .compare_exchange(since, started, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
    {
        return;
    }
    let env = env.clone();
    ctx.wait_until(async move {
        while http::now_unix_seconds() - started < ROUNDS_FOR_AT_MOST_SECONDS {
            if audit::chaining_due() {
                let chained = match env.d1(storage::DB) {
                    Ok(db) => audit::chain_noted(&db).await,
                    Err(_) => None,
                };
                if chained.is_none() {
                    // The database failed: the next request or the Cron Trigger goes on.
                    break;
                }
            }
            if DELIVERY_DUE.swap(false, Ordering::AcqRel) {
                match retention::deliver(&env, http::now_unix_seconds()).await {
                    // A full batch: there may be more.
                    Ok(Some(run)) if run.sent + run.failed >= retention::DELIVERY_BATCH => {
                        DELIVERY_DUE.store(true, Ordering::Release)
                    }
                    Ok(_) => {}
                    Err(error) => {
                        worker::console_warn!("outbox delivery deferred: {error:?}");
                        break;
                    }
                }
            }
            if !due() {
                break;
            }
            // More came in meanwhile: let it gather, so a round chains and sends many.
            worker::Delay::from(std::time::Duration::from_millis(100)).await;
        }
        RUNNING_SINCE.store(0, Ordering::Release);
    });
}

async fn dispatch(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    let url = req.url()?;
    let matched = routes().at(url.path()).map_err(|_| ApiError::NoSuchRoute)?;
    let allowed: Vec<Method> = matched.value.iter().map(|(m, _)| m.clone()).collect();
    let method = req.method();
    let param = |name: &str| matched.params.get(name).unwrap_or_default();
    if method == Method::Options {
        // A form takes writes from its organisation's sites only.
        if allowed.contains(&Method::Post) && url.path().starts_with("/v1/orgs/") {
            return forms::preflight(&req, env, http::org(param("org"))?, &allowed).await;
        }
        return http::preflight(&allowed);
    }
    let wanted = if method == Method::Head {
        Method::Get
    } else {
        method
    };
    let Some((_, endpoint)) = matched.value.iter().find(|(m, _)| *m == wanted) else {
        return Err(ApiError::MethodNotAllowed(allowed));
    };
    let base = http::origin(&req)?;

    match endpoint {
        Endpoint::Health => health::get(),
        Endpoint::OpenApi => openapi::get(),
        Endpoint::WidgetLoader => widget_files::loader(&req),
        Endpoint::WidgetAsset => widget_files::asset(&req, param("file")),
        Endpoint::Profile => profile::get(&req, env, http::org(param("org"))?).await,
        Endpoint::Subprocessors => subprocessors::list(&req, env, http::org(param("org"))?).await,
        Endpoint::SubprocessorsCsv => subprocessors::csv(&req, env, http::org(param("org"))?).await,
        Endpoint::SubprocessorFeed => {
            subprocessors::feed(&req, env, http::org(param("org"))?).await
        }
        Endpoint::SecurityTxt => security_txt::get(&req, env, http::org(param("org"))?).await,
        Endpoint::Challenge => challenge::get(env, http::org(param("org"))?),
        Endpoint::PrivacyRequests => {
            let org = http::org(param("org"))?;
            let response = privacy_requests::create(&mut req, env, org, &base).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::SecurityReports => {
            let org = http::org(param("org"))?;
            let response = security_reports::create(&mut req, env, org).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::RequestStatus => privacy_requests::status(&req, env, param("id")).await,
        Endpoint::RequestVerify => {
            let response = privacy_requests::verify(&mut req, env, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::RequestNewCode => {
            let response = privacy_requests::resend(&req, env, param("id"), &base).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::ConfirmPage => privacy_requests::confirm_page(&req, env, param("id")).await,
        Endpoint::ConfirmLink => {
            let response = privacy_requests::confirm_link(&mut req, env, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminOutbox => admin::outbox(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminAudit => audit::list(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminAuditVerify => audit::verify(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminRequests => inbox::list(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminRequest => {
            inbox::read(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminRequestTransition => {
            let org = http::org(param("org"))?;
            let response = inbox::transition(&mut req, env, org, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminProfile => publishing::get(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminProfilePut => publishing::put(&mut req, env, http::org(param("org"))?).await,
        Endpoint::AdminPublish => {
            let response = publishing::publish(&req, env, http::org(param("org"))?, &base).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminVersions => publishing::versions(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminVersion => {
            publishing::get_version(&req, env, http::org(param("org"))?, param("n")).await
        }
        Endpoint::AdminVersionDiff => {
            publishing::diff(&req, env, http::org(param("org"))?, param("n")).await
        }
        Endpoint::AdminVersionRestore => {
            let org = http::org(param("org"))?;
            let response = publishing::restore(&req, env, org, param("n"), &base).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::Subscribe => {
            let org = http::org(param("org"))?;
            let response = subscriptions::create(&mut req, env, org, &base).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::SubscriptionConfirmPage => {
            subscriptions::confirm_page(&req, env, param("id")).await
        }
        Endpoint::SubscriptionConfirm => subscriptions::confirm(&req, env, param("id")).await,
        Endpoint::UnsubscribePage => subscriptions::unsubscribe_page(&req, env, param("id")).await,
        Endpoint::Unsubscribe => subscriptions::unsubscribe(&req, env, param("id")).await,
        Endpoint::DocumentRequests => {
            let org = http::org(param("org"))?;
            let response = document_requests::create(&mut req, env, org).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminDocumentRequests => {
            document_requests::list(&req, env, http::org(param("org"))?).await
        }
        Endpoint::AdminDocumentRequest => {
            document_requests::read(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminDocumentRequestDecision => {
            let org = http::org(param("org"))?;
            let response = document_requests::decide(&mut req, env, org, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminOrgs => admin::create_org(&mut req, env).await,
        Endpoint::AdminWebhooks => webhooks::list(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminWebhookCreate => {
            webhooks::create(&mut req, env, http::org(param("org"))?).await
        }
        Endpoint::AdminWebhookRemove => {
            webhooks::remove(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminWebhookDeliveries => {
            webhooks::deliveries(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminRequestsCsv => inbox::export(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminReports => reports_inbox::list(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminReport => {
            reports_inbox::read(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminReportTransition => {
            let org = http::org(param("org"))?;
            let response = reports_inbox::transition(&mut req, env, org, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
        Endpoint::AdminTokens => admin::list_tokens(&req, env, http::org(param("org"))?).await,
        Endpoint::AdminTokenCreate => {
            admin::create_token(&mut req, env, http::org(param("org"))?).await
        }
        Endpoint::AdminTokenRevoke => {
            admin::revoke_token(&req, env, http::org(param("org"))?, param("id")).await
        }
        Endpoint::AdminRequestExtend => {
            let org = http::org(param("org"))?;
            let response = inbox::extend(&mut req, env, org, param("id")).await?;
            deliver_soon();
            Ok(response)
        }
    }
}

type RouteTable = matchit::Router<Vec<(Method, Endpoint)>>;

fn routes() -> &'static RouteTable {
    static TABLE: OnceLock<RouteTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_path: Vec<(&str, Vec<(Method, Endpoint)>)> = Vec::new();
        for (method, path, endpoint) in ROUTES {
            match by_path.iter_mut().find(|(p, _)| p == path) {
                Some((_, methods)) => methods.push((method.clone(), *endpoint)),
                None => by_path.push((path, vec![(method.clone(), *endpoint)])),
            }
        }
        let mut table = matchit::Router::new();
        for (path, methods) in by_path {
            table
                .insert(path, methods)
                .expect("the route table has no conflicting paths");
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_describes_every_route_and_only_those() {
        let spec: serde_json::Value = serde_json::from_str(openapi::DOCUMENT).unwrap();
        assert_eq!(spec["openapi"], "3.1.0");
        let mut documented: Vec<(String, String)> = Vec::new();
        for (path, operations) in spec["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                if method != "parameters" {
                    documented.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let mut routed: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed);
    }

    #[test]
    fn every_route_is_reachable_and_none_conflict() {
        let table = routes();
        for (_, path, endpoint) in ROUTES {
            let concrete = path
                .replace("{org}", "vinterre")
                .replace("{file}", "a.js")
                .replace("{id}", "pr_0123")
                .replace("{n}", "2");
            let found = table.at(&concrete).expect(path);
            assert!(found.value.iter().any(|(_, e)| e == endpoint), "{path}");
        }
    }
}
