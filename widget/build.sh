#!/usr/bin/env bash
# Builds the widget into widget/dist: its two WebAssembly modules — the app, which takes
# over from the edge's first view, and the forms, loaded when a visitor opens one — each
# with its JS glue (wasm-bindgen, then wasm-opt), and its stylesheet, under
# content-hashed names, and the loader widget.js that points at them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist=widget/dist
stage=target/widget-stage
bin=$root/node_modules/.bin

step() { printf '  widget: %s\n' "$*"; }
hash() { sha256sum "$1" | cut -c1-16; }

# Two cargo runs: one build of both would unify their dependencies' features, and each
# module is to carry only what it uses.
step "compiling the app to wasm32 (release)…"
cargo build --quiet -p attest-widget --target wasm32-unknown-unknown --release
step "compiling the forms to wasm32 (release)…"
cargo build --quiet -p attest-widget-forms --target wasm32-unknown-unknown --release

rm -rf "$stage" && mkdir -p "$stage"
rm -rf "$dist" && mkdir -p "$dist"
# Builds one module: bindings, size optimisation, minified glue; prints "glue wasm".
module() {
  local crate=$1
  wasm-bindgen --target web --no-typescript --out-dir "$stage" \
    "target/wasm32-unknown-unknown/release/$crate.wasm"
  "$bin/wasm-opt" -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$stage/${crate}_bg.wasm" -o "$stage/${crate}_bg.opt.wasm"
  "$bin/esbuild" "$stage/$crate.js" --minify --format=esm --log-level=warning \
    --outfile="$stage/$crate.min.js"
  local wasm="${crate}_bg-$(hash "$stage/${crate}_bg.opt.wasm").wasm"
  local glue="$crate-$(hash "$stage/$crate.min.js").js"
  cp "$stage/${crate}_bg.opt.wasm" "$dist/$wasm"
  cp "$stage/$crate.min.js" "$dist/$glue"
  echo "$glue $wasm"
}
step "generating bindings (wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2)) and optimising for size (wasm-opt -Oz)…"
read -r app_glue app_wasm < <(module attest_widget)
read -r forms_glue forms_wasm < <(module attest_widget_forms)

step "minifying the stylesheet (esbuild)…"
"$bin/esbuild" widget/style.css --minify --log-level=warning --outfile="$stage/style.css"
css="style-$(hash "$stage/style.css").css"
cp "$stage/style.css" "$dist/$css"

step "writing the loader…"
"$bin/esbuild" widget/loader/widget.js --minify --target=es2021 --log-level=warning \
  --define:__ATTEST_GLUE__="\"$app_glue\"" --define:__ATTEST_WASM__="\"$app_wasm\"" \
  --define:__ATTEST_FORMS_GLUE__="\"$forms_glue\"" --define:__ATTEST_FORMS_WASM__="\"$forms_wasm\"" \
  --define:__ATTEST_CSS__="\"$css\"" --outfile="$dist/widget.js"

for f in "$dist"/*; do
  printf '  widget: %-50s %8d B raw %8d B gzip\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)"
done
