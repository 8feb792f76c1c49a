// Single sign-on through a real OpenID Connect provider (oidc-provider on loopback, with
// its own login page), in headless Chromium: the authorization code flow with PKCE,
// state and nonce, RS256 (Vinterre) and ES256 (Wintro) ID tokens, and what must fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite } from "./harness.mjs";

const ctx = suite();

/** Signs in at the provider's page; resolves with the URL the edge sent the browser to. */
async function signInAt(page, org, email, password) {
  await page.goto(`${ctx.stack.edge}/v1/auth/sso/${org}`);
  assert.ok(page.url().startsWith(ctx.stack.issuer), `at the provider: ${page.url()}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  // Where the edge sent the browser: the console then moves on by itself.
  const landed = page.waitForRequest(
    (request) => request.isNavigationRequest() && request.url().startsWith(`${ctx.stack.edge}/console/`),
  );
  await page.getByRole("button", { name: "Sign in" }).click();
  return new URL((await landed).url());
}

async function me(context) {
  const response = await context.request.get(`${ctx.stack.edge}/v1/admin/me`);
  return { status: response.status(), body: response.ok() ? await response.json() : null };
}

/** A new flow in `context` (already signed in at the provider): the provider's answer,
 * not followed. */
async function answerWithoutFollowing(context, org) {
  const start = await context.request.get(`${ctx.stack.edge}/v1/auth/sso/${org}`, { maxRedirects: 0 });
  assert.equal(start.status(), 302);
  const atProvider = await context.request.get(start.headers().location, { maxRedirects: 0 });
  assert.ok([302, 303].includes(atProvider.status()), `${atProvider.status()}`);
  const answer = new URL(atProvider.headers().location, ctx.stack.issuer);
  assert.ok(answer.href.startsWith(`${ctx.stack.edge}/v1/auth/sso/callback`), answer.href);
  return answer;
}

/** The callback URLs the browser is sent to, recorded. */
function recordCallbacks(page) {
  const seen = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${ctx.stack.edge}/v1/auth/sso/callback`)) seen.push(request.url());
  });
  return seen;
}

test("a member signs in through the organisation's provider, RS256 and ES256", async () => {
  for (const [org, email, password, role] of [
    ["vinterre", "olivia.owner@vinterre.example", "demo-owner", "owner"],
    ["wintro", "pim.privacy@wintro.example", "demo-privacy", "privacy"],
  ]) {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    const landed = await signInAt(page, org, email, password);
    assert.equal(landed.searchParams.get("org"), org);
    assert.equal(landed.searchParams.get("error"), null);
    const cookie = (await context.cookies(ctx.stack.edge)).find((c) => c.name === "attest_session");
    assert.ok(cookie, "a session cookie");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Strict");
    const { status, body } = await me(context);
    assert.equal(status, 200);
    assert.equal(body.kind, "member");
    assert.equal(body.email, email);
    assert.equal(body.session.method, "sso");
    const membership = body.organisations.find((o) => o.org === org);
    assert.equal(membership.role, role);
    // The flow's cookie is gone; the state it held is spent.
    assert.equal((await context.cookies(ctx.stack.edge)).some((c) => c.name === "attest_sso"), false);
    await context.close();
  }
});

test("a wrong password is refused by the provider, and nobody is signed in", async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ctx.stack.edge}/v1/auth/sso/vinterre`);
  await page.getByLabel("E-mail").fill("olivia.owner@vinterre.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /do not match/);
  // What was typed is kept; only the password is asked again.
  assert.equal(await page.getByLabel("E-mail").inputValue(), "olivia.owner@vinterre.example");
  assert.match(await page.getByRole("heading").textContent(), /Attest for Vinterre/);
  assert.equal((await me(context)).status, 401);
  await context.close();
});

test("an unverified address, another domain, a replayed state or a reused code signs nobody in", async () => {
  const errorOf = (url) => new URL(url).searchParams.get("error");
  // The provider does not vouch for the address.
  let context = await ctx.browser.newContext();
  let page = await context.newPage();
  const unverified = await signInAt(page, "vinterre", "una.unverified@vinterre.example", "demo-unverified");
  assert.equal(unverified.pathname, "/console/sign-in");
  assert.equal(unverified.searchParams.get("error"), "sso_email_unverified");
  assert.equal((await me(context)).status, 401);
  await context.close();

  // An address outside the organisation's allowed domains.
  context = await ctx.browser.newContext();
  page = await context.newPage();
  const outsider = await signInAt(page, "vinterre", "otto.outsider@elsewhere.example", "demo-outsider");
  assert.equal(outsider.searchParams.get("error"), "sso_domain");
  assert.equal((await me(context)).status, 401);
  await context.close();

  // A state used once is spent; its code is spent too.
  context = await ctx.browser.newContext();
  page = await context.newPage();
  const callbacks = recordCallbacks(page);
  await signInAt(page, "vinterre", "sam.security@vinterre.example", "demo-security");
  assert.equal((await me(context)).status, 200);
  const first = new URL(callbacks[0]);
  await context.clearCookies({ name: "attest_session" });
  // The same answer replayed, with the flow's cookie put back as an attacker would.
  await context.addCookies([
    { name: "attest_sso", value: first.searchParams.get("state"), domain: "127.0.0.1", path: "/v1/auth/sso" },
  ]);
  await page.goto(first.href);
  assert.equal(errorOf(page.url()), "sso_state");
  assert.equal((await me(context)).status, 401);

  // A fresh flow, answered with the old code: the provider refuses it.
  const fresh = await answerWithoutFollowing(context, "vinterre");
  assert.notEqual(fresh.searchParams.get("code"), first.searchParams.get("code"));
  const reused = new URL(fresh.href);
  reused.searchParams.set("code", first.searchParams.get("code"));
  await page.goto(reused.href);
  assert.equal(errorOf(page.url()), "sso_code");
  assert.equal((await me(context)).status, 401);

  // A provider's answer in another browser than the one that left for it.
  const answer = await answerWithoutFollowing(context, "vinterre");
  const elsewhere = await ctx.browser.newContext();
  const otherPage = await elsewhere.newPage();
  await otherPage.goto(answer.href);
  assert.equal(errorOf(otherPage.url()), "sso_state");
  assert.equal((await me(elsewhere)).status, 401);
  await elsewhere.close();
  await context.close();
});

test("an invited address joins by signing in through single sign-on, named in the audit log", async () => {
  // The owner, signed in, removes the viewer and invites them back as an editor.
  const owner = await ctx.browser.newContext();
  await signInAt(await owner.newPage(), "vinterre", "olivia.owner@vinterre.example", "demo-owner");
  const { body: who } = await me(owner);
  const call = (method, path, data) =>
    owner.request.fetch(`${ctx.stack.edge}${path}`, {
      method,
      data,
      headers: { origin: ctx.stack.edge, "x-csrf-token": who.csrfToken },
    });
  const team = await (await call("GET", "/v1/admin/orgs/vinterre/members")).json();
  const vic = team.members.find((m) => m.email === "vic.viewer@vinterre.example");
  assert.equal((await call("DELETE", `/v1/admin/orgs/vinterre/members/${vic.id}`)).status(), 204);
  // Without the CSRF token the same session changes nothing.
  const forged = await owner.request.post(`${ctx.stack.edge}/v1/admin/orgs/vinterre/invitations`, {
    data: { email: "vic.viewer@vinterre.example", role: "editor" },
    headers: { origin: ctx.stack.edge },
  });
  assert.equal(forged.status(), 403);
  const invited = await call("POST", "/v1/admin/orgs/vinterre/invitations", {
    email: "vic.viewer@vinterre.example",
    role: "editor",
  });
  assert.equal(invited.status(), 201);

  const vicBrowser = await ctx.browser.newContext();
  const landed = await signInAt(await vicBrowser.newPage(), "vinterre", "vic.viewer@vinterre.example", "demo-viewer");
  assert.equal(landed.searchParams.get("error"), null);
  const { body: vicMe } = await me(vicBrowser);
  assert.equal(vicMe.organisations.find((o) => o.org === "vinterre").role, "editor");

  const audit = await (await call("GET", "/v1/admin/orgs/vinterre/audit?limit=500")).json();
  const actions = audit.entries.map((e) => `${e.actor} ${e.action}`);
  assert.ok(actions.includes("member:olivia.owner@vinterre.example member.removed"), actions.join("\n"));
  assert.ok(actions.includes("member:olivia.owner@vinterre.example member.invited"));
  assert.ok(actions.includes("member:vic.viewer@vinterre.example member.joined"));
  assert.ok(actions.includes("member:vic.viewer@vinterre.example member.signed_in"));
  const joined = audit.entries.find((e) => e.action === "member.joined" && e.actor === "member:vic.viewer@vinterre.example");
  assert.equal(JSON.parse(JSON.stringify(joined.after)).name, "Vic Ek");
  await vicBrowser.close();
  await owner.close();
});
