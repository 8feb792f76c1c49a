// The trust center on pages it does not control: hostile styles and globals, two
// organisations, a single-page app, right-to-left, a phone's width; its themes, sections,
// events and accessibility.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, axeViolations, interactive } from "./harness.mjs";

// The tests' fixture organisations too: acme-complete has colours of its own.
const ctx = suite({ profiles: ["tests/fixtures/profiles"] });

/** Computed style of an element inside the first trust center's shadow root. */
function styleOf(page, selector, property, host = "attest-trust-center") {
  return page.evaluate(
    ([host, selector, property]) =>
      getComputedStyle(document.querySelector(host).shadowRoot.querySelector(selector))[property],
    [host, selector, property],
  );
}

test("a page's aggressive styles and changed globals neither reach nor break the widget", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("hostile.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await styleOf(page, ".org-name", "textTransform"), "none");
  assert.equal(await styleOf(page, ".org-name", "letterSpacing"), "normal");
  assert.notEqual(await styleOf(page, ".org-name", "color"), "rgb(255, 0, 255)");
  assert.doesNotMatch(await styleOf(page, ".org-name", "fontFamily"), /Comic/);
  assert.equal(await styleOf(page, ".attest", "direction"), "ltr");

  // The page's own globals are as it left them; the widget added none but its element.
  const globals = await page.evaluate(() => ({
    wasmBindgen: window.wasm_bindgen,
    amd: typeof window.define,
    added: Object.keys(window).filter((k) => k !== "__globalsBefore" && !window.__globalsBefore.includes(k)),
    element: !!customElements.get("attest-trust-center"),
  }));
  assert.deepEqual(globals, { wasmBindgen: "the host's own wasm_bindgen", amd: "function", added: [], element: true });

  // Interaction still works, once the app has taken over from the edge's first view.
  await interactive(page);
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("view-subprocessors").waitFor();
  assert.equal(await host.getByTestId("subprocessor").count(), 8);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the widget's styles do not reach the host page", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("inline.html"));
  await page.locator("attest-trust-center").getByTestId("badge").first().waitFor();
  const h1 = await page.evaluate(() => {
    const style = getComputedStyle(document.querySelector("h1"));
    return { font: style.fontFamily, sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length };
  });
  assert.deepEqual({ sheets: h1.sheets, adopted: h1.adopted }, { sheets: 0, adopted: 0 });
  await page.context().close();
});

test("two organisations on one page each show their own trust center", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("two-orgs.html"));
  const first = page.locator("#first attest-trust-center");
  const second = page.locator("#second attest-trust-center");
  await first.getByTestId("badge").first().waitFor();
  await second.getByTestId("badge").first().waitFor();
  assert.equal(await first.getByTestId("org-name").textContent(), "Vinterre");
  assert.equal(await second.getByTestId("org-name").textContent(), "Wintro");
  await second.getByTestId("tab-practices").click();
  await second.getByTestId("view-practices").waitFor();
  assert.equal(await first.getByTestId("tab-overview").getAttribute("aria-selected"), "true", "independent state");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a single-page app can remove and re-add it: clean unmount, no refetch, events", async () => {
  const page = await openPage(ctx.browser);
  const profileRequests = [];
  const firstViews = [];
  page.on("request", (r) => {
    if (r.url().includes("/first-view")) firstViews.push(r.url());
    else if (r.url().includes("/v1/orgs/")) profileRequests.push(r.url());
  });
  await page.goto(ctx.pages.url("spa.html"));
  const host = page.locator("attest-trust-center");
  for (let round = 0; round < 3; round++) {
    await page.click("#show");
    await host.getByTestId("badge").first().waitFor();
    await host.getByTestId("tab-documents").click();
    await host.getByTestId("view-documents").waitFor();
    await page.click("#hide");
    assert.equal(await host.count(), 0);
  }
  // The edge renders every view; the app asks for each one once for the page, however
  // often it is mounted, and never for the profile itself.
  assert.deepEqual(profileRequests, []);
  assert.equal(new Set(firstViews).size, firstViews.length, `each view once: ${firstViews.join(" ")}`);
  // The first view without a name is the loader's, for the first mount only.
  assert.equal(firstViews.filter((u) => !new URL(u).searchParams.has("view")).length, 1, `${firstViews}`);
  const events = await page.evaluate(() => window.__events);
  assert.deepEqual(
    events.map((e) => `${e.name}:${e.detail.view}`),
    ["attest:ready:overview", "attest:view:documents", "attest:ready:overview", "attest:view:documents", "attest:ready:overview", "attest:view:documents"],
  );
  assert.equal(events[0].detail.org, "vinterre");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("themes: dark, and auto following the visitor's preference", async () => {
  const page = await openPage(ctx.browser, { colorScheme: "dark" });
  await page.goto(ctx.pages.url("themed.html"));
  for (const id of ["#dark", "#auto", "#some"]) {
    await page.locator(`${id}`).getByTestId("org-name").waitFor();
  }
  const background = (id) => styleOf(page, ".attest", "backgroundColor", id);
  assert.equal(await background("#dark"), "rgb(18, 22, 29)");
  assert.equal(await background("#auto"), "rgb(18, 22, 29)");
  assert.equal(await background("#some"), "rgb(255, 255, 255)", "light unless asked");
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await background("#auto"), "rgb(255, 255, 255)");
  await page.context().close();
});

test("a host page themes it through the documented custom properties and parts", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("custom.html"));
  await page.locator("attest-trust-center").getByTestId("badge").first().waitFor();
  assert.equal(await styleOf(page, ".tab[aria-selected=true]", "borderBottomColor"), "rgb(122, 31, 61)");
  assert.match(await styleOf(page, ".attest", "fontFamily"), /Georgia/);
  assert.equal(await styleOf(page, ".tabs", "marginTop"), "17px");
  await page.context().close();
});

/** The trust center's logo has loaded, from the edge, beside the organisation's name. */
async function logoShown(page, host) {
  const logo = host.getByTestId("logo");
  await logo.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await logo.elementHandle());
  assert.equal(await logo.getAttribute("src"), `${ctx.stack.edge}/v1/orgs/acme-complete/logos/53db6a3773278ecd.svg`);
  assert.equal(await logo.getAttribute("alt"), "", "the name beside it says it");
  const box = await logo.boundingBox();
  const name = await host.getByTestId("org-name").boundingBox();
  assert.equal(Math.round(box.height), 40);
  assert.ok(box.x + box.width <= name.x, "the logo comes before the name");
}

test("an organisation's logo and colours show in its widget and its hosted page, and a page's own colours still win", async () => {
  const chosenTab = (host) => host.locator(".tab[aria-selected=true], .tab[aria-current=page]").evaluate((t) => getComputedStyle(t).borderBottomColor);
  const icon = (host) => host.locator(".badge-name .icon").first().evaluate((i) => getComputedStyle(i).color);
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("branded.html"));
  const own = page.locator("#own attest-trust-center");
  const over = page.locator(".override attest-trust-center");
  await own.getByTestId("badge").first().waitFor();
  await over.getByTestId("badge").first().waitFor();
  // The edge's first view, before the app: the loader adopted the colours with it, and
  // the logo is beside the name, from the edge (the page's policy allows its images).
  assert.equal(await chosenTab(own), "rgb(91, 42, 134)");
  await logoShown(page, own);
  assert.equal(await icon(own), "rgb(91, 42, 134)");
  assert.equal(await chosenTab(over), "rgb(0, 100, 0)");
  // The app, having taken over, keeps them, on every view.
  await interactive(page);
  await own.getByTestId("tab-documents").click();
  await own.getByTestId("view-documents").waitFor();
  assert.equal(await chosenTab(own), "rgb(91, 42, 134)");
  const download = own.locator(".button.secondary").first();
  assert.equal(await download.evaluate((b) => getComputedStyle(b).color), "rgb(91, 42, 134)");
  // A button on the accent, with the text colour that goes on it (the report form's).
  await own.getByTestId("tab-report").click();
  const send = own.getByTestId("submit-report");
  await send.waitFor();
  assert.equal(await send.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(91, 42, 134)");
  assert.equal(await send.evaluate((b) => getComputedStyle(b).color), "rgb(255, 255, 255)");
  assert.equal(await chosenTab(over), "rgb(0, 100, 0)");
  await page.screenshot({ path: "target/branded.png", fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // In its colours, still axe clean (axe is a script of the test's own, which the page's
  // policy would refuse).
  const checked = await openPage(ctx.browser, { bypassCSP: true });
  await checked.goto(ctx.pages.url("branded.html"));
  await checked.locator("#own attest-trust-center").getByTestId("badge").first().waitFor();
  await interactive(checked);
  assert.deepEqual(await axeViolations(checked, "#own attest-trust-center"), []);
  await checked.context().close();

  // The hosted page, read without JavaScript and with it.
  for (const javaScriptEnabled of [false, true]) {
    const hosted = await openPage(ctx.browser, { javaScriptEnabled });
    await hosted.goto(`${ctx.stack.edge}/trust/acme-complete`);
    const host = hosted.locator("attest-trust-center");
    await host.getByTestId("badge").first().waitFor();
    if (javaScriptEnabled) await interactive(hosted);
    assert.equal(await chosenTab(host), "rgb(91, 42, 134)", `JavaScript: ${javaScriptEnabled}`);
    assert.equal(await icon(host), "rgb(91, 42, 134)");
    await logoShown(hosted, host);
    await hosted.context().close();
  }
  // A trust center without colours of its own keeps the widget's.
  const plain = await openPage(ctx.browser);
  await plain.goto(`${ctx.stack.edge}/trust/vinterre`);
  const vinterre = plain.locator("attest-trust-center");
  await vinterre.getByTestId("badge").first().waitFor();
  // Once the app has put its render in place of the page's (asked before, the tab may be
  // the one being replaced).
  await interactive(plain);
  assert.equal(await chosenTab(vinterre), "rgb(11, 95, 255)");
  assert.equal(await vinterre.getByTestId("logo").count(), 0, "no logo: no image");
  await plain.context().close();
});

/** Whether the focused element is inside the trust center's dialog. */
function focusInDialog(page) {
  return page.evaluate(() => {
    const root = document.querySelector("attest-trust-center").shadowRoot;
    const active = root.activeElement;
    return !!active && !!root.querySelector("[role=dialog]")?.contains(active);
  });
}

test("button mode: a launcher opens a modal panel that keeps focus until Esc", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("launcher.html"));
  const host = page.locator("attest-trust-center");
  const launcher = host.getByTestId("launcher");
  await launcher.waitFor();
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");
  assert.equal(await host.getByTestId("dialog").count(), 0, "closed at first");

  await launcher.focus();
  await page.keyboard.press("Enter");
  const dialog = host.getByRole("dialog", { name: "Trust center" });
  await dialog.getByTestId("badge").first().waitFor();
  assert.equal(await dialog.getAttribute("aria-modal"), "true");
  assert.equal(await launcher.getAttribute("aria-expanded"), "true");
  assert.ok(await focusInDialog(page), "focus moved into the panel");

  // Tab and Shift+Tab cycle inside the panel, never out to the page.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    assert.ok(await focusInDialog(page), `Tab ${i + 1} left the panel`);
  }
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Shift+Tab");
    assert.ok(await focusInDialog(page), `Shift+Tab ${i + 1} left the panel`);
  }

  await page.keyboard.press("Escape");
  assert.equal(await host.getByTestId("dialog").count(), 0);
  const focused = await page.evaluate(() => document.querySelector("attest-trust-center").shadowRoot.activeElement?.dataset.testid);
  assert.equal(focused, "launcher", "focus returns to the launcher");

  // Reopened, it shows what the visitor left it on; the close button closes it too.
  await launcher.click();
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("view-subprocessors").waitFor();
  await host.getByTestId("subprocessors-filter").fill("Stripe");
  await host.getByTestId("close").click();
  assert.equal(await host.getByTestId("dialog").count(), 0);
  await launcher.click();
  assert.equal(await host.getByTestId("tab-subprocessors").getAttribute("aria-selected"), "true");
  assert.equal(await host.getByTestId("subprocessors-filter").inputValue(), "Stripe");
  await page.keyboard.press("Escape");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("button mode on a phone: the panel fills the screen and nothing overflows", async () => {
  const page = await openPage(ctx.browser, { viewport: { width: 360, height: 740 } });
  await page.goto(ctx.pages.url("launcher.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("launcher").click();
  await host.getByTestId("badge").first().waitFor();
  const box = await host.getByTestId("dialog").boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
  await page.context().close();
});

test("sections limit the views offered", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.pages.url("themed.html"));
  const some = page.locator("#some");
  await some.getByTestId("org-name").waitFor();
  assert.deepEqual(await some.getByRole("tab").allTextContents(), ["Subprocessors", "Report a vulnerability"]);
  await some.getByTestId("view-subprocessors").waitFor();
  await page.context().close();
});

test("on a right-to-left page and a 360 px phone, nothing overflows", async () => {
  const page = await openPage(ctx.browser, { viewport: { width: 360, height: 740 } });
  await page.goto(ctx.pages.url("hostile.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  for (const tab of ["overview", "practices", "subprocessors", "documents", "privacy", "report"]) {
    await host.getByTestId(`tab-${tab}`).click();
    await host.getByTestId(`view-${tab}`).waitFor();
    const widths = await page.evaluate(() => {
      const root = document.querySelector("attest-trust-center").shadowRoot.querySelector(".trust-center");
      return { page: document.documentElement.scrollWidth, widget: root.scrollWidth, box: root.clientWidth };
    });
    assert.ok(widths.widget <= widths.box, `${tab}: the widget overflows its box: ${JSON.stringify(widths)}`);
  }
  await page.context().close();
});

for (const theme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.2 AA violation in any view (${theme})`, async () => {
    const page = await openPage(ctx.browser, { bypassCSP: true });
    await page.goto(ctx.pages.url("inline.html"));
    await page.evaluate((theme) => document.querySelector("attest-trust-center").setAttribute("theme", theme), theme);
    const host = page.locator("attest-trust-center");
    await host.getByTestId("badge").first().waitFor();
    const found = [];
    for (const tab of ["overview", "practices", "subprocessors", "documents", "privacy", "report"]) {
      await host.getByTestId(`tab-${tab}`).click();
      await host.getByTestId(`view-${tab}`).waitFor();
      if (tab === "practices") {
        await host.locator("summary").first().click();
      }
      for (const violation of await axeViolations(page)) found.push(`${tab}: ${violation}`);
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}
