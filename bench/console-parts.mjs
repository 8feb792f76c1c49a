// What opening each console screen for the first time fetches: its own part of the
// WebAssembly and every shared part it needs (those another screen already fetched are
// not fetched again; this counts a screen opened first). Reads the parts' loader as
// console/build.sh left it, and prints a Markdown table of raw and brotli bytes.
//
// Usage: node bench/console-parts.mjs target/console-stage/__wasm_split.js console/dist/console/assets
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const [loaderPath, assets] = process.argv.slice(2);
const loader = readFileSync(loaderPath, "utf8");

// `const __chunk_N = makeLoad(() => { … "./file.wasm" … }, [deps])` and
// `export const __wasm_split_load_NAME = wrapAsyncCb(makeLoad(… "./file.wasm" …, [deps]))`.
const parts = new Map();
const entry = /(?:export )?const (__\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{[^]*?new URL\("\.\/([^"]+)"[^]*?\n, \[([^\]]*)\]\)/g;
for (const [, id, file, deps] of loader.matchAll(entry)) {
  parts.set(id, { file, deps: deps.split(",").map((d) => d.trim()).filter(Boolean) });
}
const screens = [...parts.keys()].filter((id) => id.startsWith("__wasm_split_load_"));
if (screens.length === 0) throw new Error(`no screens in ${loaderPath}`);

const brotli = (buffer) =>
  brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizes = new Map();
const size = (file) => {
  if (!sizes.has(file)) {
    const bytes = readFileSync(`${assets}/${file}`);
    sizes.set(file, { raw: bytes.length, brotli: brotli(bytes) });
  }
  return sizes.get(file);
};

const rows = screens.map((id) => {
  const files = new Set([parts.get(id).file]);
  for (const dep of parts.get(id).deps) files.add(parts.get(dep).file);
  let raw = 0, br = 0;
  for (const file of files) ({ raw, brotli: br } = { raw: raw + size(file).raw, brotli: br + size(file).brotli });
  const name = id.replace(/^__wasm_split_load_console_(\w+)_part$/, "$1").replaceAll("_", " ");
  return { name, files: files.size, raw, br };
});
rows.sort((a, b) => b.br - a.br);
console.log("| screen, opened first | files | raw | brotli |");
console.log("| --- | ---: | ---: | ---: |");
for (const r of rows) console.log(`| ${r.name} | ${r.files} | ${kb(r.raw)} | ${kb(r.br)} |`);
let raw = 0, br = 0;
for (const { file } of parts.values()) { raw += size(file).raw; br += size(file).brotli; }
console.log(`| **every screen's parts** | ${parts.size} | ${kb(raw)} | ${kb(br)} |`);
