// The console in headless Chromium, as a team uses it: an owner signs in through the real
// identity provider, invites a second member, who accepts by e-mail link and then signs in
// with a passkey (Chromium's virtual authenticator); both are in the audit log by name.
// Then what every screen must be: under its own strict CSP, axe clean in light and dark,
// usable from the keyboard, in six languages, and telling people why sign-in failed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, openConsolePage, suite } from "./harness.mjs";

const PLATFORM = "ptk_console_0123456789abcdef0123456789abcdef";
const ctx = suite({ vars: { PLATFORM_TOKEN: PLATFORM } });
// A relying party id is a name, never an address: passkeys need localhost.
const edge = () => ctx.stack.edge.replace("127.0.0.1", "localhost");

const newPage = (options = {}) => openConsolePage(ctx.browser, options);

async function withAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

/** Signs in from the console's sign-in page, through the provider's own login page. */
async function signInWithSso(page, org, email, password) {
  await page.goto(`${edge()}/console/`);
  await page.waitForURL(`${edge()}/console/sign-in`);
  await page.getByLabel("Organisation").fill(org);
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith(`/console/orgs/${org}/`)),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** The newest e-mail to `to` of `purpose`: from the platform's outbox (sign-in links), or
 * with `context` (a member's browser) from their organisation's. */
async function mailTo(to, purpose, { context, org } = {}) {
  const response = context
    ? await context.request.get(`${edge()}/v1/admin/orgs/${org}/outbox?limit=500`)
    : await fetch(`${ctx.stack.edge}/v1/admin/outbox?limit=500`, { headers: { authorization: `Bearer ${PLATFORM}` } });
  assert.equal(response.status?.call ? response.status() : response.status, 200);
  const { messages } = await response.json();
  const message = messages
    .filter((m) => m.to === to && m.purpose === purpose)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  assert.ok(message, `an e-mail to ${to} (${purpose})`);
  return message;
}

function linkIn(body) {
  const link = body.split(/\s+/).find((word) => word.startsWith("http") && word.includes("/console/"));
  assert.ok(link, body);
  // The e-mail names the edge as the request that sent it did; the browser stays on localhost.
  const url = new URL(link);
  return `${edge()}${url.pathname}${url.search}`;
}

test("an owner signs in with SSO and invites a member, who joins and signs in with a passkey; both are in the audit log by name", async () => {
  const owner = await newPage();
  await signInWithSso(owner.page, "vinterre", "olivia.owner@vinterre.example", "demo-owner");
  // Signed in on the first section (privacy requests); members are one link away.
  await owner.page.getByTestId("nav-members").click();
  await owner.page.getByRole("heading", { name: "Members" }).waitFor();
  assert.match(await owner.page.getByTestId("account-link").innerText(), /Olivia Strand/);

  // The invitation, from the members screen.
  await owner.page.getByLabel("E-mail address").fill("nina.novak@vinterre.example");
  await owner.page.getByLabel("Role", { exact: true }).selectOption("privacy");
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  await owner.page.getByText("Invitation sent to nina.novak@vinterre.example").waitFor();
  const row = owner.page.getByTestId("invitation").filter({ hasText: "nina.novak@vinterre.example" });
  await row.getByText("Pending").waitFor();
  const invitation = await mailTo("nina.novak@vinterre.example", "invitation", { context: owner.context, org: "vinterre" });

  // The invited member: the e-mail's link, then an e-mail sign-in link, then accept.
  const invited = await newPage();
  const { cdp, authenticatorId } = await withAuthenticator(invited.context, invited.page);
  await invited.page.goto(linkIn(invitation.body));
  await invited.page.getByRole("heading", { name: "Join your team" }).waitFor();
  await invited.page.getByLabel("Your name").fill("Nina Novak");
  await invited.page.getByLabel("Work e-mail").fill("nina.novak@vinterre.example");
  await invited.page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await invited.page.getByText("a link is on its way").waitFor();
  const signInLink = await mailTo("nina.novak@vinterre.example", "sign_in_link");
  await invited.page.goto(linkIn(signInLink.body));
  await invited.page.getByRole("heading", { name: "Finish signing in" }).waitFor();
  assert.equal(await invited.page.getByLabel("Your name").inputValue(), "Nina Novak");
  await invited.page.getByRole("button", { name: "Sign in" }).click();
  await invited.page.getByRole("button", { name: "Accept the invitation" }).click();
  await invited.page.getByText("You joined vinterre as Privacy.").waitFor();
  await invited.page.getByTestId("open-org").click();
  // Privacy lands on its overview and sees no team screens: least privilege shows in the
  // sections offered.
  await invited.page.waitForURL(`${edge()}/console/orgs/vinterre/overview`);
  await invited.page.getByTestId("nav-audit").waitFor();
  assert.equal(await invited.page.getByTestId("nav-members").count(), 0);

  // A passkey, from the account screen.
  await invited.page.getByTestId("account-link").click();
  await invited.page.getByLabel("Name of this passkey").fill("Nina's laptop");
  await invited.page.getByRole("button", { name: "Add a passkey" }).click();
  await invited.page.getByText("Passkey added.").waitFor();
  await invited.page.getByTestId("passkey").filter({ hasText: "Nina's laptop" }).waitFor();
  const [credential] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  assert.ok(credential?.isResidentCredential, "a discoverable credential");

  // Signed out, then in again with the passkey alone.
  await invited.page.getByTestId("sign-out").click();
  await invited.page.waitForURL(`${edge()}/console/sign-in`);
  assert.equal((await invited.context.request.get(`${edge()}/v1/admin/me`)).status(), 401);
  await invited.page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await invited.page.waitForURL((url) => url.pathname.startsWith("/console/orgs/vinterre/"));
  assert.match(await invited.page.getByTestId("account-link").innerText(), /Nina Novak/);
  const me = await (await invited.context.request.get(`${edge()}/v1/admin/me`)).json();
  assert.equal(me.session.method, "passkey");

  // The owner's audit log names both.
  await owner.page.getByTestId("nav-audit").click();
  await owner.page.getByTestId("chain").waitFor();
  const entry = (action, name) =>
    owner.page.getByTestId("audit-entry").filter({ hasText: action }).filter({ hasText: name }).first();
  for (const [action, name] of [
    ["member.invited", "Olivia Strand"],
    ["member.joined", "Nina Novak"],
    ["member.passkey_added", "Nina Novak"],
    ["member.signed_out", "Nina Novak"],
    ["member.signed_in", "Nina Novak"],
  ]) {
    await entry(action, name).waitFor({ timeout: 5000 }).catch(() => assert.fail(`no ${action} by ${name} in the audit log`));
  }
  assert.match(await owner.page.getByTestId("chain").innerText(), /Chain verified/);

  // And the members screen shows her with her role and passkey.
  await owner.page.getByTestId("nav-members").click();
  const nina = owner.page.getByTestId("member").filter({ hasText: "Nina Novak" });
  assert.equal(await nina.getByTestId("member-role").inputValue(), "privacy");
  assert.equal((await nina.locator("td.number").innerText()).trim(), "1");

  assert.deepEqual([...owner.page.problems, ...invited.page.problems], []);
  await owner.context.close();
  await invited.context.close();
});

test("an owner changes a role and removes a member; an admin may not touch owners or the sign-in settings", async () => {
  const owner = await newPage();
  await signInWithSso(owner.page, "vinterre", "olivia.owner@vinterre.example", "demo-owner");
  await owner.page.getByTestId("nav-members").click();
  const vic = owner.page.getByTestId("member").filter({ hasText: "vic.viewer@vinterre.example" });
  await vic.getByTestId("member-role").waitFor();
  // The table is asked for again after each change. Hold that answer back until the
  // owner has begun the next step: it must land without undoing it (the row and its
  // select stay; the removal asked about stays asked).
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let reloads = 0;
  await owner.page.route(/\/v1\/admin\/orgs\/vinterre\/members$/, async (route) => {
    if (route.request().method() === "GET") {
      reloads += 1;
      await held;
    }
    await route.continue();
  });
  await vic.getByTestId("member-role").focus();
  await vic.getByTestId("member-role").selectOption("editor");
  await owner.page.getByText("Vic Ek is now Editor.").waitFor();
  await vic.getByTestId("remove-member").click();
  await vic.getByTestId("confirm").waitFor();
  assert.equal(reloads, 1, "the table is being asked for again");
  release();
  await owner.page.waitForResponse((r) => r.url().endsWith("/v1/admin/orgs/vinterre/members") && r.request().method() === "GET");
  await owner.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100))));
  assert.equal(await vic.getByTestId("member-role").inputValue(), "editor");
  assert.ok(await vic.getByTestId("confirm").evaluate((el) => el === document.activeElement), "focus is on Confirm");
  await vic.getByTestId("confirm").click();
  await owner.page.unroute(/\/v1\/admin\/orgs\/vinterre\/members$/);
  await owner.page.getByText("Vic Ek was removed").waitFor();
  await owner.page.getByTestId("member").filter({ hasText: "vic.viewer@vinterre.example" }).waitFor({ state: "detached" });

  const admin = await newPage();
  await signInWithSso(admin.page, "vinterre", "adam.admin@vinterre.example", "demo-admin");
  await admin.page.getByTestId("nav-tokens").waitFor();
  assert.equal(await admin.page.getByTestId("nav-sign-in").count(), 0, "no sign-in settings for an admin");
  await admin.page.getByTestId("nav-members").click();
  const olivia = admin.page.getByTestId("member").filter({ hasText: "olivia.owner@vinterre.example" });
  assert.ok(await olivia.getByTestId("member-role").isDisabled());
  assert.ok(await olivia.getByTestId("remove-member").isDisabled());
  assert.equal(await admin.page.getByLabel("Role", { exact: true }).locator("option[value=owner]").count(), 0);
  // Straight to the address: the edge says no, and the screen says so.
  await admin.page.goto(`${edge()}/console/orgs/vinterre/sign-in`);
  await admin.page.getByTestId("failed").waitFor();
  // Another organisation's screens are not theirs.
  await admin.page.goto(`${edge()}/console/orgs/wintro/members`);
  await admin.page.getByRole("alert").filter({ hasText: "Your role does not include this" }).waitFor();
  assert.deepEqual([...owner.page.problems, ...admin.page.problems], []);
  await owner.context.close();
  await admin.context.close();
});

test("an owner sets the sign-in settings with the edge's errors at the fields, and makes and revokes an API token", async () => {
  const { context, page } = await newPage();
  await signInWithSso(page, "wintro", "willa.owner@wintro.example", "demo-owner");
  await page.getByTestId("nav-sign-in").click();
  const domains = page.getByLabel("Allowed e-mail domains");
  const kept = await domains.inputValue();
  await domains.fill("bad_domain!");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#domains-error").waitFor();
  assert.equal(await domains.getAttribute("aria-invalid"), "true");
  await domains.fill(kept);
  await page.getByTestId("two-factor").check();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved.").waitFor();
  const settings = await (await context.request.get(`${edge()}/v1/admin/orgs/wintro/sign-in`)).json();
  assert.equal(settings.twoFactorRequired, true);
  assert.equal(settings.sso.clientSecretSet, true, "the stored secret stays");

  await page.getByTestId("nav-tokens").click();
  await page.getByLabel("Name", { exact: true }).fill("Deploy pipeline");
  await page.getByLabel("content:write").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("token-secret").locator("code").innerText()).trim();
  assert.match(secret, /^atk_[0-9a-f]{64}$/);
  const asToken = await fetch(`${ctx.stack.edge}/v1/admin/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(asToken.status, 200);
  const token = page.getByTestId("token").filter({ hasText: "Deploy pipeline" });
  await token.getByTestId("revoke-token").click();
  await token.getByTestId("confirm").waitFor();
  // Another token made meanwhile reloads the list: the revocation asked about stays asked.
  await page.getByLabel("Name", { exact: true }).fill("Nightly export");
  await page.getByLabel("content:write").check();
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByTestId("token").filter({ hasText: "Nightly export" }).waitFor();
  assert.ok(await token.getByTestId("confirm").isVisible(), "the question is still asked after the reload");
  await token.getByTestId("confirm").click();
  await token.getByText("Revoked").waitFor();
  const revoked = await fetch(`${ctx.stack.edge}/v1/admin/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(revoked.status, 401);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("a failed single sign-on says why, in each of the six languages", async () => {
  const expected = {
    "en-GB": "Your e-mail address is not in a domain this organisation allows.",
    "de-DE": null,
    "fr-FR": null,
    "es-ES": null,
    "nl-NL": null,
    "it-IT": null,
  };
  const seen = new Set();
  for (const [locale, english] of Object.entries(expected)) {
    const { context, page } = await newPage({ locale });
    await page.goto(`${edge()}/console/sign-in?error=sso_domain`);
    const alert = page.getByTestId("sign-in-error");
    const text = (await alert.innerText()).trim();
    if (english) assert.equal(text, english);
    assert.ok(text.length > 20 && !seen.has(text), `${locale}: ${text}`);
    seen.add(text);
    assert.equal(await page.evaluate(() => document.documentElement.lang), locale.slice(0, 2));
    await context.close();
  }
  // An organisation without single sign-on comes back here, told so, with its name kept.
  const { context, page } = await newPage();
  await page.goto(`${edge()}/console/sign-in`);
  await page.getByLabel("Organisation").fill("no-such-org");
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  await page.getByText("does not use single sign-on").waitFor();
  assert.equal(await page.getByLabel("Organisation").inputValue(), "no-such-org");
  await context.close();
});

test("every screen is axe clean in light and dark, and the sign-in page works from the keyboard", async () => {
  for (const colorScheme of ["light", "dark"]) {
    // axe is injected as a script: this context bypasses the page's CSP (the others keep it).
    const { context, page } = await newPage({ colorScheme, bypassCSP: true });
    await page.goto(`${edge()}/console/sign-in?error=sso_not_member`);
    await page.getByTestId("sso-form").waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], `sign-in, ${colorScheme}`);
    await signInWithSso(page, "vinterre", "olivia.owner@vinterre.example", "demo-owner");
    for (const [name, path] of [
      ["members", "members"],
      ["sign-in settings", "sign-in"],
      ["tokens", "tokens"],
      ["audit", "audit"],
    ]) {
      await page.goto(`${edge()}/console/orgs/vinterre/${path}`);
      await page.locator("section.screen h1").waitFor();
      await page.getByTestId("loading").waitFor({ state: "detached" });
      assert.deepEqual(await axeViolations(page, "body"), [], `${name}, ${colorScheme}`);
    }
    await page.goto(`${edge()}/console/account`);
    await page.getByTestId("sessions").getByTestId("session").first().waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], `account, ${colorScheme}`);
    await context.close();
  }

  // Keyboard only: to the organisation field, type, Enter — off to the provider.
  const { context, page } = await newPage();
  await page.goto(`${edge()}/console/sign-in`);
  await page.getByTestId("sso-form").waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset.testid || document.activeElement?.tagName);
  for (let i = 0; i < 6 && (await focused()) !== "sso-org"; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "sso-org");
  await page.keyboard.type("vinterre");
  await Promise.all([page.waitForURL((url) => url.href.startsWith(ctx.stack.issuer)), page.keyboard.press("Enter")]);
  await context.close();
});

test("a screen whose part cannot be fetched says so and reloads into it; the rest of the console goes on", async () => {
  const { context, page } = await newPage();
  // Each screen's own part comes when it is first opened: signed in, the owner lands on
  // the first section of the navigation (the overview), and only its parts come.
  const parts = [];
  page.on("request", (r) => { if (/\/console_part-[^/]+\.wasm$/.test(r.url())) parts.push(new URL(r.url()).pathname); });
  const overviewPart = page.waitForRequest(/\/console_part-overview-[^/]+\.wasm$/);
  await signInWithSso(page, "vinterre", "olivia.owner@vinterre.example", "demo-owner");
  await page.waitForURL(`${edge()}/console/orgs/vinterre/overview`);
  await overviewPart;
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  assert.ok(!parts.some((p) => /console_part-(tokens|members|audit|account)-/.test(p)), `no other screen's part: ${parts}`);

  // The network drops for the parts: the tokens screen says so, the shell stays usable.
  await context.route(/\/console_part-[^/]+\.wasm$/, (route) => route.abort("connectionreset"));
  await page.goto(`${edge()}/console/orgs/vinterre/tokens`);
  const alert = page.getByRole("alert").filter({ hasText: "could not be fetched" });
  await alert.waitFor();
  assert.equal(await page.locator("h1").innerText(), "This screen could not be loaded");
  assert.ok(await page.getByRole("link", { name: "Members" }).first().isVisible(), "the shell is still there");

  // Back on the network: Reload opens the screen it could not open.
  await context.unroute(/\/console_part-[^/]+\.wasm$/);
  parts.length = 0;
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Reload" }).click()]);
  await page.locator("section.screen h1").waitFor();
  await page.getByTestId("loading").waitFor({ state: "detached" });
  assert.match(await page.locator("section.screen h1").innerText(), /API tokens/);
  assert.ok(parts.some((p) => p.includes("console_part-tokens-")), `the tokens part was fetched: ${parts}`);
  await context.close();
});
