// The Attest loader: the only script a customer pastes. It stays tiny: it finds its own
// <script> tag, defines <attest-trust-center>, places one for the tag, and fills each
// element's open shadow root in two steps. First the trust center as the edge renders it
// (HTML, from the same components as the app) with the stylesheet, so the badges show
// as soon as a static page would show them; then the WebAssembly app, loaded once per
// page when the browser is idle or the visitor reaches for the widget, which takes over
// (and, when a view needs them, the forms module). It defines no global but the custom
// element.
(() => {
  const TAG = "attest-trust-center";
  const script = document.currentScript;
  const src = script ? script.src : (document.querySelector('script[src*="/v1/widget.js"]') || {}).src;
  if (!src) return;
  const asset = (name) => new URL("assets/" + name, src).href;
  // The API lives where the loader came from.
  const apiBase = new URL("/", src).href;
  // The stylesheet's hash names this build; the edge's HTML says which build it was
  // rendered for, and HTML of another build is not shown (the app renders instead).
  const BUILD = __ATTEST_CSS__.replace(/^style-|\.css$/g, "");
  // Loaded as `widget.js?org=…`, the edge sends the loader with that trust center's first
  // view (`for` the organisation and query it answers) and the stylesheet: no second
  // request for either. Otherwise `0`, whose fields are all undefined.
  const first = __ATTEST_FIRST__;

  const load = (glue, wasm) => () =>
    import(asset(glue)).then((module) => module.default({ module_or_path: asset(wasm) }).then(() => module));
  let app, forms, styles, policy, ready;
  const boot = () => (app ||= load(__ATTEST_GLUE__, __ATTEST_WASM__)().then((glue) => ((ready = true), glue)));
  // The forms are a module of their own, imported the first time a view shows one.
  const loadForms = () => (forms ||= load(__ATTEST_FORMS_GLUE__, __ATTEST_FORMS_WASM__)());
  const sheetOf = (css) => {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  };
  // One constructed stylesheet for every trust center on the page: it applies under a
  // strict CSP that blocks <style>, and nothing of it leaks to the host page.
  const sheet = () =>
    (styles ||= Promise.resolve(
      first.css ||
        fetch(asset(__ATTEST_CSS__)).then((r) => (r.ok ? r.text() : Promise.reject(Error("stylesheet " + r.status)))),
    ).then(sheetOf));
  // The organisation's colours, where its render names them (`data-brand`, a `:host` rule
  // the edge writes from checked colours): a sheet after the widget's, which a page's own
  // custom properties still override.
  const brand = (root, b = root.querySelector("[data-brand]")) => (b ? [sheetOf(b.dataset.brand)] : []);
  // A page that enforces Trusted Types gets HTML through a policy of ours; where the page
  // allows no such policy, the first view is left to the app.
  const trusted = (html) => {
    if (!window.trustedTypes) return html;
    policy ||= trustedTypes.createPolicy("attest", { createHTML: (s) => s });
    return policy.createHTML(html);
  };
  // The edge's first view, for a trust center shown inline from the published profile.
  const firstView = (element) => {
    const at = (name) => element.getAttribute(name);
    const sections = at("sections");
    if (at("mode") === "button" || at("preview") !== null || !/^[a-z0-9-]{1,63}$/.test(at("org") || "")) return null;
    const query = new URLSearchParams({ lang: at("lang") || navigator.language || "en" });
    if (sections) query.set("sections", sections);
    if (first.for === at("org") + "?" + query) return Promise.resolve(first.html);
    // A first view that does not come within seconds is left to the app, which says
    // what is happening (loading, then why not and a retry).
    return fetch(apiBase + "v1/orgs/" + at("org") + "/first-view?" + query, { signal: AbortSignal.timeout(3000) }).then((r) =>
      r.status === 200 ? r.text() : null,
    );
  };
  // The app loads when the browser is idle, or at once when the visitor reaches for it.
  const whenIdle = (element, then) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      for (const type of ["pointerover", "focusin", "touchstart"]) element.removeEventListener(type, go);
      then();
    };
    for (const type of ["pointerover", "focusin", "touchstart"]) element.addEventListener(type, go, { once: true });
    (window.requestIdleCallback || setTimeout)(go, { timeout: 1500 });
  };

  if (!customElements.get(TAG)) {
    customElements.define(
      TAG,
      class extends HTMLElement {
        connectedCallback() {
          const visit = (this._visit = {});
          const root = this.shadowRoot || this.attachShadow({ mode: "open" });
          const current = () => this._visit === visit;
          const failed = (error) => {
            if (!current()) return;
            console.warn("Attest:", (root.textContent = "The trust center could not be loaded."), error);
          };
          let started = false;
          const start = () =>
            started ||
            (started = Promise.all([boot(), sheet()]).then(([glue, css]) => {
              // Removed (or moved) while loading: that later connection mounts instead.
              if (!current()) return;
              root.adoptedStyleSheets = [css];
              this._mounted = glue.mount(this, apiBase, loadForms);
            }, failed));
          // A tab chosen on the edge's first view is the one the app opens with.
          const choose = (tab) => {
            const shown = root.querySelector("[data-rendered]");
            if (!tab || !shown) return;
            shown.dataset.pending = tab.dataset.view;
            for (const other of shown.querySelectorAll("[data-view]")) other.setAttribute("aria-selected", other === tab);
            start();
          };
          // From the press (of the main button), not only the click: the app may swap its
          // render in between the two, and a click whose press was on a node since replaced
          // is never fired. The hosted page's tabs are links, for a page read without
          // JavaScript: with it, the app opens the view in place (a modified click still
          // opens the link, in a new tab or window).
          for (const type of ["pointerdown", "click"])
            root.addEventListener(type, (event) => {
              const tab = event.target.closest && event.target.closest("[data-view]");
              if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || !tab) return;
              if (tab.href && event.type === "click") event.preventDefault();
              choose(tab);
            });
          // The tabs' keys work on it too (arrows, Home, End), so a keyboard loses nothing.
          root.addEventListener("keydown", (event) => {
            const tab = event.target.closest && event.target.closest("[role=tab]");
            const shown = root.querySelector("[data-rendered]");
            if (!tab || !shown) return;
            const tabs = [...shown.querySelectorAll("[role=tab]")];
            const i = tabs.indexOf(tab);
            const n = tabs.length;
            const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1 + n, ArrowUp: i - 1 + n, Home: 0, End: n - 1 }[event.key];
            if (next === undefined) return;
            event.preventDefault();
            const to = tabs[next % n];
            for (const t of tabs) t.tabIndex = t === to ? 0 : -1;
            to.focus();
            choose(to);
          });
          // The hosted page comes with the first view in place (a declarative shadow root);
          // its address may name the view to open (`/trust/acme#report`, as security.txt
          // links the report form).
          const given = root.querySelector("[data-rendered]");
          if (given && given.dataset.build === BUILD && !this._mounted) {
            // The hosted page's address follows the view shown, so it can be shared.
            this.addEventListener("attest:view", (event) => {
              const address = new URL(location.href);
              address.hash = "";
              address.searchParams.set("view", event.detail.view);
              history.replaceState(history.state, "", address);
            });
            const named = [...given.querySelectorAll("[data-view]")].find((t) => "#" + t.dataset.view === location.hash);
            if (named && named.dataset.view !== "overview") return void choose(named);
            return void whenIdle(this, start);
          }
          // Once the app is on the page, it asks the edge for the view itself.
          const html = !ready && firstView(this);
          if (!html) return void start();
          Promise.all([html, sheet()]).then(
            ([html, css]) => {
              if (!current() || this._mounted) return;
              if (html) {
                try {
                  root.innerHTML = trusted(html);
                  root.adoptedStyleSheets = [css, ...brand(root)];
                  const shown = root.firstElementChild;
                  if (!shown || shown.dataset.build !== BUILD) root.textContent = "";
                } catch (error) {
                  root.textContent = "";
                }
              }
              if (root.firstElementChild) whenIdle(this, start);
              else start();
            },
            () => start(),
          );
        }
        disconnectedCallback() {
          this._visit = null;
          if (this._mounted) {
            // Freeing the app tears it down (its listeners, forms and nodes).
            this._mounted.free();
            this._mounted = null;
          }
        }
      },
    );
  }

  if (!script || !script.dataset.org) return;
  const place = () => {
    const element = document.createElement(TAG);
    for (const [key, value] of Object.entries(script.dataset)) {
      if (key !== "target") element.setAttribute(key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), value);
    }
    const target = script.dataset.target && document.querySelector(script.dataset.target);
    if (target) target.append(element);
    else if (script.parentNode && script.parentNode !== document.head) script.after(element);
    else document.body.append(element);
  };
  if (script.dataset.target && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place, { once: true });
  } else {
    place();
  }
})();
