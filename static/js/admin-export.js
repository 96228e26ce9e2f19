// The export page's "Select all" boxes carry an inline handler, which the Content Security
// Policy blocks; bind the same function from here instead.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof onSelectToggleChange !== "function") return;
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
