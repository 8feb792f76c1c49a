// Takes the README's screenshots in headless Chromium: starts its own stack, opens the
// sample sites and test pages, and writes docs/*.png.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, startPages, launchBrowser } from "../tests/browser/harness.mjs";
import { publishSampleContent } from "../tests/browser/sample-content.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stack = await startStack();
const pages = await startPages(stack.edge);
const browser = await launchBrowser();

async function shot(file, url, { viewport = { width: 1100, height: 860 }, theme, tab, launcher, clip, script = true } = {}) {
  const page = await browser.newPage({ viewport, colorScheme: theme === "dark" ? "dark" : "light", javaScriptEnabled: script });
  await page.goto(url);
  const host = page.locator("attest-trust-center").first();
  if (theme && script) await host.evaluate((el, theme) => el.setAttribute("theme", theme), theme);
  if (launcher) await host.getByTestId("launcher").click();
  await host.getByTestId(script ? "badge" : "trust-center").first().waitFor();
  if (tab) await host.getByTestId(`tab-${tab}`).click();
  // The privacy and report views' forms arrive with their own module.
  if (tab === "privacy") await host.getByTestId("request-form").waitFor();
  if (tab === "report") await host.getByTestId("report-form").waitFor();
  if (tab === "faq") await host.getByTestId("faq").first().locator("summary").click();
  if (clip) {
    // Just the trust center, as tall as the view.
    await host.screenshot({ path: path.join(root, file) });
  } else {
    await page.screenshot({ path: path.join(root, file), fullPage: !launcher });
  }
  console.log(`screenshots: wrote ${file}`);
  await page.close();
}

try {
  await shot("docs/demo-vinterre.png", `${stack.sites}/vinterre/`);
  await shot("docs/demo-wintro.png", `${stack.sites}/wintro/`, { viewport: { width: 1100, height: 640 }, tab: "practices" });
  await shot("docs/widget-subprocessors.png", pages.url("inline.html"), { viewport: { width: 900, height: 700 }, tab: "subprocessors" });
  await shot("docs/widget-dark.png", pages.url("inline.html"), { viewport: { width: 900, height: 700 }, theme: "dark", tab: "report" });
  await shot("docs/widget-launcher-phone.png", pages.url("launcher.html"), { viewport: { width: 360, height: 740 }, launcher: true });
  // Every view in both themes, for docs/views.md.
  for (const theme of ["light", "dark"]) {
    for (const tab of ["overview", "practices", "subprocessors", "documents", "privacy", "report"]) {
      await shot(`docs/views/${tab}-${theme}.png`, pages.url("inline.html"), {
        viewport: { width: 820, height: 640 },
        theme,
        tab,
        clip: true,
      });
    }
  }
  // The hosted page read without JavaScript: one view a page, its tabs links.
  for (const theme of ["light", "dark"]) {
    for (const view of ["practices", "subprocessors", "report"]) {
      await shot(`docs/views/hosted-${view}-${theme}.png`, `${stack.edge}/trust/vinterre?view=${view}`, {
        viewport: { width: 820, height: 900 },
        theme,
        script: false,
      });
    }
  }
  // The content the demo's seeds do not have (FAQs, a roadmap, resources), published on
  // this stack only, for docs/views.md.
  await publishSampleContent(stack);
  for (const theme of ["light", "dark"]) {
    for (const [file, tab] of [["faq", "faq"], ["roadmap", "overview"], ["resources", "documents"]]) {
      await shot(`docs/views/${file}-${theme}.png`, pages.url("inline.html"), { viewport: { width: 820, height: 640 }, theme, tab, clip: true });
    }
  }
} finally {
  await browser.close();
  await pages.stop();
  await stack.stop();
}
