// The export page's "Select all" box carries an inline handler, which the Content Security
// Policy blocks; bind the same function from here instead.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
