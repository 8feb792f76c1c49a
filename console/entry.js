// The console's one script: the theme chosen on this device before anything paints,
// then the app's WebAssembly.
import init from "./attest_console.js";

const theme = localStorage.getItem("attest.console.theme");
if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
init({ module_or_path: new URL(__ATTEST_CONSOLE_WASM__, import.meta.url) });
