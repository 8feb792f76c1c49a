// Webhooks in the console, in headless Chromium, as an owner sets one up: a URL that is
// not https is refused at the field; an endpoint is registered for new privacy requests
// and its secret shown once; a request filed on the trust center calls it, signed; the
// call is listed with its attempts and payload and sent again when the receiver lost it;
// the endpoint is removed. Axe clean in both themes, usable 360 px wide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { axeViolations, openConsolePage, suite, signInToVinterre } from "./harness.mjs";
import { solve } from "../../bench/pow.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;

const signIn = (page, email, password) => signInToVinterre(page, edge(), email, password);

/** A receiving endpoint on this machine that records every call. */
async function receiver() {
  const calls = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      calls.push({ event: req.headers["attest-event"], signature: req.headers["attest-signature"], body });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/attest`, calls, stop: () => new Promise((r) => server.close(r)) };
}

async function fileRequest(email) {
  const c = await (await fetch(`${edge()}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const filed = await fetch(`${edge()}/v1/orgs/vinterre/privacy-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.77" },
    body: JSON.stringify({ jurisdiction: "gdpr", kind: "access", email, name: "Wim Webhook", consent: true, proof }),
  });
  assert.equal(filed.status, 202, await filed.clone().text());
  return (await filed.json()).id;
}

async function until(what, check) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("an owner registers an endpoint, sees a new request's call, sends it again, and removes the endpoint", async () => {
  const hook = await receiver();
  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.getByTestId("nav-webhooks").click();
  await page.getByRole("heading", { name: "Webhooks" }).waitFor();
  await page.getByTestId("webhooks-empty").waitFor();

  // Plain http to another host is refused, at the field.
  await page.getByLabel("URL").fill("http://hooks.example.com/attest");
  await page.getByLabel("privacy_request.created").check();
  await page.getByRole("button", { name: "Register the endpoint" }).click();
  const urlError = page.locator("#webhook-url-error");
  await urlError.getByText("must be an https:// URL").waitFor();
  assert.equal(await page.getByLabel("URL").getAttribute("aria-invalid"), "true");

  await page.getByLabel("URL").fill(hook.url);
  await page.getByRole("button", { name: "Register the endpoint" }).click();
  const shown = page.getByTestId("webhook-secret");
  await shown.waitFor();
  const secret = (await shown.locator("code").innerText()).trim();
  assert.match(secret, /^whsec_[0-9a-f]{64}$/);
  const row = page.getByTestId("webhook").filter({ hasText: hook.url });
  await row.waitFor();
  assert.match(await row.innerText(), /privacy_request\.created/);

  // A request on the trust center: the endpoint is called, signed with the secret.
  const id = await fileRequest("wim.webhook@example.com");
  await until("the call", () => hook.calls.length === 1);
  const [call] = hook.calls;
  assert.equal(call.event, "privacy_request.created");
  assert.equal(JSON.parse(call.body).data.id, id);
  const [, t, v1] = call.signature.match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  assert.equal(v1, createHmac("sha256", secret).update(`${t}.${call.body}`).digest("hex"));

  // Its calls: delivered on the first attempt, the payload readable.
  await row.getByTestId("show-calls").click();
  const first = page.getByTestId("call").first();
  await first.waitFor();
  assert.equal(await first.getAttribute("data-status"), "sent");
  assert.match(await first.innerText(), /privacy_request\.created/);
  assert.match(await first.innerText(), /Attempts: 1/);
  await first.locator("summary").click();
  assert.match(await first.locator("pre.payload").innerText(), new RegExp(id));

  // The receiver lost it: sent again, as a second call with the same payload.
  await first.getByTestId("send-again").click();
  await page.getByRole("status").filter({ hasText: /Queued again as msg_/ }).waitFor();
  await until("the second call", () => hook.calls.length === 2);
  assert.equal(hook.calls[1].body, hook.calls[0].body);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=call]").length === 2);
  // The payload opened stays open on its own call, now under the new one.
  const calls = page.getByTestId("call");
  assert.equal(await calls.nth(1).locator("details").evaluate((d) => d.open), true, "the call opened is still open");
  assert.match(await calls.nth(1).locator("pre.payload").innerText(), new RegExp(id));
  assert.equal(await calls.nth(0).locator("details").evaluate((d) => d.open), false, "the new call is folded");

  // Removed: no longer listed, and no longer called.
  await row.getByTestId("remove-webhook").click();
  await row.getByTestId("confirm").click();
  await page.getByTestId("webhooks-empty").waitFor();
  await fileRequest("after.removal@example.com");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(hook.calls.length, 2, "a removed endpoint is not called");
  assert.deepEqual(page.problems, []);
  await context.close();
  await hook.stop();
});

test("the webhooks screen is axe clean in both themes with calls open, and fits 360 px", async () => {
  const hook = await receiver();
  const admin = { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json" };
  const made = await fetch(`${edge()}/v1/admin/orgs/vinterre/webhooks`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ url: hook.url, events: ["privacy_request.created"] }),
  });
  assert.equal(made.status, 201);
  await fileRequest("axe.webhook@example.com");
  await until("the call", () => hook.calls.length === 1);
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await openConsolePage(ctx.browser, { colorScheme, bypassCSP: true });
    await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
    await page.goto(`${edge()}/console/orgs/vinterre/webhooks`);
    await page.getByTestId("show-calls").first().click();
    await page.getByTestId("call").first().waitFor();
    await page.getByTestId("call").first().locator("summary").click();
    assert.deepEqual(await axeViolations(page, "body"), [], colorScheme);
    await page.setViewportSize({ width: 360, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${width} px wide at 360`);
    await context.close();
  }
  await hook.stop();
});

test("an endpoint's calls show a hundred at a time, the older ones a button away, and stay open when one is sent again", async () => {
  const hook = await receiver();
  const admin = { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json" };
  const made = await fetch(`${edge()}/v1/admin/orgs/vinterre/webhooks`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ url: hook.url, events: ["privacy_request.created"] }),
  });
  assert.equal(made.status, 201);
  const { id } = await made.json();
  // One real call, delivered, then made the oldest; and 130 newer ones it received over
  // the last days (their payloads since erased, so only the real one can be sent again).
  await fileRequest("paged.webhook@example.com");
  await until("the call", () => hook.calls.length === 1);
  const start = Math.floor(Date.now() / 1000) - 5 * 86400;
  await ctx.stack.sql(`UPDATE outbox SET created_at = ${start - 3600} WHERE related_id = '${id}'`);
  await ctx.stack.sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130)
    INSERT INTO outbox (id, org, channel, purpose, related_id, created_at, attempts, next_attempt_at, sent_at)
    SELECT printf('msg_%024x', 3000000 + i), 'vinterre', 'webhook', 'privacy_request.created', '${id}', ${start} + i * 600, 1, 0, ${start} + i * 600 FROM n`);

  const { context, page } = await openConsolePage(ctx.browser);
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.goto(`${edge()}/console/orgs/vinterre/webhooks`);
  await page.getByRole("row").filter({ hasText: hook.url }).getByTestId("show-calls").click();
  const calls = page.getByTestId("calls");
  await calls.getByTestId("call").first().waitFor();
  assert.equal(await calls.getByTestId("call").count(), 100);
  await calls.getByTestId("older-calls").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=calls] [data-testid=call]").length === 131);
  assert.equal(await calls.getByTestId("older-calls").count(), 0, "no page after the last");
  const times = await calls.locator("[data-testid=call] time").evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime"))));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] <= times[i - 1], `newest first at ${i}`);
  // The oldest call, on the older page, is sent again: the receiver gets it once more,
  // the new call heads the list, and the older page stays open.
  await calls.getByTestId("calls-older").getByTestId("call").last().getByTestId("send-again").click();
  await page.getByRole("status").filter({ hasText: /Queued again as msg_/ }).waitFor();
  await until("the call sent again", () => hook.calls.length === 2);
  assert.equal(hook.calls[1].body, hook.calls[0].body);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=calls] [data-testid=call]").length === 132);
  assert.equal(await calls.getByTestId("calls-older").count(), 1, "the older page is still open");
  assert.equal(await page.getByTestId("problem").count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
  await hook.stop();
});
