//! Every route the edge serves, one declaration each: method, path, handler, who may call
//! it, and whether it sends the outbox right after answering. The OpenAPI document
//! (`make openapi`) is generated from this table and the handlers' types.

use crate::router::Route;
use crate::{admin, public};

pub fn all() -> Vec<Route> {
    use admin as a;
    use public as p;
    vec![
        // The edge itself and the widget's files.
        Route::get("/healthz", p::health::get),
        Route::get("/openapi.json", p::openapi::get),
        Route::get("/v1/widget.js", p::widget_files::loader),
        Route::get("/v1/assets/{file}", p::widget_files::asset),
        // What the widget reads: the published profile, from KV.
        Route::get("/v1/orgs/{org}", p::profile::get),
        Route::get("/v1/orgs/{org}/subprocessors", p::subprocessors::list),
        Route::get("/v1/orgs/{org}/subprocessors.csv", p::subprocessors::csv),
        Route::get(
            "/v1/orgs/{org}/subprocessors/feed.atom",
            p::subprocessors::feed,
        ),
        Route::get("/v1/orgs/{org}/security.txt", p::security_txt::get),
        Route::get("/v1/orgs/{org}/challenge", p::challenge::get),
        // The public forms, and the links their e-mails carry.
        Route::post(
            "/v1/orgs/{org}/privacy-requests",
            p::privacy_requests::create,
        )
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/security-reports",
            p::security_reports::create,
        )
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/subprocessors/subscriptions",
            p::subscriptions::create,
        )
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/document-requests",
            p::document_requests::create,
        )
        .form()
        .delivers(),
        Route::get("/v1/privacy-requests/{id}", p::privacy_requests::status).requester(),
        Route::post(
            "/v1/privacy-requests/{id}/verify",
            p::privacy_requests::verify,
        )
        .requester()
        .delivers(),
        Route::post(
            "/v1/privacy-requests/{id}/verification",
            p::privacy_requests::resend,
        )
        .requester()
        .delivers(),
        Route::get(
            "/v1/privacy-requests/{id}/confirm",
            p::privacy_requests::confirm_page,
        )
        .link(),
        Route::post(
            "/v1/privacy-requests/{id}/confirm",
            p::privacy_requests::confirm_link,
        )
        .link()
        .delivers(),
        Route::get(
            "/v1/subscriptions/{id}/confirm",
            p::subscriptions::confirm_page,
        )
        .link(),
        Route::post("/v1/subscriptions/{id}/confirm", p::subscriptions::confirm).link(),
        Route::get(
            "/v1/subscriptions/{id}/unsubscribe",
            p::subscriptions::unsubscribe_page,
        )
        .link(),
        Route::post(
            "/v1/subscriptions/{id}/unsubscribe",
            p::subscriptions::unsubscribe,
        )
        .link(),
        // The operator.
        Route::post("/v1/admin/orgs", a::tokens::create_org).platform(),
        // The team: the privacy inbox.
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests",
            a::privacy_requests::list,
        )
        .admin("requests:read"),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests.csv",
            a::privacy_requests::export,
        )
        .admin("requests:read"),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests/{id}",
            a::privacy_requests::read,
        )
        .admin("requests:read"),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/transition",
            a::privacy_requests::transition,
        )
        .admin("requests:write")
        .delivers(),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/extend",
            a::privacy_requests::extend,
        )
        .admin("requests:write")
        .delivers(),
        // Security reports.
        Route::get(
            "/v1/admin/orgs/{org}/security-reports",
            a::security_reports::list,
        )
        .admin("requests:read"),
        Route::get(
            "/v1/admin/orgs/{org}/security-reports/{id}",
            a::security_reports::read,
        )
        .admin("requests:read"),
        Route::post(
            "/v1/admin/orgs/{org}/security-reports/{id}/transition",
            a::security_reports::transition,
        )
        .admin("requests:write")
        .delivers(),
        // Document requests.
        Route::get(
            "/v1/admin/orgs/{org}/document-requests",
            a::document_requests::list,
        )
        .admin("requests:read"),
        Route::get(
            "/v1/admin/orgs/{org}/document-requests/{id}",
            a::document_requests::read,
        )
        .admin("requests:read"),
        Route::post(
            "/v1/admin/orgs/{org}/document-requests/{id}/decision",
            a::document_requests::decide,
        )
        .admin("requests:write")
        .delivers(),
        // The trust profile: draft, publish, versions.
        Route::get("/v1/admin/orgs/{org}/profile", a::publishing::get).admin("content:write"),
        Route::put("/v1/admin/orgs/{org}/profile", a::publishing::put).admin("content:write"),
        Route::post(
            "/v1/admin/orgs/{org}/profile/publish",
            a::publishing::publish,
        )
        .admin("content:write")
        .delivers(),
        Route::get("/v1/admin/orgs/{org}/versions", a::publishing::versions).admin("content:write"),
        Route::get(
            "/v1/admin/orgs/{org}/versions/{n}",
            a::publishing::get_version,
        )
        .admin("content:write"),
        Route::get(
            "/v1/admin/orgs/{org}/versions/{n}/diff",
            a::publishing::diff,
        )
        .admin("content:write"),
        Route::post(
            "/v1/admin/orgs/{org}/versions/{n}/restore",
            a::publishing::restore,
        )
        .admin("content:write")
        .delivers(),
        // Tokens, webhooks, the outbox and the audit log.
        Route::get("/v1/admin/orgs/{org}/tokens", a::tokens::list).admin("admin"),
        Route::post("/v1/admin/orgs/{org}/tokens", a::tokens::create).admin("admin"),
        Route::delete("/v1/admin/orgs/{org}/tokens/{id}", a::tokens::revoke).admin("admin"),
        Route::get("/v1/admin/orgs/{org}/webhooks", a::webhooks::list).admin("admin"),
        Route::post("/v1/admin/orgs/{org}/webhooks", a::webhooks::create).admin("admin"),
        Route::delete("/v1/admin/orgs/{org}/webhooks/{id}", a::webhooks::remove).admin("admin"),
        Route::get(
            "/v1/admin/orgs/{org}/webhooks/{id}/deliveries",
            a::webhooks::deliveries,
        )
        .admin("admin"),
        Route::get("/v1/admin/orgs/{org}/outbox", a::outbox::list).admin("outbox:read"),
        Route::get("/v1/admin/orgs/{org}/audit", a::audit::list).admin("admin"),
        Route::get("/v1/admin/orgs/{org}/audit/verify", a::audit::verify).admin("admin"),
    ]
}
