#!/usr/bin/env bash
# Installs what building, running and testing Attest needs on a fresh Debian machine with
# Rust, Node and npm, and skips whatever is already there. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml
WORKER_BUILD_VERSION=0.8.7
WASM_SPLIT_VERSION=0.2.4      # the splitter of the wasm_split_helpers that leptos pins

say() { printf 'bootstrap: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# System packages: Chromium and its driver for the browser tests, brotli for size reports,
# poppler-utils (pdftotext) to read a stamped document back in the tests.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
command -v make >/dev/null || missing+=(make)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt)…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Rust toolchain pinned in rust-toolchain.toml, with the wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target…"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must match the library exactly. Not --locked: one of its locked
# dependencies is missing from the registry.
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)…"
  cargo install --quiet wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION (about 2.5 minutes)…"
  cargo install --quiet worker-build --version "$WORKER_BUILD_VERSION" --force
fi

# The console's screens are cut into parts loaded on demand (console/build.sh).
# It has no --version: cargo's record of what it installed says which one is there.
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1.5 minutes)…"
  cargo install --quiet --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force
fi

# schemathesis, for contract fuzzing against the OpenAPI document (`make contract`).
SCHEMATHESIS_VERSION=4.32.5
if [ "$(python3 -m schemathesis.cli --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (pip)…"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
# wrk, for `make bench`'s load figures only: not having it does not stop the tests.
if ! command -v wrk >/dev/null; then
  say "installing wrk (apt)…"
  { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null; } \
    || say "could not install wrk: make bench needs it for the API figures"
fi

# wrangler (with workerd), wasm-opt, esbuild, playwright-core, axe-core: pinned by the lock.
stamp=node_modules/.attest-installed-lock
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  say "installing the npm tools (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
say "ready"
