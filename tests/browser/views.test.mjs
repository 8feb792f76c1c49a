// The trust center's views, driven as a visitor would: by keyboard and by mouse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, interactive, axeViolations } from "./harness.mjs";

const ctx = suite();

async function vinterre() {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  await interactive(page);
  return { page, host };
}

test("the tabs are operable with the keyboard alone", async () => {
  const { page, host } = await vinterre();
  const tabs = host.getByRole("tab");
  assert.equal(await tabs.count(), 6);
  await host.getByTestId("tab-overview").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await host.getByTestId("tab-practices").getAttribute("aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.querySelector("attest-trust-center").shadowRoot.activeElement?.dataset.view), "practices");
  await host.getByTestId("view-practices").waitFor();
  await page.keyboard.press("End");
  await host.getByTestId("view-report").waitFor();
  await page.keyboard.press("ArrowRight");
  await host.getByTestId("view-overview").waitFor();
  assert.equal(await host.getByRole("tab", { selected: true }).textContent(), "Overview");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the overview states the commitments as values", async () => {
  const { page, host } = await vinterre();
  const commitments = await host.getByTestId("commitment").allTextContents();
  assert.ok(commitments.includes("Breach notification within 24 h"), commitments.join("|"));
  assert.ok(commitments.includes("Vulnerability reports acknowledged within 72 h"));
  assert.match(await host.getByTestId("last-updated").textContent(), /^Last updated [A-Z][a-z]+ \d{1,2}, \d{4}$/);
  await page.context().close();
});

test("practices are grouped by category and filter by text", async () => {
  const { page, host } = await vinterre();
  await host.getByTestId("tab-practices").click();
  await host.getByTestId("view-practices").waitFor();
  assert.equal(await host.getByTestId("practice-section").count(), 9);
  await host.getByTestId("practices-filter").fill("Snyk");
  await host.getByTestId("practice").first().waitFor();
  assert.equal(await host.getByTestId("practice").count(), 1);
  assert.match(await host.getByTestId("practice").textContent(), /Static Application Security Testing \(SAST\)/);
  await host.getByTestId("practices-filter").fill("no such practice anywhere");
  await host.getByTestId("practices-none").waitFor();
  await page.context().close();
});

test("subprocessors filter, sort, and link to the CSV and the feed", async () => {
  const { page, host } = await vinterre();
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("view-subprocessors").waitFor();
  const names = () => host.locator("[data-testid=subprocessor] td:first-child").allTextContents();
  assert.deepEqual(await names(), ["Google", "Datadog", "GoDaddy", "Google", "Vercel", "SendGrid", "Stripe", "Cloudinary"]);
  await host.getByTestId("sort-name").click();
  assert.deepEqual(await names(), ["Cloudinary", "Datadog", "GoDaddy", "Google", "Google", "SendGrid", "Stripe", "Vercel"]);
  assert.equal(await host.locator("th").first().getAttribute("aria-sort"), "ascending");
  await host.getByTestId("sort-name").click();
  assert.equal((await names())[0], "Vercel");
  await host.getByTestId("subprocessors-filter").fill("hosting");
  assert.deepEqual((await names()).sort(), ["GoDaddy", "Vercel"]);
  assert.equal(await host.getByTestId("subprocessor-count").textContent(), "2 shown");
  const csv = await host.getByTestId("download-csv").getAttribute("href");
  assert.equal(csv, `${ctx.stack.edge}/v1/orgs/vinterre/subprocessors.csv`);
  const response = await fetch(csv);
  assert.equal(response.status, 200);
  assert.equal(await host.getByTestId("subscribe-feed").getAttribute("href"), `${ctx.stack.edge}/v1/orgs/vinterre/subprocessors/feed.atom`);
  await page.context().close();
});

test("documents say who may read them, and the report view gives the policy", async () => {
  const { page, host } = await vinterre();
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("view-documents").waitFor();
  assert.equal(await host.getByTestId("document-access").textContent(), "On request");
  await host.getByTestId("tab-report").click();
  await host.getByTestId("view-report").waitFor();
  assert.equal(await host.getByTestId("ack-commitment").textContent(), "Reports are acknowledged within 72 hours.");
  assert.equal(await host.getByTestId("vdp-rules").locator("li").count(), 4);
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.getByTestId("privacy-request-entry").waitFor();
  assert.match(await host.getByTestId("view-privacy").textContent(), /Personal information/);
  await page.context().close();
});

test("the tabs stay on one row at any width: a narrow strip scrolls, with a shade where more tabs are", async () => {
  for (const lang of ["en", "de"]) {
    // The hosted page, for its language; axe is added to it as a script of the test's own.
    const page = await openPage(ctx.browser, { bypassCSP: true });
    await page.goto(`${ctx.stack.edge}/trust/vinterre?lang=${lang}`);
    const host = page.locator("attest-trust-center");
    await interactive(page);
    for (const width of [320, 360, 768, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const view of ["overview", "practices", "subprocessors", "documents", "privacy", "report"]) {
        await host.getByTestId(`tab-${view}`).click();
        await host.getByTestId(`view-${view}`).waitFor();
        const strip = await host.getByRole("tablist").evaluate((list) => {
          const tabs = [...list.querySelectorAll("[role=tab]")];
          return {
            height: list.getBoundingClientRect().height,
            tab: Math.max(...tabs.map((t) => t.getBoundingClientRect().height)),
            rows: new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top))).size,
            overflows: list.scrollWidth > list.clientWidth,
          };
        });
        const where = `${lang} at ${width} px, ${view}: ${JSON.stringify(strip)}`;
        assert.equal(strip.rows, 1, where);
        // One row of tabs (and, where it scrolls, a thin scrollbar): never two.
        assert.ok(strip.height < strip.tab * 1.5, where);
        // On a desktop the English tabs fit without scrolling.
        if (width === 1280 && lang === "en") assert.equal(strip.overflows, false, where);
      }
      if (width === 320) {
        assert.deepEqual(await axeViolations(page), [], `${lang} at ${width} px`);
        // The keys bring a tab out of sight into the strip's view.
        await host.getByTestId("tab-overview").click();
        await host.getByTestId("view-overview").waitFor();
        await page.keyboard.press("End");
        await host.getByTestId("view-report").waitFor();
        const inSight = await host.getByRole("tablist").evaluate((list) => {
          const t = list.querySelector("[data-view=report]").getBoundingClientRect();
          const l = list.getBoundingClientRect();
          return list.scrollLeft > 0 && t.left >= l.left - 1 && t.right <= l.right + 1;
        });
        assert.ok(inSight, `${lang} at ${width} px: the last tab scrolled into sight`);
      }
    }
    await page.screenshot({ path: `target/tabs-${lang}-1280.png` });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: `target/tabs-${lang}-360.png` });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
