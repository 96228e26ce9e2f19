// The filters of a public list fold away on a phone; on a wider screen they start unfolded.
// Without JavaScript they stay folded, one click away.
if (window.matchMedia("(min-width: 48rem)").matches) {
  document.querySelectorAll("details.filter-panel").forEach((panel) => {
    panel.open = true;
  });
}
