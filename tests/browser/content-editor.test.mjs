// The console's trust content editor, in headless Chromium against the real edge: an
// editor changes a subprocessor's location and adds a FAQ, sees both in the real widget's
// preview, reviews the diff and the subscribers' e-mail, publishes, and the demo site's
// widget shows them; a colleague's stale save becomes a conflict, not a loss; every rule
// `core` checks is shown at its field as it is typed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, openConsolePage, signInToVinterre, axeViolations } from "./harness.mjs";
import { confirmedSubscriber } from "./sample-content.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;

const admin = (path, init = {}) =>
  fetch(`${edge()}/v1/admin/orgs/vinterre${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json", ...init.headers },
  });

async function openEditor(browser, email, password) {
  const { context, page } = await openConsolePage(browser, { viewport: { width: 1280, height: 900 } });
  await signInToVinterre(page, edge(), email, password);
  await page.getByTestId("nav-content").click();
  await page.getByTestId("save-draft").waitFor();
  return { context, page };
}

const field = (page, path) => page.getByTestId(`field-${path}`);
const input = (page, path) => field(page, path).locator("input, textarea, select");

/** Opens the subprocessor named `name` in the form; resolves on its index. */
async function openSubprocessor(page, name) {
  await page.getByTestId("section-subprocessors").click();
  const headings = await page.getByTestId("item-subprocessors").locator("[data-testid=item-heading]").allTextContents();
  const index = headings.indexOf(name);
  assert.ok(index >= 0, headings.join(", "));
  await page.getByTestId("item-subprocessors").nth(index).locator("summary").click();
  return index;
}

test("an editor changes a subprocessor and adds a FAQ, previews, reviews and publishes them", async () => {
  // A confirmed subscriber, to be told of the change.
  await confirmedSubscriber(ctx.stack, "vendor-review@customer.example");
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");

  const datadog = await openSubprocessor(page, "Datadog");
  const location = input(page, `subprocessors[${datadog}].location`);
  const before = await location.inputValue();
  await location.fill("Frankfurt, Germany");
  await page.getByTestId("section-faqs").click();
  await page.getByTestId("add-faqs").click();
  await input(page, "faqs[0].question").fill("Where is our data stored?");
  await input(page, "faqs[0].answer").fill("In the European Union, in Frankfurt.");
  await input(page, "faqs[0].category").fill("Data");
  assert.match(await page.getByTestId("save-state").textContent(), /Unsaved/);
  await page.getByTestId("save-draft").click();
  await page.getByTestId("save-state").filter({ hasText: "eda.editor@vinterre.example" }).waitFor();
  assert.equal(await page.getByTestId("field-error").count(), 0);

  // The real widget shows the saved draft.
  await page.getByTestId("tab-preview").click();
  const widget = page.locator("attest-trust-center[preview]");
  await widget.getByTestId("tab-subprocessors").click();
  await widget.getByTestId("view-subprocessors").waitFor();
  await widget.getByTestId("subprocessor").filter({ hasText: "Frankfurt, Germany" }).waitFor();
  await widget.getByTestId("tab-faq").click();
  await widget.getByTestId("view-faq").waitFor();
  await widget.getByTestId("faq").filter({ hasText: "Where is our data stored?" }).waitFor();
  // In another language and theme, still the draft.
  await page.getByTestId("preview-lang").selectOption("de");
  await page.locator("attest-trust-center[preview][lang=de]").getByTestId("tab-faq").click();
  await page.locator("attest-trust-center[preview][lang=de]").getByTestId("view-faq").waitFor();
  await page.locator("attest-trust-center[preview][lang=de]").getByTestId("faq").filter({ hasText: "Where is our data stored?" }).waitFor();
  await page.getByTestId("preview-theme").selectOption("dark");
  assert.equal(await page.locator("attest-trust-center[preview]").getAttribute("theme"), "dark");
  // Visitors still see the published profile.
  const publicProfile = await (await fetch(`${edge()}/v1/orgs/vinterre`)).json();
  assert.equal(publicProfile.faqs, undefined);

  // The review: the fields, the subprocessor change, and the subscribers' e-mail.
  await page.getByTestId("tab-review").click();
  await page.getByTestId("review").waitFor();
  assert.match(await page.getByTestId("review-fields").textContent(), /FAQs/);
  const changed = await page.getByTestId("review-changed").textContent();
  assert.ok(changed.includes("Datadog") && changed.includes(`${before} → Frankfurt, Germany`), changed);
  assert.match(await page.getByTestId("review-subscribers").textContent(), /: 1$/);
  const email = await page.getByTestId("review-email").textContent();
  assert.match(email, /Vinterre subprocessors: changed Datadog/i);
  assert.ok(email.includes("Frankfurt, Germany"), email);
  await page.getByTestId("publish").click();
  await page.getByTestId("published").waitFor();
  await page.getByTestId("review-nothing").waitFor();
  const sent = (await (await admin("/outbox?limit=500")).json()).messages.filter((m) => m.to === "vendor-review@customer.example" && m.purpose === "subprocessor_change");
  assert.equal(sent.length, 1);
  assert.ok(email.includes(sent[0].subject), `${sent[0].subject} was reviewed`);

  // The demo site's widget shows both.
  const visitor = await openPage(ctx.browser);
  await visitor.goto(`${ctx.stack.sites}/vinterre/`);
  const host = visitor.locator("attest-trust-center");
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("view-subprocessors").waitFor();
  await host.getByTestId("subprocessor").filter({ hasText: "Frankfurt, Germany" }).waitFor();
  await host.getByTestId("tab-faq").click();
  await host.getByTestId("view-faq").waitFor();
  await host.getByTestId("faq").filter({ hasText: "Where is our data stored?" }).waitFor();
  assert.deepEqual(visitor.problems, []);
  await visitor.context().close();

  // The versions name who published; the save and the publish are the member's in the
  // audit log.
  await page.getByTestId("tab-versions").click();
  await page.getByTestId("version").first().filter({ hasText: "eda.editor@vinterre.example" }).waitFor();
  const { entries } = await (await admin("/audit?target=profile")).json();
  const mine = entries.filter((e) => e.actor === "member:eda.editor@vinterre.example").map((e) => e.action);
  assert.ok(mine.includes("profile.draft_saved") && mine.includes("profile.published"), mine.join(", "));

  // Restoring the first version publishes it again as a new one.
  const restore = page.getByTestId("version").last().getByTestId("restore-version");
  await restore.click();
  await page.getByTestId("version").last().getByTestId("confirm").click();
  await page.getByTestId("restored").waitFor();
  const restored = await (await fetch(`${edge()}/v1/orgs/vinterre`)).json();
  assert.equal(restored.faqs, undefined);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("a colleague's stale save is shown as a conflict, field by field, and nothing is lost", async () => {
  const first = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  const second = await openEditor(ctx.browser, "adam.admin@vinterre.example", "demo-admin");

  // The first editor changes the tagline and the website, and saves.
  await input(first.page, "tagline").fill("Security first, from the editor.");
  await input(first.page, "website").fill("https://vinterre.example");
  await first.page.getByTestId("save-draft").click();
  await first.page.getByTestId("save-state").filter({ hasText: "eda.editor" }).waitFor();

  // The second, who opened the draft before, changes the tagline and a commitment.
  await input(second.page, "tagline").fill("Security first, from the admin.");
  await second.page.getByTestId("section-commitments").click();
  await input(second.page, "commitments.breachNotificationHours").fill("48");
  await second.page.getByTestId("save-draft").click();
  const conflict = second.page.getByTestId("conflict");
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /Someone changed this since you opened it/);
  assert.match(await conflict.textContent(), /eda\.editor@vinterre\.example/);
  const clashes = conflict.getByTestId("clash");
  assert.equal(await clashes.count(), 1, "only the tagline clashes");
  assert.equal(await clashes.getByTestId("clash-mine").textContent(), "Security first, from the admin.");
  assert.equal(await clashes.getByTestId("clash-theirs").textContent(), "Security first, from the editor.");
  assert.match(await conflict.getByTestId("conflict-merged").textContent(), /Website/);
  // Keep theirs for the tagline; the admin's commitment stays, the editor's website too.
  await clashes.getByTestId("keep-theirs").check();
  await conflict.getByTestId("resolve-conflict").click();
  await second.page.getByTestId("save-state").filter({ hasText: "adam.admin" }).waitFor();
  const draft = await (await admin("/profile")).json();
  assert.equal(draft.tagline, "Security first, from the editor.");
  assert.equal(draft.website, "https://vinterre.example");
  assert.equal(draft.commitments.breachNotificationHours, 48);

  // Now the first editor is the stale one: keeping their own tagline wins it back.
  await input(first.page, "tagline").fill("Security first, said twice.");
  await first.page.getByTestId("save-draft").click();
  await first.page.getByTestId("conflict").waitFor();
  assert.equal(await first.page.getByTestId("clash").count(), 0, "the tagline was theirs already: nothing clashes");
  assert.match(await first.page.getByTestId("conflict-merged").textContent(), /Breach notification/);
  await first.page.getByTestId("resolve-conflict").click();
  await first.page.getByTestId("save-state").filter({ hasText: "eda.editor" }).waitFor();
  const after = await (await admin("/profile")).json();
  assert.equal(after.tagline, "Security first, said twice.");
  assert.equal(after.commitments.breachNotificationHours, 48);
  assert.deepEqual(first.page.problems, []);
  assert.deepEqual(second.page.problems, []);
  await first.context.close();
  await second.context.close();
});

test("the TOML file and the forms edit one draft, and a file that breaks a rule says where", async () => {
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  await page.getByTestId("tab-file").click();
  const file = page.getByTestId("profile-file");
  const text = await file.inputValue();
  assert.match(text, /^org = "vinterre"/);
  assert.match(text, /\[\[subprocessors\]\]/);
  await file.fill(text.replace(/^name = "Vinterre"$/m, 'name = "Vinterre AB"'));
  await page.getByTestId("file-applied").waitFor();
  await file.fill(text.replace(/^name = "Vinterre"$/m, 'name = "Vinterre AB"\nwebsite = "http://insecure.example"'));
  const error = await page.getByTestId("file-error").textContent();
  assert.match(error, /line \d+/, error);
  assert.match(error, /https:\/\//, error);
  // A text that does not read is not dropped by a save.
  await page.getByTestId("save-draft").click();
  await page.getByTestId("editor-notice").filter({ hasText: "The TOML file does not read yet" }).waitFor();
  assert.match(await file.inputValue(), /insecure\.example/);
  assert.notEqual((await (await admin("/profile")).json()).name, "Vinterre AB");
  await page.getByTestId("tab-edit").click();
  await page.getByTestId("section-organisation").click();
  assert.equal(await input(page, "name").inputValue(), "Vinterre AB", "the last text that read is the draft");
  assert.notEqual(await input(page, "website").inputValue(), "http://insecure.example");
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("unsaved changes survive leaving the screen and a reload, and come back as they were", async () => {
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  await input(page, "tagline").fill("Typed, not saved.");
  await page.getByTestId("nav-audit").click();
  await page.getByTestId("audit-entry").first().waitFor();
  await page.getByTestId("nav-content").click();
  await page.getByTestId("editor-notice").filter({ hasText: "unsaved changes from before" }).waitFor();
  assert.equal(await input(page, "tagline").inputValue(), "Typed, not saved.");
  assert.match(await page.getByTestId("save-state").textContent(), /Unsaved/);
  // Leaving the page with unsaved changes asks first.
  const asked = [];
  page.on("dialog", (dialog) => {
    asked.push(dialog.type());
    dialog.accept();
  });
  await page.reload();
  await page.getByTestId("editor-notice").waitFor();
  assert.equal(await input(page, "tagline").inputValue(), "Typed, not saved.");
  assert.deepEqual(asked, ["beforeunload"]);
  // Saved, nothing is kept any more.
  await page.getByTestId("save-draft").click();
  await page.getByTestId("save-state").filter({ hasText: "eda.editor" }).waitFor();
  await page.reload();
  await page.getByTestId("save-draft").waitFor();
  assert.equal(await page.getByTestId("editor-notice").count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

// Each rule `core` checks, broken in the form, said at its field; mended, the message goes.
const RULES = [
  ["a required text", "organisation", "name", "", /is required/],
  ["a text too long", "organisation", "name", "V".repeat(201), /at most \d+ characters/],
  ["a link that is not https", "organisation", "website", "javascript:alert(1)", /https:\/\//],
  ["a language tag", "organisation", "languages", "english please", /line 1/],
  ["a date", "organisation", "lastUpdated", "2026-13-45", /./],
  ["an origin", "origins", "allowedOrigins", "ftp://files.example", /line 1/],
  ["a whole number", "commitments", "commitments.breachNotificationHours", "soon", /whole number/],
  ["a number in its range", "commitments", "commitments.breachNotificationHours", "0", /between 1 and 8760/],
  ["an e-mail address", "contacts", "contacts.security.email", "not-an-address", /./],
  ["a contact with neither e-mail nor link", "contacts", "contacts.security.name", "Security team", /needs an email or a url/, "contacts.security"],
  ["a body's paragraphs", "policies", "vulnerabilityDisclosure.intro", "x".repeat(5001), /at most 5000/],
];

test("every rule core checks is shown at its field as it is typed", async (t) => {
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  for (const [name, section, path, value, message, at = path] of RULES) {
    await t.test(name, async () => {
      await page.getByTestId(`section-${section}`).click();
      const box = input(page, path);
      const original = await box.inputValue();
      await box.fill(value);
      const shown = field(page, at).getByTestId("field-error");
      await shown.waitFor();
      assert.match(await shown.textContent(), message);
      if (at === path) assert.equal(await box.getAttribute("aria-invalid"), "true");
      assert.ok(Number(await page.getByTestId(`section-${section}`).getByTestId("section-errors").textContent()) >= 1);
      await box.fill(original);
      await shown.waitFor({ state: "detached" });
    });
  }

  // Rules across fields, in lists: each at the field it names.
  await t.test("a PCI-DSS badge needs its level", async () => {
    await page.getByTestId("section-badges").click();
    await page.getByTestId("add-badges").click();
    const n = (await page.getByTestId("item-badges").count()) - 1;
    await input(page, `badges[${n}].framework`).selectOption("pci_dss");
    assert.match(await field(page, `badges[${n}].level`).getByTestId("field-error").textContent(), /required for PCI-DSS/);
    await input(page, `badges[${n}].level`).fill("1");
    await input(page, `badges[${n}].scope`).selectOption("inherited");
    assert.match(await field(page, `badges[${n}].provider`).getByTestId("field-error").textContent(), /inherited badge/);
    await input(page, `badges[${n}].provider`).fill("AWS");
    await input(page, `badges[${n}].issued`).fill("2026-05-01");
    await input(page, `badges[${n}].expires`).fill("2026-01-01");
    assert.match(await field(page, `badges[${n}].expires`).getByTestId("field-error").textContent(), /after issued/);
    await page.getByTestId("item-badges").nth(n).getByTestId("remove-item").click();
    assert.equal(await page.getByTestId("section-badges").getByTestId("section-errors").count(), 0);
  });

  await t.test("a public document needs no link (its file is served), a planned date comes after since, a FAQ is asked once", async () => {
    await page.getByTestId("section-documents").click();
    await page.getByTestId("add-documents").click();
    const d = (await page.getByTestId("item-documents").count()) - 1;
    await input(page, `documents[${d}].id`).fill("bad id!");
    assert.match(await field(page, `documents[${d}].id`).getByTestId("field-error").textContent(), /./);
    await input(page, `documents[${d}].id`).fill("report");
    await input(page, `documents[${d}].title`).fill("Report");
    await input(page, `documents[${d}].access`).selectOption("public");
    await input(page, `documents[${d}].url`).fill("http://insecure.example/report.pdf");
    assert.match(await field(page, `documents[${d}].url`).getByTestId("field-error").textContent(), /./);
    await input(page, `documents[${d}].url`).fill("");
    assert.equal(await field(page, `documents[${d}].url`).getByTestId("field-error").count(), 0, "no link needed: the edge serves its file");
    await page.getByTestId("item-documents").nth(d).getByTestId("remove-item").click();

    const s = await openSubprocessor(page, "Datadog");
    await input(page, `subprocessors[${s}].since`).fill("2026-06-01");
    await input(page, `subprocessors[${s}].plannedFrom`).fill("2026-01-01");
    assert.match(await field(page, `subprocessors[${s}].plannedFrom`).getByTestId("field-error").textContent(), /not be before since/);
    await input(page, `subprocessors[${s}].since`).fill("");
    await input(page, `subprocessors[${s}].plannedFrom`).fill("");

    await page.getByTestId("section-faqs").click();
    for (const question of ["Is data encrypted?", "is data  ENCRYPTED?"]) {
      await page.getByTestId("add-faqs").click();
      const f = (await page.getByTestId("item-faqs").count()) - 1;
      await input(page, `faqs[${f}].question`).fill(question);
      await input(page, `faqs[${f}].answer`).fill("Yes.");
      await input(page, `faqs[${f}].category`).fill("Security");
    }
    const last = (await page.getByTestId("item-faqs").count()) - 1;
    assert.match(await field(page, `faqs[${last}].question`).getByTestId("field-error").textContent(), /asked by another FAQ/);
    await page.getByTestId("section-roadmap").click();
    await page.getByTestId("add-roadmap").click();
    await input(page, "roadmap[0].title").fill("Passkeys for all");
    await input(page, "roadmap[0].target").fill("2027-Q5");
    assert.match(await field(page, "roadmap[0].target").getByTestId("field-error").textContent(), /./);
  });

  await t.test("a custom badge needs its name, an own badge no provider, a badge's document must exist", async () => {
    await page.getByTestId("section-badges").click();
    await page.getByTestId("add-badges").click();
    const n = (await page.getByTestId("item-badges").count()) - 1;
    const error = (at) => field(page, `badges[${n}].${at}`).getByTestId("field-error");
    await input(page, `badges[${n}].framework`).selectOption("custom");
    assert.match(await error("name").textContent(), /required for a custom framework/);
    await input(page, `badges[${n}].name`).fill("Cyber Essentials");
    await input(page, `badges[${n}].provider`).fill("AWS");
    assert.match(await error("provider").textContent(), /only for inherited badges/);
    await input(page, `badges[${n}].provider`).fill("");
    await input(page, `badges[${n}].document`).fill("no-such-document");
    assert.match(await error("document").textContent(), /names no document/);
    await page.getByTestId("item-badges").nth(n).getByTestId("remove-item").click();
  });

  await t.test("a practice category appears once, a practice needs a title or a text", async () => {
    await page.getByTestId("section-practices").click();
    await page.getByTestId("add-practices").click();
    const n = (await page.getByTestId("item-practices").count()) - 1;
    // The new section's category is the first one, which Vinterre already has.
    const first = await input(page, `practices[${n}].category`).inputValue();
    const taken = await page.locator(`[data-testid^="field-practices["][data-testid$="].category"] select`).evaluateAll((s) => s.map((x) => x.value));
    assert.ok(taken.filter((v) => v === first).length >= 1);
    await input(page, `practices[${n}].category`).selectOption("privacy");
    assert.match(await field(page, `practices[${n}].category`).getByTestId("field-error").textContent(), /appears twice/);
    await input(page, `practices[${n}].category`).selectOption("secure_development");
    await page.getByTestId("add-items").last().click();
    assert.match(await field(page, `practices[${n}].items[0]`).getByTestId("field-error").first().textContent(), /needs a title or a body/);
    await page.getByTestId("item-practices").nth(n).getByTestId("remove-item").last().click();
  });

  await t.test("a document id is used once, a document on request has no link, an NDA document needs the NDA", async () => {
    await page.getByTestId("section-documents").click();
    await page.getByTestId("add-documents").click();
    const d = (await page.getByTestId("item-documents").count()) - 1;
    await input(page, `documents[${d}].id`).fill("confidentiality-agreements");
    await input(page, `documents[${d}].title`).fill("Another");
    assert.match(await field(page, `documents[${d}].id`).getByTestId("field-error").textContent(), /used by another document/);
    await input(page, `documents[${d}].id`).fill("soc2");
    await input(page, `documents[${d}].access`).selectOption("on_request");
    await input(page, `documents[${d}].url`).fill("https://vinterre.example/soc2.pdf");
    assert.match(await field(page, `documents[${d}].url`).getByTestId("field-error").textContent(), /must be left out/);
    await input(page, `documents[${d}].url`).fill("");
    await input(page, `documents[${d}].access`).selectOption("nda");
    assert.match(await field(page, `documents[${d}].access`).getByTestId("field-error").textContent(), /needs the NDA/);
    await page.getByTestId("section-policies").click();
    await input(page, "nda.version").fill("2026-12");
    assert.match(await field(page, "nda.text").getByTestId("field-error").textContent(), /is required/);
    await input(page, "nda.version").fill("");
    await page.getByTestId("section-documents").click();
    await page.getByTestId("item-documents").nth(d).locator("summary").click();
    await page.getByTestId("item-documents").nth(d).getByTestId("remove-item").click();
  });

  await t.test("a roadmap title and a resource's title and link are used once", async () => {
    await page.getByTestId("section-roadmap").click();
    await page.getByTestId("item-roadmap").first().locator("summary").click();
    await input(page, "roadmap[0].target").fill("2027-Q2");
    await page.getByTestId("add-roadmap").click();
    await input(page, "roadmap[1].title").fill("passkeys  FOR all");
    assert.match(await field(page, "roadmap[1].title").getByTestId("field-error").textContent(), /title of another roadmap item/);
    await page.getByTestId("section-resources").click();
    for (const title of ["Security whitepaper", "Security Whitepaper"]) {
      await page.getByTestId("add-resources").click();
      const r = (await page.getByTestId("item-resources").count()) - 1;
      await input(page, `resources[${r}].title`).fill(title);
      await input(page, `resources[${r}].url`).fill("https://vinterre.example/whitepaper.pdf");
      await input(page, `resources[${r}].category`).fill("Guides");
    }
    assert.match(await field(page, "resources[1].url").getByTestId("field-error").textContent(), /link of another resource/);
    assert.match(await field(page, "resources[1].title").getByTestId("field-error").textContent(), /title of another resource/);
  });

  await t.test("a profile names at least one language", async () => {
    await page.getByTestId("section-organisation").click();
    await input(page, "languages").fill("");
    assert.match(await field(page, "languages").getByTestId("field-error").textContent(), /at least one language/);
    await input(page, "languages").fill("en");
  });

  await t.test("the organisation's colours: a colour is #rrggbb, and a low contrast is refused with its ratio", async () => {
    await page.getByTestId("section-organisation").click();
    await input(page, "brand.accent").fill("purple");
    assert.match(await field(page, "brand.accent").getByTestId("field-error").textContent(), /# and six hexadecimal digits/);
    // A yellow accent: 1.5:1 on the white background, and white text on it the same.
    await input(page, "brand.accent").fill("#ffcc00");
    await input(page, "brand.accentText").fill("#ffffff");
    assert.match(await field(page, "brand.accent").getByTestId("field-error").textContent(), /contrast of 1\.5:1 with the white background.*4\.5:1/);
    assert.match(await field(page, "brand.accentText").getByTestId("field-error").textContent(), /contrast of 1\.5:1 with the accent colour.*4\.5:1/);
    // Only one of the two: the other is asked for.
    await input(page, "brand.accent").fill("#5b2a86");
    await input(page, "brand.accentText").fill("");
    assert.match(await field(page, "brand.accentText").getByTestId("field-error").textContent(), /required/);
    await input(page, "brand.accentText").fill("#ffffff");
    assert.equal(await field(page, "brand.accent").getByTestId("field-error").count(), 0);
    assert.equal(await field(page, "brand.accentText").getByTestId("field-error").count(), 0);
    await input(page, "brand.accent").fill("");
    await input(page, "brand.accentText").fill("");
  });

  await t.test("a draft with errors is not saved, and says how many are left", async () => {
    await page.getByTestId("save-draft").click();
    assert.match(await page.getByTestId("editor-notice").textContent(), /Correct the fields marked before saving/);
    const profile = await (await admin("/profile")).json();
    assert.equal((profile.roadmap || []).length, 0, "nothing was sent");
  });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the organisation's logo: a hostile SVG is refused with why, a good one uploads, shows and is saved", async () => {
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  await page.getByTestId("section-organisation").click();
  const logo = field(page, "brand.logo");
  const file = logo.getByTestId("logo-file");
  const svg = (inner) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">${inner}</svg>`);
  assert.equal(await logo.getByTestId("logo-preview").count(), 0, "Vinterre has no logo yet");

  // Refused by the edge, with the reason: nothing is named in the draft.
  await file.setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: svg('<rect width="40" height="40"/><script>alert(document.cookie)</script>') });
  const refused = logo.getByTestId("logo-error");
  await refused.waitFor();
  assert.match(await refused.textContent(), /Not uploaded\. The file has a <script> element: a logo may not run code\./);
  assert.equal(await file.getAttribute("aria-invalid"), "true");
  await field(page, "brand").screenshot({ path: "target/console-logo-refused.png" });
  await file.setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: svg('<image href="https://tracker.example/p.png" width="1" height="1"/>') });
  await logo.getByTestId("logo-error").filter({ hasText: "refers outside itself" }).waitFor();
  await file.setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: svg('<rect width="40" height="40" onload="alert(1)"/>') });
  await logo.getByTestId("logo-error").filter({ hasText: "event attribute (onload=" }).waitFor();
  // Refused before it is sent: not an SVG or PNG.
  await file.setInputFiles({ name: "logo.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
  await logo.getByTestId("logo-error").filter({ hasText: "Choose an SVG or a PNG file." }).waitFor();
  assert.equal(await logo.getByTestId("logo-preview").count(), 0);

  // A logo that is only a picture: kept, shown as it will be, named in the draft.
  await file.setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: svg('<rect width="40" height="40" rx="8" fill="#1f4e79"/><path d="M10 12h20L20 30z" fill="#fff"/>') });
  await logo.getByTestId("logo-uploaded").waitFor();
  assert.equal(await logo.getByTestId("logo-error").count(), 0);
  assert.equal(await file.getAttribute("aria-invalid"), null);
  const preview = logo.getByTestId("logo-preview");
  await preview.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await preview.elementHandle());
  assert.match(await preview.getAttribute("src"), /^\/v1\/orgs\/vinterre\/logos\/[0-9a-f]{16}\.svg$/);
  await page.getByTestId("save-draft").click();
  await page.getByTestId("save-state").filter({ hasText: "eda.editor@vinterre.example" }).waitFor();
  const draft = await (await admin("/profile")).json();
  assert.equal(`/v1/orgs/vinterre/logos/${draft.brand.logo}`, await preview.getAttribute("src"));
  await field(page, "brand").screenshot({ path: "target/console-logo.png" });

  // The preview shows the draft's logo beside the name.
  await page.getByTestId("tab-preview").click();
  const shown = page.locator("attest-trust-center[preview]").getByTestId("logo");
  await shown.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await shown.elementHandle());
  await page.getByTestId("tab-edit").click();

  // Removed again, and saved: the draft names no logo.
  await page.getByTestId("section-organisation").click();
  await field(page, "brand.logo").getByTestId("logo-remove").click();
  assert.equal(await field(page, "brand.logo").getByTestId("logo-preview").count(), 0);
  await page.getByTestId("save-state").filter({ hasText: "Unsaved" }).waitFor();
  await page.getByTestId("save-draft").click();
  await page.getByTestId("save-state").filter({ hasNotText: "Unsaved" }).waitFor();
  const after = await (await admin("/profile")).json();
  assert.equal(after.brand?.logo, undefined, JSON.stringify(after.brand));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the editor's views are axe clean in light and dark, and fit a phone", async () => {
  for (const colorScheme of ["light", "dark"]) {
    // axe is injected as a script: this context bypasses the page's CSP (the others keep it).
    const { context, page } = await openConsolePage(ctx.browser, { colorScheme, bypassCSP: true });
    await signInToVinterre(page, edge(), "olivia.owner@vinterre.example", "demo-owner");
    await page.getByTestId("nav-content").click();
    await page.getByTestId("save-draft").waitFor();
    // A field in error, a list item open.
    await input(page, "website").fill("http://plain.example");
    assert.deepEqual(await axeViolations(page, "body"), [], `edit, ${colorScheme}`);
    await input(page, "website").fill("");
    await page.getByTestId("section-subprocessors").click();
    await page.getByTestId("item-subprocessors").first().locator("summary").click();
    await page.getByTestId("section-policies").click();
    assert.deepEqual(await axeViolations(page, "body"), [], `policies, ${colorScheme}`);
    await page.getByTestId("tab-file").click();
    assert.deepEqual(await axeViolations(page, "body"), [], `file, ${colorScheme}`);
    await page.getByTestId("tab-preview").click();
    await page.locator("attest-trust-center[preview]").getByTestId("tab-overview").waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], `preview, ${colorScheme}`);
    await page.getByTestId("tab-review").click();
    await page.locator(".review-view [data-testid=review], [data-testid=review-nothing]").first().waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], `review, ${colorScheme}`);
    await page.getByTestId("tab-versions").click();
    await page.getByTestId("version").first().waitFor();
    assert.deepEqual(await axeViolations(page, "body"), [], `versions, ${colorScheme}`);
    await page.setViewportSize({ width: 360, height: 800 });
    for (const tab of ["tab-edit", "tab-review", "tab-versions"]) {
      await page.getByTestId(tab).click();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${tab}: ${width} px wide at 360`);
    }
    await context.close();
  }
});

test("members without the content permission do not get the editor", async () => {
  const { context, page } = await openConsolePage(ctx.browser);
  await signInToVinterre(page, edge(), "vic.viewer@vinterre.example", "demo-viewer");
  await page.getByTestId("org-name").waitFor();
  assert.equal(await page.getByTestId("nav-content").count(), 0);
  const preview = await page.evaluate(async () => (await fetch("/v1/admin/orgs/vinterre/profile/preview")).status);
  assert.equal(preview, 403);
  await context.close();
});

// Last: it takes Vinterre's published versions away.
test("an organisation with no profile yet starts its first draft from its name", async () => {
  await ctx.stack.sql("DELETE FROM profile_drafts WHERE org = 'vinterre'");
  await ctx.stack.sql("DELETE FROM subprocessor_changes WHERE org = 'vinterre'");
  await ctx.stack.sql("DELETE FROM profile_versions WHERE org = 'vinterre'");
  const { context, page } = await openEditor(ctx.browser, "eda.editor@vinterre.example", "demo-editor");
  await page.getByTestId("editor-notice").filter({ hasText: "No trust content yet" }).waitFor();
  assert.equal(await page.getByTestId("save-state").textContent(), "Not saved yet");
  assert.equal(await input(page, "org").inputValue(), "vinterre");
  assert.match(await field(page, "name").getByTestId("field-error").textContent(), /is required/);
  await input(page, "name").fill("Vinterre");
  await page.getByTestId("save-draft").click();
  await page.getByTestId("save-state").filter({ hasText: "Draft saved" }).waitFor();
  const draft = await (await admin("/profile")).json();
  assert.equal(draft.name, "Vinterre");
  await page.getByTestId("tab-review").click();
  await page.getByTestId("publish").filter({ hasText: "Publish version 1" }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});
