// Stamping a copy for its viewer, in the Worker: a 1-, a 10- and a 60-page PDF (each page
// with its title and 45 lines of text) uploaded to one edge in workerd, a grant made for
// each, then copies taken one after another through the grant's link (POST …/copy). Per
// copy: the workerd processes' CPU time (from /proc, as bench/api.mjs measures it) and the
// wall time, medians over the copies, beside GET /healthz measured the same way in the
// same run. Prints a Markdown section; exits non-zero when a copy fails or its stamp is
// missing from a page.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { solve } from "./pow.mjs";
import { workerdCpu } from "./cpu.mjs";
import { startStack } from "../tests/browser/harness.mjs";
import { samplePdf } from "../tests/browser/sample-content.mjs";

const COPIES = Number(process.env.COPIES || 15);
const ORG = "vinterre";
const DOCUMENT = "confidentiality-agreements";
const stack = await startStack({ vars: { POW_DIFFICULTY: "8" } });
const dir = mkdtempSync(path.join(os.tmpdir(), "attest-stamp-"));
const admin = (p, init = {}) =>
  fetch(`${stack.edge}/v1/admin/orgs/${ORG}${p}`, {
    ...init,
    headers: { authorization: `Bearer ${stack.adminToken}`, ...init.headers },
  });


const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let address = 0;
const nextAddress = () => `10.77.${(++address >> 8) & 255}.${address & 255}`;

/** Runs `call` `n` times one after another; the CPU per call over all of them (a tick is
 * 10 ms, so one call alone would round) and the median wall time. */
async function measure(n, call) {
  const walls = [];
  const before = workerdCpu();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call(i);
    walls.push(performance.now() - start);
  }
  return { cpu: (workerdCpu() - before) / n, wall: median(walls) };
}

let failed = false;
const rows = [];
try {
  const floor = await measure(200, async () => {
    const r = await fetch(`${stack.edge}/healthz`);
    await r.arrayBuffer();
  });
  for (const pages of [1, 10, 60]) {
    const pdf = samplePdf(`Vinterre SOC 2 Type II report (${pages} pages)`, pages, 45);
    const up = await admin(`/documents/${DOCUMENT}/file`, { method: "PUT", headers: { "content-type": "application/pdf" }, body: pdf });
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const c = await (await fetch(`${stack.edge}/v1/orgs/${ORG}/challenge`)).json();
    const asked = await fetch(`${stack.edge}/v1/orgs/${ORG}/document-requests`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextAddress() },
      body: JSON.stringify({
        documentId: DOCUMENT, name: "Bench Reader", company: "Benchmarks Ltd", email: `reader-${pages}@bench.example`,
        proof: { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) },
      }),
    });
    const { id } = await asked.json();
    const decided = await admin(`/document-requests/${id}/decision`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ decision: "approve" }) });
    if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${await decided.text()}`);
    const { messages } = await (await admin("/outbox?limit=500")).json();
    const link = messages.find((m) => m.relatedId === id && m.purpose === "decision").body.match(/(http\S+\/copy\?grant=\S+)/)[1];
    const reference = (await decided.json()).grant.reference;
    let copy;
    const timing = await measure(COPIES, async () => {
      const r = await fetch(link, { method: "POST", headers: { "cf-connecting-ip": nextAddress() } });
      if (r.status !== 200) throw new Error(`copy: ${r.status} ${await r.text()}`);
      copy = Buffer.from(await r.arrayBuffer());
    });
    const file = path.join(dir, `${pages}.pdf`);
    writeFileSync(file, copy);
    const text = execFileSync("pdftotext", [file, "-"]).toString().split("\f").filter((p) => p.trim());
    const stamped = text.length === pages && text.every((p) => p.includes(`Reference ${reference}`) && p.includes(`reader-${pages}@bench.example`));
    if (!stamped) failed = true;
    rows.push({ pages, size: pdf.length, copy: copy.length, ...timing, stamped });
  }
  console.log(`## Stamping a copy for its viewer\n`);
  console.log(`\`node bench/stamp.mjs\`: one \`wrangler dev\` (workerd, local D1, KV and R2); a PDF of 1, 10 and 60 pages (title and 45 lines of text a page) uploaded as a document's file, a grant approved for each, then ${COPIES} copies taken one after another through the grant's link (\`POST …/copy\`: the file read from R2, stamped on every page with lopdf in the Worker, the download logged). Runtime CPU: the workerd processes' CPU time (from /proc) per copy; wall: the median time to the last byte; both beside 200 \`GET /healthz\` measured the same way in the same run. Every copy read back with pdftotext: the viewer's e-mail and the grant's reference on every page.\n`);
  console.log(`| file | size | stamped copy | runtime CPU per copy | wall p50 | stamp on every page |`);
  console.log(`|---|---|---|---|---|---|`);
  console.log(`| \`GET /healthz\` (floor) | | | ${floor.cpu.toFixed(2)} ms | ${floor.wall.toFixed(1)} ms | |`);
  for (const r of rows) {
    console.log(`| ${r.pages} page${r.pages > 1 ? "s" : ""} | ${(r.size / 1024).toFixed(1)} KB | ${(r.copy / 1024).toFixed(1)} KB | ${r.cpu.toFixed(1)} ms (${(r.cpu / Math.max(floor.cpu, 0.01)).toFixed(0)}× the floor) | ${r.wall.toFixed(1)} ms | ${r.stamped ? "yes" : "**no**"} |`);
  }
  console.log(`\nStamping happens per download, in the request: tens of milliseconds of CPU, within the Workers Paid plan's limit (30 s a request by default) by three orders of magnitude, so no stamped copy is kept per grant. (The free plan's 10 ms a request is too little for it.) The cost grows with the file's objects, not its bytes alone: lopdf parses and writes the whole document.`);
} catch (error) {
  console.log(`## Stamping a copy for its viewer\n\nfailed: ${error.message}`);
  failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
