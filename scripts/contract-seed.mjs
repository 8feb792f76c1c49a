// Seeds a fresh stack for the contract run, through its public and admin API as a
// visitor and the team would: one privacy request (with its status token), one security
// report, one document request, a webhook endpoint and a spare token of `vinterre`, a
// confirmed subscription to its subprocessor changes, the tokens of the links their
// e-mails carry, a member's session (and a spare one to end), and the number of its
// latest published version. Prints them as `NAME=value` lines for
// schemathesis's config (scripts/schemathesis.toml), so every operation finds a resource
// of its own organisation.
//
//   node scripts/contract-seed.mjs <edge> <admin token> <state dir>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { solve } from "../bench/pow.mjs";

const [edge, adminToken, stateDir] = process.argv.slice(2);
if (!edge || !adminToken || !stateDir) {
  console.error("usage: contract-seed.mjs <edge> <admin token> <state dir>");
  process.exit(2);
}
const org = "vinterre";
const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

async function call(method, path, body, headers = {}) {
  const response = await fetch(`${edge}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

async function proof() {
  const c = await call("GET", `/v1/orgs/${org}/challenge`);
  return { ...c, nonce: solve(c.salt, c.difficulty) };
}

const request = await call("POST", `/v1/orgs/${org}/privacy-requests`, {
  jurisdiction: "gdpr",
  kind: "access",
  email: "ada@example.com",
  name: "Ada Lovelace",
  details: "Every record you hold on me.",
  consent: true,
  proof: await proof(),
});
const report = await call("POST", `/v1/orgs/${org}/security-reports`, {
  title: "Reflected XSS on the login page",
  description: "The `next` parameter is echoed unescaped.",
  email: "finder@example.com",
  proof: await proof(),
});
const profile = await call("GET", `/v1/orgs/${org}`);
const document = profile.documents.find((d) => d.access === "on_request" || d.access === "nda");
const documentRequest = await call("POST", `/v1/orgs/${org}/document-requests`, {
  documentId: document.id,
  name: "Grace Hopper",
  company: "Example Ltd",
  email: "grace@example.com",
  ndaAccepted: document.access === "nda",
  ndaVersion: profile.nda?.version ?? "",
  proof: await proof(),
});
const webhook = await call(
  "POST",
  `/v1/admin/orgs/${org}/webhooks`,
  { url: "http://127.0.0.1:9/attest", events: ["privacy_request.created"] },
  admin,
);
const token = await call(
  "POST",
  `/v1/admin/orgs/${org}/tokens`,
  { name: "contract spare", scopes: ["requests:read"] },
  admin,
);
// The links the e-mails carry, as the recipients get them: the outbox holds each message.
async function mailed(pattern) {
  const { messages } = await call("GET", `/v1/admin/orgs/${org}/outbox?limit=500`, undefined, admin);
  for (const message of messages) {
    const found = `${message.body ?? ""} ${message.unsubscribe ?? ""}`.match(pattern);
    if (found) return found;
  }
  throw new Error(`no e-mail in the outbox matches ${pattern}`);
}
const [, confirmToken] = await mailed(new RegExp(`/v1/privacy-requests/${request.id}/confirm\\?token=([0-9a-f]+)`));
await call("POST", `/v1/orgs/${org}/subprocessors/subscriptions`, {
  email: "watcher@example.com",
  proof: await proof(),
});
const [, subscription, subscriptionToken] = await mailed(/\/v1\/subscriptions\/([^/]+)\/confirm\?token=([0-9a-f]+)/);
// Confirmed, the subscriber hears of the next change, with a one-click unsubscribe link.
await fetch(`${edge}/v1/subscriptions/${subscription}/confirm?token=${subscriptionToken}`, { method: "POST" });
const draft = await fetch(`${edge}/v1/admin/orgs/${org}/profile`, { headers: admin });
const edited = await draft.json();
edited.subprocessors.push({ name: "Contract Test Mail Ltd", purpose: "Sending e-mail", location: "EU" });
// A security contact, so this stack's organisation has a security.txt to serve.
edited.contacts = { ...edited.contacts, security: { email: "security@contract.example" } };
await call("PUT", `/v1/admin/orgs/${org}/profile`, edited, { ...admin, "if-match": draft.headers.get("etag") });
await call("POST", `/v1/admin/orgs/${org}/profile/publish`, undefined, admin);
const [, unsubscribeToken] = await mailed(new RegExp(`/v1/subscriptions/${subscription}/unsubscribe\\?token=([0-9a-f]+)`));
const versions = await call("GET", `/v1/admin/orgs/${org}/versions`, undefined, admin);
// One of the widget's files, by the content-hashed name its loader asks for.
const loader = await (await fetch(`${edge}/v1/widget.js`)).text();
const asset = loader.match(/[a-z_]+-[0-9a-f]{16}\.(?:js|wasm)/)?.[0];
if (!asset) throw new Error("the loader names no widget file");
const secrets = readFileSync(join(stateDir, "secrets.env"), "utf8");
const platform = secrets.match(/^PLATFORM_TOKEN=(.+)$/m)?.[1];
if (!platform) throw new Error("no PLATFORM_TOKEN in the stack's secrets");

// A member signed in with an e-mail link (read from the platform's outbox), for the
// routes that are a person's own; a second session of theirs to end.
async function signIn(email) {
  await call("POST", "/v1/auth/email-link", { email });
  const { messages } = await call("GET", "/v1/admin/outbox?limit=50", undefined, { authorization: `Bearer ${platform}` });
  const link = messages.find((m) => m.to === email && m.purpose === "sign_in_link")?.body.match(/\?link=(\S+)/)?.[1];
  if (!link) throw new Error(`no sign-in link for ${email}`);
  const response = await fetch(`${edge}/v1/auth/email-link/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: link }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { cookie: response.headers.get("set-cookie").split(";")[0], csrf: body.csrfToken, session: body.session };
}
const member = await signIn("adam.admin@vinterre.example");
const spare = await signIn("adam.admin@vinterre.example");

const seeded = {
  ATTEST_MEMBER_SESSION: member.cookie.split("=")[1],
  ATTEST_MEMBER_CSRF: member.csrf,
  ATTEST_SPARE_SESSION: spare.session,
  ATTEST_EDGE: edge,
  ATTEST_ADMIN_TOKEN: adminToken,
  ATTEST_PLATFORM_TOKEN: platform,
  ATTEST_PRIVACY_REQUEST: request.id,
  ATTEST_STATUS_TOKEN: request.statusToken,
  ATTEST_SECURITY_REPORT: report.id,
  ATTEST_DOCUMENT_REQUEST: documentRequest.id,
  ATTEST_WEBHOOK: webhook.id,
  ATTEST_SPARE_TOKEN: token.id,
  ATTEST_VERSION: String(versions.versions[0].version),
  ATTEST_CONFIRM_TOKEN: confirmToken,
  ATTEST_SUBSCRIPTION: subscription,
  ATTEST_SUBSCRIPTION_TOKEN: subscriptionToken,
  ATTEST_UNSUBSCRIBE_TOKEN: unsubscribeToken,
  ATTEST_WIDGET_FILE: asset,
};
for (const [name, value] of Object.entries(seeded)) console.log(`${name}=${value}`);
