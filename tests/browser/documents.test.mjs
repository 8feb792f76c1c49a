// Subscribing to subprocessor changes and asking for documents (accepting an NDA) in the
// widget on the sample customer site, against the real edge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage, openConsolePage, axeViolations } from "./harness.mjs";

const ctx = suite();

const admin = (org, path, init = {}) =>
  fetch(`${ctx.stack.edge}/v1/admin/orgs/${org}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json", ...init.headers },
  });

async function outbox(org) {
  const { messages } = await (await admin(org, "/outbox?limit=500")).json();
  return messages;
}

function focusedTestId(page) {
  return page.evaluate(() => {
    const active = document.querySelector("attest-trust-center").shadowRoot.activeElement;
    return active ? active.getAttribute("name") || active.dataset.testid || active.tagName : null;
  });
}

test("a visitor subscribes to subprocessor changes and confirms from the e-mail's link", async () => {
  const page = await openPage(ctx.browser);
  await page.goto(`${ctx.stack.sites}/vinterre/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-subprocessors").click();
  await host.getByTestId("subscribe-open").click();
  await host.getByTestId("subscribe-form").waitFor();
  assert.equal(await focusedTestId(page), "email", "the address field takes the focus");
  await page.keyboard.type("not-an-address");
  await page.keyboard.press("Enter");
  await host.getByTestId("error-email").filter({ hasText: /\S/ }).waitFor();
  assert.equal(await host.locator("#subscribe-email").getAttribute("aria-invalid"), "true");
  await host.locator("#subscribe-email").fill("changes-reader@example.com");
  await host.getByTestId("submit-subscription").click();
  await host.getByTestId("subscribed").waitFor({ timeout: 20000 });

  const message = (await outbox("vinterre")).find((m) => m.to === "changes-reader@example.com" && m.purpose === "subscription");
  assert.ok(message, "a confirmation e-mail is queued");
  const link = message.body.match(/(http\S+\/confirm\?token=\S+)/)[1];
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "Subscribed" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a visitor asks for a document under NDA, reading and accepting the agreement", async () => {
  // Wintro's team offers its SOC 2 report under an NDA.
  const current = await admin("wintro", "/profile");
  const profile = await current.json();
  profile.documents.push({ id: "soc2-report", title: "SOC 2 Type II report", access: "nda" });
  profile.nda = {
    version: "2026-11",
    text: [{ paragraph: "You keep the documents confidential." }, { bullets: ["Use them only to assess Wintro.", "Share them with no one else."] }],
  };
  const saved = await admin("wintro", "/profile", {
    method: "PUT",
    headers: { "if-match": current.headers.get("etag") },
    body: JSON.stringify(profile),
  });
  assert.equal(saved.status, 200, await saved.text());
  assert.equal((await admin("wintro", "/profile/publish", { method: "POST" })).status, 201);

  // axe is injected as a script, which the site's CSP would block.
  const page = await openPage(ctx.browser, { bypassCSP: true });
  await page.goto(`${ctx.stack.sites}/wintro/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("request-document-soc2-report").click();
  const form = host.getByTestId("document-form");
  await form.waitFor();
  const agreement = await host.getByTestId("nda-text").innerText();
  assert.match(agreement, /keep the documents confidential/);
  assert.match(agreement, /• Share them with no one else\./);

  await host.locator("#document-soc2-report-name").fill("Grace Hopper");
  await host.locator("#document-soc2-report-company").fill("Compilers Inc");
  await host.locator("#document-soc2-report-email").fill("grace@compilers.example");
  await host.getByTestId("submit-document-request").click();
  await host.getByTestId("error-ndaAccepted").filter({ hasText: /\S/ }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "accessible with the agreement and an error showing");

  await host.getByLabel(/accept the non-disclosure agreement \(version 2026-11\)/).check();
  await host.getByTestId("submit-document-request").click();
  const done = host.getByTestId("document-requested");
  await done.waitFor({ timeout: 20000 });
  const reference = (await done.innerText()).match(/dr_[0-9a-f]+/)[0];

  const read = await (await admin("wintro", `/document-requests/${reference}`)).json();
  assert.equal(read.status, "pending");
  assert.equal(read.nda.version, "2026-11");
  assert.equal(read.company, "Compilers Inc");
  assert.ok(read.nda.acceptedFrom, "the address it was accepted from is recorded");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Wintro's owner approves it in the console, with the NDA acceptance in front of her.
  const team = await openConsolePage(ctx.browser);
  const desk = team.page;
  await desk.goto(`${ctx.stack.edge}/console/sign-in`);
  await desk.getByLabel("Organisation").fill("wintro");
  await desk.getByRole("button", { name: "Continue with single sign-on" }).click();
  await desk.getByLabel("E-mail").fill("willa.owner@wintro.example");
  await desk.getByLabel("Password").fill("demo-owner");
  await Promise.all([
    desk.waitForURL((url) => url.pathname.startsWith("/console/orgs/wintro/")),
    desk.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await desk.getByTestId("nav-documents").click();
  await desk.getByTestId("document-status-filter").selectOption("pending");
  const row = desk.getByTestId("document-request").filter({ hasText: reference });
  assert.match(await row.innerText(), /SOC 2 Type II report\s+Under NDA\s+Pending/);
  await row.getByRole("link", { name: reference }).click();
  await desk.getByRole("heading", { name: `Document request ${reference}` }).waitFor();
  const nda = desk.getByTestId("nda");
  assert.match(await nda.innerText(), /2026-11/);
  assert.match(await nda.getByTestId("nda-accepted").innerText(), /\d/);
  assert.equal(await desk.getByTestId("requester-email").innerText(), "grace@compilers.example");
  // A link that is not one: the edge says so at the field, and nothing is decided.
  await desk.getByRole("radio", { name: "Approve" }).check();
  await desk.getByLabel("Link to the document").fill("javascript:alert(1)");
  await desk.getByTestId("send-decision").click();
  await desk.locator("#decision-link-error").filter({ hasText: /\S/ }).waitFor();
  await desk.getByLabel("Link to the document").fill("https://files.wintro.example/soc2-2026.pdf");
  await desk.getByLabel("Note to the requester").fill("Valid until the next audit.");
  await desk.getByTestId("send-decision").click();
  await desk.getByText("Decided. The requester is e-mailed.").waitFor();
  await desk.getByTestId("decision").waitFor();
  assert.equal(await desk.getByTestId("facts").getByTestId("status").innerText(), "Approved");
  assert.equal(await desk.getByTestId("decide").count(), 0, "a decision is final");
  const mail = (await outbox("wintro")).find((m) => m.to === "grace@compilers.example" && m.relatedId === reference && m.body.includes("soc2-2026.pdf"));
  assert.ok(mail, "the requester is e-mailed the link");
  assert.match(mail.body, /Valid until the next audit\./);
  assert.deepEqual(desk.problems, []);
  await team.context.close();
});
