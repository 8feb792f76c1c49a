//! Every route the edge serves, one declaration each: method, path, handler, who may call
//! it, and whether it sends the outbox right after answering. The OpenAPI document
//! (`make openapi`) is generated from this table and the handlers' types.

use attest_core::members::Permission::*;

use crate::router::Route;
use crate::{admin, public};

/// What a confirmation link answers with a page, for the person who followed it: a link
/// without its token (`400`), one that leads nowhere (`404`).
const PAGES: &[u16] = &[400, 404];
/// What a grant's link answers with a page: also a link for another document (`403`),
/// expired or revoked (`410`), a document whose file is missing (`409`).
const COPY_PAGES: &[u16] = &[400, 403, 404, 409, 410];

pub fn all() -> Vec<Route> {
    use admin as a;
    use public as p;
    vec![
        // The edge itself and the widget's files.
        Route::get("/healthz", p::health::get).doc(&p::health::GET),
        Route::get("/openapi.json", p::openapi::get).doc(&p::openapi::GET),
        // What search engines read: the hosted trust centers, and nothing else.
        Route::get("/robots.txt", p::crawlers::robots).doc(&p::crawlers::ROBOTS),
        Route::get("/sitemap.xml", p::crawlers::sitemap).doc(&p::crawlers::SITEMAP),
        Route::get("/v1/widget.js", p::trust_page::loader).doc(&p::trust_page::LOADER),
        Route::get("/v1/assets/{file}", p::widget_files::asset).doc(&p::widget_files::ASSET),
        // The console: the team's app.
        Route::get("/console", p::console::root).doc(&p::console::ROOT),
        Route::get("/console/", p::console::index).doc(&p::console::INDEX_PAGE),
        Route::get("/console/{*page}", p::console::file).doc(&p::console::FILE),
        // What the widget reads: the published profile, from KV.
        Route::get("/v1/orgs/{org}", p::profile::get).doc(&p::profile::GET),
        Route::get("/v1/orgs/{org}/subprocessors", p::subprocessors::list)
            .doc(&p::subprocessors::LIST),
        Route::get("/v1/orgs/{org}/subprocessors.csv", p::subprocessors::csv)
            .doc(&p::subprocessors::CSV),
        Route::get(
            "/v1/orgs/{org}/subprocessors/feed.atom",
            p::subprocessors::feed,
        )
        .doc(&p::subprocessors::FEED),
        Route::get("/v1/orgs/{org}/first-view", p::trust_page::first_view)
            .doc(&p::trust_page::FIRST_VIEW),
        Route::get("/trust/{org}", p::trust_page::page).doc(&p::trust_page::PAGE),
        Route::get("/v1/orgs/{org}/security.txt", p::security_txt::get).doc(&p::security_txt::GET),
        Route::get("/v1/orgs/{org}/logos/{logo}", p::logo::read).doc(&p::logo::READ),
        Route::get("/v1/orgs/{org}/challenge", p::challenge::get).doc(&p::challenge::GET),
        Route::get(
            "/v1/orgs/{org}/documents/{document}/file",
            p::documents::public_file,
        )
        .doc(&p::documents::FILE),
        Route::get(
            "/v1/orgs/{org}/documents/{document}/copy",
            p::documents::copy_page,
        )
        .doc(&p::documents::COPY_PAGE)
        .link(COPY_PAGES),
        Route::post(
            "/v1/orgs/{org}/documents/{document}/copy",
            p::documents::copy,
        )
        .doc(&p::documents::COPY)
        .link(COPY_PAGES),
        // The public forms, and the links their e-mails carry.
        Route::post(
            "/v1/orgs/{org}/privacy-requests",
            p::privacy_requests::create,
        )
        .doc(&p::privacy_requests::CREATE)
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/security-reports",
            p::security_reports::create,
        )
        .doc(&p::security_reports::CREATE)
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/subprocessors/subscriptions",
            p::subscriptions::create,
        )
        .doc(&p::subscriptions::CREATE)
        .form()
        .delivers(),
        Route::post(
            "/v1/orgs/{org}/document-requests",
            p::document_requests::create,
        )
        .doc(&p::document_requests::CREATE)
        .form()
        .delivers(),
        Route::get("/v1/document-requests/{id}", p::document_requests::status)
            .doc(&p::document_requests::STATUS),
        Route::get("/v1/privacy-requests/{id}", p::privacy_requests::status)
            .doc(&p::privacy_requests::STATUS)
            .requester(),
        Route::post(
            "/v1/privacy-requests/{id}/verify",
            p::privacy_requests::verify,
        )
        .doc(&p::privacy_requests::VERIFY)
        .requester()
        .delivers(),
        Route::post(
            "/v1/privacy-requests/{id}/verification",
            p::privacy_requests::resend,
        )
        .doc(&p::privacy_requests::RESEND)
        .requester()
        .delivers(),
        Route::get(
            "/v1/privacy-requests/{id}/confirm",
            p::privacy_requests::confirm_page,
        )
        .doc(&p::privacy_requests::CONFIRM_PAGE)
        .link(PAGES),
        Route::post(
            "/v1/privacy-requests/{id}/confirm",
            p::privacy_requests::confirm_link,
        )
        .doc(&p::privacy_requests::CONFIRM_LINK)
        .link(PAGES)
        .delivers(),
        Route::get(
            "/v1/subscriptions/{id}/confirm",
            p::subscriptions::confirm_page,
        )
        .doc(&p::subscriptions::CONFIRM_PAGE)
        .link(PAGES),
        Route::post("/v1/subscriptions/{id}/confirm", p::subscriptions::confirm)
            .doc(&p::subscriptions::CONFIRM)
            .link(PAGES),
        Route::get(
            "/v1/subscriptions/{id}/unsubscribe",
            p::subscriptions::unsubscribe_page,
        )
        .doc(&p::subscriptions::UNSUBSCRIBE_PAGE)
        .link(&[]),
        Route::post(
            "/v1/subscriptions/{id}/unsubscribe",
            p::subscriptions::unsubscribe,
        )
        .doc(&p::subscriptions::UNSUBSCRIBE)
        .link(&[]),
        // Members' sign-in.
        Route::post("/v1/auth/email-link", p::sign_in::ask).doc(&p::sign_in::ASK),
        Route::post("/v1/auth/email-link/sign-in", p::sign_in::sign_in).doc(&p::sign_in::USE),
        Route::get("/v1/auth/sso/callback", p::sso::callback).doc(&p::sso::CALLBACK),
        Route::post("/v1/auth/passkey/options", p::passkey::options).doc(&p::passkey::OPTIONS),
        Route::post("/v1/auth/passkey/sign-in", p::passkey::sign_in).doc(&p::passkey::SIGN_IN),
        Route::get("/v1/auth/sso/{org}", p::sso::start).doc(&p::sso::START),
        // Who is asking, and a member's own things.
        Route::get("/v1/admin/me", a::me::get)
            .doc(&a::me::GET)
            .signed(),
        Route::post("/v1/admin/me/invitations", a::members::accept)
            .doc(&a::members::ACCEPT)
            .person(),
        Route::post("/v1/admin/me/passkeys/options", a::passkeys::options)
            .doc(&a::passkeys::OPTIONS)
            .person(),
        Route::get("/v1/admin/me/passkeys", a::passkeys::list)
            .doc(&a::passkeys::LIST)
            .person(),
        Route::post("/v1/admin/me/passkeys", a::passkeys::add)
            .doc(&a::passkeys::ADD)
            .person(),
        Route::delete("/v1/admin/me/passkeys/{id}", a::passkeys::remove)
            .doc(&a::passkeys::REMOVE)
            .person(),
        Route::get("/v1/admin/me/reminders", a::reminders::get)
            .doc(&a::reminders::GET)
            .person(),
        Route::put("/v1/admin/me/reminders", a::reminders::put)
            .doc(&a::reminders::PUT)
            .person(),
        Route::get("/v1/admin/me/sessions", a::members::sessions)
            .doc(&a::members::SESSIONS)
            .person(),
        Route::delete("/v1/admin/me/sessions/{id}", a::members::end_session)
            .doc(&a::members::END_SESSION)
            .person(),
        // The operator.
        Route::post("/v1/admin/orgs", a::tokens::create_org)
            .doc(&a::tokens::CREATE_ORG)
            .platform(),
        Route::get("/v1/admin/outbox", a::outbox::platform_list)
            .doc(&a::outbox::PLATFORM_LIST)
            .platform(),
        // The team itself.
        Route::get("/v1/admin/orgs/{org}/members", a::members::list)
            .doc(&a::members::LIST)
            .needs(ManageMembers),
        Route::patch("/v1/admin/orgs/{org}/members/{id}", a::members::change_role)
            .doc(&a::members::CHANGE_ROLE)
            .needs(ManageMembers),
        Route::delete("/v1/admin/orgs/{org}/members/{id}", a::members::remove)
            .doc(&a::members::REMOVE)
            .needs(ManageMembers),
        Route::get("/v1/admin/orgs/{org}/sign-in", a::sign_in_settings::get)
            .doc(&a::sign_in_settings::GET)
            .needs(ManageSignIn),
        Route::put("/v1/admin/orgs/{org}/sign-in", a::sign_in_settings::put)
            .doc(&a::sign_in_settings::PUT)
            .needs(ManageSignIn),
        Route::post("/v1/admin/orgs/{org}/invitations", a::members::invite)
            .doc(&a::members::INVITE)
            .needs(ManageMembers)
            .delivers(),
        Route::delete(
            "/v1/admin/orgs/{org}/invitations/{id}",
            a::members::revoke_invitation,
        )
        .doc(&a::members::REVOKE_INVITATION)
        .needs(ManageMembers),
        // The team: the privacy inbox.
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests",
            a::privacy_requests::list,
        )
        .doc(&a::privacy_requests::LIST)
        .needs(ReadPrivacyRequests),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests/summary",
            a::dashboard::privacy,
        )
        .doc(&a::dashboard::PRIVACY)
        .needs(ReadPrivacyRequests),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-team",
            a::privacy_requests::team,
        )
        .doc(&a::privacy_requests::TEAM)
        .needs(ReadPrivacyRequests),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests.csv",
            a::privacy_requests::export,
        )
        .doc(&a::privacy_requests::EXPORT)
        .needs(ReadPrivacyRequests),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests/{id}",
            a::privacy_requests::read,
        )
        .doc(&a::privacy_requests::READ)
        .needs(ReadPrivacyRequests),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/reveal",
            a::privacy_requests::reveal,
        )
        .doc(&a::privacy_requests::REVEAL)
        .needs(ReadPrivacyRequests),
        Route::put(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/assignee",
            a::privacy_requests::assign,
        )
        .doc(&a::privacy_requests::ASSIGN)
        .needs(ManagePrivacyRequests),
        Route::get(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/comments",
            a::privacy_requests::comments,
        )
        .doc(&a::privacy_requests::COMMENTS)
        .needs(ReadPrivacyRequests),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/comments",
            a::privacy_requests::comment,
        )
        .doc(&a::privacy_requests::COMMENT)
        .needs(ManagePrivacyRequests),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/preview",
            a::privacy_requests::preview,
        )
        .doc(&a::privacy_requests::PREVIEW)
        .needs(ManagePrivacyRequests),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/transition",
            a::privacy_requests::transition,
        )
        .doc(&a::privacy_requests::TRANSITION)
        .needs(ManagePrivacyRequests)
        .delivers(),
        Route::post(
            "/v1/admin/orgs/{org}/privacy-requests/{id}/extend",
            a::privacy_requests::extend,
        )
        .doc(&a::privacy_requests::EXTEND)
        .needs(ManagePrivacyRequests)
        .delivers(),
        // Security reports.
        Route::get(
            "/v1/admin/orgs/{org}/security-reports",
            a::security_reports::list,
        )
        .doc(&a::security_reports::LIST)
        .needs(ReadReports),
        Route::get(
            "/v1/admin/orgs/{org}/security-reports.csv",
            a::security_reports::export,
        )
        .doc(&a::security_reports::EXPORT)
        .needs(ReadReports),
        Route::get(
            "/v1/admin/orgs/{org}/security-reports/summary",
            a::dashboard::security,
        )
        .doc(&a::dashboard::SECURITY)
        .needs(ReadReports),
        Route::get(
            "/v1/admin/orgs/{org}/security-reports/{id}",
            a::security_reports::read,
        )
        .doc(&a::security_reports::READ)
        .needs(ReadReports),
        Route::post(
            "/v1/admin/orgs/{org}/security-reports/{id}/transition",
            a::security_reports::transition,
        )
        .doc(&a::security_reports::TRANSITION)
        .needs(ManageReports)
        .delivers(),
        // Document requests.
        Route::get(
            "/v1/admin/orgs/{org}/document-requests",
            a::document_requests::list,
        )
        .doc(&a::document_requests::LIST)
        .needs(ReadDocumentRequests),
        Route::get(
            "/v1/admin/orgs/{org}/document-requests.csv",
            a::document_requests::export,
        )
        .doc(&a::document_requests::EXPORT)
        .needs(ReadDocumentRequests),
        Route::get(
            "/v1/admin/orgs/{org}/document-requests/{id}",
            a::document_requests::read,
        )
        .doc(&a::document_requests::READ)
        .needs(ReadDocumentRequests),
        Route::post(
            "/v1/admin/orgs/{org}/document-requests/{id}/decision",
            a::document_requests::decide,
        )
        .doc(&a::document_requests::DECIDE)
        .needs(DecideDocumentRequests)
        .delivers(),
        // Documents' files, grants and the rules that approve without a member.
        Route::get("/v1/admin/orgs/{org}/documents", a::documents::list)
            .doc(&a::documents::LIST)
            .needs(ReadContent),
        Route::put(
            "/v1/admin/orgs/{org}/documents/{document}/file",
            a::documents::upload,
        )
        .doc(&a::documents::UPLOAD)
        .needs(EditContent),
        Route::get(
            "/v1/admin/orgs/{org}/documents/{document}/files",
            a::documents::versions,
        )
        .doc(&a::documents::FILES_LIST)
        .needs(ReadContent),
        Route::get(
            "/v1/admin/orgs/{org}/documents/{document}/files/{n}",
            a::documents::file,
        )
        .doc(&a::documents::FILE_READ)
        .needs(ReadContent),
        Route::get("/v1/admin/orgs/{org}/grants", a::documents::list_grants)
            .doc(&a::documents::GRANTS)
            .needs(ReadDocumentRequests),
        Route::get("/v1/admin/orgs/{org}/grants/lookup", a::documents::lookup)
            .doc(&a::documents::LOOKUP)
            .needs(ReadDocumentRequests),
        Route::get("/v1/admin/orgs/{org}/grants/{id}", a::documents::read_grant)
            .doc(&a::documents::GRANT)
            .needs(ReadDocumentRequests),
        Route::post(
            "/v1/admin/orgs/{org}/grants/{id}/revoke",
            a::documents::revoke,
        )
        .doc(&a::documents::REVOKE)
        .needs(DecideDocumentRequests),
        Route::post(
            "/v1/admin/orgs/{org}/grants/{id}/renew",
            a::documents::renew,
        )
        .doc(&a::documents::RENEW)
        .needs(DecideDocumentRequests)
        .delivers(),
        Route::get("/v1/admin/orgs/{org}/approval-rules", a::documents::rules)
            .doc(&a::documents::RULES)
            .needs(ReadDocumentRequests),
        Route::put(
            "/v1/admin/orgs/{org}/approval-rules",
            a::documents::put_rules,
        )
        .doc(&a::documents::PUT_RULES)
        .needs(DecideDocumentRequests),
        // The trust profile: draft, publish, versions.
        Route::get("/v1/admin/orgs/{org}/profile", a::publishing::get)
            .doc(&a::publishing::GET)
            .needs(ReadContent),
        Route::put("/v1/admin/orgs/{org}/profile", a::publishing::put)
            .doc(&a::publishing::PUT)
            .needs(EditContent),
        Route::put("/v1/admin/orgs/{org}/logo", a::logo::upload)
            .doc(&a::logo::UPLOAD)
            .needs(EditContent),
        Route::get(
            "/v1/admin/orgs/{org}/profile/preview",
            a::publishing::preview,
        )
        .doc(&a::publishing::PREVIEW)
        .needs(EditContent),
        Route::get(
            "/v1/admin/orgs/{org}/profile/preview/view",
            a::publishing::preview_view,
        )
        .doc(&a::publishing::PREVIEW_VIEW)
        .needs(EditContent),
        Route::get("/v1/admin/orgs/{org}/profile/review", a::publishing::review)
            .doc(&a::publishing::REVIEW)
            .needs(EditContent),
        Route::post(
            "/v1/admin/orgs/{org}/profile/publish",
            a::publishing::publish,
        )
        .doc(&a::publishing::PUBLISH)
        .needs(EditContent)
        .delivers(),
        Route::get("/v1/admin/orgs/{org}/versions", a::publishing::versions)
            .doc(&a::publishing::VERSIONS)
            .needs(ReadContent),
        Route::get(
            "/v1/admin/orgs/{org}/versions/{n}",
            a::publishing::get_version,
        )
        .doc(&a::publishing::GET_VERSION)
        .needs(ReadContent),
        Route::get(
            "/v1/admin/orgs/{org}/versions/{n}/diff",
            a::publishing::diff,
        )
        .doc(&a::publishing::DIFF)
        .needs(ReadContent),
        Route::post(
            "/v1/admin/orgs/{org}/versions/{n}/restore",
            a::publishing::restore,
        )
        .doc(&a::publishing::RESTORE)
        .needs(EditContent)
        .delivers(),
        // Tokens, webhooks, the outbox and the audit log.
        Route::get("/v1/admin/orgs/{org}/tokens", a::tokens::list)
            .doc(&a::tokens::LIST)
            .needs(ManageTokens),
        Route::post("/v1/admin/orgs/{org}/tokens", a::tokens::create)
            .doc(&a::tokens::CREATE)
            .needs(ManageTokens),
        Route::delete("/v1/admin/orgs/{org}/tokens/{id}", a::tokens::revoke)
            .doc(&a::tokens::REVOKE)
            .needs(ManageTokens),
        Route::get("/v1/admin/orgs/{org}/webhooks", a::webhooks::list)
            .doc(&a::webhooks::LIST)
            .needs(ManageWebhooks),
        Route::post("/v1/admin/orgs/{org}/webhooks", a::webhooks::create)
            .doc(&a::webhooks::CREATE)
            .needs(ManageWebhooks),
        Route::delete("/v1/admin/orgs/{org}/webhooks/{id}", a::webhooks::remove)
            .doc(&a::webhooks::REMOVE)
            .needs(ManageWebhooks),
        Route::get(
            "/v1/admin/orgs/{org}/webhooks/{id}/deliveries",
            a::webhooks::deliveries,
        )
        .doc(&a::webhooks::DELIVERIES)
        .needs(ManageWebhooks),
        Route::post(
            "/v1/admin/orgs/{org}/webhooks/{id}/redeliver",
            a::webhooks::redeliver,
        )
        .doc(&a::webhooks::REDELIVER)
        .needs(ManageWebhooks)
        .delivers(),
        Route::get("/v1/admin/orgs/{org}/outbox", a::outbox::list)
            .doc(&a::outbox::LIST)
            .needs(ReadOutbox),
        Route::get("/v1/admin/orgs/{org}/outbox.csv", a::outbox::export)
            .doc(&a::outbox::EXPORT)
            .needs(ReadOutbox),
        Route::get("/v1/admin/orgs/{org}/audit", a::audit::list)
            .doc(&a::audit::LIST)
            .needs(ReadAudit),
        Route::get("/v1/admin/orgs/{org}/audit.csv", a::audit::export)
            .doc(&a::audit::EXPORT)
            .needs(ReadAudit),
        Route::get("/v1/admin/orgs/{org}/audit/verify", a::audit::verify)
            .doc(&a::audit::VERIFY)
            .needs(ReadAudit),
        Route::get("/v1/admin/orgs/{org}/audit/facets", a::audit::facets)
            .doc(&a::audit::FACETS)
            .needs(ReadAudit),
    ]
}
