// The side-by-side screenshots of docs/views.md ("Designed"): the overview, the practices
// and the subprocessors at 1280 and 360 px, light and dark, from the sample site's widget.
// `node scripts/design-shots.mjs after` writes docs/views/design/after-*.png; the "before"
// set was taken the same way from the build before the change. With it, the brand: a
// fixture organisation's logo and colours on its hosted page, and the privacy view's
// rights (branded-*.png, rights-*.png).
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startStack, startPages, launchBrowser } from "../tests/browser/harness.mjs";

const label = process.argv[2] || "after";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "docs/views/design");
await mkdir(out, { recursive: true });
const stack = await startStack({ profiles: ["tests/fixtures/profiles"] });
const pages = await startPages(stack.edge);
const browser = await launchBrowser();
try {
  for (const theme of ["light", "dark"]) {
    for (const width of [1280, 360]) {
      for (const view of ["overview", "practices", "subprocessors"]) {
        const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
        await page.goto(pages.url("inline.html"));
        const host = page.locator("attest-trust-center").first();
        await host.evaluate((el, theme) => el.setAttribute("theme", theme), theme);
        await host.getByTestId("badge").first().waitFor();
        await host.getByTestId(`tab-${view}`).click();
        await host.getByTestId(`view-${view}`).waitFor();
        if (view === "practices") await host.getByTestId("practice-section").first().locator("summary").click();
        const file = path.join(out, `${label}-${view}-${width}-${theme}.png`);
        await host.screenshot({ path: file });
        console.log(`design-shots: wrote ${path.relative(root, file)}`);
        await page.close();
      }
    }
  }
  // An organisation with a logo and colours of its own (the acme-complete fixture).
  for (const [width, theme] of [[1280, "light"], [1280, "dark"], [360, "light"]]) {
    const page = await browser.newPage({ viewport: { width, height: 700 }, colorScheme: theme });
    await page.goto(`${stack.edge}/trust/acme-complete`);
    const host = page.locator("attest-trust-center");
    await host.getByTestId("logo").waitFor();
    await page.waitForFunction(() => document.querySelector("attest-trust-center").shadowRoot.querySelector("[data-rendered=edge]") === null);
    await host.evaluate((el, theme) => el.setAttribute("theme", theme), theme);
    await page.waitForFunction(() => [...document.querySelector("attest-trust-center").shadowRoot.querySelectorAll("img.logo")].every((i) => i.complete && i.naturalWidth > 0));
    const file = path.join(out, `branded-${width}-${theme}.png`);
    await page.screenshot({ path: file });
    console.log(`design-shots: wrote ${path.relative(root, file)}`);
    await page.close();
  }
  // The rights a visitor may ask for, before the privacy request form.
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${stack.edge}/trust/vinterre?view=privacy`);
    const host = page.locator("attest-trust-center");
    await page.waitForFunction(() => document.querySelector("attest-trust-center").shadowRoot.querySelector("[data-rendered=edge]") === null);
    const rights = host.getByTestId("rights");
    await rights.waitFor();
    const file = path.join(out, `rights-${width}.png`);
    await rights.screenshot({ path: file });
    console.log(`design-shots: wrote ${path.relative(root, file)}`);
    await page.close();
  }
} finally {
  await browser.close();
  await pages.stop();
  await stack.stop();
}
