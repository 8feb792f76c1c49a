// Growth: how the public read path, the privacy inbox and the dashboard behave as the
// stores fill. The stores are seeded by this script (organisations with their published
// profiles in D1 and KV; privacy requests in D1), then each endpoint is timed over
// sequential requests. Prints a Markdown section.
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack } from "../tests/browser/harness.mjs";

const stack = await startStack();
const dir = mkdtempSync(path.join(os.tmpdir(), "attest-growth-"));
const wrangler = (args) =>
  execFileSync(path.resolve("node_modules/.bin/wrangler"), args, { cwd: "edge", encoding: "utf8", maxBuffer: 1 << 28 });
const d1File = (sql) => {
  const file = path.join(dir, "seed.sql");
  writeFileSync(file, sql);
  wrangler(["d1", "execute", "DB", "--local", "--persist-to", stack.stateDir, "--yes", "--file", file]);
};
const d1 = (sql) =>
  JSON.parse(wrangler(["d1", "execute", "DB", "--local", "--persist-to", stack.stateDir, "--json", "--command", sql])).at(-1).results;

async function time(url, headers = {}, n = 200) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    // A kept-alive connection the server closed is retried, and not timed.
    let t;
    let r;
    for (let attempt = 0; !r; attempt++) {
      t = performance.now();
      r = await fetch(url, { headers }).catch((e) => {
        if (attempt >= 3) throw new Error(`${url}: ${e.cause ?? e}`);
      });
    }
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(n / 2)], p99: samples[Math.floor(n * 0.99)] };
}

let orgs = 2; // the demo's own
async function growOrgs(to) {
  const rows = [];
  const snapshots = [];
  for (let i = orgs; i < to; i++) {
    const slug = `org-${String(i).padStart(5, "0")}`;
    const profile = JSON.stringify({ org: slug, name: `Organisation ${i}`, badges: [], subprocessors: [] });
    rows.push(`('${slug}', 'Organisation ${i}')`);
    snapshots.push({ key: `profile:${slug}`, value: profile });
    if (rows.length === 500 || i === to - 1) {
      d1File(
        `INSERT INTO organisations (slug, name) VALUES ${rows.join(",")};\n` +
          `INSERT INTO profile_versions (org, version, profile_json, published_at, published_by) SELECT slug, 1, '{}', '2026-11-26T00:00:00Z', 'growth bench' FROM organisations WHERE slug IN (${rows.map((r) => r.split(",")[0].slice(1)).join(",")});`,
      );
      rows.length = 0;
    }
  }
  const kv = path.join(dir, "kv.json");
  writeFileSync(kv, JSON.stringify(snapshots));
  if (snapshots.length) wrangler(["kv", "bulk", "put", kv, "--binding", "PROFILES", "--local", "--persist-to", stack.stateDir]);
  orgs = to;
}

let requests = 0;
const now = Math.floor(Date.now() / 1000);
// Two of the demo's members at Vinterre, by id, to assign the seeded requests to.
const team = () => d1("SELECT p.id FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.org = 'vinterre' ORDER BY p.email LIMIT 2");
let busy, rare;
function growRequests(to) {
  if (!busy) [busy, rare] = team().map((r) => r.id);
  // Generated in D1 itself: a spread of statuses, laws and due dates.
  d1File(`WITH RECURSIVE n(i) AS (SELECT ${requests + 1} UNION ALL SELECT i + 1 FROM n WHERE i < ${to})
    INSERT INTO privacy_requests (id, org, jurisdiction, kind, status, received_at, due_by, retention_days, status_token_hash, assignee, closed_at)
    SELECT printf('pr_seed%07d', i), 'vinterre', CASE i % 2 WHEN 0 THEN 'gdpr' ELSE 'ccpa' END,
      -- Each law's own kinds: GDPR's erasure is the CCPA's deletion.
      CASE WHEN i % 3 = 0 THEN 'access' WHEN i % 2 = 0 THEN 'erasure' ELSE 'deletion' END,
      CASE i % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'completed' WHEN 3 THEN 'denied' ELSE 'expired' END,
      -- Received over the last two years (the dashboard's year holds half of them), due
      -- a month on; the answered ones closed within 40 days.
      ${now} - (i % 730) * 86400 - i % 86400, date(${now} - (i % 730) * 86400, 'unixepoch', '+1 month'), 365, 'seed',
      -- One in seven to one of the privacy team; one in a thousand to another (a member
      -- with few requests: the case an index must serve, not a scan).
      CASE WHEN i % 1000 = 3 THEN '${rare}' WHEN i % 7 = 0 THEN '${busy}' ELSE NULL END,
      CASE WHEN i % 5 IN (2, 3) THEN ${now} - (i % 730) * 86400 + MIN(i % 40, i % 730) * 86400 END FROM n;`);
  requests = to;
}

const admin = { authorization: `Bearer ${stack.adminToken}` };
const publicRows = [];
const inboxRows = [];
try {
  for (const size of [2, 100, 10_000]) {
    await growOrgs(size);
    console.error(`growth: ${size} organisations seeded`);
    const mid = `org-${String(Math.floor(size / 2)).padStart(5, "0")}`;
    publicRows.push({
      size,
      vinterre: await time(`${stack.edge}/v1/orgs/vinterre`),
      other: size > 2 ? await time(`${stack.edge}/v1/orgs/${mid}`) : null,
    });
  }
  for (const size of [1_000, 10_000, 100_000]) {
    growRequests(size);
    console.error(`growth: ${size} requests seeded`);
    const inbox = `${stack.edge}/v1/admin/orgs/vinterre/privacy-requests`;
    inboxRows.push({
      size,
      first: await time(`${inbox}?limit=50`, admin, 50),
      pending: await time(`${inbox}?status=pending&limit=50`, admin, 50),
      overdue: await time(`${inbox}?overdue=true&limit=50`, admin, 50),
      assignee: await time(`${inbox}?status=open&assignee=${busy}&limit=50`, admin, 50),
      rare: await time(`${inbox}?status=open&assignee=${rare}&limit=50`, admin, 50),
      dashboard: await time(`${inbox}/summary`, admin, 50),
    });
  }
  var plan = d1(`EXPLAIN QUERY PLAN SELECT r.id FROM privacy_requests r LEFT JOIN people p ON p.id = r.assignee WHERE r.org = 'vinterre' AND r.status = 'pending' ORDER BY r.due_by, r.received_at, r.id LIMIT 51`)
    .map((r) => r.detail)
    .join("; ");
  var assigneePlan = d1(`EXPLAIN QUERY PLAN SELECT r.id FROM privacy_requests r LEFT JOIN people p ON p.id = r.assignee WHERE r.org = 'vinterre' AND r.status NOT IN ('completed', 'denied', 'expired') AND r.assignee = '${rare}' ORDER BY r.due_by, r.received_at, r.id LIMIT 51`)
    .map((r) => r.detail)
    .join("; ");
} finally {
  await stack.stop();
}

const ms = (x) => `${x.toFixed(1)} ms`;
console.log("## Growth\n");
console.log("`node bench/growth.mjs`: one `wrangler dev` (workerd, local D1 and KV) on this machine; the stores are filled by the script between measurements; sequential requests from one client, p50 / p99.\n");
console.log("Public read path, `GET /v1/orgs/{org}` (200 requests each):\n");
console.log("| organisations | vinterre | another organisation |");
console.log("| ---: | ---: | ---: |");
for (const r of publicRows) {
  console.log(`| ${r.size.toLocaleString("en")} | ${ms(r.vinterre.p50)} / ${ms(r.vinterre.p99)} | ${r.other ? `${ms(r.other.p50)} / ${ms(r.other.p99)}` : "—"} |`);
}
console.log("\nThe privacy inbox, `GET /v1/admin/orgs/vinterre/privacy-requests` (first page of 50, 50 requests each):\n");
console.log("| stored requests | by due date | `status=pending` | `overdue=true` | `status=open&assignee=` (1 in 7) | `status=open&assignee=` (1 in 1,000) | the dashboard (`…/privacy-requests/summary`) |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of inboxRows) {
  console.log(`| ${r.size.toLocaleString("en")} | ${ms(r.first.p50)} / ${ms(r.first.p99)} | ${ms(r.pending.p50)} / ${ms(r.pending.p99)} | ${ms(r.overdue.p50)} / ${ms(r.overdue.p99)} | ${ms(r.assignee.p50)} / ${ms(r.assignee.p99)} | ${ms(r.rare.p50)} / ${ms(r.rare.p99)} | ${ms(r.dashboard.p50)} / ${ms(r.dashboard.p99)} |`);
}
console.log(`\nSQLite's plan for the inbox's first page: ${plan}. With an assignee: ${assigneePlan}.`);
