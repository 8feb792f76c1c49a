//! The Attest edge: a Cloudflare Worker. `routes` declares every endpoint; `router`
//! answers a request from that table; `public` holds what the widget and visitors call,
//! `admin` what the team calls, and `shared` what both stand on (storage, crypto and
//! sealed columns, the audit journal, the outbox and its delivery, mail, webhooks,
//! retention), which imports neither. See `docs/architecture.md`.

mod admin;
// The document's generator: run by its unit test (`make openapi`), never in the Worker.
#[cfg(feature = "openapi")]
#[cfg_attr(not(test), allow(dead_code))]
mod apidoc;
#[cfg(feature = "openapi")]
#[cfg_attr(not(test), allow(dead_code))]
mod openapi;
mod public;
mod router;
mod routes;
mod shared;
mod test_support;

use std::sync::OnceLock;

use worker::{event, Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent};

use shared::{audit, http, outbox, retention, storage};

/// The route table, built once per isolate.
fn router() -> &'static router::Router {
    static ROUTER: OnceLock<router::Router> = OnceLock::new();
    ROUTER.get_or_init(|| router::Router::new(routes::all()))
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let ctx = std::rc::Rc::new(ctx);
    let request_id = http::request_id(&req);
    let https = req.url().is_ok_and(|u| u.scheme() == "https");
    let now = http::now_unix_seconds();
    let outcome = if req.path().starts_with(test_support::PREFIX) && req.method() == Method::Post {
        let mut req = req;
        test_support::answer(&mut req, &env).await
    } else {
        router().answer(req, env.clone(), ctx.clone(), now).await
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
    let due = || audit::chaining_due() || outbox::delivery_due();
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
            if outbox::take_delivery_due() {
                match retention::deliver(&env, http::now_unix_seconds()).await {
                    // A full batch: there may be more.
                    Ok(Some(run)) if run.sent + run.failed >= retention::DELIVERY_BATCH => {
                        outbox::deliver_soon()
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_openapi_document_describes_every_route_and_only_those() {
        let spec: serde_json::Value =
            serde_json::from_str(crate::public::openapi::DOCUMENT).unwrap();
        assert_eq!(spec["openapi"], "3.1.0");
        let mut documented: Vec<(String, String)> = Vec::new();
        for (path, operations) in spec["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                if method != "parameters" {
                    documented.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let mut routed: Vec<(String, String)> = super::router()
            .routes()
            .iter()
            // A catch-all (`{*page}`) is a plain parameter in the document.
            .map(|r| (r.method.to_string(), r.path.replace("{*", "{")))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed);
    }

    #[test]
    fn the_route_table_builds_and_every_route_is_reachable() {
        let router = super::router();
        for route in router.routes() {
            let concrete = route
                .path
                .replace("{org}", "vinterre")
                .replace("{file}", "a.js")
                .replace("{id}", "pr_0123")
                .replace("{n}", "2");
            let found = router.find(&route.method, &concrete).expect(route.path);
            assert_eq!(found.path, route.path);
        }
    }
}
