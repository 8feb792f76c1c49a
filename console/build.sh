#!/usr/bin/env bash
# Builds the console into console/dist/console (the Worker's static assets): the app's
# WebAssembly (wasm-bindgen, then wasm-opt), one script that loads it, the styles, all
# under content-hashed names, and the page that names them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=console/dist/console
stage=target/console-stage
bin=$root/node_modules/.bin

step() { printf '  console: %s\n' "$*"; }
hash() { sha256sum "$1" | cut -c1-16; }

step "compiling the app to wasm32 (release)…"
cargo build --quiet -p attest-console --target wasm32-unknown-unknown --release

rm -rf "$stage" && mkdir -p "$stage"
# Into the folder in place (a running `wrangler dev` keeps watching it); stale files go last.
mkdir -p "$out/assets"
step "generating bindings (wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2)) and optimising for size (wasm-opt -Oz)…"
wasm-bindgen --target web --no-typescript --out-dir "$stage" \
  target/wasm32-unknown-unknown/release/attest_console.wasm
"$bin/wasm-opt" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$stage/attest_console_bg.wasm" -o "$stage/attest_console_bg.opt.wasm"
wasm="console_bg-$(hash "$stage/attest_console_bg.opt.wasm").wasm"
cp "$stage/attest_console_bg.opt.wasm" "$out/assets/$wasm"

step "bundling the script and the styles…"
cp console/entry.js "$stage/entry.js"
"$bin/esbuild" "$stage/entry.js" --bundle --minify --format=esm --target=es2021 --log-level=warning \
  --define:__ATTEST_CONSOLE_WASM__="\"./$wasm\"" --outfile="$stage/console.js"
script="console-$(hash "$stage/console.js").js"
cp "$stage/console.js" "$out/assets/$script"
"$bin/esbuild" console/style.css --minify --log-level=warning --outfile="$stage/console.css"
style="console-$(hash "$stage/console.css").css"
cp "$stage/console.css" "$out/assets/$style"

sed -e "s/__STYLE__/$style/" -e "s/__WASM__/$wasm/" -e "s/__SCRIPT__/$script/" \
  console/index.html > "$stage/index.html"
mv "$stage/index.html" "$out/index.html"
for f in "$out"/assets/*; do
  case "$(basename "$f")" in "$wasm" | "$script" | "$style") ;; *) rm -f "$f" ;; esac
done

for f in "$out/index.html" "$out"/assets/*; do
  printf '  console: %-40s %8d B raw %8d B gzip\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)"
done
