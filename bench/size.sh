#!/usr/bin/env bash
# Widget weight: every file the widget loads on first view, raw / gzip -9 / brotli -q 11,
# against the budgets (all of it ≤ 60 KB brotli, the loader ≤ 2 KB gzip, the forms module
# ≤ 60 KB brotli). Prints a Markdown table to stdout; exits 1 when a budget is broken.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=widget/dist
budget_total_brotli=$((60 * 1024))
budget_loader_gzip=$((2 * 1024))

sizes() { printf '%d %d %d\n' "$(stat -c%s "$1")" "$(gzip -9c "$1" | wc -c)" "$(brotli -c -q 11 "$1" | wc -c)"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

echo "| file | raw | gzip | brotli |"
echo "| --- | ---: | ---: | ---: |"
total_raw=0 total_gzip=0 total_brotli=0 loader_gzip=0
# First view: the loader, the stylesheet, the glue it imports, the wasm the glue
# instantiates. (The edge's HTML of the first view is measured with the time to visible,
# bench/visible.mjs, which has an edge to ask.)
# The loader as the edge sends it for the plain address: with `0` where it carries a first
# view for `widget.js?org=…` (that variant's bytes are counted with the time to visible).
served=$(mktemp -d)/widget.js
trap 'rm -rf "$(dirname "$served")"' EXIT
sed 's/__ATTEST_FIRST__/0/' "$dist/widget.js" > "$served"
for f in "$served" "$dist"/style-*.css "$dist"/attest_widget-*.js "$dist"/attest_widget_bg-*.wasm; do
  read -r raw gz br < <(sizes "$f")
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}\./-HASH./')
  echo "| \`$name\` | $(kb "$raw") | $(kb "$gz") | $(kb "$br") |"
  total_raw=$((total_raw + raw)); total_gzip=$((total_gzip + gz)); total_brotli=$((total_brotli + br))
  [ "$(basename "$f")" = widget.js ] && loader_gzip=$gz
done
echo "| **first view, total** | **$(kb $total_raw)** | **$(kb $total_gzip)** | **$(kb $total_brotli)** |"
echo
status=0
if [ "$loader_gzip" -gt "$budget_loader_gzip" ]; then
  echo "BUDGET BROKEN: the loader is $(kb "$loader_gzip") gzip, over $(kb $budget_loader_gzip)."; status=1
else
  echo "Loader: $(kb "$loader_gzip") gzip, within its $(kb $budget_loader_gzip) budget."
fi
if [ "$total_brotli" -gt "$budget_total_brotli" ]; then
  echo "BUDGET BROKEN: the first view is $(kb $total_brotli) brotli, over $(kb $budget_total_brotli)."; status=1
else
  echo "First view: $(kb $total_brotli) brotli, within its $(kb $budget_total_brotli) budget."
fi

# The forms module: loaded only when a visitor opens the privacy or report view.
echo
echo "## On demand: the forms"
echo
echo "Privacy requests and vulnerability reports are a second module, imported the first"
echo "time a visitor opens one of those views; a visitor who only reads never loads it."
echo
echo "| file | raw | gzip | brotli |"
echo "| --- | ---: | ---: | ---: |"
forms_raw=0 forms_gzip=0 forms_brotli=0
for f in "$dist"/attest_widget_forms-*.js "$dist"/attest_widget_forms_bg-*.wasm; do
  read -r raw gz br < <(sizes "$f")
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}\./-HASH./')
  echo "| \`$name\` | $(kb "$raw") | $(kb "$gz") | $(kb "$br") |"
  forms_raw=$((forms_raw + raw)); forms_gzip=$((forms_gzip + gz)); forms_brotli=$((forms_brotli + br))
done
echo "| **forms, total** | **$(kb $forms_raw)** | **$(kb $forms_gzip)** | **$(kb $forms_brotli)** |"
echo
budget_forms_brotli=$((60 * 1024))
if [ "$forms_brotli" -gt "$budget_forms_brotli" ]; then
  echo "BUDGET BROKEN: the forms module is $(kb $forms_brotli) brotli, over $(kb $budget_forms_brotli)."; status=1
else
  echo "Forms: $(kb $forms_brotli) brotli, within their $(kb $budget_forms_brotli) budget."
fi

# What each dependency costs: the same optimisation, keeping function names.
stage=target/widget-stage
named=$(mktemp --suffix=.wasm)
trap 'rm -f "$named"' EXIT
node_modules/.bin/wasm-opt -Oz -g \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$stage/attest_widget_bg.wasm" -o "$named"
echo
echo "## What each dependency costs (first view)"
echo
echo "The WebAssembly by the crate each function comes from, after \`wasm-opt -Oz\`"
echo "(\`bench/wasm-crates.mjs\`). Generic code is counted where it is defined: \`core\` and"
echo "\`alloc\` include their iterators and collections instantiated for the widget's own"
echo "types. Each group compressed alone; together they compress better than the sum."
echo
node bench/wasm-crates.mjs "$named"

# The same compressors on widely used script-tag privacy widgets, installed from npm for
# this comparison (devDependencies): what a site loads to show each.
echo
echo "## Compared with other script-tag widgets"
echo
echo "Their distributed bundles, as a site includes them, against the same compressors."
echo "They do other jobs (klaro and vanilla-cookieconsent: cookie consent; altcha: a"
echo "proof-of-work captcha, the job of Attest's forms module): the table is about weight."
echo
echo "| widget (npm version) | files | raw | gzip | brotli |"
echo "| --- | --- | ---: | ---: | ---: |"
compare() {
  local label=$1; shift
  local raw=0 gz=0 br=0 names=()
  for f in "$@"; do
    read -r r g b < <(sizes "$f")
    raw=$((raw + r)); gz=$((gz + g)); br=$((br + b)); names+=("\`$(basename "$f")\`")
  done
  echo "| $label | ${names[*]} | $(kb $raw) | $(kb $gz) | $(kb $br) |"
}
version() { node -p "require('./node_modules/$1/package.json').version"; }
echo "| **Attest, first view** | loader, app glue, app wasm | $(kb $total_raw) | $(kb $total_gzip) | $(kb $total_brotli) |"
echo "| Attest, forms (on demand) | forms glue, forms wasm | $(kb $forms_raw) | $(kb $forms_gzip) | $(kb $forms_brotli) |"
compare "klaro $(version klaro)" node_modules/klaro/dist/klaro.js
compare "vanilla-cookieconsent $(version vanilla-cookieconsent)" node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js node_modules/vanilla-cookieconsent/dist/cookieconsent.css
compare "altcha $(version altcha)" node_modules/altcha/dist/main/altcha.min.js

# The console: what a member's browser loads before the first screen (its page, script,
# styles and wasm; everything after is JSON from the admin API).
console=console/dist/console
budget_console_brotli=$((300 * 1024))
echo
echo "## The console, first load"
echo
echo "| file | raw | gzip | brotli |"
echo "| --- | ---: | ---: | ---: |"
console_raw=0 console_gzip=0 console_brotli=0
for f in "$console/index.html" "$console"/assets/console-*.js "$console"/assets/console-*.css "$console"/assets/console_bg-*.wasm; do
  read -r raw gz br < <(sizes "$f")
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}\./-HASH./')
  echo "| \`$name\` | $(kb "$raw") | $(kb "$gz") | $(kb "$br") |"
  console_raw=$((console_raw + raw)); console_gzip=$((console_gzip + gz)); console_brotli=$((console_brotli + br))
done
echo "| **first load, total** | **$(kb $console_raw)** | **$(kb $console_gzip)** | **$(kb $console_brotli)** |"
echo
if [ "$console_brotli" -gt "$budget_console_brotli" ]; then
  echo "BUDGET BROKEN: the console's first load is $(kb $console_brotli) brotli, over $(kb $budget_console_brotli)."; status=1
else
  echo "Console: $(kb $console_brotli) brotli, within its $(kb $budget_console_brotli) budget."
fi
echo
echo "Each screen's code is fetched when it is first opened (a \`#[wasm_split]\` function each, cut by"
echo "wasm-split-cli in console/build.sh); what the first screen opened after the first load costs:"
echo
node bench/console-parts.mjs target/console-stage/__wasm_split.js "$console/assets"
console_named=$(mktemp --suffix=.wasm)
node_modules/.bin/wasm-opt -Oz -g \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  target/console-stage/attest_console_bg.wasm -o "$console_named"
echo
echo "The console's first-load WebAssembly by crate, as for the widget above:"
echo
node bench/wasm-crates.mjs "$console_named"
rm -f "$console_named"
exit $status
