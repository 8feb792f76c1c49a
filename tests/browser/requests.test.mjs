// Privacy requests and vulnerability reports in the widget, on the sample customer site
// (another origin than the edge, with a strict CSP), against the real edge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, axeViolations } from "./harness.mjs";

const ctx = suite();

/** The element's shadow root's focused element: its id or test id. */
function focused(page) {
  return page.evaluate(() => {
    const active = document.querySelector("attest-trust-center").shadowRoot.activeElement;
    return active ? active.id || active.dataset.testid || active.tagName : null;
  });
}

/** Presses Tab until the focus is on the element with `id`, as a keyboard user would. */
async function tabTo(page, id, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if ((await focused(page)) === id) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached #${id} (last: ${await focused(page)})`);
}

/** The newest verification code the edge queued for request `id`, from the outbox. */
async function codeFor(id) {
  const response = await fetch(`${ctx.stack.edge}/v1/admin/orgs/vinterre/outbox`, {
    headers: { authorization: `Bearer ${ctx.stack.adminToken}` },
  });
  const { messages } = await response.json();
  const message = messages.find((m) => m.relatedId === id && m.purpose === "verification");
  return message.body.match(/\b(\d{6})\b/)[1];
}

/** One calendar month after `day` (UTC), on the month's last day when it is shorter. */
function oneMonthAfter(day) {
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
  const last = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
  return new Date(Date.UTC(y, m + 1, Math.min(d, last)));
}

async function vinterre(options) {
  const page = await openPage(ctx.browser, options);
  const forms = [];
  page.on("request", (request) => {
    if (request.url().includes("attest_widget_forms")) forms.push(request.url());
  });
  page.forms = forms;
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("badge").first().waitFor();
  return { page, host };
}

test("a visitor files an access request with the keyboard alone, confirms it, and sees it pending", async () => {
  const { page, host } = await vinterre();
  const submitted = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.querySelector("attest-trust-center").addEventListener("attest:request-submitted", (e) => resolve(e.detail), { once: true }),
      ),
  );
  assert.deepEqual(page.forms, [], "the forms are not part of the first view");

  await host.getByTestId("tab-overview").focus();
  await page.keyboard.press("ArrowLeft"); // wraps to the last tab, "Report a vulnerability"
  await page.keyboard.press("ArrowLeft");
  assert.equal(await host.getByTestId("tab-privacy").getAttribute("aria-selected"), "true");
  await host.getByTestId("request-form").waitFor();
  assert.equal(page.forms.length, 2, "the forms module (glue and wasm) loads with the view");

  await tabTo(page, "request-jurisdiction");
  assert.equal(await host.locator("#request-jurisdiction").inputValue(), "gdpr");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "request-kind");
  assert.equal(await host.locator("#request-kind").inputValue(), "access");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Ada Lovelace");
  await page.keyboard.press("Tab");
  await page.keyboard.type("ada.keyboard@example.com");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Everything you hold about me.");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "request-consent");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "submit-request");
  await page.keyboard.press("Enter");

  await host.getByTestId("verify-step").waitFor();
  assert.equal(await focused(page), "verify-code", "focus moves to the code");
  const event = await submitted;
  assert.equal(event.kind, "access");
  assert.equal(event.jurisdiction, "gdpr");
  assert.equal(event.status, "identity_unverified");
  assert.equal(JSON.stringify(event).includes("ada.keyboard"), false, "the event carries no personal data");

  await page.keyboard.type(await codeFor(event.id));
  await page.keyboard.press("Enter");
  const state = host.getByTestId("request-state");
  await state.waitFor();
  assert.equal(await state.getAttribute("data-status"), "pending");
  assert.equal(await state.textContent(), "Received");
  const due = oneMonthAfter(new Date());
  assert.equal(await host.getByTestId("due-by").getAttribute("datetime"), due.toISOString().slice(0, 10));
  assert.equal(
    await host.getByTestId("due-by").textContent(),
    new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(due),
  );
  assert.match(await host.getByTestId("request-reference").textContent(), /^pr_[0-9a-f]+\.st_[0-9a-f]+$/);
  assert.deepEqual(page.problems, []);

  // "Check a request" finds it again from this browser.
  await page.reload();
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.getByTestId("check-requests").locator("summary").click();
  await host.getByTestId("check-requests").getByRole("button", { name: event.id }).click();
  await host.getByTestId("check-result").getByTestId("request-state").waitFor();
  assert.equal(await host.getByTestId("check-result").getByTestId("request-state").getAttribute("data-status"), "pending");
  await page.context().close();
});

test("errors are shown next to their fields and announced", async () => {
  const { page, host } = await vinterre();
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.getByTestId("request-form").waitFor();
  await host.locator("#request-email").fill("not an address");
  await host.getByTestId("submit-request").click();
  for (const field of ["name", "email", "consent"]) {
    assert.notEqual(await host.getByTestId(`error-${field}`).textContent(), "", field);
  }
  assert.equal(await host.getByTestId("error-email").textContent(), "Please enter an e-mail address such as name@example.com.");
  assert.equal(await host.locator("#request-email").getAttribute("aria-invalid"), "true");
  assert.match(await host.locator("#request-email").getAttribute("aria-describedby"), /request-email-error/);
  assert.equal(await focused(page), "request-name", "focus goes to the first wrong field");
  // A law's kinds follow the law.
  await host.locator("#request-jurisdiction").selectOption("ccpa");
  const kinds = await host.locator("#request-kind option").evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual(kinds, ["access", "deletion", "correction", "opt_out_sale_sharing", "limit_sensitive"]);
  await page.context().close();
});

test("the forms have no accessibility violations, in either theme", async () => {
  for (const colorScheme of ["light", "dark"]) {
    // axe is injected as a script: the page lets it in, as the other axe test does.
    const { page, host } = await vinterre({ colorScheme, bypassCSP: true });
    await page.evaluate((theme) => document.querySelector("attest-trust-center").setAttribute("theme", theme), colorScheme);
    await host.getByTestId("tab-privacy").click();
    await host.getByTestId("view-privacy").waitFor();
    await host.getByTestId("request-form").waitFor();
    await host.getByTestId("submit-request").click(); // with its errors showing
    await host.getByTestId("check-requests").locator("summary").click();
    assert.deepEqual(await axeViolations(page), [], `privacy, ${colorScheme}`);
    await host.getByTestId("tab-report").click();
    await host.getByTestId("view-report").waitFor();
    await host.getByTestId("report-form").waitFor();
    assert.deepEqual(await axeViolations(page), [], `report, ${colorScheme}`);
    await page.context().close();
  }
});

test("with Global Privacy Control, opting out is one button away", async () => {
  const page = await openPage(ctx.browser);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.getByTestId("gpc-notice").waitFor();
  await host.getByTestId("gpc-opt-out").click();
  assert.equal(await host.locator("#request-jurisdiction").inputValue(), "ccpa");
  assert.equal(await host.locator("#request-kind").inputValue(), "opt_out_sale_sharing");
  await host.locator("#request-name").fill("Grace Hopper");
  await host.locator("#request-email").fill("grace.gpc@example.com");
  await host.locator("#request-consent").check();
  await host.getByTestId("submit-request").click();
  // No verification for an opt-out: straight to its status.
  const state = host.getByTestId("request-state");
  await state.waitFor();
  assert.equal(await state.getAttribute("data-status"), "pending");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a vulnerability report is sent and its acknowledgement date shown", async () => {
  const { page, host } = await vinterre();
  await host.getByTestId("tab-report").click();
  await host.getByTestId("view-report").waitFor();
  await host.getByTestId("report-form").waitFor();
  await host.locator("#report-title").fill("Open redirect on /login");
  await host.locator("#report-description").fill("The next parameter accepts any URL.");
  await host.getByTestId("submit-report").click();
  const sent = host.getByTestId("report-sent");
  await sent.waitFor();
  assert.match(await sent.textContent(), /^Thank you\. Your report sr_[0-9a-f]+ has arrived; we will acknowledge it by [A-Z][a-z]+ \d{1,2}, \d{4}\.$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the forms speak the visitor's language", async () => {
  const page = await openPage(ctx.browser, { locale: "de-DE" });
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-privacy").click();
  await host.getByTestId("view-privacy").waitFor();
  await host.getByTestId("request-form").waitFor();
  assert.equal(await host.locator("label[for=request-email]").textContent(), "Ihre E-Mail-Adresse");
  assert.equal(await host.getByTestId("submit-request").textContent(), "Anfrage senden");
  await host.getByTestId("submit-request").click();
  assert.equal(await host.getByTestId("error-name").textContent(), "Bitte füllen Sie dieses Feld aus.");
  await page.context().close();
});
