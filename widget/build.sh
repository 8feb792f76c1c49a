#!/usr/bin/env bash
# Builds the widget into widget/dist: the wasm app (wasm-bindgen, then wasm-opt), its JS
# glue, both under content-hashed names, and the loader widget.js that points at them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=widget/dist
stage=target/widget-stage
bin=$root/node_modules/.bin

step() { printf '  widget: %s\n' "$*"; }

step "compiling to wasm32 (release)…"
cargo build --quiet -p attest-widget --target wasm32-unknown-unknown --release

step "generating bindings (wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2))…"
rm -rf "$stage" && mkdir -p "$stage"
wasm-bindgen --target web --no-typescript --out-dir "$stage" \
  target/wasm32-unknown-unknown/release/attest_widget.wasm

step "optimising for size (wasm-opt -Oz)…"
"$bin/wasm-opt" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$stage/attest_widget_bg.wasm" -o "$stage/attest_widget_bg.opt.wasm"

hash() { sha256sum "$1" | cut -c1-16; }
wasm_name="attest_widget_bg-$(hash "$stage/attest_widget_bg.opt.wasm").wasm"
"$bin/esbuild" "$stage/attest_widget.js" --minify --format=esm --log-level=warning \
  --outfile="$stage/attest_widget.min.js"
glue_name="attest_widget-$(hash "$stage/attest_widget.min.js").js"

step "writing the loader…"
rm -rf "$dist" && mkdir -p "$dist"
cp "$stage/attest_widget_bg.opt.wasm" "$dist/$wasm_name"
cp "$stage/attest_widget.min.js" "$dist/$glue_name"
"$bin/esbuild" widget/loader/widget.js --minify --target=es2021 --log-level=warning \
  --define:__ATTEST_GLUE__="\"$glue_name\"" --define:__ATTEST_WASM__="\"$wasm_name\"" \
  --outfile="$dist/widget.js"

for f in "$dist"/*; do
  printf '  widget: %-44s %8d B raw %8d B gzip\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)"
done
