// The outbox screen, in headless Chromium: a hundred messages at a time, newest first,
// and the older ones a button away, page after page, until there are none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openConsolePage, suite, signInToVinterre } from "./harness.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;

const sql = (statement) => ctx.stack.sql(statement);

test("a member reads the outbox a page at a time, older pages on request", async () => {
  // 230 delivered messages from last month (their contents since erased), with whatever
  // this stack sent itself.
  const month = Math.floor(Date.now() / 1000) - 30 * 86400;
  await sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 230)
    INSERT INTO outbox (id, org, channel, purpose, created_at, attempts, next_attempt_at, sent_at)
    SELECT printf('msg_%024x', i), 'vinterre', 'email', 'acknowledgement', ${month} + i * 60, 1, 0, ${month} + i * 60 FROM n`);
  const [{ n: total }] = await sql("SELECT COUNT(*) AS n FROM outbox WHERE org = 'vinterre' AND channel = 'email'");
  assert.ok(total >= 230);

  const { context, page } = await openConsolePage(ctx.browser);
  await signInToVinterre(page, edge(), "olivia.owner@vinterre.example", "demo-owner");
  await page.getByTestId("nav-outbox").click();
  await page.getByTestId("message").first().waitFor();
  const shown = () => page.getByTestId("message").count();
  assert.equal(await shown(), 100);
  await page.getByTestId("older").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=message]").length === 200);
  await page.getByTestId("older").click();
  await page.waitForFunction((total) => document.querySelectorAll("[data-testid=message]").length === total, total);
  assert.equal(await page.getByTestId("older").count(), 0, "no more pages");
  // Newest first throughout, without repeats.
  const times = await page.locator("[data-testid=message] time").evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime"))));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] <= times[i - 1], `in order at ${i}`);
  assert.deepEqual(page.problems, []);
  await context.close();
});
