// Subscribing to subprocessor changes and asking for documents (accepting an NDA) in the
// widget on the sample customer site, against the real edge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite, openPage, openConsolePage, axeViolations } from "./harness.mjs";
import { samplePdf } from "./sample-content.mjs";

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
  await host.getByTestId("view-subprocessors").waitFor();
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
  await host.getByTestId("view-documents").waitFor();
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
  const team = await openConsolePage(ctx.browser, { bypassCSP: true });
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
  // The document has no file yet: approving is refused, and says why.
  await desk.getByRole("radio", { name: "Approve" }).check();
  await desk.getByTestId("send-decision").click();
  await desk.getByRole("alert").filter({ hasText: /no file yet/ }).waitFor();

  // She uploads it on the Documents screen: a file that is no PDF first, then the report.
  await desk.getByTestId("nav-files").click();
  const soc2 = desk.locator('[data-testid="document-file"][data-document="soc2-report"]');
  await soc2.getByTestId("no-file").waitFor();
  assert.match(await soc2.getByTestId("waiting-for-file").innerText(), /waiting for this file: 1/);
  const chooser = soc2.getByLabel("PDF file");
  await chooser.setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("just some notes") });
  await soc2.getByTestId("upload-file").click();
  await soc2.locator(".field-error").filter({ hasText: /not a PDF/ }).waitFor();
  assert.equal(await chooser.getAttribute("aria-invalid"), "true");
  await chooser.setInputFiles({ name: "soc2-2026.pdf", mimeType: "application/pdf", buffer: samplePdf("Wintro SOC 2 Type II report", 3) });
  await soc2.getByLabel("Valid until (optional)").fill("2099-03-31");
  // What is begun on another document's card meanwhile stays as it is when the list is
  // reloaded after this upload.
  const other = desk.locator('[data-testid="document-file"]:not([data-document="soc2-report"])').first();
  await other.getByLabel("Valid until (optional)").fill("2098-01-31");
  await soc2.getByTestId("upload-file").click();
  await desk.getByTestId("notice").filter({ hasText: "Version 1 of “SOC 2 Type II report” uploaded." }).waitFor();
  assert.match(await soc2.getByTestId("current-file").innerText(), /Version 1: 3 p\. · \d+ KB · valid until/);
  assert.equal(await other.getByLabel("Valid until (optional)").inputValue(), "2098-01-31", "the other card's date stays");
  assert.deepEqual(await axeViolations(desk, "main"), [], "the documents screen is accessible");

  // Back to the request: approved for 14 days, which makes a grant.
  await desk.getByTestId("nav-documents").click();
  await desk.getByTestId("document-request").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await desk.getByRole("radio", { name: "Approve" }).check();
  await desk.getByLabel("Access for (days)").fill("0");
  await desk.getByTestId("send-decision").click();
  await desk.locator("#decision-days-error").filter({ hasText: /\S/ }).waitFor();
  await desk.getByLabel("Access for (days)").fill("14");
  await desk.getByLabel("Note to the requester").fill("Valid until the next audit.");
  await desk.getByTestId("send-decision").click();
  await desk.getByText("Decided. The requester is e-mailed.").waitFor();
  await desk.getByTestId("decision").getByTestId("grant").waitFor();
  assert.equal(await desk.getByTestId("facts").getByTestId("status").innerText(), "Approved");
  assert.equal(await desk.getByTestId("decide").count(), 0, "a decision is final");
  const grantReference = (await desk.getByTestId("grant").innerText()).match(/[0-9A-Z]{4}-[0-9A-Z]{4}/)[0];
  const mail = (await outbox("wintro")).find((m) => m.to === "grace@compilers.example" && m.relatedId === reference && m.purpose === "decision");
  assert.ok(mail, "the requester is e-mailed");
  assert.match(mail.body, /Valid until the next audit\./);
  const link = mail.body.match(/(http\S+\/copy\?grant=\S+)/)[1];

  // The requester opens the link: a page, then a copy stamped for her on every page.
  const viewer = await openPage(ctx.browser, { acceptDownloads: true });
  await viewer.goto(link);
  await viewer.getByRole("heading", { name: "Download \"SOC 2 Type II report\"" }).waitFor();
  const [download] = await Promise.all([viewer.waitForEvent("download"), viewer.getByRole("button", { name: "Download the PDF" }).click()]);
  assert.equal(download.suggestedFilename(), `soc2-report-${grantReference}.pdf`);
  const copyPath = join(mkdtempSync(join(tmpdir(), "attest-copy-")), "copy.pdf");
  await download.saveAs(copyPath);
  const pages = execFileSync("pdftotext", ["-layout", copyPath, "-"]).toString().split("\f").filter((p) => p.trim());
  assert.equal(pages.length, 3);
  for (const text of pages) {
    assert.match(text, /grace@compilers\.example/);
    assert.ok(text.includes(`Reference ${grantReference}`), text);
    assert.match(text, /Wintro SOC 2 Type II report/);
  }
  assert.ok(readFileSync(copyPath).subarray(0, 5).toString() === "%PDF-");
  await viewer.context().close();

  // The copy turns up somewhere: the leak lookup finds whom it was given to.
  await desk.getByTestId("nav-grants").click();
  await desk.getByLabel("Reference on the copy").fill("zzzz");
  await desk.getByTestId("look-up").click();
  await desk.locator("#lookup-error").filter({ hasText: /eight letters and digits/ }).waitFor();
  await desk.getByLabel("Reference on the copy").fill(grantReference.toLowerCase().replace("-", " "));
  await desk.getByTestId("look-up").click();
  await desk.getByRole("heading", { name: `Grant ${grantReference}` }).waitFor();
  assert.equal(await desk.getByTestId("viewer-email").innerText(), "grace@compilers.example");
  assert.equal(await desk.getByTestId("download").count(), 1);
  assert.match(await desk.getByTestId("facts").innerText(), /In force/);
  assert.deepEqual(await axeViolations(desk, "main"), [], "the grant's screen is accessible");
  // Revoked: the link stops working at once.
  await desk.getByTestId("revoke-grant").click();
  await desk.getByTestId("confirm").click();
  await desk.getByTestId("notice").filter({ hasText: "Revoked." }).waitFor();
  const after = await fetch(link, { method: "POST" });
  assert.equal(after.status, 410);
  assert.match(after.headers.get("content-type"), /text\/html/);
  assert.deepEqual(desk.problems, []);
  await team.context.close();
});

test("a visitor downloads a public document, asks for a gated one, and coming back sees where it stands without accepting the NDA again", async () => {
  // A public document with no link of its own: its uploaded file, from the edge.
  const current = await admin("wintro", "/profile");
  const profile = await current.json();
  profile.documents.push({ id: "security-overview", title: "Security overview", access: "public" });
  const saved = await admin("wintro", "/profile", { method: "PUT", headers: { "if-match": current.headers.get("etag") }, body: JSON.stringify(profile) });
  assert.equal(saved.status, 200, await saved.text());
  assert.equal((await admin("wintro", "/profile/publish", { method: "POST" })).status, 201);
  const fileAddress = `${ctx.stack.edge}/v1/orgs/wintro/documents/security-overview/file`;
  const missing = await fetch(fileAddress, { headers: { accept: "text/html" } });
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /not available yet/);
  const uploaded = await admin("wintro", "/documents/security-overview/file", { method: "PUT", headers: { "content-type": "application/pdf" }, body: samplePdf("Wintro security overview", 2) });
  assert.equal(uploaded.status, 201, await uploaded.text());

  const page = await openPage(ctx.browser);
  const open = async () => {
    await page.goto(`${ctx.stack.sites}/wintro/`);
    const host = page.locator("attest-trust-center");
    await host.getByTestId("tab-documents").click();
    await host.getByTestId("view-documents").waitFor();
    return host;
  };
  let host = await open();
  const download = host.getByTestId("download-cis-aws-benchmark");
  assert.equal(await download.getAttribute("href"), "https://www.cisecurity.org/benchmark/amazon_web_services");
  assert.equal(await download.getAttribute("aria-label"), "Download CIS AWS Benchmark (opens in a new tab)");
  const own = host.getByTestId("download-security-overview");
  assert.equal(await own.getAttribute("href"), fileAddress);
  assert.equal(await own.getAttribute("aria-label"), "Download Security overview");
  const file = await fetch(fileAddress);
  assert.equal(file.headers.get("content-type"), "application/pdf");
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(samplePdf("Wintro security overview", 2)), "the file as uploaded, unstamped");
  const ask = host.getByTestId("request-document-soc2-report");
  assert.equal(await ask.innerText(), "Request access");
  await ask.click();
  await host.locator("#document-soc2-report-name").fill("Ada Lovelace");
  await host.locator("#document-soc2-report-company").fill("Analytical Engines");
  await host.locator("#document-soc2-report-email").fill("ada@engines.example");
  await host.getByLabel(/accept the non-disclosure agreement/).check();
  await host.getByTestId("submit-document-request").click();
  const first = (await host.getByTestId("document-requested").innerText()).match(/dr_[0-9a-f]+/)[0];

  // Back later in the same browser: the button says so, and the request's state shows.
  host = await open();
  assert.equal(await host.getByTestId("request-document-soc2-report").innerText(), "Your request");
  await host.getByTestId("request-document-soc2-report").click();
  assert.match(await host.getByTestId("document-state").innerText(), new RegExp(`${first} is waiting for a decision`));
  const approved = await admin("wintro", `/document-requests/${first}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", days: 10 }) });
  assert.equal(approved.status, 200, await approved.text());
  host = await open();
  await host.getByTestId("request-document-soc2-report").click();
  assert.match(await host.getByTestId("document-state").innerText(), /was approved: the download link is in your e-mail and works until/);

  // Another request from the same address: the NDA accepted before stands for it.
  await host.getByTestId("nda-remembered").waitFor();
  await host.locator("#document-soc2-report-name").fill("Ada Lovelace");
  await host.locator("#document-soc2-report-company").fill("Analytical Engines");
  await host.locator("#document-soc2-report-email").fill("ada@engines.example");
  await host.getByTestId("submit-document-request").click();
  const second = (await host.getByTestId("document-requested").innerText()).match(/dr_[0-9a-f]+/)[0];
  const [a, b] = await Promise.all([first, second].map(async (id) => (await (await admin("wintro", `/document-requests/${id}`)).json()).nda));
  assert.equal(b.version, a.version);
  assert.equal(b.acceptedAt, a.acceptedAt, "the acceptance of the first request stands");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
