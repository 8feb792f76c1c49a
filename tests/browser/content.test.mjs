// FAQs, roadmap items and resources, published through the admin API and shown by the
// widget on a page of another origin: the FAQ tab with its topic filter, the roadmap in
// the overview, the resources beside the documents; in six languages, axe clean in both
// themes. A trust center without FAQs has no FAQ tab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, axeViolations } from "./harness.mjs";
import { publishSampleContent } from "./sample-content.mjs";

const ctx = suite();

let published = false;
async function publish() {
  if (published) return;
  await publishSampleContent(ctx.stack);
  published = true;
}

async function trustCenter(options = {}) {
  const page = await openPage(ctx.browser, options);
  await page.goto(ctx.pages.url("inline.html"));
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  return { page, host };
}

test("a trust center without FAQs has no FAQ tab", async () => {
  // Wintro's profile (from its own security page) has no FAQs, roadmap or resources.
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/wintro/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  assert.equal(await host.getByRole("tab").count(), 6);
  assert.equal(await host.getByTestId("tab-faq").count(), 0);
  assert.equal(await host.getByTestId("roadmap").count(), 0);
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("view-documents").waitFor();
  assert.equal(await host.getByTestId("resources").count(), 0);
  await page.context().close();
});

test("the FAQ opens each answer and narrows by topic; the overview shows the roadmap; the documents, the resources", async () => {
  await publish();
  const { page, host } = await trustCenter();
  // The roadmap, in the organisation's order, each with where it stands and by when.
  const items = host.getByTestId("roadmap-item");
  assert.equal(await items.count(), 3);
  assert.deepEqual(await host.getByTestId("roadmap-status").allTextContents(), ["In progress", "Planned", "Done"]);
  assert.deepEqual(await host.getByTestId("roadmap-target").allTextContents(), ["Target: 2027-Q2", "Target: 2026-Q3"]);
  assert.match(await items.first().textContent(), /The audit window opens in January\./);

  // The FAQ: a tab after the documents, every question closed until opened.
  const tabs = await host.getByRole("tab").allTextContents();
  assert.deepEqual(tabs.slice(3, 5), ["Documents", "FAQ"]);
  await host.getByTestId("tab-faq").click();
  await host.getByTestId("view-faq").waitFor();
  assert.equal(await host.getByTestId("faq").count(), 3);
  const first = host.getByTestId("faq").first();
  assert.equal(await first.getAttribute("open"), null);
  await first.locator("summary").click();
  assert.deepEqual(await first.locator("p:not(.topic)").allTextContents(), [
    "In the European Union, in Frankfurt.",
    "Backups stay in the same region.",
  ]);
  // The topics, each once, sorted; choosing one shows only its questions.
  assert.deepEqual(await host.getByTestId("faq-topic").locator("option").allTextContents(), ["All topics", "AI", "Data protection"]);
  await host.getByTestId("faq-topic").selectOption("Data protection");
  await page.waitForFunction(() => document.querySelector("attest-trust-center").shadowRoot.querySelectorAll("[data-testid=faq]").length === 2);
  assert.deepEqual(await host.locator("[data-testid=faq] summary").allTextContents(), ["Where is our data stored?", "Who can see our data?"]);
  // A screen reader hears how many the topic leaves.
  assert.equal(await host.getByTestId("faq-count").textContent(), "2 shown");
  assert.equal(await host.getByTestId("faq-count").getAttribute("role"), "status");
  await host.getByTestId("faq-topic").selectOption("");
  await page.waitForFunction(() => document.querySelector("attest-trust-center").shadowRoot.querySelectorAll("[data-testid=faq]").length === 3);

  // The resources, after the documents: https links that open elsewhere.
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("view-documents").waitFor();
  const resources = host.getByTestId("resource");
  await resources.first().waitFor();
  assert.equal(await resources.count(), 2);
  assert.equal(await resources.first().locator("a").getAttribute("href"), "https://vinterre.example/security.pdf");
  assert.equal(await resources.first().locator("a").getAttribute("rel"), "noopener noreferrer");
  // It opens in a new tab, and its name says so.
  assert.equal(await resources.first().locator("a").getAttribute("target"), "_blank");
  assert.equal(await resources.getByRole("link", { name: "Security white paper (opens in a new tab)", exact: true }).count(), 1);
  assert.ok((await host.getByTestId("document").count()) > 0, "the documents stay");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the FAQ tab, the roadmap and the resources speak the visitor's language", async () => {
  await publish();
  const expected = {
    de: ["FAQ", "In Arbeit", "Ziel: 2027-Q2", "Weitere Informationen", "Alle Themen"],
    fr: ["FAQ", "En cours", "Échéance\u00a0: 2027-Q2", "Ressources", "Tous les thèmes"],
    es: ["Preguntas frecuentes", "En curso", "Objetivo: 2027-Q2", "Recursos", "Todos los temas"],
    nl: ["Veelgestelde vragen", "In behandeling", "Doel: 2027-Q2", "Meer informatie", "Alle onderwerpen"],
    it: ["Domande frequenti", "In corso", "Obiettivo: 2027-Q2", "Risorse", "Tutti gli argomenti"],
  };
  for (const [lang, [tab, status, target, resources, all]] of Object.entries(expected)) {
    const page = await openPage(ctx.browser);
    await page.goto(ctx.pages.url("blank.html"));
    await page.waitForFunction(() => customElements.get("attest-trust-center"));
    await page.evaluate((lang) => {
      const element = document.createElement("attest-trust-center");
      element.setAttribute("org", "vinterre");
      element.setAttribute("lang", lang);
      document.getElementById("outlet").append(element);
    }, lang);
    const host = page.locator("attest-trust-center");
    await host.getByTestId("roadmap-item").first().waitFor();
    assert.equal(await host.getByTestId("roadmap-status").first().textContent(), status, lang);
    assert.equal(await host.getByTestId("roadmap-target").first().textContent(), target, lang);
    assert.equal(await host.getByTestId("tab-faq").textContent(), tab, lang);
    await host.getByTestId("tab-faq").click();
    await host.getByTestId("view-faq").waitFor();
    assert.equal(await host.getByTestId("faq-topic").locator("option").first().textContent(), all, lang);
    await host.getByTestId("tab-documents").click();
    await host.getByTestId("view-documents").waitFor();
    assert.equal(await host.getByTestId("resources").locator("h3").textContent(), resources, lang);
    await page.context().close();
  }
});

for (const theme of ["light", "dark"]) {
  test(`the overview with its roadmap, the FAQ and the resources are axe clean (${theme})`, async () => {
    await publish();
    const { page, host } = await trustCenter({ bypassCSP: true });
    await page.evaluate((theme) => document.querySelector("attest-trust-center").setAttribute("theme", theme), theme);
    const found = [];
    await host.getByTestId("roadmap-item").first().waitFor();
    for (const violation of await axeViolations(page)) found.push(`overview: ${violation}`);
    await host.getByTestId("tab-faq").click();
    await host.getByTestId("view-faq").waitFor();
    await host.getByTestId("faq").first().locator("summary").click();
    for (const violation of await axeViolations(page)) found.push(`faq: ${violation}`);
    await host.getByTestId("tab-documents").click();
    await host.getByTestId("view-documents").waitFor();
    await host.getByTestId("resource").first().waitFor();
    for (const violation of await axeViolations(page)) found.push(`documents: ${violation}`);
    assert.deepEqual(found, []);
    await page.context().close();
  });
}
