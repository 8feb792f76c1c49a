// The thin slice in a real browser: script tag on a page of another origin → loader →
// wasm app in an open shadow root → profile from the edge.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage } from "./harness.mjs";

const ctx = suite();

async function publishedBadgeCount(org) {
  const profile = await (await fetch(`${ctx.stack.edge}/v1/orgs/${org}`)).json();
  return profile.badges.length;
}

test("the demo site shows Vinterre's badges inside an open shadow root", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();

  const shadow = await host.evaluate((el) => ({ mode: el.shadowRoot?.mode, org: el.getAttribute("org") }));
  assert.deepEqual(shadow, { mode: "open", org: "vinterre" });
  // Rendered in the shadow root, not the page's own DOM.
  assert.equal(await page.evaluate(() => document.querySelectorAll("[data-testid=badge]").length), 0);

  assert.equal(await host.getByTestId("org-name").textContent(), "Vinterre");
  const shown = await host.locator("[data-testid=badge] .badge-name").allTextContents();
  assert.equal(shown.length, await publishedBadgeCount("vinterre"));
  assert.deepEqual(shown, [
    "GDPR",
    "CCPA",
    "FISMA Moderate",
    "ISO 27001",
    "PCI-DSS Level 1",
    "SOC 2 Type II",
    "Sarbanes-Oxley (SOX)",
    "Environmental Safeguards",
  ]);
  // The data-centre certificates are AWS's, and the badges say so.
  const scopes = await host.getByTestId("badge-scope").allTextContents();
  assert.deepEqual(scopes, Array(6).fill("Inherited from Amazon Web Services (AWS)"));
  assert.deepEqual(page.problems, [], "no console errors or CSP violations");
  await page.context().close();
});

test("data-target places the trust center into the named element", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/wintro/`);
  const host = page.locator("#trust > attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await host.getByTestId("org-name").textContent(), "Wintro");
  assert.deepEqual(await host.locator("[data-testid=badge] .badge-name").allTextContents(), ["CIS AWS Benchmark"]);
  assert.equal(await publishedBadgeCount("wintro"), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an unknown organisation gets a clear message, not a blank box", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("unknown-org.html"));
  const error = page.locator("attest-trust-center").getByTestId("load-error");
  await error.waitFor();
  assert.equal(await error.getAttribute("role"), "alert");
  assert.match(await error.textContent(), /No trust center is published for “no-such-org”/);
  assert.equal(await error.getByTestId("retry").count(), 0, "retrying cannot help");
  await page.context().close();
});

test("when the API is down the widget says so, and a retry recovers", async () => {
  const page = await openPage(ctx.browser);
  await page.route(`${ctx.stack.edge}/v1/orgs/**`, (route) => route.abort("connectionrefused"));
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  const error = host.getByTestId("load-error");
  await error.waitFor();
  assert.match(await error.textContent(), /could not be loaded/);

  await page.unroute(`${ctx.stack.edge}/v1/orgs/**`);
  await error.getByTestId("retry").click();
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await host.getByTestId("load-error").count(), 0);
  assert.ok(
    page.problems.every((p) => p.includes("Failed to load resource") || p.includes("ERR_CONNECTION_REFUSED")),
    `only the refused requests are logged: ${page.problems}`,
  );
  await page.context().close();
});

/** Runs wrangler against the stack's local state, as an operator would. Asynchronously:
 * blocking the event loop for the seconds wrangler takes would leave this process's idle
 * connection to the edge open on its side after the edge closed it, and the next request
 * on it would fail. */
async function wrangler(...args) {
  await promisify(execFile)(path.resolve("node_modules/.bin/wrangler"), [...args, "--local", "--persist-to", ctx.stack.stateDir], {
    cwd: "edge",
  });
}

const d1 = (statement) => ctx.stack.sql(statement);

test("when the stores fail the widget offers a retry, and the retry succeeds once they are back", async () => {
  // KV has lost the snapshot and D1 cannot serve the profile either: a 503 to retry.
  await wrangler("kv", "key", "delete", "profile:wintro", "--binding", "PROFILES");
  await d1("ALTER TABLE profile_versions RENAME TO profile_versions_down");
  const page = await openPage(ctx.browser);
  try {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/orgs/wintro/first-view");
    await page.goto(`${ctx.stack.sites}/wintro/`);
    assert.equal((await answered).status(), 503);
    const host = page.locator("attest-trust-center");
    const error = host.getByTestId("load-error");
    await error.waitFor();
    assert.match(await error.textContent(), /could not be loaded/);
  } finally {
    await d1("ALTER TABLE profile_versions_down RENAME TO profile_versions");
  }
  const host = page.locator("attest-trust-center");
  await host.getByTestId("load-error").getByTestId("retry").click();
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await host.getByTestId("load-error").count(), 0);
  await page.context().close();
});

test("when the API is too slow the widget gives up with a message and a retry", async () => {
  const page = await openPage(ctx.browser);
  await page.clock.install();
  let answer;
  await page.route(`${ctx.stack.edge}/v1/orgs/**`, (route) => {
    answer = route;
  });
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("loading").waitFor();
  await page.clock.runFor(16_000);
  const error = host.getByTestId("load-error");
  await error.waitFor();
  assert.match(await error.textContent(), /could not be loaded/);
  await page.unroute(`${ctx.stack.edge}/v1/orgs/**`);
  answer?.abort().catch(() => {});
  await error.getByTestId("retry").click();
  await host.getByTestId("badge").first().waitFor();
  await page.context().close();
});

test("the page's load event does not wait for the widget", async () => {
  const page = await openPage(ctx.browser);
  // Hold the wasm back: the page must still finish loading.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(`${ctx.stack.edge}/v1/assets/*.wasm`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(ctx.pages.url("inline.html"), { waitUntil: "load", timeout: 10_000 });
  const app = () => page.evaluate(() => !document.querySelector("attest-trust-center").shadowRoot?.querySelector("[data-rendered]") && !!document.querySelector("attest-trust-center").shadowRoot?.querySelector("[data-testid=badge]"));
  assert.equal(await app(), false, "the app is still loading");
  release();
  await page.waitForFunction(() => {
    const root = document.querySelector("attest-trust-center").shadowRoot;
    return root && !root.querySelector("[data-rendered]") && root.querySelector("[data-testid=badge]");
  });
  await page.context().close();
});
