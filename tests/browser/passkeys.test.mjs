// Passkeys with Chromium's virtual authenticator (the DevTools protocol's WebAuthn
// domain): a member registers one after signing in, then signs in with it alone; a
// cloned authenticator (its counter set back) and a removed passkey sign nobody in.
// The edge is reached at localhost: a relying party id is a name, never an address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite } from "./harness.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge.replace("127.0.0.1", "localhost");

async function signInWithSso(page, email, password) {
  await page.goto(`${edge()}/v1/auth/sso/vinterre`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${edge()}/console/`)),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await page.goto(`${edge()}/healthz`);
}

/** The page's WebAuthn calls, made as a console makes them (base64url on the wire). */
const ceremonies = {
  async register(page, name) {
    return page.evaluate(async (name) => {
      const b64 = (buffer) =>
        btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
      const me = await (await fetch("/v1/admin/me")).json();
      const headers = { "content-type": "application/json", "x-csrf-token": me.csrfToken };
      const options = await (await fetch("/v1/admin/me/passkeys/options", { method: "POST", headers })).json();
      const credential = await navigator.credentials.create({
        publicKey: {
          ...options,
          challenge: unb64(options.challenge),
          user: { ...options.user, id: unb64(options.user.id) },
          excludeCredentials: options.excludeCredentials.map((c) => ({ ...c, id: unb64(c.id) })),
        },
      });
      const response = await fetch("/v1/admin/me/passkeys", {
        method: "POST",
        headers,
        body: JSON.stringify({
          name,
          clientDataJSON: b64(credential.response.clientDataJSON),
          attestationObject: b64(credential.response.attestationObject),
        }),
      });
      return { status: response.status, body: await response.json() };
    }, name);
  },
  async signIn(page) {
    return page.evaluate(async () => {
      const b64 = (buffer) =>
        btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
      const options = await (await fetch("/v1/auth/passkey/options", { method: "POST" })).json();
      const credential = await navigator.credentials.get({
        publicKey: { ...options, challenge: unb64(options.challenge) },
      });
      const response = await fetch("/v1/auth/passkey/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          id: credential.id,
          clientDataJSON: b64(credential.response.clientDataJSON),
          authenticatorData: b64(credential.response.authenticatorData),
          signature: b64(credential.response.signature),
        }),
      });
      return { status: response.status, body: await response.json() };
    });
  },
};

test("a member registers a passkey, then signs in with it alone", async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await signInWithSso(page, "sam.security@vinterre.example", "demo-security");

  const registered = await ceremonies.register(page, "Work laptop");
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  assert.equal(registered.body.name, "Work laptop");
  const [stored] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  assert.ok(stored.isResidentCredential, "a discoverable credential");

  // Signed out, then in again with the passkey only.
  await context.clearCookies({ name: "attest_session" });
  assert.equal((await context.request.get(`${edge()}/v1/admin/me`)).status(), 401);
  const signedIn = await ceremonies.signIn(page);
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assert.equal(signedIn.body.email, "sam.security@vinterre.example");
  const me = await (await context.request.get(`${edge()}/v1/admin/me`)).json();
  assert.equal(me.session.method, "passkey");
  assert.equal(me.organisations.find((o) => o.org === "vinterre").role, "security");

  // A clone: the same key with its counter set back is refused.
  const [now] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  assert.ok(now.signCount >= 1);
  await cdp.send("WebAuthn.removeCredential", { authenticatorId, credentialId: now.credentialId });
  await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: { ...now, signCount: 0 } });
  await context.clearCookies({ name: "attest_session" });
  const cloned = await ceremonies.signIn(page);
  assert.equal(cloned.status, 400);
  assert.match(cloned.body.errors[0].message, /counter/);
  assert.equal((await context.request.get(`${edge()}/v1/admin/me`)).status(), 401);
  await context.close();
});

test("a removed passkey signs nobody in, and both changes are in the audit log", async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await signInWithSso(page, "olivia.owner@vinterre.example", "demo-owner");
  const registered = await ceremonies.register(page, "Phone");
  assert.equal(registered.status, 201);
  const me = await (await context.request.get(`${edge()}/v1/admin/me`)).json();
  const removed = await context.request.delete(`${edge()}/v1/admin/me/passkeys/${registered.body.id}`, {
    headers: { origin: edge(), "x-csrf-token": me.csrfToken },
  });
  assert.equal(removed.status(), 204);
  const audit = await (
    await context.request.get(`${edge()}/v1/admin/orgs/vinterre/audit?limit=500`)
  ).json();
  const mine = audit.entries.filter((e) => e.actor === "member:olivia.owner@vinterre.example").map((e) => e.action);
  assert.ok(mine.includes("member.passkey_added") && mine.includes("member.passkey_removed"), mine.join(", "));
  await context.clearCookies({ name: "attest_session" });
  const refused = await ceremonies.signIn(page);
  assert.equal(refused.status, 401);
  await context.close();
});
