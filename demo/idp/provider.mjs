// The demo's and the tests' identity provider: `oidc-provider` (an OpenID Certified
// implementation of OpenID Connect) on loopback, with a few people who sign in with a
// password on its own login page. Nothing here accepts anyone: a wrong password is
// refused, as a real provider would.
//
//   node demo/idp/provider.mjs --config idp.json [--port 0]
//
// idp.json: { "clients": [{ "client_id", "client_secret", "client_name", "redirect_uris": [..],
//             "alg": "RS256" | "ES256" }],
//             "users": [{ "sub", "email", "email_verified", "name", "password" }] }
// Prints `IDP_READY {"issuer": "http://127.0.0.1:PORT"}` once it listens; stops when its
// stdin closes.
import { createServer } from "node:http";
import { generateKeyPairSync, randomBytes, timingSafeEqual, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const config = JSON.parse(readFileSync(option("config"), "utf8"));
const port = Number(option("port", "0"));

const users = new Map(config.users.map((u) => [u.email.toLowerCase(), u]));
const bySub = new Map(config.users.map((u) => [u.sub, u]));

// Signing keys made at start: one RSA (RS256), one P-256 (ES256).
const jwk = (pair, kid, alg) => ({ ...pair.privateKey.export({ format: "jwk" }), kid, alg, use: "sig" });
const keys = [
  jwk(generateKeyPairSync("rsa", { modulusLength: 2048 }), "demo-rsa", "RS256"),
  jwk(generateKeyPairSync("ec", { namedCurve: "P-256" }), "demo-ec", "ES256"),
];

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#f3f4f6;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002;padding:2rem;width:min(22rem,90vw)}
h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #9ca3af;border-radius:6px;font:inherit}
button{margin-top:1.25rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600}
.error{color:#b91c1c}.note{color:#4b5563;font-size:.875rem}</style></head><body><main>${body}</main></body></html>`;

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function samePassword(given, expected) {
  const a = createHash("sha256").update(String(given)).digest();
  const b = createHash("sha256").update(String(expected)).digest();
  return timingSafeEqual(a, b);
}

const server = createServer();
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    client_name: c.client_name,
    redirect_uris: c.redirect_uris,
    response_types: ["code"],
    grant_types: ["authorization_code"],
    id_token_signed_response_alg: c.alg || "RS256",
    token_endpoint_auth_method: c.auth_method || "client_secret_basic",
  })),
  jwks: { keys },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300 },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  scopes: ["openid", "email", "profile"],
  pkce: { required: () => true },
  // The ID token carries the e-mail claims itself, as Google, Entra ID and Okta send them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = bySub.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: user.email, email_verified: user.email_verified !== false, name: user.name };
      },
    };
  },
  // The organisation's own sign-in: consent is the organisation's, not asked of members.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});
// Loopback over plain HTTP: the demo's and the tests' own machine.
provider.proxy = false;

const handle = provider.callback();

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error("too long");
  }
  return new URLSearchParams(body);
}

server.on("request", async (req, res) => {
  const url = new URL(req.url, issuer);
  const match = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return handle(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== "login") {
      // Consent comes from loadExistingGrant; nothing else is asked.
      return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    }
    let error = "";
    let given = "";
    if (req.method === "POST" && match[2]) {
      const form = await readForm(req);
      given = String(form.get("email") || "").trim();
      const user = users.get(given.toLowerCase());
      if (user && samePassword(form.get("password") || "", user.password)) {
        return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      }
      error = "That e-mail address and password do not match.";
    }
    const client = await provider.Client.find(details.params.client_id);
    res.writeHead(error ? 401 : 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(
      page(
        "Sign in — Demo identity provider",
        `<h1>Sign in to continue to ${escape(client?.clientName || client?.clientId || "the application")}</h1>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required ${given ? "" : "autofocus"} value="${escape(given)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required ${given ? "autofocus" : ""}>
<button type="submit">Sign in</button></form>
<p class="note">Demo identity provider (oidc-provider) on this machine.</p>`,
      ),
    );
  } catch (e) {
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end(`Sign-in failed: ${e.message}`);
  }
});

console.log(`IDP_READY ${JSON.stringify({ issuer })}`);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
