//! API tests: the real edge in workerd, over HTTP, with local D1 and KV.

mod helpers;

mod casework;
mod console;
mod dashboard;
mod document_requests;
mod documents;
mod exports;
mod health;
mod hostile;
mod inbox;
mod logos;
mod members;
mod openapi;
mod outbox;
mod paging;
mod privacy_requests;
mod profile;
mod publishing;
mod reminders;
mod review;
mod routing;
mod security_reports;
mod security_txt;
mod seeds;
mod subprocessors;
mod subscriptions;
mod tokens;
mod trust_page;
mod webhooks;
mod widget_files;
