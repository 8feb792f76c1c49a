// Takes the README's screenshots in headless Chromium: starts its own stack, opens the
// sample sites and test pages, and writes docs/*.png.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, startPages, launchBrowser } from "../tests/browser/harness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stack = await startStack();
const pages = await startPages(stack.edge);
const browser = await launchBrowser();

async function shot(file, url, { viewport = { width: 1100, height: 860 }, theme, tab, launcher, clip } = {}) {
  const page = await browser.newPage({ viewport, colorScheme: theme === "dark" ? "dark" : "light" });
  await page.goto(url);
  const host = page.locator("attest-trust-center").first();
  if (theme) await host.evaluate((el, theme) => el.setAttribute("theme", theme), theme);
  if (launcher) await host.getByTestId("launcher").click();
  await host.getByTestId("badge").first().waitFor();
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
  // The content the demo's seeds do not have (FAQs, a roadmap, resources), published on
  // this stack only, for docs/views.md.
  const admin = (p, init = {}) =>
    fetch(`${stack.edge}/v1/admin/orgs/vinterre${p}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json", ...init.headers },
    });
  const current = await admin("/profile");
  const profile = {
    ...(await current.json()),
    faqs: [
      { question: "Where is our data stored?", answer: "In the European Union, in Frankfurt.\n\nBackups stay in the same region.", category: "Data protection" },
      { question: "Do you train models on customer data?", answer: "No.", category: "AI" },
      { question: "Who can see our data?", answer: "Only the support engineers you grant access to, for as long as you grant it.", category: "Data protection" },
    ],
    roadmap: [
      { title: "SOC 2 Type II", description: "The audit window opens in January.", status: "in_progress", target: "2027-Q2" },
      { title: "Customer-managed keys", status: "planned" },
      { title: "Single sign-on for every plan", status: "done", target: "2026-Q3" },
    ],
    resources: [
      { title: "Security white paper", description: "How Vinterre is built and run.", url: "https://vinterre.example/security.pdf", category: "Guides" },
      { title: "Status page", url: "https://status.vinterre.example", category: "Operations" },
    ],
  };
  const saved = await admin("/profile", { method: "PUT", headers: { "if-match": current.headers.get("etag") }, body: JSON.stringify(profile) });
  if (saved.status !== 200) throw new Error(`the content was refused: ${await saved.text()}`);
  const published = await admin("/profile/publish", { method: "POST" });
  if (published.status !== 201) throw new Error(`not published: ${await published.text()}`);
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
