// Optimises the console's parts for size as `wasm-opt -Oz --strip-debug --strip-producers`
// does, in one process: binaryen is loaded once instead of once per part (a hundred and
// more parts, each a Node start and a binaryen compile, took two minutes on two cores).
//
// Usage: node console/opt-parts.mjs <from folder> <to folder>
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import binaryen from "binaryen";

const [from, to] = process.argv.slice(2);
// The features the first load is optimised with (console/build.sh's --enable-… flags, which
// imply bulk-memory-opt and call-indirect-overlong), so no part uses one the browser lacks.
const f = binaryen.Features;
const features =
  f.BulkMemory | f.BulkMemoryOpt | f.NontrappingFPToInt | f.SignExt | f.MutableGlobals |
  f.ReferenceTypes | f.CallIndirectOverlong | f.Multivalue;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
for (const name of readdirSync(from).filter((n) => n.endsWith(".wasm"))) {
  const module = binaryen.readBinary(readFileSync(path.join(from, name)));
  module.setFeatures(features);
  module.runPasses(["strip-debug", "strip-producers"]);
  module.optimize();
  if (!module.validate()) throw new Error(`${name}: not valid after optimising`);
  writeFileSync(path.join(to, name), module.emitBinary());
  module.dispose();
}
