// The browser tests' harness: starts the real stack (the edge in workerd with fresh local
// D1/KV, seeded) through the demo runner, serves test pages from a third origin, and
// launches Debian's Chromium headless.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

/** Starts the edge and the sample sites; resolves once both answer. `vars` override the
 * Worker's variables (`{ POW_DIFFICULTY: "8" }`). */
export async function startStack({ vars = {}, profiles = [] } = {}) {
  const bin = path.join(root, "target/debug/attest-demo");
  const args = ["--ephemeral"];
  const pairs = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
  if (pairs.length) args.push("--var", pairs.join(","));
  // More folders of profiles to publish beside the demo's (the tests' fixtures).
  if (profiles.length) args.push("--profiles", ["demo/profiles", ...profiles].map((p) => path.join(root, p)).join(","));
  const child = spawn(bin, args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`attest-demo exited with ${code} before it was ready`)));
    lines.on("line", (line) => {
      if (line.startsWith("ATTEST_READY ")) resolve(JSON.parse(line.slice("ATTEST_READY ".length)));
    });
  });
  return {
    ...ready,
    /** Runs one SQL statement through the edge's own D1 (its test-support route; never
     * the database file from another process, which SQLite would lock under the edge's
     * writes) and resolves to its rows. */
    sql: async (statement) => {
      const response = await fetch(`${ready.edge}/__test/d1`, {
        method: "POST",
        headers: { authorization: `Bearer ${ready.sqlToken}`, "content-type": "application/json" },
        body: JSON.stringify({ sql: statement }),
      });
      if (!response.ok) throw new Error(`${statement}: ${response.status} ${await response.text()}`);
      return (await response.json()).results;
    },
    // Closing its stdin stops it and everything it started.
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.stdin.end();
      }),
  };
}

/** Serves tests/browser/pages on a free port; `{{ATTEST_EDGE}}` becomes the edge origin. */
export async function startPages(edge, { csp = true } = {}) {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, "http://x").pathname.replace(/^\/+/, "") || "index.html";
    const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
    const type = types[path.extname(name)];
    if (name.includes("..") || !type) {
      res.writeHead(404).end();
      return;
    }
    try {
      const html = (await readFile(path.join(here, "pages", name), "utf8")).replaceAll("{{ATTEST_EDGE}}", edge);
      const headers = { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" };
      if (csp) {
        headers["content-security-policy"] =
          `default-src 'self'; script-src 'self' ${edge} 'wasm-unsafe-eval'; style-src 'self'; ` +
          `connect-src ${edge}; img-src 'self' ${edge} data:`;
      }
      res.writeHead(200, headers).end(html);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: (page) => `http://127.0.0.1:${server.address().port}/${page}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs axe-core (WCAG 2.2 A and AA) on the page, shadow roots included; its violations.
 * `selector`: what to check (the widget by default). */
export async function axeViolations(page, selector = "attest-trust-center") {
  await page.addScriptTag({ path: path.join(root, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async (selector) => {
    const result = await globalThis.axe.run(document.querySelector(selector), {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  }, selector);
}

/** A new page that records console errors, page errors and CSP violations. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // A failed resource is named, so that a failure says which one.
    const where = message.location()?.url;
    page.problems.push(`console: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  return page;
}

/** Resolves when the app runs every trust center on `page`: it has taken over the edge's
 * first view (shown before the app loads), which then no longer says `data-rendered`.
 * Tests of what the app does on a click wait for this first; the edge's first view before
 * the app is tested in first-view.test.mjs. */
export function interactive(page) {
  return page.waitForFunction(() =>
    [...document.querySelectorAll("attest-trust-center")].every((element) => {
      const root = element.shadowRoot;
      return root && !root.querySelector("[data-rendered]") && root.querySelector(".attest");
    }),
  );
}

/** A console page in a context of its own that records what went wrong in it: script
 * errors and CSP violations. Refusals the console expects (a 401 from /v1/admin/me is how
 * it learns nobody is signed in) are asserted where they matter; the browser logs each
 * one as a failed resource, which is not counted. */
export async function openConsolePage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && !text.startsWith("Failed to load resource")) page.problems.push(`console: ${text}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page };
}

/**
 * Registers the suite's hooks: one stack, one test-page server and one browser for all the
 * tests of a file, stopped after them. The returned object is filled in before the tests run.
 */
export function suite(options = {}) {
  const context = {};
  before(async () => {
    context.stack = await startStack(options);
    context.pages = await startPages(context.stack.edge);
    context.browser = await launchBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.pages?.stop();
    await context.stack?.stop();
  });
  return context;
}

/** Signs in to the console at `edge` through Vinterre's single sign-on (the demo's
 * identity provider), as `email` with `password`; resolves on the organisation's screens. */
export async function signInToVinterre(page, edge, email, password) {
  await page.goto(`${edge}/console/sign-in`);
  await page.getByLabel("Organisation").fill("vinterre");
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith("/console/orgs/vinterre/")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}
