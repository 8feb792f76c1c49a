// What each dependency costs the widget: reads a wasm module that still has its name
// section (wasm-opt -Oz -g), groups the function bodies by the crate their name starts
// with, and prints a Markdown table of raw bytes and of each group compressed alone with
// brotli (quality 11). Groups compressed alone add up to more than the whole file, which
// compresses across groups; the shares say where the bytes go.
//
// Usage: node bench/wasm-crates.mjs module.wasm
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const bytes = readFileSync(process.argv[2]);
let at = 8; // magic and version

function leb() {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
}
function name() {
  const length = leb();
  const text = bytes.toString("utf8", at, at + length);
  at += length;
  return text;
}

let importedFunctions = 0;
const bodies = []; // [start, end) of each defined function's body, in index order
const data = [];
const names = new Map();
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 2) { // imports: count the functions, whose indices come first
    for (let n = leb(); n > 0; n--) {
      name(); name();
      const kind = bytes[at++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { at++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) { at++; at++; }
      else if (kind === 4) { at++; leb(); }
    }
  } else if (id === 10) { // code
    for (let n = leb(); n > 0; n--) {
      const length = leb();
      bodies.push([at, at + length]);
      at += length;
    }
  } else if (id === 11) { // data: the whole section counts as data
    data.push([at, end]);
  } else if (id === 0 && name() === "name") {
    while (at < end) {
      const sub = bytes[at++];
      const subSize = leb();
      const subEnd = at + subSize;
      if (sub === 1) {
        for (let n = leb(); n > 0; n--) {
          const index = leb();
          names.set(index, name());
        }
      }
      at = subEnd;
    }
  }
  at = end;
}

/** The crate a function belongs to: the first path in its (demangled) name. */
function crateOf(fn) {
  const path = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(fn ?? "");
  if (!path) return "(unnamed: glue and shims)";
  return path[1];
}

const groups = new Map();
const add = (group, [start, end]) => {
  const g = groups.get(group) ?? { raw: 0, parts: [] };
  g.raw += end - start;
  g.parts.push(bytes.subarray(start, end));
  groups.set(group, g);
};
bodies.forEach((body, i) => add(crateOf(names.get(importedFunctions + i)), body));
data.forEach((segment) => add("(data: text, tables, styles)", segment));

const brotli = (buffers) =>
  brotliCompressSync(Buffer.concat(buffers), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [...groups].map(([group, g]) => ({ group, raw: g.raw, brotli: brotli(g.parts) }));
rows.sort((a, b) => b.raw - a.raw);
const total = rows.reduce((sum, r) => sum + r.raw, 0);
const shown = rows.filter((r) => r.raw >= 1024);
const rest = rows.filter((r) => r.raw < 1024);

console.log("| crate | code and data | share | brotli alone |");
console.log("| --- | ---: | ---: | ---: |");
for (const r of shown) {
  console.log(`| \`${r.group}\` | ${kb(r.raw)} | ${((100 * r.raw) / total).toFixed(1)} % | ${kb(r.brotli)} |`);
}
if (rest.length) {
  const raw = rest.reduce((sum, r) => sum + r.raw, 0);
  const parts = rest.map((r) => groups.get(r.group).parts).flat();
  console.log(`| ${rest.length} more, under 1 KB each | ${kb(raw)} | ${((100 * raw) / total).toFixed(1)} % | ${kb(brotli(parts))} |`);
}
