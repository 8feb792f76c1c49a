//! API tests: the real edge in workerd, over HTTP, with local D1 and KV.

mod helpers;

mod health;
mod inbox;
mod openapi;
mod privacy_requests;
mod profile;
mod publishing;
mod routing;
mod security_reports;
mod security_txt;
mod seeds;
mod subprocessors;
mod tokens;
mod webhooks;
mod widget_files;
