// A profile whose every text holds markup, script and CSS that tries to break out is
// published and shown in every view: nothing runs, nothing becomes markup, and links are
// only https: or mailto:. Links with other schemes are refused when the profile is saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite, openPage } from "./harness.mjs";

const ctx = suite();

const PAYLOAD =
  `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>` +
  `"><svg onload="window.__xss=1"></style><style>*{display:none!important}</style>{{7*7}}`;

const admin = (path, init = {}) =>
  fetch(`${ctx.stack.edge}/v1/admin/orgs/wintro${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ctx.stack.adminToken}`, "content-type": "application/json", ...init.headers },
  });

/** Every string of `value`, with its path, as `[path, string]`. */
function strings(value, path = []) {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

function set(object, path, value) {
  let target = object;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path.at(-1)] = value;
}

/** "badges[2].name" as the path ["badges", 2, "name"]. */
const pathOf = (field) => field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

async function put(profile) {
  const current = await admin("/profile");
  return admin("/profile", { method: "PUT", headers: { "if-match": current.headers.get("etag") }, body: JSON.stringify(profile) });
}

test("links with other schemes than https: are refused when the profile is saved", async () => {
  const profile = await (await admin("/profile")).json();
  for (const bad of ["javascript:window.__xss=1", "data:text/html,<script>1</script>", "http://plain.example", "vbscript:x"]) {
    const attempt = structuredClone(profile);
    attempt.website = bad;
    const response = await put(attempt);
    assert.equal(response.status, 400, bad);
    const problem = await response.json();
    assert.ok(problem.errors.some((e) => e.field === "website"), JSON.stringify(problem));
  }
});

test("markup, script and CSS in every text of a published profile stay text in every view", async () => {
  const original = await (await admin("/profile")).json();
  original.nda = { version: "2026-11", text: "The agreement." };
  original.documents.push({ id: "secret-report", title: "Report", access: "nda" });
  original.privacyRequests = { jurisdictions: ["gdpr", "ccpa"] };
  // Two topics, so the FAQ's topic filter (its options' text and values) is shown too.
  original.faqs = [
    { question: "Q", answer: "A", category: "C" },
    { question: "Q2", answer: "A2", category: "C2" },
  ];
  original.roadmap = [{ title: "T", description: "D", status: "planned", target: "2027-Q1" }];
  original.resources = [{ title: "R", description: "D", url: "https://resources.example/r", category: "C" }];
  const hostile = structuredClone(original);
  for (const [path] of strings(original)) set(hostile, path, PAYLOAD);
  // Fields whose values are not free text (ids, links, dates, kinds…) refuse the payload;
  // they keep their values, and the edge says which they are.
  let response;
  let problem;
  for (let round = 0; round < 40; round++) {
    response = await put(hostile);
    if (response.status !== 400) break;
    problem = await response.json();
    const { errors } = problem;
    for (const { field } of errors) {
      const path = pathOf(field);
      const before = path.reduce((v, k) => v?.[k], original);
      if (before === undefined) assert.fail(`cannot restore ${field}`);
      set(hostile, path, structuredClone(before));
    }
  }
  assert.equal(response.status, 200, JSON.stringify(problem));
  const carried = strings(hostile).filter(([, s]) => s === PAYLOAD).length;
  assert.ok(carried >= 30, `the payload is in ${carried} text fields`);
  assert.equal((await admin("/profile/publish", { method: "POST" })).status, 201);

  const page = await openPage(ctx.browser);
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(`${ctx.stack.sites}/wintro/`);
  const host = page.locator("attest-trust-center");
  await host.getByTestId("tab-overview").waitFor();
  for (const view of ["overview", "practices", "subprocessors", "documents", "faq", "privacy", "report"]) {
    await host.getByTestId(`tab-${view}`).click();
    await page.waitForTimeout(150);
    const found = await page.evaluate((payload) => {
      const root = document.querySelector("attest-trust-center").shadowRoot;
      return {
        xss: window.__xss,
        injected: root.querySelectorAll("img[src=x], svg[onload], script, [onerror], [onload], style:not([data-attest])").length,
        text: root.textContent.includes("<script>window.__xss=1</script>"),
        hrefs: [...root.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
        hidden: getComputedStyle(root.querySelector("[role=tablist]") ?? root.host).display === "none",
      };
    }, PAYLOAD);
    assert.equal(found.xss, undefined, `${view}: a script ran`);
    assert.equal(found.injected, 0, `${view}: markup was injected`);
    assert.ok(found.text, `${view}: the payload shows as text`);
    assert.ok(!found.hidden, `${view}: CSS in the text took effect`);
    // Profile links are https: or mailto:; the others are the widget's own links to its
    // API (the CSV, the feed), on the edge's origin (plain http on this machine only).
    for (const href of found.hrefs.filter((h) => !h.startsWith(ctx.stack.edge))) {
      assert.match(href, /^(https:|mailto:)/, `${view}: ${href}`);
    }
  }
  // The forms module renders profile text too (the organisation's name, the NDA).
  await host.getByTestId("tab-documents").click();
  await host.getByTestId("view-documents").waitFor();
  await host.getByTestId("request-document-secret-report").click();
  await host.getByTestId("document-form").waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
