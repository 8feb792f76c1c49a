// The privacy team's casework in the console, in headless Chromium, as a member does it:
// the privacy lead signs in through the real identity provider, finds the overdue request
// in the inbox, takes it, comments, reveals the address (and finds the reveal in the audit
// log), is not offered an extension past the first deadline (the law allows none) and is
// told by the edge a denial needs its reason, answers it with the e-mail shown first, and
// the requester's status changes; a request due later is extended. Then the
// owner reads the e-mail in the outbox; every screen axe clean in both themes and usable
// 360 px wide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, openConsolePage, suite, signInToVinterre } from "./harness.mjs";
import { solve } from "../../bench/pow.mjs";

const ctx = suite();
const edge = () => ctx.stack.edge;
const admin = () => ({ authorization: `Bearer ${ctx.stack.adminToken}` });

const d1 = (statement) => ctx.stack.sql(statement);

let address = 0;
/** A GDPR access request filed through the public API and verified with its e-mail code. */
async function file(email, name) {
  const c = await (await fetch(`${edge()}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const filed = await fetch(`${edge()}/v1/orgs/vinterre/privacy-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++address}` },
    body: JSON.stringify({ jurisdiction: "gdpr", kind: "access", email, name, details: "Everything you hold about me.", consent: true, proof }),
  });
  assert.equal(filed.status, 202, await filed.clone().text());
  const { id, statusToken } = await filed.json();
  const { messages } = await (await fetch(`${edge()}/v1/admin/orgs/vinterre/outbox?limit=500`, { headers: admin() })).json();
  const code = messages.find((m) => m.relatedId === id && m.purpose === "verification").body.match(/\b\d{6}\b/)[0];
  const verified = await fetch(`${edge()}/v1/privacy-requests/${id}/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${statusToken}` },
    body: JSON.stringify({ code }),
  });
  assert.equal(verified.status, 200);
  return { id, statusToken };
}

/** A vulnerability report filed through the public API, as the trust center's form sends it. */
async function report(title, email) {
  const c = await (await fetch(`${edge()}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const filed = await fetch(`${edge()}/v1/orgs/vinterre/security-reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++address}` },
    body: JSON.stringify({
      title, description: "The q parameter is rendered unescaped.", steps: "1. Search for <img src=x onerror=alert(1)>",
      impact: "Session theft", email, credit: "R. Searcher", proof,
    }),
  });
  assert.equal(filed.status, 202, await filed.clone().text());
  return (await filed.json()).id;
}

const newPage = (options = {}) => openConsolePage(ctx.browser, options);

const signIn = (page, email, password) => signInToVinterre(page, edge(), email, password);

/** Chooses a step, previews its e-mail, and returns the preview's text. */
async function preview(page, step, note = "") {
  await page.getByRole("radio", { name: step }).check();
  await page.getByLabel("Note to the requester").fill(note);
  await page.getByTestId("preview").click();
}

test("the privacy lead finds the overdue request, takes it, comments, reveals the address, answers it; another is extended", async () => {
  const late = await file("late.requester@example.com", "Lea Late");
  const later = await file("later.requester@example.com", "Leo Later");
  // Received five weeks ago: a month has passed, so it is overdue by the GDPR's clock.
  const fiveWeeks = Math.floor(Date.now() / 1000) - 35 * 86400;
  const due = new Date((fiveWeeks + 30 * 86400) * 1000).toISOString().slice(0, 10);
  await d1(`UPDATE privacy_requests SET received_at = ${fiveWeeks}, due_by = '${due}' WHERE id = '${late.id}'`);

  const { context, page } = await newPage();
  await signIn(page, "petra.privacy@vinterre.example", "demo-privacy");
  await page.getByTestId("nav-requests").click();
  await page.getByRole("heading", { name: "Privacy requests" }).waitFor();
  await page.getByTestId("filter-overdue").check();
  await page.waitForURL((url) => url.search.includes("overdue=true"));
  const row = page.getByTestId("request").filter({ hasText: late.id });
  await row.waitFor();
  assert.match(await row.getByTestId("days-left").innerText(), /\d+ days overdue/);
  // Only the overdue ones: the request due later leaves the list.
  await page.getByTestId("request").filter({ hasText: later.id }).waitFor({ state: "detached" });
  await row.getByRole("link", { name: late.id }).click();
  await page.getByRole("heading", { name: `Request ${late.id}` }).waitFor();

  // Take it.
  await page.getByTestId("assignee").selectOption({ label: "Petra Lind" });
  await page.getByText("Assigned to Petra Lind.").waitFor();
  await page.getByTestId("timeline").getByText("Assigned to Petra Lind").waitFor();

  // A comment for the team.
  await page.getByLabel("Comment", { exact: true }).fill("Export requested from billing, ticket 4711.");
  await page.getByTestId("add-comment").click();
  await page.getByTestId("comment").filter({ hasText: "ticket 4711" }).waitFor();
  assert.match(await page.getByTestId("comment").first().innerText(), /Petra Lind/);

  // The address, revealed on purpose.
  assert.equal(await page.getByText("late.requester@example.com").count(), 0, "sealed until revealed");
  await page.getByTestId("reveal").click();
  assert.equal(await page.getByTestId("requester-email").innerText(), "late.requester@example.com");

  // Too late to extend: the law allows it only before the first deadline passes.
  assert.equal(await page.getByRole("radio", { name: "Extend the deadline, with a reason" }).count(), 0);
  // A denial needs its reason: the edge says so at the note, and nothing is sent.
  await preview(page, "Start work");
  await page.getByTestId("letter").getByText("We are working on it.").waitFor();
  await page.getByTestId("take").click();
  await page.getByTestId("status").filter({ hasText: "In progress" }).waitFor();
  await preview(page, "Deny, with a reason");
  await page.locator("#step-note-error").waitFor();
  assert.equal(await page.getByTestId("letter").count(), 0);

  // Complete, the e-mail shown before it is sent.
  await preview(page, "Complete", "Your export is attached to the e-mail we sent from billing.");
  const letter = await page.getByTestId("letter").innerText();
  assert.match(letter, /It is completed\.\s+Your export is attached/);
  await page.getByTestId("take").click();
  await page.getByTestId("status").filter({ hasText: "Completed" }).waitFor();
  await page.getByTestId("closed").waitFor();
  const status = await (await fetch(`${edge()}/v1/privacy-requests/${late.id}`, { headers: { authorization: `Bearer ${late.statusToken}` } })).json();
  assert.equal(status.status, "completed", "the requester's status page says so");
  assert.ok(!JSON.stringify(status).includes("ticket 4711"), "comments never reach the requester");
  assert.ok(!JSON.stringify(status).includes("petra"), "nor who on the team has it");

  // The reveal is in the audit log, by name.
  await page.getByTestId("nav-audit").click();
  const opened = page.getByTestId("audit-entry").filter({ hasText: "privacy_request.personal_data_opened" }).filter({ hasText: late.id });
  await opened.waitFor();
  assert.match(await opened.innerText(), /Petra Lind/);

  // "Mine" holds it; the register exports.
  await page.goto(`${edge()}/console/orgs/vinterre/requests?status=all&assignee=me`);
  await page.getByTestId("request").filter({ hasText: late.id }).waitFor();
  assert.equal(await page.getByTestId("request").count(), 1);
  const csv = await context.request.get(new URL(await page.getByTestId("export").getAttribute("href"), page.url()).href);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), new RegExp(`^${late.id},gdpr,access,completed,`, "m"));

  // The other request: extended, with its reason, once.
  await page.goto(`${edge()}/console/orgs/vinterre/requests?reference=${later.id.slice(0, 8)}`);
  await page.getByRole("link", { name: later.id }).click();
  const before = await page.getByTestId("due").getAttribute("datetime");
  await preview(page, "Extend the deadline, with a reason", "The export spans three systems.");
  const extension = await page.getByTestId("letter").innerText();
  assert.match(extension, /The export spans three systems\./);
  await page.getByTestId("take").click();
  await page.getByText("Extended once").waitFor();
  const after = await page.getByTestId("due").getAttribute("datetime");
  assert.ok(after > before, `${after} after ${before}`);
  assert.ok(extension.includes(after), "the e-mail named the new deadline");
  assert.equal(await page.getByRole("radio", { name: "Extend the deadline, with a reason" }).count(), 0, "once only");
  // Her reminders: one kind off, kept.
  await page.goto(`${edge()}/console/account`);
  const reminders = page.getByTestId("reminder-org").filter({ hasText: "vinterre" });
  await reminders.getByLabel("Three days before a deadline").uncheck();
  await page.getByTestId("reminders").getByText("Saved.").waitFor();
  await page.reload();
  await page.getByTestId("reminder-org").first().waitFor();
  assert.equal(await reminders.getByLabel("Three days before a deadline").isChecked(), false);
  assert.equal(await reminders.getByLabel("When a request is overdue").isChecked(), true);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the security lead finds the report not acknowledged in time, is told a duplicate needs its note, triages it with a word to the reporter, who is e-mailed", async () => {
  const late = await report("Stored XSS in the search box", "researcher@example.com");
  const fresh = await report("Open redirect on /login", "other.researcher@example.com");
  // Received four days ago: past the 72 hours the security page commits to.
  const fourDays = Math.floor(Date.now() / 1000) - 4 * 86400;
  await d1(`UPDATE security_reports SET received_at = ${fourDays}, acknowledge_by = ${fourDays + 72 * 3600} WHERE id = '${late}'`);

  const { context, page } = await newPage();
  await signIn(page, "sam.security@vinterre.example", "demo-security");
  // The security role lands on its overview, then its reports; no privacy requests for it.
  await page.waitForURL(`${edge()}/console/orgs/vinterre/overview`);
  assert.equal(await page.getByTestId("nav-requests").count(), 0);
  await page.getByTestId("nav-reports").click();
  await page.waitForURL(`${edge()}/console/orgs/vinterre/reports`);
  const row = page.getByTestId("report").filter({ hasText: late });
  await row.getByTestId("ack-overdue").waitFor();
  assert.equal(await page.getByTestId("report").filter({ hasText: fresh }).getByTestId("ack-overdue").count(), 0);
  await row.getByRole("link", { name: late }).click();
  await page.getByRole("heading", { name: `Report ${late}` }).waitFor();
  const contents = await page.getByTestId("report-contents").innerText();
  assert.match(contents, /Stored XSS in the search box/);
  // The researcher's markup is text on the screen, never markup.
  assert.match(contents, /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.getByTestId("reporter").innerText(), "researcher@example.com");

  // A duplicate must say which report: the edge says so at the note.
  await page.getByRole("radio", { name: "Duplicate" }).check();
  await page.getByTestId("take").click();
  await page.locator("#report-note-error").filter({ hasText: /\S/ }).waitFor();
  assert.equal(await page.locator("#report-note").getAttribute("aria-invalid"), "true");

  // Triaged, with a word for the reporter.
  await page.getByRole("radio", { name: "Triaged" }).check();
  await page.getByLabel("Note to the reporter").fill("Reproduced on staging; a fix is in review.");
  await page.getByTestId("take").click();
  await page.getByText("The report is now: Triaged. The reporter is told.").waitFor();
  // The report as the edge holds it now: triaged, with resolving as the next step.
  await page.getByTestId("facts").getByTestId("status").filter({ hasText: "Triaged" }).waitFor();
  await page.getByRole("radio", { name: "Resolved" }).waitFor();
  assert.equal(await page.getByRole("radio", { name: "Triaged" }).count(), 0);
  const { messages } = await (await fetch(`${edge()}/v1/admin/orgs/vinterre/outbox?limit=500`, { headers: admin() })).json();
  const told = messages.find((m) => m.relatedId === late && m.purpose === "status");
  assert.ok(told, "the reporter is e-mailed");
  assert.equal(told.to, "researcher@example.com");
  assert.match(told.body, /working on it\.\n\nReproduced on staging; a fix is in review\./);
  // Back on the list, it waits for no acknowledgement any more.
  await page.getByRole("link", { name: "All vulnerability reports" }).click();
  await page.getByTestId("report").filter({ hasText: late }).getByTestId("status").filter({ hasText: "Triaged" }).waitFor();
  assert.equal(await page.getByTestId("report").filter({ hasText: late }).getByTestId("ack-overdue").count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test("the owner reads the requester's e-mail in the outbox; the casework screens are axe clean in both themes and fit 360 px", async () => {
  const filed = await file("outbox.reader@example.com", "Olle Outbox");
  const reported = await report("Clickjacking on the settings page", "third.researcher@example.com");
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await newPage({ colorScheme, bypassCSP: true });
    await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
    const screens = [
      ["inbox", "requests", "request"],
      ["request", `requests/${filed.id}`, "timeline"],
      ["reports", "reports", "report"],
      ["report", `reports/${reported}`, "report-contents"],
      ["document requests", "documents", /^(document-request|documents-empty)$/],
      ["outbox", "outbox", "message"],
    ];
    for (const [name, where, testid] of screens) {
      await page.goto(`${edge()}/console/orgs/vinterre/${where}`);
      await page.getByTestId(testid).first().waitFor();
      assert.deepEqual(await axeViolations(page, "body"), [], `${name}, ${colorScheme}`);
      await page.setViewportSize({ width: 360, height: 800 });
      const overflow = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest(".table-wrap, .tabs"))
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className}`),
      }));
      assert.ok(overflow.width <= 360, `${name} is ${overflow.width} px wide at 360: ${overflow.wide}`);
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // The verification e-mail, opened.
    const message = page.getByTestId("message").filter({ hasText: "outbox.reader@example.com" }).filter({ hasText: `verification · ${filed.id}` });
    await message.locator("summary").click();
    assert.match(await message.innerText(), /\b\d{6}\b/);
    await context.close();
  }
  // In German, the inbox's words are German.
  const { context, page } = await newPage();
  await signIn(page, "olivia.owner@vinterre.example", "demo-owner");
  await page.getByLabel("Language").selectOption("de");
  await page.goto(`${edge()}/console/orgs/vinterre/requests`);
  await page.getByRole("heading", { name: "Datenschutzanfragen" }).waitFor();
  await page.getByRole("columnheader", { name: "Fällig" }).waitFor();
  await context.close();
});
