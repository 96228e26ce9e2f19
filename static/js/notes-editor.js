// The note editor: warn before leaving the page with unsaved text.
(function () {
  "use strict";
  const form = document.getElementById("note-form");
  if (!form) {
    return;
  }
  let changed = false;
  form.addEventListener("input", function () {
    changed = true;
  });
  form.addEventListener("submit", function () {
    changed = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
    }
  });
})();
