# Attest: `make demo` runs it, `make test` tests it. Both install what is missing first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath .)
BIN := $(ROOT)/node_modules/.bin
export WRANGLER_SEND_METRICS := false
export WRANGLER_SEND_ERROR_REPORTS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
# worker-build would download these from GitHub; use the pinned local ones instead.
export WASM_BINDGEN_BIN := wasm-bindgen
export WASM_OPT_BIN := $(BIN)/wasm-opt
export ESBUILD_BIN := $(BIN)/esbuild

# The native builds are the native lint: cargo runs clippy's driver in place of rustc for
# the workspace's own crates (not their dependencies); it compiles them as rustc would and
# reports clippy's lints on the way, warnings as errors. `make test`'s test build is then
# its lint, and no second pass checks every dependency again (that pass took almost three
# minutes of a cold `make test`). Every native build here runs so, or one would invalidate
# another's artefacts. Not the wasm32 release builds: the driver turns off rustc's MIR
# optimisations, which made the widget's module 1.5 KB larger.
CLIPPY_BUILD := RUSTC_WORKSPACE_WRAPPER=clippy-driver CLIPPY_ARGS=-Dwarnings

CORE_SRC := $(shell find core/src -type f) core/Cargo.toml
WIDGET_SRC := $(shell find widget/src widget/ui/src widget/views/src widget/forms/src widget/loader -type f) widget/ui/Cargo.toml widget/views/Cargo.toml widget/forms/Cargo.toml widget/style.css widget/Cargo.toml widget/build.sh .cargo/config.toml
CONSOLE_SRC := $(shell find console/src -type f) console/Cargo.toml console/build.rs console/build.sh console/opt-parts.mjs console/index.html console/entry.js console/style.css
EDGE_SRC := $(shell find edge/src edge/migrations -type f) edge/Cargo.toml edge/build.rs edge/openapi.json
WIDGET_OUT := widget/dist/widget.js
EDGE_OUT := edge/build/index.js
CONSOLE_OUT := console/dist/console/index.html


help:
	@echo "make demo   run the demo: the edge in workerd and two sample customer sites"
	@echo "make test   run every test: lint, unit, API (workerd) and browser (Chromium)"
	@echo "make build  build the widget, the console and the edge"
	@echo "make bench  measure against the budgets; results in BENCHMARKS.md"
	@echo "make fmt    format the code"
	@echo "make openapi  write edge/openapi.json from the route table and its types"
	@echo "make contract  a longer schemathesis run against the OpenAPI document"
	@echo "make fuzz      fuzz core with cargo-fuzz (nightly), 10 minutes a target"

bootstrap:
	@scripts/bootstrap.sh

.PHONY: help bootstrap format-check lint-wasm widget console edge build demo openapi test test-rust test-browser test-contract contract fuzz lint fmt clean bench

widget: $(WIDGET_OUT)
$(WIDGET_OUT): $(WIDGET_SRC) $(CORE_SRC) Cargo.lock
	@widget/build.sh

console: $(CONSOLE_OUT)
$(CONSOLE_OUT): $(CONSOLE_SRC) $(CORE_SRC) widget/views/src/lang.rs widget/views/src/i18n.rs Cargo.lock
	@console/build.sh

# Also the [build] command of edge/wrangler.toml: a no-op when nothing changed. The
# console's files are the Worker's static assets, beside it rather than inside it.
edge: $(CONSOLE_OUT) $(EDGE_OUT)
$(EDGE_OUT): $(EDGE_SRC) $(CORE_SRC) $(WIDGET_OUT) Cargo.lock edge/wrangler.toml
	@echo "  edge: building the Worker (worker-build --release)…"
	@cd edge && worker-build --release 2>&1 | grep -Ev '^\s+(Compiling|Downloaded|Downloading)' || { echo "edge: build failed" >&2; exit 1; }
	@touch $(EDGE_OUT)
	@printf '  edge: %-44s %8d B raw %8d B gzip\n' index_bg.wasm "$$(stat -c%s edge/build/index_bg.wasm)" "$$(gzip -9c edge/build/index_bg.wasm | wc -c)"

build: bootstrap
	@$(MAKE) $(WIDGET_OUT)
	@$(MAKE) $(CONSOLE_OUT)
	@$(MAKE) edge
	@$(CLIPPY_BUILD) cargo build --quiet -p attest-demo

demo: build
	@$(CLIPPY_BUILD) cargo run --quiet -p attest-demo

# The whole lint on its own, without building or testing.
lint: bootstrap format-check lint-wasm
	@echo "lint: cargo clippy (native)"
	@cargo clippy --quiet --workspace --all-targets --all-features -- -D warnings

format-check:
	@echo "lint: cargo fmt --check"
	@cargo fmt --all -- --check

# The crates the browser and workerd run (the widget, the console, the Worker), checked
# for the target and the features they are built with.
lint-wasm:
	@echo "lint: cargo clippy (wasm32)"
	@cargo clippy --quiet -p attest-widget -p attest-widget-ui -p attest-widget-forms -p attest-console -p attest-edge --target wasm32-unknown-unknown -- -D warnings

# The lint is the test build's (CLIPPY_BUILD above). Not `lint-wasm`'s second pass: no
# code of ours is compiled for wasm32 alone (no `cfg(target_arch)` items), so the native
# build lints all of it, and that pass took two and a half minutes of a cold run.
test: bootstrap format-check build
	@$(MAKE) test-rust
	@$(MAKE) test-browser
	@$(MAKE) test-contract

# Each suite builds what it runs first: a Worker left stale would otherwise be rebuilt by
# every stack's wrangler at once (its [build] command), under the stack's start limit.
test-rust:
	@$(MAKE) edge
	@echo "test: unit and API tests (cargo test; the API tests start the edge in workerd)"
	@$(CLIPPY_BUILD) cargo test --workspace --all-features

test-browser:
	@$(MAKE) edge
	@echo "test: browser tests (headless Chromium, the widget on another origin)"
	@$(CLIPPY_BUILD) cargo build --quiet -p attest-demo
	@node --test --test-concurrency=2 tests/browser/

test-contract:
	@$(CLIPPY_BUILD) cargo build --quiet -p attest-demo
	@EXAMPLES=10 scripts/contract.sh

# A longer contract run than `make test`'s.
contract: build
	@$(CLIPPY_BUILD) cargo build --quiet -p attest-demo
	@EXAMPLES=$${EXAMPLES:-200} scripts/contract.sh

# Fuzzes `core` (the profile reader, the forms' checks, the proof of work, the PDF upload
# check and stamp) with cargo-fuzz
# on the nightly toolchain: SECONDS each (600 by default).
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install --quiet --locked cargo-fuzz
	@cd core && for t in profile_toml request_forms proof_of_work pdf_upload logo_upload; do \
	  echo "fuzz: $$t for $${SECONDS_EACH:-600} s"; \
	  cargo +nightly fuzz run -O $$t -- -max_total_time=$${SECONDS_EACH:-600} -max_len=65536 2>&1 | tail -3 || exit 1; \
	done

# Fails loudly when a budget is broken, after writing what it measured.
bench: build
	@echo "bench: widget weight, proof-of-work wait, time to visible, the API under wrk, growth, a flash crowd, stamping (about 21 minutes)"
	@$(CLIPPY_BUILD) cargo build --quiet -p attest-demo
	@{ printf '# Benchmarks\n\nMeasured by `make bench` on %s (%s cores, %s), %s. Each section names the command that measures it.\n\n## Widget weight, first view\n\n' \
	    "$$(uname -sm)" "$$(nproc)" "$$(free -h | awk '/Mem:/ {print $$2}')" "$$(date -u +%Y-%m-%d)"; \
	  bench/size.sh; echo "status=$$?"; echo; node bench/forms.mjs; echo "status=$$?"; echo; \
	  node bench/visible.mjs; echo "status=$$?"; echo; node bench/api.mjs; echo "status=$$?"; echo; \
	  node bench/growth.mjs; echo "status=$$?"; echo; node bench/flash.mjs; echo "status=$$?"; echo; node bench/stamp.mjs; echo "status=$$?"; echo; cat bench/soak.md; } > bench/out.md || true
	@sed '/^status=/d' bench/out.md > BENCHMARKS.md && cat BENCHMARKS.md
	@! grep -q '^status=[^0]' bench/out.md

# The OpenAPI document, generated from the route table and the handlers' types.
openapi:
	@ATTEST_WRITE_OPENAPI=1 cargo test --quiet -p attest-edge --features openapi --lib -- openapi::tests >/dev/null
	@echo "openapi: edge/openapi.json ($$(grep -c '"operationId"' edge/openapi.json) operations)"

fmt:
	@cargo fmt --all

clean:
	@rm -rf target widget/dist console/dist edge/build .state bench/out.md
