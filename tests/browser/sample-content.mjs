// FAQs, a roadmap and resources for Vinterre, which its own security page (the demo's
// seed) does not have: published on a test or screenshot stack only; and a subscriber to
// its subprocessor changes.
import { solve } from "../../bench/pow.mjs";

export const SAMPLE_CONTENT = {
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

/** Adds `SAMPLE_CONTENT` to Vinterre's draft on `stack` through the admin API and
 * publishes it; throws with the edge's answer when either step is refused. */
export async function publishSampleContent(stack) {
  const admin = (path, init = {}) =>
    fetch(`${stack.edge}/v1/admin/orgs/vinterre${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json", ...init.headers },
    });
  const current = await admin("/profile");
  const profile = { ...(await current.json()), ...SAMPLE_CONTENT };
  const saved = await admin("/profile", { method: "PUT", headers: { "if-match": current.headers.get("etag") }, body: JSON.stringify(profile) });
  if (saved.status !== 200) throw new Error(`the content was refused: ${saved.status} ${await saved.text()}`);
  const published = await admin("/profile/publish", { method: "POST" });
  if (published.status !== 201) throw new Error(`not published: ${published.status} ${await published.text()}`);
}

/** A confirmed subscriber to Vinterre's subprocessor changes on `stack`, as a visitor
 * subscribes (a proof of work solved here) and confirms from the e-mail's link; throws with
 * the edge's answer when a step is refused. `address` stands for the visitor's IP. */
export async function confirmedSubscriber(stack, email, address = "203.0.113.61") {
  const c = await (await fetch(`${stack.edge}/v1/orgs/vinterre/challenge`)).json();
  const proof = { salt: c.salt, difficulty: c.difficulty, expires: c.expires, signature: c.signature, nonce: solve(c.salt, c.difficulty) };
  const asked = await fetch(`${stack.edge}/v1/orgs/vinterre/subprocessors/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": address },
    body: JSON.stringify({ email, proof }),
  });
  if (asked.status !== 202) throw new Error(`subscribing ${email}: ${asked.status} ${await asked.text()}`);
  const outbox = await fetch(`${stack.edge}/v1/admin/orgs/vinterre/outbox?limit=500`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
  const { messages } = await outbox.json();
  const link = messages.find((m) => m.to === email && m.purpose === "subscription").body.match(/(http\S+\/confirm\?token=\S+)/)[1];
  const confirmed = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
  if (confirmed.status !== 200) throw new Error(`confirming ${email}: ${confirmed.status}`);
}

/** A plain PDF of `pages` pages with `title` and the page number on each, and `lines`
 * lines of running text (Helvetica, no compression): what a team uploads as a document's
 * file in the browser tests and the stamping bench. */
export function samplePdf(title, pages = 2, lines = 0) {
  const escape = (text) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects = [];
  const pageIds = [];
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  for (let n = 1; n <= pages; n++) {
    const prose = Array.from({ length: lines }, (_, i) => `0 -14 Td (${i + 1}. The control operated effectively throughout the period; no exceptions were noted.) Tj`).join(" ");
    const content = `BT /F1 20 Tf 72 740 Td (${escape(title)}) Tj /F1 11 Tf 0 -32 Td (Page ${n} of ${pages}) Tj /F1 9 Tf ${prose} ET\n`;
    const contentId = 2 + n * 2;
    const pageId = contentId + 1;
    objects[contentId] = `<< /Length ${content.length} >>\nstream\n${content}endstream`;
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    pageIds.push(pageId);
  }
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages} >>`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
