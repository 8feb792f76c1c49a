// Takes the README's screenshots of the demo in headless Chromium: starts its own stack,
// opens each sample site, waits for the trust center and writes docs/*.png.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, launchBrowser } from "../tests/browser/harness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shots = [
  { file: "docs/demo-vinterre.png", site: "/vinterre/", viewport: { width: 1100, height: 860 } },
  { file: "docs/demo-wintro.png", site: "/wintro/", viewport: { width: 1100, height: 640 } },
];

const stack = await startStack();
const browser = await launchBrowser();
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport });
    await page.goto(stack.sites + shot.site);
    await page.locator("attest-trust-center").getByTestId("badge").first().waitFor();
    await page.screenshot({ path: path.join(root, shot.file), fullPage: true });
    console.log(`screenshots: wrote ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}
