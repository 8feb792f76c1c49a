// The widget speaks English, German, French, Spanish, Dutch and Italian: chosen by
// data-lang, then the browser's language, falling back to English. The organisation's
// own content is shown as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage } from "./harness.mjs";

const ctx = suite();

/** Mounts one trust center per `lang` value (null: no attribute) on a blank page. */
async function mount(page, langs) {
  await page.goto(ctx.pages.url("blank.html"));
  await page.waitForFunction(() => customElements.get("attest-trust-center"));
  await page.evaluate((langs) => {
    for (const [i, lang] of langs.entries()) {
      const element = document.createElement("attest-trust-center");
      element.id = `tc${i}`;
      element.setAttribute("org", "vinterre");
      if (lang) element.setAttribute("lang", lang);
      document.getElementById("outlet").append(element);
    }
  }, langs);
  for (let i = 0; i < langs.length; i++) {
    await page.locator(`#tc${i}`).getByTestId("badge").first().waitFor();
  }
}

const EXPECTED = {
  en: { tab: "Overview", status: "Compliant", updated: "Last updated" },
  de: { tab: "Überblick", status: "Erfüllt", updated: "Zuletzt aktualisiert" },
  fr: { tab: "Aperçu", status: "Conforme", updated: "Dernière mise à jour" },
  es: { tab: "Resumen", status: "Cumple", updated: "Última actualización" },
  nl: { tab: "Overzicht", status: "Voldoet", updated: "Laatst bijgewerkt" },
  it: { tab: "Panoramica", status: "Conforme", updated: "Ultimo aggiornamento" },
};

test("data-lang chooses each of the six languages; the content stays as written", async () => {
  const page = await openPage(ctx.browser, { locale: "en-US" });
  const langs = Object.keys(EXPECTED);
  await mount(page, langs);
  for (const [i, lang] of langs.entries()) {
    const host = page.locator(`#tc${i}`);
    assert.equal(await host.getByRole("tab").first().textContent(), EXPECTED[lang].tab, lang);
    assert.equal(await host.locator(".badge-status").first().textContent(), EXPECTED[lang].status, lang);
    assert.ok((await host.getByTestId("last-updated").textContent()).startsWith(EXPECTED[lang].updated), lang);
    assert.equal(await host.getByTestId("org-name").textContent(), "Vinterre");
    assert.equal(await host.locator(".attest").getAttribute("lang"), lang);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("dates are written the language's way", async () => {
  const page = await openPage(ctx.browser);
  await mount(page, ["en", "de"]);
  const datetime = await page.locator("#tc0 time").getAttribute("datetime");
  const [y, m, d] = datetime.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  for (const [i, tag] of ["en", "de"].entries()) {
    const expected = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(day);
    assert.equal(await page.locator(`#tc${i} time`).textContent(), expected);
  }
  assert.match(await page.locator("#tc1 time").textContent(), /^\d{1,2}\. \S+ \d{4}$/, "German: 25. November 2026");
  await page.context().close();
});

test("without data-lang the browser's language is used, and English when it is not offered", async () => {
  for (const [locale, tab] of [["fr-FR", "Aperçu"], ["nl-BE", "Overzicht"], ["pt-BR", "Overview"]]) {
    const page = await openPage(ctx.browser, { locale });
    await mount(page, [null]);
    assert.equal(await page.locator("#tc0").getByRole("tab").first().textContent(), tab, locale);
    await page.context().close();
  }
});

test("an error is told in the visitor's language", async () => {
  const page = await openPage(ctx.browser, { locale: "de-DE" });
  await page.goto(ctx.pages.url("unknown-org.html"));
  const error = page.locator("attest-trust-center").getByTestId("load-error");
  await error.waitFor();
  assert.match(await error.textContent(), /Für „no-such-org“ ist kein Trust Center veröffentlicht/);
  await page.context().close();
});
