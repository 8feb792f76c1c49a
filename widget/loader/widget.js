// The Attest loader: the only script a customer pastes. It stays tiny and does four
// things: finds its own <script> tag, defines <attest-trust-center>, places one for the
// tag, and loads the WebAssembly app once per page, mounting it into each element's open
// shadow root (and, when a view needs them, the forms module). It defines no global but
// the custom element.
(() => {
  const TAG = "attest-trust-center";
  const script = document.currentScript;
  const src = script ? script.src : (document.querySelector('script[src*="/v1/widget.js"]') || {}).src;
  if (!src) return;
  const asset = (name) => new URL("assets/" + name, src).href;
  // The API lives where the loader came from.
  const apiBase = new URL("/", src).href;

  const load = (glue, wasm) => () =>
    import(asset(glue)).then((module) => module.default({ module_or_path: asset(wasm) }).then(() => module));
  let app, forms;
  const boot = () => (app ||= load(__ATTEST_GLUE__, __ATTEST_WASM__)());
  // The forms are a module of their own, imported the first time a view shows one.
  const loadForms = () => (forms ||= load(__ATTEST_FORMS_GLUE__, __ATTEST_FORMS_WASM__)());

  if (!customElements.get(TAG)) {
    customElements.define(
      TAG,
      class extends HTMLElement {
        connectedCallback() {
          const visit = (this._visit = {});
          boot().then(
            (glue) => {
              // Removed (or moved) while loading: that later connection mounts instead.
              if (this._visit !== visit) return;
              this._mounted = glue.mount(this, apiBase, loadForms);
            },
            (error) => {
              if (this._visit !== visit) return;
              console.warn("Attest: the trust center could not be loaded", error);
              const root = this.shadowRoot || this.attachShadow({ mode: "open" });
              root.textContent = "The trust center could not be loaded.";
            },
          );
        }
        disconnectedCallback() {
          this._visit = null;
          if (this._mounted) {
            this._mounted.unmount();
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
