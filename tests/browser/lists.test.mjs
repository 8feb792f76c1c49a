// The vulnerability reports and the document requests, in headless Chromium: a hundred
// at a time from the API, the next hundred a button away, in the list's own order
// throughout; a new filter starts again from its first page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openConsolePage, suite, signInToVinterre } from "./harness.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;
const sql = (statement) => ctx.stack.sql(statement);
const count = (page, testid) => page.getByTestId(testid).count();
const until = (page, testid, n) =>
  page.waitForFunction(([id, n]) => document.querySelectorAll(`[data-testid=${id}]`).length === n, [testid, n]);

test("a member walks 230 vulnerability reports a page at a time, by acknowledgement deadline", async () => {
  // 230 reports from the last weeks: every third triaged, the rest new. Their contents are
  // never opened by the list, so any sealed text will do.
  const start = Math.floor(Date.now() / 1000) - 20 * 86400;
  await sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 230)
    INSERT INTO security_reports (id, org, status, received_at, acknowledge_by, key_id, title_sealed, description_sealed)
    SELECT printf('vr_%024x', i), 'vinterre', CASE WHEN i % 3 = 0 THEN 'triaged' ELSE 'new' END,
           ${start} + i * 3600, ${start} + i * 3600 + 72 * 3600, 'k1', 'x', 'x' FROM n`);
  const [{ n: total }] = await sql("SELECT COUNT(*) AS n FROM security_reports WHERE org = 'vinterre'");
  const [{ n: triaged }] = await sql("SELECT COUNT(*) AS n FROM security_reports WHERE org = 'vinterre' AND status = 'triaged'");
  assert.ok(total >= 230 && total < 300, `${total} reports`);

  const { context, page } = await openConsolePage(ctx.browser);
  await signInToVinterre(page, edge(), "olivia.owner@vinterre.example", "demo-owner");
  await page.getByTestId("nav-reports").click();
  await page.getByTestId("report").first().waitFor();
  assert.equal(await count(page, "report"), 100);
  await page.getByTestId("more").click();
  await until(page, "report", 200);
  await page.getByTestId("more").click();
  await until(page, "report", total);
  assert.equal(await count(page, "more"), 0, "no page after the last");
  const deadlines = await page
    .locator("[data-testid=report] td.deadline time")
    .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime"))));
  for (let i = 1; i < deadlines.length; i++) assert.ok(deadlines[i] >= deadlines[i - 1], `in order at ${i}`);
  const ids = await page.locator("[data-testid=report] th a").allTextContents();
  assert.equal(new Set(ids).size, ids.length, "no report twice");

  // A filter starts again from its first page: only the triaged ones, and no leftovers.
  await page.getByTestId("report-status-filter").selectOption("triaged");
  await until(page, "report", Math.min(triaged, 100));
  const statuses = await page.locator("[data-testid=report] [data-testid=status]").allTextContents();
  assert.deepEqual([...new Set(statuses)], ["Triaged"]);
  assert.equal(await count(page, "more"), triaged > 100 ? 1 : 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("a member walks 150 document requests, pending first, then the decided ones", async () => {
  const start = Math.floor(Date.now() / 1000) - 10 * 86400;
  await sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
    INSERT INTO document_requests (id, org, document_id, document_title, access, status, received_at, retention_days)
    SELECT printf('dr_%024x', i), 'vinterre', 'soc2', 'SOC 2 Type II report', 'nda',
           CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'pending' END, ${start} + i * 600, 365 FROM n`);
  const [{ n: total }] = await sql("SELECT COUNT(*) AS n FROM document_requests WHERE org = 'vinterre'");
  const [{ n: pending }] = await sql("SELECT COUNT(*) AS n FROM document_requests WHERE org = 'vinterre' AND status = 'pending'");

  const { context, page } = await openConsolePage(ctx.browser);
  await signInToVinterre(page, edge(), "olivia.owner@vinterre.example", "demo-owner");
  await page.getByTestId("nav-documents").click();
  await page.getByTestId("document-request").first().waitFor();
  assert.equal(await count(page, "document-request"), 100);
  await page.getByTestId("more").click();
  await until(page, "document-request", total);
  assert.equal(await count(page, "more"), 0);
  // Every pending one before every decided one, across the pages.
  const statuses = await page
    .locator("[data-testid=document-request] [data-testid=status]")
    .evaluateAll((ss) => ss.map((s) => s.className));
  const firstDecided = statuses.findIndex((c) => !c.includes("status-document-pending"));
  assert.equal(firstDecided, pending, "the pending ones first");
  assert.ok(statuses.slice(firstDecided).every((c) => !c.includes("status-document-pending")));
  assert.deepEqual(page.problems, []);
  await context.close();
});
