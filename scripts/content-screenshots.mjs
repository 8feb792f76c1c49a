// Takes docs/console.md's screenshots of the trust content editor in headless Chromium:
// starts its own stack, subscribes a reader to Vinterre's subprocessor changes (proof of
// work solved here), then signs in as the demo's editor, changes a subprocessor, adds
// one and a FAQ, and photographs the form (with a field in error), the preview in the
// real widget, the review with the subscribers' e-mail, the versions, and a colleague's
// stale save as a conflict; light and dark.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, launchBrowser, signInToVinterre } from "../tests/browser/harness.mjs";
import { confirmedSubscriber } from "../tests/browser/sample-content.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stack = await startStack();
const browser = await launchBrowser();
const edge = stack.edge;

async function shot(page, file, { full = true } = {}) {
  await page.screenshot({ path: path.join(root, file), fullPage: full });
  console.log(`screenshots: wrote ${file}`);
}

async function editor(theme, email, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: theme });
  const page = await context.newPage();
  await signInToVinterre(page, edge, email, password);
  await page.goto(`${edge}/console/orgs/vinterre/content`);
  await page.getByTestId("save-draft").waitFor();
  return { context, page };
}

const input = (page, at) => page.getByTestId(`field-${at}`).locator("input, textarea, select");

try {
  await confirmedSubscriber(stack, "procurement@customer.example", "203.0.113.7");
  for (const theme of ["light", "dark"]) {
    const suffix = theme === "dark" ? "-dark" : "";
    const { context, page } = await editor(theme, "eda.editor@vinterre.example", "demo-editor");
    await page.getByTestId("section-subprocessors").click();
    const items = page.getByTestId("item-subprocessors");
    if (theme === "light") {
      await items.nth(1).locator("summary").click();
      await input(page, "subprocessors[1].location").fill("Frankfurt, Germany");
      await page.getByTestId("add-subprocessors").click();
      const n = (await items.count()) - 1;
      await input(page, `subprocessors[${n}].name`).fill("Mailjet");
      await input(page, `subprocessors[${n}].purpose`).fill("Transactional e-mail");
      await input(page, `subprocessors[${n}].location`).fill("France");
      await input(page, `subprocessors[${n}].plannedFrom`).fill("2027-02-01");
      await page.getByTestId("section-faqs").click();
      await page.getByTestId("add-faqs").click();
      await input(page, "faqs[0].question").fill("Where is our data stored?");
      await input(page, "faqs[0].answer").fill("In the European Union: Frankfurt for the application, Dublin for backups.");
      await input(page, "faqs[0].category").fill("Data");
      await page.getByTestId("save-draft").click();
      await page.getByTestId("save-state").filter({ hasText: "eda.editor" }).waitFor();
      await page.getByTestId("section-subprocessors").click();
    }
    // The form, with a field in error as it is typed.
    await items.nth(1).locator("summary").click();
    await input(page, "subprocessors[1].website").fill("http://datadoghq.com");
    await page.getByTestId("field-subprocessors[1].website").getByTestId("field-error").waitFor();
    await shot(page, `docs/console-content-edit${suffix}.png`);
    await input(page, "subprocessors[1].website").fill("");

    await page.getByTestId("tab-preview").click();
    const widget = page.locator("attest-trust-center[preview]");
    await widget.getByTestId("tab-subprocessors").click();
    await widget.getByTestId("subprocessor").filter({ hasText: "Frankfurt, Germany" }).waitFor();
    await page.getByTestId("preview-theme").selectOption(theme);
    await shot(page, `docs/console-content-preview${suffix}.png`, { full: false });

    await page.getByTestId("tab-review").click();
    await page.getByTestId("review-email").waitFor();
    await shot(page, `docs/console-content-review${suffix}.png`);

    await context.close();
  }

  const { context, page } = await editor("light", "eda.editor@vinterre.example", "demo-editor");
  await page.getByTestId("tab-file").click();
  await shot(page, "docs/console-content-file.png", { full: false });
  // A colleague saves the tagline while the editor changes it too.
  const colleague = await editor("light", "adam.admin@vinterre.example", "demo-admin");
  await page.getByTestId("tab-edit").click();
  await page.getByTestId("section-organisation").click();
  await input(colleague.page, "tagline").fill("Security, privacy and reliability, audited every year.");
  await colleague.page.getByTestId("save-draft").click();
  await colleague.page.getByTestId("save-state").filter({ hasText: "adam.admin" }).waitFor();
  await colleague.context.close();
  await input(page, "tagline").fill("Security, privacy and reliability are at the core of what we build.");
  await page.getByTestId("save-draft").click();
  await page.getByTestId("conflict").waitFor();
  await shot(page, "docs/console-content-conflict.png", { full: false });
  await page.getByTestId("resolve-conflict").click();
  await page.getByTestId("save-state").filter({ hasText: "eda.editor" }).waitFor();
  // Published, the versions name who.
  await page.getByTestId("tab-review").click();
  await page.getByTestId("publish").click();
  await page.getByTestId("published").waitFor();
  await page.getByTestId("tab-versions").click();
  await page.getByTestId("version").first().locator("summary").click();
  await page.getByTestId("version").first().locator(".change-group, .field-changes").first().waitFor();
  await shot(page, "docs/console-content-versions.png");
  await context.close();
} finally {
  await browser.close();
  await stack.stop();
}
