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

rm -rf "$stage" && mkdir -p "$stage/split"
# Into the folder in place (a running `wrangler dev` keeps watching it); stale files go last.
mkdir -p "$out/assets"
# Each screen's `#[wasm_split]` function (console/src/app.rs) is a split point: wasm-split-cli cuts the module into the
# first load (shell, sign-in, the organisation's home) and one part per screen, with the
# code screens share in parts of their own, and writes the script that fetches them.
command -v wasm-split-cli >/dev/null || { echo "console: wasm-split-cli is missing: run scripts/bootstrap.sh (make bootstrap)" >&2; exit 1; }
step "splitting the screens into parts loaded on demand…"
wasm-split-cli --target web --out-name attest_console \
  target/wasm32-unknown-unknown/release/attest_console.wasm "$stage/split"
step "generating bindings (wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2)) and optimising for size (wasm-opt -Oz)…"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$stage" \
  "$stage/split/attest_console.wasm"
mv "$stage/split/__wasm_split.js" "$stage/__wasm_split.js"
# (The parts carry a name subsection wasm-opt does not know and drops: not worth a line each.)
opt() {
  "$bin/wasm-opt" -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2" \
    2> >(grep -v 'unknown name subsection' >&2)
}
opt "$stage/attest_console_bg.wasm" "$stage/attest_console_bg.opt.wasm"
main_hash=$(hash "$stage/attest_console_bg.opt.wasm")
wasm="console_bg-$main_hash.wasm"
cp "$stage/attest_console_bg.opt.wasm" "$out/assets/$wasm"
# The parts, optimised in one process (console/opt-parts.mjs): one wasm-opt each, a Node
# start and a binaryen compile apiece, took two minutes for the hundred and more.
mkdir -p "$stage/opt"
rm -f "$stage/split/attest_console.wasm"
node console/opt-parts.mjs "$stage/split" "$stage/opt" 2> >(grep -v 'unknown name subsection' >&2)
# A part only fits the first load it was cut from: its name carries both hashes.
keep=("$wasm")
parts=0
for part in "$stage"/opt/*.wasm; do
  name=$(basename "$part" .wasm)
  case "$name" in
    split_console_*_part) label=$(sed -E 's/^split_console_(.*)_part$/\1/; s/_/-/g' <<<"$name") ;;
    *) label=${name//_/-} ;;
  esac
  file="console_part-$label-$(cat "$stage/attest_console_bg.opt.wasm" "$part" | sha256sum | cut -c1-16).wasm"
  cp "$part" "$out/assets/$file"
  sed -i "s|\"./$name.wasm\"|\"./$file\"|g" "$stage/__wasm_split.js"
  keep+=("$file")
  parts=$((parts + 1))
done
if grep -o '"\./[^"]*\.wasm"' "$stage/__wasm_split.js" | grep -qv '^"\./console_part-'; then
  echo "console: a part the loader names was not renamed" >&2; exit 1
fi

step "bundling the script and the styles…"
cp console/entry.js "$stage/entry.js"
# wasm-bindgen names the parts' loader once per function it imports from it: the same module.
"$bin/esbuild" "$stage/entry.js" --bundle --minify --format=esm --target=es2021 --log-level=warning \
  --log-override:duplicate-object-key=silent \
  --define:__ATTEST_CONSOLE_WASM__="\"./$wasm\"" --outfile="$stage/console.js"
script="console-$(hash "$stage/console.js").js"
cp "$stage/console.js" "$out/assets/$script"
"$bin/esbuild" console/style.css --minify --log-level=warning --outfile="$stage/console.css"
style="console-$(hash "$stage/console.css").css"
cp "$stage/console.css" "$out/assets/$style"

sed -e "s/__STYLE__/$style/" -e "s/__WASM__/$wasm/" -e "s/__SCRIPT__/$script/" \
  console/index.html > "$stage/index.html"
mv "$stage/index.html" "$out/index.html"
keep+=("$script" "$style")
for f in "$out"/assets/*; do
  [[ " ${keep[*]} " == *" $(basename "$f") "* ]] || rm -f "$f"
done

for f in "$out/index.html" "$out/assets/$script" "$out/assets/$style" "$out/assets/$wasm"; do
  printf '  console: %-40s %8d B raw %8d B gzip\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)"
done
printf '  console: %-40s %8d B raw %8d B gzip\n' "$parts parts, loaded on demand" \
  "$(cat "$out"/assets/console_part-*.wasm | wc -c)" "$(for f in "$out"/assets/console_part-*.wasm; do gzip -9c "$f"; done | wc -c)"
