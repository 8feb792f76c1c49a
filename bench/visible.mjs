// Time to visible: from the moment the page reaches the widget's script tag to the first
// frame with the certification badges on screen, in headless Chromium, cold (a new browser
// context: empty cache) and warm (the same context, loaded again), median of RUNS runs.
// The floor is the same content as a static page: an inline script that fetches the same
// JSON from the edge and writes the badges as plain HTML. Also with the CPU slowed 4x.
// And the host page's `load` event, with and without the widget: it must not move.
// Prints a Markdown section.
import { createServer } from "node:http";
import { startStack, launchBrowser } from "../tests/browser/harness.mjs";

const RUNS = Number(process.env.RUNS || 21);
const stack = await startStack();

// The clock starts in an inline script right before the tag; a frame loop stops it.
const probe = (selector, inShadow) => `
<script>
  window.__start = performance.now();
  (function frame() {
    const root = ${inShadow ? `document.querySelector("attest-trust-center")?.shadowRoot` : "document"};
    const badge = root && root.querySelector(${JSON.stringify(selector)});
    if (badge && badge.getBoundingClientRect().height > 0) { window.__visible = performance.now() - window.__start; return; }
    requestAnimationFrame(frame);
  })();
</script>`;
const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head><body><h1>Host page</h1>${body}</body></html>`;
const pages = {
  "/widget": page(`${probe("[data-testid=badge]", true)}<script src="${stack.edge}/v1/widget.js" data-org="vinterre" async></script>`),
  // The organisation in the loader's address too: the loader brings the first view.
  "/widget-org": page(`${probe("[data-testid=badge]", true)}<script src="${stack.edge}/v1/widget.js?org=vinterre" data-org="vinterre" async></script>`),
  "/static": page(`${probe(".badge", false)}<div id="badges"></div><script>
    fetch(${JSON.stringify(`${stack.edge}/v1/orgs/vinterre`)}).then((r) => r.json()).then((p) => {
      const list = document.getElementById("badges");
      for (const b of p.badges) { const li = document.createElement("span"); li.className = "badge"; li.textContent = b.name || b.framework; list.append(li); }
    });</script>`),
  "/plain": page(`<p>No widget.</p>`),
};
const server = createServer((req, res) => {
  const html = pages[req.url];
  res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html ?? "");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();

async function measure(path, { warm, throttle }) {
  const visible = [];
  const load = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    if (throttle) {
      const cdp = await context.newCDPSession(tab);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    }
    if (warm) {
      await tab.goto(origin + path);
      await tab.waitForFunction(() => window.__visible !== undefined || !window.__start, null, { timeout: 30_000 });
    }
    await tab.goto(origin + path, { waitUntil: "load" });
    if (path !== "/plain") {
      await tab.waitForFunction(() => window.__visible !== undefined, null, { timeout: 30_000 });
      visible.push(await tab.evaluate(() => window.__visible));
    }
    load.push(await tab.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventStart));
    await context.close();
  }
  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
  return { visible: median(visible), load: median(load) };
}

// What the edge sends until the badges show: the loader, the stylesheet and the first
// view's HTML, brotli as a CDN sends them (the WebAssembly loads after, when idle).
const { brotliCompressSync, constants } = await import("node:zlib");
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const loaderText = await (await fetch(`${stack.edge}/v1/widget.js`)).text();
const cssName = loaderText.match(/style-[0-9a-f]{16}\.css/)[0];
const untilBadges = {
  loader: brotli(Buffer.from(loaderText)),
  stylesheet: brotli(Buffer.from(await (await fetch(`${stack.edge}/v1/assets/${cssName}`)).arrayBuffer())),
  html: brotli(Buffer.from(await (await fetch(`${stack.edge}/v1/orgs/vinterre/first-view?lang=en`)).arrayBuffer())),
};
// With `?org=`, all of it is the loader's one response.
const carrying = brotli(Buffer.from(await (await fetch(`${stack.edge}/v1/widget.js?org=vinterre`, { headers: { "accept-language": "en-US" } })).arrayBuffer()));

const rows = [];
try {
  for (const throttle of [false, true]) {
    for (const warm of [false, true]) {
      const widget = await measure("/widget", { warm, throttle });
      const carried = await measure("/widget-org", { warm, throttle });
      const floor = await measure("/static", { warm, throttle });
      const plain = await measure("/plain", { warm, throttle });
      rows.push({ throttle, warm, widget, carried, floor, plain });
    }
  }
} finally {
  await browser.close();
  server.close();
  await stack.stop();
}

const ms = (x) => `${x.toFixed(0)} ms`;
console.log("## Time to visible\n");
console.log(`\`node bench/visible.mjs\`: headless Chromium, the Vinterre profile from the edge in workerd on this machine, median of ${RUNS} runs. From the page reaching the script tag to the first frame with the badges showing; the floor is a static page that fetches the same JSON and writes the badges as HTML. \`load\`: the host page's load event (navigation start to \`loadEventStart\`), with the widget and with no widget at all.\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const until = untilBadges.loader + untilBadges.stylesheet + untilBadges.html;
console.log(`\nUntil the badges show, the edge sends ${kb(until)} brotli (budget 15 KB): the loader ${kb(untilBadges.loader)}, the stylesheet ${kb(untilBadges.stylesheet)}, the first view's HTML ${kb(untilBadges.html)}, in two round trips (the loader, then the other two at once). With the organisation in the loader's address (\`widget.js?org=vinterre\`), the loader brings the other two: ${kb(carrying)} brotli in one response. The app's WebAssembly follows when the browser is idle.\n`);
console.log("| CPU | cache | widget | widget, `?org=` | static floor | ratio | ratio, `?org=` | host `load` with widget | host `load` without |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const ratio = (x) => `${(x.visible / r.floor.visible).toFixed(1)}×`;
  console.log(`| ${r.throttle ? "slowed 4x" : "as is"} | ${r.warm ? "warm" : "cold"} | ${ms(r.widget.visible)} | ${ms(r.carried.visible)} | ${ms(r.floor.visible)} | ${ratio(r.widget)} | ${ratio(r.carried)} | ${ms(r.widget.load)} | ${ms(r.plain.load)} |`);
}
