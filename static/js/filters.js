// Filters of list pages (<details class="tg-filters" open>): folded on phones unless a filter is in use,
// always open on wider screens (their "Bộ lọc" summary is hidden there). Without JavaScript they stay open.
(() => {
  const wide = window.matchMedia("(min-width: 768px)");
  const boxes = Array.from(document.querySelectorAll("details.tg-filters"));
  boxes.forEach((box) => {
    if (!wide.matches && !box.dataset.tgActive) box.open = false;
  });
  wide.addEventListener("change", () => {
    if (wide.matches) boxes.forEach((box) => { box.open = true; });
  });
})();
