// Publishing through the admin API reaches visitors: a subprocessor added and published
// shows in the widget on the customer's site.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage } from "./harness.mjs";

const ctx = suite();

test("a subprocessor added and published shows in the widget", async () => {
  const api = (path, init = {}) =>
    fetch(`${ctx.stack.edge}/v1/admin/orgs/wintro${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json", ...init.headers },
    });
  const current = await api("/profile");
  assert.equal(current.status, 200);
  const profile = await current.json();
  profile.subprocessors.push({ name: "Newly Added Ltd", purpose: "Log storage", location: "Ireland" });
  const saved = await api("/profile", {
    method: "PUT",
    headers: { "if-match": current.headers.get("etag") },
    body: JSON.stringify(profile),
  });
  assert.equal(saved.status, 200, await saved.text());
  const published = await api("/profile/publish", { method: "POST" });
  assert.equal(published.status, 201);

  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/wintro/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("view-subprocessors").waitFor();
  await host.getByTestId("subprocessor").first().waitFor();
  const names = await host.locator("[data-testid=subprocessor] td:first-child").allTextContents();
  assert.ok(names.includes("Newly Added Ltd"), names.join(", "));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
