// The first view as the edge renders it: the badges show before any WebAssembly has
// arrived, the app takes over without a change on screen, a tab chosen meanwhile is kept;
// pages that enforce Trusted Types; the hosted trust center page, with and without
// JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, axeViolations, interactive } from "./harness.mjs";

const ctx = suite();

/** Holds every request for the app's WebAssembly until `release()` is called. */
async function holdWasm(page) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const held = [];
  await page.route(/\.wasm$/, async (route) => {
    held.push(route.request().url());
    await released;
    await route.continue();
  });
  return { release, held };
}

/** The trust center's markup, without what differs between two renders of the same
 * thing: comments, attribute order, the edge's marks. */
function normalised(page) {
  return page.evaluate(() => {
    const section = document.querySelector("attest-trust-center").shadowRoot.querySelector(".attest:not([hidden]) section");
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent.trim() ? node.textContent : "";
      if (node.nodeType !== Node.ELEMENT_NODE) return "";
      const attributes = [...node.attributes].map((a) => `${a.name}=${a.value}`).sort().join(" ");
      return `<${node.localName} ${attributes}>${[...node.childNodes].map(walk).join("")}</${node.localName}>`;
    };
    return walk(section);
  });
}

const takenOver = (page) =>
  page.waitForFunction(() => {
    const root = document.querySelector("attest-trust-center")?.shadowRoot;
    return root && !root.querySelector("[data-rendered]") && root.querySelector(".attest:not([hidden]) [data-testid=badge]");
  });

test("the badges show before the WebAssembly arrives, and the app takes over with the same markup", async () => {
  const page = await openPage(ctx.browser);
  const wasm = await holdWasm(page);
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  const rendered = await page.evaluate(() => {
    const root = document.querySelector("attest-trust-center").shadowRoot;
    return {
      edge: root.querySelector("[data-rendered=edge]") !== null,
      badge: root.querySelector("[data-testid=badge]").getBoundingClientRect().height > 0,
      styled: getComputedStyle(root.querySelector(".badge")).display !== "list-item",
    };
  });
  assert.deepEqual(rendered, { edge: true, badge: true, styled: true });
  const before = await normalised(page);
  // The app is loaded when the browser is idle; until then it is only asked for.
  wasm.release();
  await takenOver(page);
  assert.ok(wasm.held.length >= 1);
  assert.equal(await normalised(page), before, "the app renders what the edge rendered");
  await host.getByTestId("tab-practices").click();
  await host.getByTestId("view-practices").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a loader whose address names the organisation brings the first view and the stylesheet with it", async () => {
  const page = await openPage(ctx.browser);
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url())));
  const wasm = await holdWasm(page);
  await page.goto(ctx.pages.url("inline-org.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  const shown = await page.evaluate(() => {
    const root = document.querySelector("attest-trust-center").shadowRoot;
    return {
      edge: root.querySelector("[data-rendered=edge]") !== null,
      lang: root.querySelector(".attest").getAttribute("lang"),
      styled: getComputedStyle(root.querySelector(".badge")).display !== "list-item",
    };
  });
  assert.deepEqual(shown, { edge: true, lang: "en", styled: true });
  const before = await normalised(page);
  wasm.release();
  await takenOver(page);
  assert.equal(await normalised(page), before, "the app renders what the edge rendered");
  // From the edge: the loader, then the app's files; never the first view or the
  // stylesheet on their own. (The app then asks for the other views by name.)
  const fromEdge = asked.filter((u) => u.origin === new URL(ctx.stack.edge).origin);
  const paths = fromEdge.map((u) => u.pathname);
  assert.equal(paths[0], "/v1/widget.js");
  const first = fromEdge.filter((u) => (u.pathname.endsWith("/first-view") && !u.searchParams.has("view")) || u.pathname.endsWith(".css"));
  assert.deepEqual(first, [], paths.join(" "));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a loader that carries another language's first view asks for the one its element wants", async () => {
  const page = await openPage(ctx.browser);
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url())));
  await page.goto(ctx.pages.url("inline-org-fr.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await page.evaluate(() => document.querySelector("attest-trust-center").shadowRoot.querySelector(".attest").getAttribute("lang")), "fr");
  // One request for the first view (the app then asks for the others by name).
  const views = asked.filter((u) => u.pathname.endsWith("/first-view") && !u.searchParams.has("view"));
  assert.equal(views.length, 1, views.join(" "));
  assert.equal(views[0].searchParams.get("lang"), "fr");
  // The stylesheet came with the loader all the same.
  assert.deepEqual(asked.filter((u) => u.pathname.endsWith(".css")), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a tab chosen on the edge's first view is the one the app opens with", async () => {
  const page = await openPage(ctx.browser);
  const wasm = await holdWasm(page);
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  await host.getByTestId("tab-subprocessors").click();
  assert.equal(await host.getByTestId("tab-subprocessors").getAttribute("aria-selected"), "true");
  wasm.release();
  await host.getByTestId("subprocessor").first().waitFor();
  assert.equal(await host.getByTestId("tab-subprocessors").getAttribute("aria-selected"), "true");
  assert.equal(await host.getByTestId("tab-overview").getAttribute("aria-selected"), "false");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a tab pressed while the app swaps itself in is the one it opens", async () => {
  const page = await openPage(ctx.browser);
  const wasm = await holdWasm(page);
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  const tab = await host.getByTestId("tab-practices").boundingBox();
  await page.mouse.move(tab.x + tab.width / 2, tab.y + tab.height / 2);
  await page.mouse.down();
  // The app arrives between the press and the release: the node pressed is replaced, so
  // the browser fires no click.
  wasm.release();
  await interactive(page);
  await page.mouse.up();
  await host.getByTestId("view-practices").waitFor();
  assert.equal(await host.getByTestId("tab-practices").getAttribute("aria-selected"), "true");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a page that enforces Trusted Types gets the first view through the widget's policy, or the app's render", async () => {
  for (const [name, edge] of [["allowed", true], ["strict", false]]) {
    const page = await openPage(ctx.browser);
    const wasm = await holdWasm(page);
    await page.goto(ctx.pages.url(`trusted-types-${name}.html`));
    const host = page.locator("attest-trust-center");
    if (edge) {
      await host.getByTestId("badge").first().waitFor();
      wasm.release();
    } else {
      // Without a policy of its own, nothing shows until the app renders it.
      await page.waitForTimeout(300);
      assert.equal(await host.getByTestId("badge").count(), 0);
      wasm.release();
      await host.getByTestId("badge").first().waitFor();
    }
    await takenOver(page);
    await host.getByTestId("tab-practices").click();
    await host.getByTestId("view-practices").waitFor();
    const errors = page.problems.filter((p) => !p.includes("TrustedTypePolicy"));
    assert.deepEqual(errors, [], name);
    await page.context().close();
  }
});

test("the hosted trust center reads without JavaScript, and with it becomes the full widget", async () => {
  const still = await openPage(ctx.browser, { javaScriptEnabled: false });
  await still.goto(`${ctx.stack.edge}/trust/vinterre`);
  const quiet = still.locator("attest-trust-center");
  await quiet.getByTestId("badge").first().waitFor();
  assert.equal(await quiet.getByTestId("org-name").textContent(), "Vinterre");
  assert.ok((await quiet.getByTestId("badge").count()) > 0);
  // Its tabs are links to a page of each view: the practices open without a script.
  await quiet.getByTestId("tab-practices").click();
  await quiet.getByTestId("view-practices").waitFor();
  await still.waitForURL(/\?view=practices$/);
  assert.equal(await quiet.getByTestId("tab-practices").getAttribute("aria-current"), "page");
  const section = quiet.getByTestId("practice-section").first();
  await section.locator("summary").click();
  await section.getByTestId("practice").first().waitFor();
  await quiet.getByTestId("tab-subprocessors").click();
  await quiet.getByTestId("view-subprocessors").waitFor();
  await still.waitForURL(/\?view=subprocessors$/);
  assert.ok((await quiet.getByTestId("subprocessor").count()) > 0);
  // Where a form would be, it says what it needs.
  await quiet.getByTestId("tab-report").click();
  await quiet.getByTestId("view-report").waitFor();
  await quiet.getByTestId("form-needs-script").waitFor();
  await still.screenshot({ path: "target/trust-page-report-no-script.png", fullPage: true });
  await still.context().close();

  const page = await openPage(ctx.browser);
  const violations = [];
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on("console", (m) => m.text().startsWith("CSP:") && violations.push(m.text()));
  await page.goto(`${ctx.stack.edge}/trust/vinterre?lang=de`);
  const host = page.locator("attest-trust-center");
  await takenOver(page);
  assert.equal(await host.getByTestId("tab-overview").textContent(), "Überblick");
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.locator("form").first().waitFor();
  // The address security.txt gives for reports opens the report form.
  await page.goto(`${ctx.stack.edge}/trust/vinterre?view=report`);
  await host.getByTestId("security-report").locator("form").waitFor();
  assert.equal(await host.getByTestId("tab-report").getAttribute("aria-selected"), "true");
  // So does the address the widget's own links used, the view named after a '#'.
  await page.goto(`${ctx.stack.edge}/trust/vinterre#report`);
  await host.getByTestId("view-report").waitFor();
  assert.equal(await host.getByTestId("tab-report").getAttribute("aria-selected"), "true");
  // A tab of the edge's render, chosen before the app has taken over, is a link the app
  // follows in place: the page is not loaded again, and its address names the view.
  await page.goto(`${ctx.stack.edge}/trust/vinterre?lang=de`);
  await page.evaluate(() => (window.stillThisPage = true));
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("view-documents").waitFor();
  await host.locator("[data-testid^=request-document-]").first().waitFor();
  await page.waitForURL(/\/trust\/vinterre\?lang=de&view=documents$/);
  assert.equal(await page.evaluate(() => window.stillThisPage), true);
  await host.getByTestId("tab-overview").click();
  await host.getByTestId("view-overview").waitFor();
  await page.waitForURL(/\?lang=de&view=overview$/);
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // axe is an inline script, which the page's policy refuses: it checks a copy that
  // lets it in.
  const checked = await openPage(ctx.browser, { bypassCSP: true });
  await checked.goto(`${ctx.stack.edge}/trust/vinterre`);
  await takenOver(checked);
  assert.deepEqual(await axeViolations(checked), []);
  await checked.screenshot({ path: "target/trust-page.png", fullPage: true });
  await checked.context().close();
});

test("the hosted page prints as a document: no tabs, every section open, each link's address after it", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.edge}/trust/vinterre?view=practices`);
  const host = page.locator("attest-trust-center");
  // As a visitor prints it: the app has taken the page over.
  await interactive(page);
  await host.getByTestId("practice-section").first().waitFor();
  const closed = host.getByTestId("practice").first();
  assert.equal(await closed.isVisible(), false, "on screen, a section opens when asked");
  await page.emulateMedia({ media: "print" });
  assert.equal(await host.getByTestId("tab-practices").isVisible(), false);
  // Every practice of every section is on paper, without a click.
  const practices = host.getByTestId("practice");
  const total = await practices.count();
  assert.ok(total > 10, `${total} practices`);
  for (let i = 0; i < total; i++) assert.ok(await practices.nth(i).isVisible(), `practice ${i} printed`);
  assert.ok((await page.pdf({ format: "A4" })).length > 10_000);

  // A link's address follows its text (whole addresses: the edge writes them so).
  await page.emulateMedia({ media: "screen" });
  await page.goto(`${ctx.stack.edge}/trust/vinterre?view=subprocessors`);
  await interactive(page);
  const csv = host.getByTestId("download-csv");
  await csv.waitFor();
  const after = () => csv.evaluate((a) => getComputedStyle(a, "::after").content);
  assert.ok(!(await after()).includes("subprocessors.csv"), "on screen, a link is its text");
  await page.emulateMedia({ media: "print" });
  const printed = await after();
  assert.ok(printed.includes(`${ctx.stack.edge}/v1/orgs/vinterre/subprocessors.csv`), printed);
  // The filter the app added is for a screen.
  assert.equal(await host.getByTestId("subprocessors-filter").isVisible(), false);
  await page.context().close();
});
