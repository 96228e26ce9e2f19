// The print button needs JavaScript, so it stays hidden until this runs.
document.querySelectorAll(".print-button").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
