//! End-to-end tests live in `api/` (Rust, over HTTP) and `browser/` (headless Chromium).
