// Takes docs/console.md's screenshots of the teams' screens in headless Chromium:
// starts its own stack, files requests through the public API (proofs of work solved
// here), works some of them through the admin API, then signs in as the demo's owner and
// photographs each screen in light and dark, and the inbox on a phone.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, launchBrowser } from "../tests/browser/harness.mjs";
import { solve } from "../bench/pow.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stack = await startStack();
const browser = await launchBrowser();
const edge = stack.edge;
// A kept-alive connection the edge closed while wrangler wrote to D1 fails before it is
// sent: once more on a new one.
async function fetch(url, init) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await globalThis.fetch(url, init);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
const admin = { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" };
// SQL through the stack's own route (never the database file from this process).
const sql = stack.sql;

const d1 = (sql) =>
  execFileSync(path.join(root, "node_modules/.bin/wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", stack.stateDir, "--yes", "--command", sql], {
    cwd: path.join(root, "edge"),
    encoding: "utf8",
  });

let client = 0;
async function file(fields) {
  const c = await (await fetch(`${edge}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const response = await fetch(`${edge}/v1/orgs/vinterre/privacy-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++client}` },
    body: JSON.stringify({ jurisdiction: "gdpr", kind: "access", details: "Everything you hold about me, please.", consent: true, proof, ...fields }),
  });
  if (response.status !== 202) throw new Error(`filing ${JSON.stringify(fields)}: ${response.status} ${await response.text()}`);
  const { id, statusToken } = await response.json();
  const { messages } = await (await fetch(`${edge}/v1/admin/orgs/vinterre/outbox?limit=500`, { headers: admin })).json();
  const mail = messages.find((m) => m.relatedId === id && m.purpose === "verification");
  if (mail) {
    const code = mail.body.match(/\b\d{6}\b/)[0];
    await fetch(`${edge}/v1/privacy-requests/${id}/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${statusToken}` },
      body: JSON.stringify({ code }),
    });
  }
  return id;
}
async function report(fields) {
  const c = await (await fetch(`${edge}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const response = await fetch(`${edge}/v1/orgs/vinterre/security-reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++client}` },
    body: JSON.stringify({ proof, ...fields }),
  });
  if (response.status !== 202) throw new Error(`reporting: ${response.status} ${await response.text()}`);
  return (await response.json()).id;
}
async function askFor(fields) {
  const c = await (await fetch(`${edge}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const response = await fetch(`${edge}/v1/orgs/vinterre/document-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${++client}` },
    body: JSON.stringify({ documentId: "confidentiality-agreements", proof, ...fields }),
  });
  if (response.status !== 202) throw new Error(`asking: ${response.status} ${await response.text()}`);
  return (await response.json()).id;
}
const call = (method, where, body) =>
  fetch(`${edge}/v1/admin/orgs/vinterre/privacy-requests/${where}`, { method, headers: admin, body: body && JSON.stringify(body) });

async function shot(page, file, { full = true } = {}) {
  await page.screenshot({ path: path.join(root, file), fullPage: full });
  console.log(`screenshots: wrote ${file}`);
}

try {
  const late = await file({ email: "marta.keller@example.com", name: "Marta Keller", details: "Please send me a copy of everything you hold about me, including the logs of my logins." });
  const erasure = await file({ email: "jon.berg@example.com", name: "Jon Berg", kind: "erasure" });
  const portability = await file({ email: "aino.virtanen@example.com", name: "Aino Virtanen", kind: "portability" });
  const objection = await file({ email: "luca.bianchi@example.com", name: "Luca Bianchi", kind: "objection" });
  const fiveWeeks = Math.floor(Date.now() / 1000) - 35 * 86400;
  const due = new Date((fiveWeeks + 30 * 86400) * 1000).toISOString().slice(0, 10);
  d1(`UPDATE privacy_requests SET received_at = ${fiveWeeks}, due_by = '${due}' WHERE id = '${late}'`);
  const twoWeeks = Math.floor(Date.now() / 1000) - 27 * 86400;
  const soon = new Date((twoWeeks + 30 * 86400) * 1000).toISOString().slice(0, 10);
  d1(`UPDATE privacy_requests SET received_at = ${twoWeeks}, due_by = '${soon}' WHERE id = '${erasure}'`);
  // Their first steps happened when they were received.
  d1(`UPDATE request_events SET at = ${fiveWeeks} + (id % 5) * 600 WHERE request_id = '${late}'`);
  d1(`UPDATE request_events SET at = ${twoWeeks} + (id % 5) * 600 WHERE request_id = '${erasure}'`);
  const { members } = await (await fetch(`${edge}/v1/admin/orgs/vinterre/privacy-team`, { headers: admin })).json();
  const petra = members.find((m) => m.email.startsWith("petra"));
  await call("PUT", `${late}/assignee`, { assignee: petra.id });
  await call("PUT", `${portability}/assignee`, { assignee: petra.id });
  await call("POST", `${late}/transition`, { to: "in_progress" });
  await call("POST", `${late}/comments`, { body: "Billing holds the invoices; asked Jonas for the export (ticket 4711)." });
  await call("POST", `${objection}/transition`, { to: "in_progress" });
  await call("POST", `${objection}/transition`, { to: "completed", note: "We have stopped using your data for marketing." });

  const xss = await report({
    title: "Stored XSS in the search box",
    description: "The q parameter of /search is written into the results heading without escaping.",
    steps: "1. Open /search?q=<img src=x onerror=alert(document.domain)>\n2. The alert shows the trust center's domain.",
    impact: "Script runs in a visitor's session on the marketing site.",
    email: "ines.researcher@example.com",
    credit: "Ines Duarte",
  });
  const redirect = await report({ title: "Open redirect on /login?next=", description: "next= accepts any absolute address.", email: "kofi@example.net" });
  await report({ title: "Missing rate limit on the newsletter form", description: "Hundreds of sign-ups a minute from one address." });
  const fourDays = Math.floor(Date.now() / 1000) - 4 * 86400;
  d1(`UPDATE security_reports SET received_at = ${fourDays}, acknowledge_by = ${fourDays + 72 * 3600} WHERE id = '${xss}'`);
  await fetch(`${edge}/v1/admin/orgs/vinterre/security-reports/${redirect}/transition`, { method: "POST", headers: admin, body: JSON.stringify({ to: "triaged" }) });
  const asked = await askFor({ name: "Grace Hopper", company: "Compilers Inc", email: "grace@compilers.example" });
  const granted = await askFor({ name: "Alan Kay", company: "Dynabook Ltd", email: "alan@dynabook.example" });
  // Alan's request approved: a grant, and two copies taken, the second from elsewhere.
  const decided = await fetch(`${edge}/v1/admin/orgs/vinterre/document-requests/${granted}/decision`, { method: "POST", headers: admin, body: JSON.stringify({ decision: "approve", days: 30 }) });
  if (decided.status !== 200) throw new Error(`approving: ${decided.status} ${await decided.text()}`);
  const grant = (await decided.json()).grant;
  const { messages } = await (await fetch(`${edge}/v1/admin/orgs/vinterre/outbox?limit=500`, { headers: admin })).json();
  const copyLink = messages.find((m) => m.relatedId === granted && m.purpose === "decision").body.match(/(http\S+\/copy\?grant=\S+)/)[1];
  for (const address of ["198.51.100.24", "198.51.100.24", "203.0.113.250"]) {
    const copy = await fetch(copyLink, { method: "POST", headers: { "cf-connecting-ip": address, "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" } });
    if (copy.status !== 200) throw new Error(`a copy: ${copy.status}`);
    writeFileSync("/tmp/attest-stamped-copy.pdf", Buffer.from(await copy.arrayBuffer()));
  }
  // The page the approval e-mail links to, and the first page of the copy it gives.
  {
    const context = await browser.newContext({ viewport: { width: 720, height: 520 } });
    const page = await context.newPage();
    await page.goto(copyLink);
    await shot(page, "docs/document-copy-page.png");
    await context.close();
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", "/tmp/attest-stamped-copy.pdf", path.join(root, "docs/document-stamped-copy")]);
    console.log("screenshots: wrote docs/document-stamped-copy.png");
  }
  await fetch(`${edge}/v1/admin/orgs/vinterre/approval-rules`, {
    method: "PUT",
    headers: admin,
    body: JSON.stringify({ domains: [{ domain: "*.northwind.example", decision: "approve" }, { domain: "rival.example", decision: "deny" }], grantDays: 30 }),
  });

  // The audit log's diff: a role changed there and back.
  const team = await (await fetch(`${edge}/v1/admin/orgs/vinterre/members`, { headers: admin })).json();
  const sam = team.members.find((m) => m.email.startsWith("sam"));
  for (const role of ["editor", "security"]) {
    await fetch(`${edge}/v1/admin/orgs/vinterre/members/${sam.id}`, { method: "PATCH", headers: admin, body: JSON.stringify({ role }) });
  }
  // An invitation waiting for its answer, on the members screen.
  await fetch(`${edge}/v1/admin/orgs/vinterre/invitations`, { method: "POST", headers: admin, body: JSON.stringify({ email: "noor.analyst@vinterre.example", role: "privacy" }) });
  // A year of answered requests behind them, for the overview's rates and months.
  const kinds = ["access", "erasure", "access", "portability", "rectification", "objection", "access", "erasure"];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < 30; i++) {
    const id = await file({ email: `history-${i}@example.com`, name: `Requester ${i}`, kind: kinds[i % kinds.length] });
    const received = now - ((i % 11) + 1) * 30 * 86400 - ((i * 3) % 20) * 86400;
    const closed = received + (6 + ((i * 7) % 30)) * 86400;
    const answered = i % 9 === 4 ? "denied" : "completed";
    const dueBy = new Date((received + 30 * 86400) * 1000).toISOString().slice(0, 10);
    await sql(`UPDATE privacy_requests SET received_at = ${received}, due_by = '${dueBy}', status = '${answered}', closed_at = ${closed} WHERE id = '${id}'`);
  }
  // A webhook endpoint on this machine, called for a new request.
  const hooks = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
  await new Promise((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  await fetch(`${edge}/v1/admin/orgs/vinterre/webhooks`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ url: `http://127.0.0.1:${hooks.address().port}/attest`, events: ["privacy_request.created", "privacy_request.verified"] }),
  });
  await file({ email: "hook.example@example.org", name: "Hanna Hook" });
  await new Promise((resolve) => setTimeout(resolve, 1500));

  for (const theme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: theme });
    const page = await context.newPage();
    const suffix = theme === "dark" ? "-dark" : "";
    await page.goto(`${edge}/console/sign-in`);
    await page.getByTestId("sso-form").waitFor();
    await shot(page, `docs/console-sign-in${suffix}.png`);
    await page.getByLabel("Organisation").fill("vinterre");
    await page.getByRole("button", { name: "Continue with single sign-on" }).click();
    await page.getByLabel("E-mail").fill("olivia.owner@vinterre.example");
    await page.getByLabel("Password").fill("demo-owner");
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith("/console/orgs/")), page.getByRole("button", { name: "Sign in" }).click()]);
    await page.goto(`${edge}/console/orgs/vinterre/overview`);
    await page.getByTestId("months-chart").waitFor();
    await page.getByTestId("reports-figures").locator("dl").waitFor();
    await shot(page, `docs/console-overview${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/requests`);
    await page.getByTestId("request").first().waitFor();
    await shot(page, `docs/console-inbox${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/requests/${late}`);
    await page.getByTestId("comment").first().waitFor();
    await page.getByTestId("reveal").click();
    await page.getByTestId("personal-data").waitFor();
    await page.getByRole("radio", { name: "Complete" }).check();
    await page.getByLabel("Note to the requester").fill("Your export is attached to the e-mail billing sent you today.");
    await page.getByTestId("preview").click();
    await page.getByTestId("letter").waitFor();
    await shot(page, `docs/console-request${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/reports`);
    await page.getByTestId("report").first().waitFor();
    await shot(page, `docs/console-reports${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/reports/${xss}`);
    await page.getByTestId("report-contents").waitFor();
    await page.getByRole("radio", { name: "Triaged" }).check();
    await page.getByLabel("Note to the reporter").fill("Reproduced; the fix ships on Thursday. Thank you!");
    await shot(page, `docs/console-report${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/documents`);
    await page.getByTestId("document-request").first().waitFor();
    await shot(page, `docs/console-documents${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/documents/${asked}`);
    await page.getByTestId("requester").waitFor();
    await page.getByRole("radio", { name: "Approve" }).check();
    await page.getByLabel("Access for (days)").fill("14");
    await shot(page, `docs/console-document${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/files`);
    await page.getByTestId("document-file").first().getByTestId("current-file").waitFor();
    await page.getByTestId("versions").first().locator("summary").click();
    await page.getByTestId("version").first().waitFor();
    await page.getByTestId("rule").first().waitFor();
    await shot(page, `docs/console-files${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/grants`);
    await page.getByTestId("grant").first().waitFor();
    await page.getByLabel("Reference on the copy").fill(grant.reference);
    await shot(page, `docs/console-grants${suffix}.png`);
    await page.getByTestId("look-up").click();
    await page.getByTestId("download").first().waitFor();
    await shot(page, `docs/console-grant${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/outbox`);
    await page.getByTestId("message").first().locator("summary").click();
    await shot(page, `docs/console-outbox${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/members`);
    await page.getByTestId("invitation").first().waitFor();
    await shot(page, `docs/console-members${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/sign-in`);
    await page.getByTestId("redirect-uri").waitFor();
    await shot(page, `docs/console-sign-in-settings${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/tokens`);
    await page.getByTestId("token").first().waitFor();
    await page.getByLabel("Name").fill(theme === "light" ? "Registry sync" : "Status page");
    await page.locator("#scope-requests-read").check();
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByTestId("token-secret").waitFor();
    await shot(page, `docs/console-tokens${suffix}.png`);
    await page.goto(`${edge}/console/account`);
    await page.getByTestId("session").first().waitFor();
    await page.getByTestId("reminder-org").first().waitFor();
    await shot(page, `docs/console-account${suffix}.png`);
    await page.goto(`${edge}/console/orgs/vinterre/webhooks`);
    await page.getByTestId("show-calls").first().click();
    await page.getByTestId("call").first().locator("summary").click();
    await shot(page, `docs/console-webhooks${suffix}.png`);
    if (theme === "light") {
      await page.goto(`${edge}/console/orgs/vinterre/audit?action=member.role_changed`);
      await page.getByTestId("show-change").first().click();
      await page.getByTestId("diff").first().waitFor();
      await shot(page, "docs/console-audit.png");
    } else {
      // Someone rewrites history in the database: the chain shows where.
      const [{ seq }] = await sql("SELECT seq FROM audit_log WHERE org = 'vinterre' AND action = 'member.role_changed' ORDER BY seq LIMIT 1");
      await sql(`UPDATE audit_log SET after_json = '{"email":"sam.security@vinterre.example","role":"owner"}' WHERE org = 'vinterre' AND seq = ${seq}`);
      await page.goto(`${edge}/console/orgs/vinterre/audit`);
      await page.getByRole("button", { name: `Show entry ${seq}` }).click();
      await page.getByTestId("diff").first().waitFor();
      await shot(page, "docs/console-audit-dark.png");
    }
    if (theme === "light") {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${edge}/console/orgs/vinterre/requests`);
      await page.getByTestId("request").first().waitFor();
      await shot(page, "docs/console-inbox-phone.png", { full: false });
      await page.goto(`${edge}/console/orgs/vinterre/requests/${late}`);
      await page.getByTestId("timeline").waitFor();
      await shot(page, "docs/console-request-phone.png", { full: false });
    }
    await context.close();
  }
  hooks.close();
} finally {
  await browser.close();
  await stack.stop();
}
