// The console's overview, in headless Chromium, as the people who open it each morning:
// the owner sees what is due, overdue and unverified (each a way into the inbox), each
// law's on-time share and median, requests per month by kind as a chart and as a table,
// and the vulnerability reports' acknowledgements; the security role sees only its side.
// Every figure is the API's. Axe clean in both themes, usable 360 px wide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, openConsolePage, suite, signInToVinterre } from "./harness.mjs";
import { solve } from "../../bench/pow.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;
const admin = () => ({ authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json" });
const signIn = (page, email, password) => signInToVinterre(page, edge(), email, password);

const sql = (statement) => ctx.stack.sql(statement);

let address = 0;
/** A GDPR request of `kind` filed through the public API; its id. */
async function file(kind) {
  const c = await (await fetch(`${edge()}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const filed = await fetch(`${edge()}/v1/orgs/vinterre/privacy-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++address}` },
    body: JSON.stringify({ jurisdiction: "gdpr", kind, email: `overview-${address}@example.com`, name: "Ada Lovelace", details: "Everything.", consent: true, proof }),
  });
  assert.equal(filed.status, 202, await filed.clone().text());
  return (await filed.json()).id;
}

async function summary(side) {
  const answer = await fetch(`${edge()}/v1/admin/orgs/vinterre/${side}/summary`, { headers: admin() });
  assert.equal(answer.status, 200);
  return answer.json();
}

const day = 86400;
const now = Math.floor(Date.now() / 1000);
const date = (unix) => new Date(unix * 1000).toISOString().slice(0, 10);

test("the owner reads where the work stands and goes from a figure to the requests behind it", async () => {
  // Three requests answered two months ago, one of them late; one overdue now; one new.
  const ids = [];
  for (const kind of ["access", "erasure", "portability", "access", "rectification"]) ids.push(await file(kind));
  const received = now - 60 * day;
  for (const [i, id] of ids.slice(0, 3).entries()) {
    const closed = received + (i === 2 ? 40 : 10 + i * 5) * day;
    await sql(`UPDATE privacy_requests SET status = 'completed', received_at = ${received}, due_by = '${date(received + 30 * day)}', closed_at = ${closed} WHERE id = '${id}'`);
  }
  await sql(`UPDATE privacy_requests SET status = 'pending', due_by = '${date(now - 3 * day)}' WHERE id = '${ids[3]}'`);
  const figures = await summary("privacy-requests");
  assert.ok(figures.overdue >= 1);

  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.waitForURL(`${edge()}/console/orgs/vinterre/overview`);
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  const stat = (id) => page.getByTestId(`stat-${id}`);
  await stat("overdue").waitFor();
  assert.equal(await stat("overdue").locator(".stat-n").innerText(), String(figures.overdue));
  assert.equal(await stat("due-week").locator(".stat-n").innerText(), String(figures.dueThisWeek));
  assert.equal(await stat("unverified").locator(".stat-n").innerText(), String(figures.awaitingVerification));
  assert.match(await stat("overdue").getAttribute("class"), /stat-alert/, "overdue is marked");

  // Each law's share on time, in words the same as the API's figures.
  const gdpr = figures.byLaw.find((l) => l.jurisdiction === "gdpr");
  const law = page.getByTestId("law").filter({ hasText: "GDPR" });
  const words = await law.innerText();
  assert.match(words, new RegExp(`${gdpr.onTime} of ${gdpr.answered} on time`));
  assert.match(words, new RegExp(`median ${gdpr.medianDays} days`));
  assert.equal(await law.locator("svg[role=img]").getAttribute("aria-label"), `GDPR: ${Math.round((gdpr.onTime / gdpr.answered) * 100)} %`);

  // Twelve months as columns; the same figures as a table, with the totals.
  const chart = page.getByTestId("months-chart");
  assert.equal(await chart.locator("text.axis[text-anchor=middle]").count(), 12);
  assert.ok((await chart.locator("rect.kind").count()) >= 1);
  await page.getByText("Show as a table").click();
  const rows = page.getByTestId("months-table").locator("tbody tr");
  assert.equal(await rows.count(), 12);
  const total = figures.months.reduce((sum, m) => sum + Object.values(m.byKind).reduce((a, b) => a + b, 0), 0);
  const shown = (await rows.locator("td:last-child").allInnerTexts()).reduce((sum, n) => sum + Number(n), 0);
  assert.equal(shown, total);

  // The reports' side is there for the owner too.
  await page.getByTestId("reports-figures").waitFor();

  // From the overdue figure to exactly those requests.
  await stat("overdue").click();
  await page.waitForURL((url) => url.pathname.endsWith("/requests") && url.searchParams.get("overdue") === "true");
  await page.getByTestId("request").first().waitFor();
  assert.equal(await page.getByTestId("request").count(), figures.overdue);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the security role sees the reports' figures and nothing of the privacy side", async () => {
  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "sam.security@vinterre.example", "demo-security");
  await page.waitForURL(`${edge()}/console/orgs/vinterre/overview`);
  await page.getByTestId("reports-figures").waitFor();
  assert.equal(await page.getByTestId("stat-overdue").count(), 0);
  assert.equal(await page.getByTestId("months-chart").count(), 0);
  assert.equal(await page.getByTestId("nav-requests").count(), 0);
  await context.close();
});

test("the overview is axe clean in both themes with the table open, and fits 360 px", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await openConsolePage(ctx.browser, { colorScheme, bypassCSP: true });
    await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
    await page.getByTestId("months-chart").waitFor();
    await page.getByText("Show as a table").click();
    await page.getByTestId("reports-figures").locator("dl, .empty").first().waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], colorScheme);
    await page.setViewportSize({ width: 360, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${width} px wide at 360`);
    await context.close();
  }
});
