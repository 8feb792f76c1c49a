// A flash crowd: a breach notice sends everyone to the privacy form at once. 10,000
// privacy requests from 10,000 addresses (each its own e-mail address, client address and
// Idempotency-Key, proofs of work solved in advance) at 64 in flight against one edge in
// workerd, then the same 10,000 again with their keys. Checks in the edge's own D1 that
// every request is stored exactly once with exactly one verification e-mail, that every
// replay was answered from the record, and that the audit chain verifies. Prints a
// Markdown section; exits non-zero if anything was lost, duplicated or answered 5xx.
import { solve } from "./pow.mjs";
import { startStack } from "../tests/browser/harness.mjs";

const REQUESTS = Number(process.env.FLASH_REQUESTS || 10_000);
const IN_FLIGHT = 64;
const ORG = "vinterre";

/** Runs `work(i)` for i in 0..n with `IN_FLIGHT` at a time; the results in order. */
async function inFlight(n, work) {
  const results = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    for (let i = next++; i < n; i = next++) results[i] = await work(i);
  }));
  return results;
}

const d1 = (statement) => stack.sql(statement);

const stack = await startStack({ vars: { POW_DIFFICULTY: "8" } });
let failed = false;
try {
  const proofs = await inFlight(REQUESTS, async () => {
    const c = await (await fetch(`${stack.edge}/v1/orgs/${ORG}/challenge`)).json();
    return { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  });
  const send = async (i) => {
    const response = await fetch(`${stack.edge}/v1/orgs/${ORG}/privacy-requests`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `flash-${i}`,
        "cf-connecting-ip": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({
        jurisdiction: "gdpr", kind: "access", email: `flash-${i}@example.com`, name: `Flash ${i}`,
        consent: true, proof: proofs[i],
      }),
    });
    const body = await response.text();
    return { status: response.status, replayed: response.headers.get("idempotent-replayed") === "true", body };
  };
  const timed = async () => {
    const started = performance.now();
    const answers = await inFlight(REQUESTS, send);
    return { answers, seconds: (performance.now() - started) / 1000 };
  };
  const first = await timed();
  const again = await timed();

  const stored = (await d1(`SELECT COUNT(*) AS n, COUNT(DISTINCT email_hash) AS people FROM privacy_requests WHERE org = '${ORG}'`))[0];
  const mail = (await d1(`SELECT COUNT(*) AS n, COUNT(DISTINCT related_id) AS requests FROM outbox WHERE org = '${ORG}' AND purpose = 'verification'`))[0];
  const verify = await (await fetch(`${stack.edge}/v1/admin/orgs/${ORG}/audit/verify`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  })).json();

  const count = (answers, wanted) => answers.filter(wanted).length;
  const row = (name, { answers, seconds }, wanted) => ({
    name, seconds, rate: REQUESTS / seconds,
    ok: count(answers, wanted), fivexx: count(answers, (a) => a.status >= 500),
    other: answers.filter((a) => !wanted(a)).slice(0, 3),
  });
  const rows = [
    row("first: filed (202)", first, (a) => a.status === 202 && !a.replayed),
    row("again: replayed (202, Idempotent-Replayed)", again, (a) => a.status === 202 && a.replayed),
  ];
  const checks = [
    ["requests stored", stored.n, REQUESTS],
    ["distinct requesters among them", stored.people, REQUESTS],
    ["verification e-mails queued", mail.n, REQUESTS],
    ["requests with an e-mail", mail.requests, REQUESTS],
    ["audit entries in the verified chain (at least)", verify.entries, REQUESTS],
  ];

  console.log("## Flash crowd\n");
  console.log(`\`node bench/flash.mjs\`: ${REQUESTS.toLocaleString("en")} privacy requests to one organisation, each from its own client address and e-mail address with its own \`Idempotency-Key\` and a proof of work solved in advance, ${IN_FLIGHT} in flight, against one \`wrangler dev\` (workerd, local D1 and KV) on this machine; then the same ${REQUESTS.toLocaleString("en")} again. Counted afterwards in the edge's D1.\n`);
  console.log("| pass | time | requests/s | as expected | 5xx |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.seconds.toFixed(1)} s | ${r.rate.toFixed(0)} | ${r.ok} of ${REQUESTS} | ${r.fivexx} |`);
  }
  console.log("\n| check | found | expected |");
  console.log("| --- | ---: | ---: |");
  for (const [name, found, expected] of checks) console.log(`| ${name} | ${found} | ${expected} |`);
  console.log(`\nAudit chain: ${verify.ok ? "verifies" : `broken at entry ${verify.firstBadSeq}`} (${verify.entries} entries).`);
  for (const r of rows) {
    if (r.ok !== REQUESTS) { failed = true; console.log(`\n${r.name}: unexpected answers, e.g. ${JSON.stringify(r.other)}`); }
  }
  if (!verify.ok || checks.slice(0, 4).some(([, found, expected]) => found !== expected) || verify.entries < REQUESTS) failed = true;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
