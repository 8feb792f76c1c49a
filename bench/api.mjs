// The API under load: wrk against the edge in workerd (`wrangler dev --log-level warn`),
// each endpoint as a ratio to GET /healthz of the same instance in the same run, with
// p50/p99 latency; POST privacy-requests with proofs of work solved in advance (one per
// request, each from its own client address, as the rate limit counts per address).
// Also the Worker's size and how long V8 takes to compile it. Prints a Markdown section.
// The runtime's own floor is measured in the same rounds: a JavaScript Worker that answers
// a constant (bench/floor/), run exactly as the edge is.
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { solve } from "./pow.mjs";
import { workerdCpu } from "./cpu.mjs";
import { readFileSync, writeFileSync, mkdtempSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { startStack, launchBrowser } from "../tests/browser/harness.mjs";

const SECONDS = Number(process.env.SECONDS_PER_RUN || 8);
const CONNECTIONS = 16;
const stack = await startStack({ vars: { POW_DIFFICULTY: "8" } });
const dir = mkdtempSync(path.join(os.tmpdir(), "attest-bench-"));
const floor = await startFloor();

/** The floor Worker through demo/wrangler-dev.mjs (the edge's relay and runtime); resolves
 * to its origin and a stop function. */
async function startFloor() {
  const child = spawn(
    "node",
    ["demo/wrangler-dev.mjs", "--config", "bench/floor/wrangler.toml", "--port", "0", "--persist-to", path.join(dir, "floor")],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the floor Worker exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const ready = line.match(/^edge: ready on (\S+)/);
      if (ready) resolve(ready[1].replace(/\/$/, ""));
    });
  });
  return { url, stop: () => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM"))) };
}

function wrk(url, extra = []) {
  const out = execFileSync("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", ...extra, url], { encoding: "utf8" });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const latency = (p) => {
    const [, n, unit] = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
    return Number(n) * { us: 0.001, ms: 1, s: 1000 }[unit];
  };
  const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const total = Number(out.match(/(\d+) requests in/)[1]);
  return { rps, p50: latency(50), p99: latency(99), non2xx, total };
}

// Five rounds, each endpoint once per round in the same order; the table gives each
// figure's median over the rounds (one 8-second run swings by a fifth on a busy machine).
const ROUNDS = Number(process.env.ROUNDS || 5);


/** A read sent again when the connection it went out on was closed under it: the
 * keep-alive connection was closed by the edge while idle as the request left (HTTP
 * clients resend idempotent requests in that case). */
async function idempotent(read) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 3 || error?.cause?.code !== "UND_ERR_SOCKET") throw error;
    }
  }
}

/** Waits until the edge has chained every audit entry the forms journaled (their work
 * after the answer, see edge/src/lib.rs), so that no run is measured while the last one's
 * is still going on; resolves to how long that took, in seconds. */
async function quiescent() {
  const start = Date.now();
  for (;;) {
    const [{ n }] = await idempotent(() => stack.sql(
      `SELECT coalesce(SUM((SELECT COUNT(*) FROM audit_journal j WHERE j.org = o.org AND j.id >
         coalesce((SELECT l.journal_id FROM audit_log l WHERE l.org = o.org ORDER BY l.seq DESC LIMIT 1), 0))), 0) AS n
       FROM (SELECT DISTINCT org FROM audit_journal) o`,
    ));
    if (n === 0) return (Date.now() - start) / 1000;
    if (Date.now() - start > 300_000) throw new Error(`${n} audit entries still unchained after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function measured(url, extra) {
  await quiescent();
  const before = workerdCpu();
  const r = wrk(url, extra);
  r.cpu = (workerdCpu() - before) / r.total;
  r.drain = await quiescent();
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = [];
try {
  // Enough proofs for each round: each is spent once.
  const wanted = 1000 * SECONDS;
  for (let round = 0; round < ROUNDS; round++) {
    const bodies = [];
    for (let i = 0; i < wanted; i++) {
      const c = await (await fetch(`${stack.edge}/v1/orgs/vinterre/challenge`)).json();
      const n = round * wanted + i;
      bodies.push(JSON.stringify({
        jurisdiction: "gdpr", kind: "access", email: `bench-${n}@example.com`, name: `Bench ${n}`, consent: true,
        proof: { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) },
      }));
    }
    writeFileSync(path.join(dir, `bodies-${round}.txt`), bodies.join("\n"));
    writeFileSync(path.join(dir, `post-${round}.lua`), `
      local bodies = {}
      for line in io.lines("${path.join(dir, `bodies-${round}.txt`)}") do bodies[#bodies + 1] = line end
      local n = 0
      local threads = 0
      -- Each thread takes every other body: thread 0 the even ones, thread 1 the odd.
      function setup(thread) thread:set("first", threads); threads = threads + 1 end
      function init() n = first end
      request = function()
        n = n + 2
        local body = bodies[(n % #bodies) + 1]
        local ip = string.format("10.%d.%d.%d", ${round}, math.floor(n / 256) % 256, n % 256)
        return wrk.format("POST", nil, { ["content-type"] = "application/json", ["cf-connecting-ip"] = ip }, body)
      end`);
  }
  // The database's own floor: a request that is one D1 write and nothing else, through
  // the test stack's SQL route (every form is at least one batch like it).
  writeFileSync(path.join(dir, "floor.lua"), `
    wrk.method = "POST"
    wrk.headers["content-type"] = "application/json"
    wrk.headers["authorization"] = "Bearer ${stack.sqlToken}"
    wrk.body = '{"sql": "INSERT INTO used_challenges (salt, expires_at) VALUES (lower(hex(randomblob(16))), 0)"}'`);
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push([
      ["GET /healthz", await measured(`${stack.edge}/healthz`)],
      ["GET / of a JavaScript Worker that answers a constant (the runtime's floor)", await measured(`${floor.url}/`)],
      ["GET /v1/orgs/vinterre", await measured(`${stack.edge}/v1/orgs/vinterre`)],
      ["GET /v1/orgs/vinterre/subprocessors.csv", await measured(`${stack.edge}/v1/orgs/vinterre/subprocessors.csv`)],
      ["POST one D1 INSERT (the database's floor)", await measured(`${stack.edge}/__test/d1`, ["-s", path.join(dir, "floor.lua")])],
      ["POST /v1/orgs/vinterre/privacy-requests", await measured(`${stack.edge}/v1/orgs/vinterre/privacy-requests`, ["-s", path.join(dir, `post-${round}.lua`)])],
    ]);
  }
} finally {
  await floor.stop();
  await stack.stop();
}

const wasm = readFileSync("edge/build/index_bg.wasm");
// In Chromium's V8 (the engine workerd embeds, as recent): Node 20's is too old for the
// wasm features the Worker uses (reference types, exception handling).
const browser = await launchBrowser();
const tab = await browser.newPage();
const compile = await tab.evaluate(async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await WebAssembly.compile(bytes);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}, wasm.toString("base64"));
await browser.close();

console.log("## API under load\n");
console.log(`\`node bench/api.mjs\`: \`wrk -t2 -c${CONNECTIONS} -d${SECONDS}s --latency\` against one \`wrangler dev --log-level warn\` (workerd, local D1 and KV) on this machine, wrk on the same 2 cores; ${ROUNDS} rounds, each endpoint once per round, medians over the rounds. Ratio: requests per second as a share of GET /healthz in the same round. Runtime CPU: the workerd processes' CPU time (from /proc) per request answered, on a machine running no other workerd: a cost that wrk's and the other processes' share of the cores does not skew. Each run starts once the edge has chained every audit entry journaled before it (the forms' work after their answers). The runtime's floor is a JavaScript Worker answering a constant (\`bench/floor/\`), served by the same relay and runtime as the edge.\n`);
console.log("| endpoint | requests/s | ratio to /healthz | p50 | p99 | runtime CPU per request | non-2xx |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (let i = 0; i < rounds[0].length; i++) {
  const name = rounds[0][i][0];
  const runs = rounds.map((round) => round[i][1]);
  const ratio = median(rounds.map((round) => round[i][1].rps / round[0][1].rps));
  const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
  const total = runs.reduce((sum, r) => sum + r.total, 0);
  console.log(`| \`${name}\` | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${ratio.toFixed(2)} (${rounds.map((round) => (round[i][1].rps / round[0][1].rps).toFixed(2)).join(", ")}) | ${median(runs.map((r) => r.p50)).toFixed(1)} ms | ${median(runs.map((r) => r.p99)).toFixed(1)} ms | ${median(runs.map((r) => r.cpu)).toFixed(2)} ms | ${non2xx} of ${total} |`);
}
const posts = rounds.map((round) => round.find(([name]) => name.startsWith("POST /v1/"))[1]);
console.log(`\nAfter each run of the form, the audit entries it journaled were all chained within ${median(posts.map((r) => r.drain)).toFixed(1)} s (median; longest ${Math.max(...posts.map((r) => r.drain)).toFixed(1)} s). E-mail is queued, not sent: this stack has no mail provider.`);
console.log(`\nWorker: \`edge/build/index_bg.wasm\` ${(statSync("edge/build/index_bg.wasm").size / 1024).toFixed(0)} KB raw, ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(0)} KB gzip (Cloudflare's limit on the free plan: 3 MB gzip). Startup: V8 compiles it in ${compile[2].toFixed(0)} ms (median of 5, \`WebAssembly.compile\` in headless Chromium's V8, the engine workerd embeds).`);
