// The audit log in the console, in headless Chromium, as an owner reads it: filtered by
// action and by who acted (the filters travel in the address), an entry opened to what it
// changed (before and after, field by field), and a log whose chain was tampered with
// names the broken entry and goes to it. Axe clean in both themes, usable 360 px wide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, openConsolePage, suite, signInToVinterre } from "./harness.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;
const admin = () => ({ authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json" });

const signIn = (page, email, password) => signInToVinterre(page, edge(), email, password);

/** Changes a member's role through the admin API (as the demo's operator token). */
async function changeRole(email, role) {
  const { members } = await (await fetch(`${edge()}/v1/admin/orgs/vinterre/members`, { headers: admin() })).json();
  const member = members.find((m) => m.email === email);
  assert.ok(member, `${email} is a member`);
  const changed = await fetch(`${edge()}/v1/admin/orgs/vinterre/members/${member.id}`, {
    method: "PATCH",
    headers: admin(),
    body: JSON.stringify({ role }),
  });
  assert.equal(changed.status, 200, await changed.clone().text());
}

const sql = (statement) => ctx.stack.sql(statement);

test("an owner filters the audit log by action and by who acted, and opens what an entry changed", async () => {
  await changeRole("sam.security@vinterre.example", "editor");
  await changeRole("sam.security@vinterre.example", "security");
  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.getByTestId("nav-audit").click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.getByTestId("audit-entry").first().waitFor();
  const all = await page.getByTestId("audit-entry").count();

  // By action: only the two role changes, newest first, and the address says so.
  await page.getByLabel("Action").selectOption("member.role_changed");
  await page.waitForURL((url) => url.searchParams.get("action") === "member.role_changed");
  const rows = page.getByTestId("audit-entry");
  await rows.nth(1).waitFor();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=audit-entry]").length === 2);
  for (const text of await rows.allInnerTexts()) assert.match(text, /member\.role_changed/);
  assert.match(await rows.first().innerText(), /demo operator/, "the token that acted is named");

  // The newest one, opened: the role went from editor to security; the address stayed.
  const opener = rows.first().getByRole("button", { name: /What changed/ });
  assert.equal(await opener.getAttribute("aria-expanded"), "false");
  await opener.click();
  assert.equal(await opener.getAttribute("aria-expanded"), "true");
  const diff = page.getByTestId("diff").first();
  await diff.waitFor();
  const roleRow = diff.getByRole("row", { name: /role/ });
  assert.equal(await roleRow.locator("del").innerText(), "editor");
  assert.equal(await roleRow.locator("ins").innerText(), "security");
  assert.doesNotMatch(await diff.innerText(), /email/, "the unchanged address is not listed as a change");
  assert.match(await page.locator("tr.change-row").first().innerText(), /Unchanged fields: 1\./);
  await opener.click();
  assert.equal(await page.getByTestId("diff").first().isVisible(), false, "closed again");

  // By who acted: every entry is the owner's own (her sign-in's join is one of them).
  await page.getByTestId("clear-filters").click();
  await page.waitForURL((url) => url.search === "");
  await page.waitForFunction((all) => document.querySelectorAll("[data-testid=audit-entry]").length === all, all);
  const olivia = await page.locator("#filter-actor option", { hasText: "Olivia" }).getAttribute("value");
  await page.getByLabel("Who").selectOption(olivia);
  await page.waitForURL((url) => url.searchParams.get("actor") === "member:olivia.owner@vinterre.example");
  await page.waitForFunction((all) => {
    const n = document.querySelectorAll("[data-testid=audit-entry]").length;
    return n > 0 && n < all;
  }, all);
  for (const text of await page.getByTestId("audit-entry").allInnerTexts()) assert.match(text, /olivia\.owner@vinterre\.example/);

  // A day with nothing in it: said so, not an empty table.
  await page.getByTestId("clear-filters").click();
  await page.getByLabel("Until (UTC)").fill("2020-01-31");
  await page.getByLabel("Until (UTC)").dispatchEvent("change");
  await page.getByTestId("audit-empty").waitFor();
  assert.equal(await page.getByTestId("audit-empty").innerText(), "No entries match these filters.");

  // The filtered log is a link: opened afresh, the same filter is applied.
  await page.goto(`${edge()}/console/orgs/vinterre/audit?action=member.role_changed`);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=audit-entry]").length === 2);
  assert.equal(await page.getByLabel("Action").inputValue(), "member.role_changed");
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the audit screen is axe clean in both themes with an entry open, and fits 360 px", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await openConsolePage(ctx.browser, { colorScheme, bypassCSP: true });
    await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
    await page.goto(`${edge()}/console/orgs/vinterre/audit?action=member.role_changed`);
    await page.getByTestId("audit-entry").first().waitFor();
    await page.getByTestId("show-change").first().click();
    await page.getByTestId("diff").first().waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], colorScheme);
    await page.setViewportSize({ width: 360, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${width} px wide at 360`);
    await context.close();
  }
});

test("what the audit screen shows downloads as CSV with the same filters", async () => {
  const { context, page } = await openConsolePage(ctx.browser, { acceptDownloads: true });
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.goto(`${edge()}/console/orgs/vinterre/audit?action=member.role_changed`);
  await page.getByTestId("audit-entry").first().waitFor();
  const shown = await page.getByTestId("audit-entry").count();
  const link = page.getByTestId("export");
  assert.match(await link.getAttribute("href"), /\/audit\.csv\?order=newest&action=member\.role_changed$/);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "vinterre-audit-log.csv");
  const lines = (await (await import("node:fs/promises")).readFile(await download.path(), "utf8")).trim().split("\n");
  assert.equal(lines[0], "seq,at,actor,actor_name,action,target,before,after,prev_hash,hash");
  assert.equal(lines.length - 1, shown, "one row per entry shown");
  for (const line of lines.slice(1)) assert.match(line, /,member\.role_changed,/);
  await context.close();
});

// Last in this file: it breaks this stack's chain for Vinterre on purpose.
test("a log whose chain was tampered with names the broken entry and goes to it", async () => {
  const [{ seq }] = await sql(
    "SELECT seq FROM audit_log WHERE org = 'vinterre' AND action = 'member.role_changed' ORDER BY seq LIMIT 1",
  );
  // Someone with access to the database rewrites history: Sam was made an owner.
  await sql(`UPDATE audit_log SET after_json = '{"email":"sam.security@vinterre.example","role":"owner"}' WHERE org = 'vinterre' AND seq = ${seq}`);
  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.goto(`${edge()}/console/orgs/vinterre/audit`);
  const show = page.getByRole("button", { name: `Show entry ${seq}` });
  await show.waitFor();
  assert.match(await page.getByTestId("chain").innerText(), new RegExp(`The chain breaks at entry ${seq}\\.`));
  await show.click();
  await page.waitForURL((url) => url.searchParams.get("from") === String(seq));
  // The list starts at the broken entry, opened to what it now claims.
  const first = page.getByTestId("audit-entry").first();
  await page.waitForFunction((seq) => document.querySelector("[data-testid=audit-entry]")?.dataset.seq === String(seq), seq);
  assert.equal(await first.getByTestId("show-change").getAttribute("aria-expanded"), "true");
  assert.match(await page.getByTestId("diff").first().innerText(), /security\s+owner/);
  assert.deepEqual(page.problems, []);
  await context.close();
});
