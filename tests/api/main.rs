//! API tests: the real edge in workerd, over HTTP, with local D1 and KV.

mod helpers;

mod health;
mod profile;
mod routing;
mod widget_files;
