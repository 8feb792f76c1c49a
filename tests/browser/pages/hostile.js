// A host page that changes built-ins and defines the globals module loaders and other
// wasm apps use. The trust center must neither break nor touch them.
Array.prototype.hostExtra = function () { return "host"; };
Object.prototype.hostPolluted = "host";
window.define = function () { throw new Error("AMD define called by the widget"); };
window.define.amd = {};
window.module = { exports: {} };
window.exports = {};
window.wasm_bindgen = "the host's own wasm_bindgen";
window.__globalsBefore = Object.keys(window);
