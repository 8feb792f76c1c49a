// A single-page app's router, reduced: it mounts and unmounts the trust center.
window.__events = [];
for (const name of ["attest:ready", "attest:view"]) {
  document.addEventListener(name, (event) => window.__events.push({ name, detail: event.detail }));
}
document.getElementById("show").addEventListener("click", () => {
  const element = document.createElement("attest-trust-center");
  element.setAttribute("org", "vinterre");
  document.getElementById("outlet").append(element);
});
document.getElementById("hide").addEventListener("click", () => {
  document.getElementById("outlet").replaceChildren();
});
