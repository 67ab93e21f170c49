// Public site: on a phone, a list's filters start folded behind their "Bộ lọc" button unless one is set;
// on a wide screen they are always open (the button is hidden there). Without JavaScript they stay open.
(function () {
  var narrow = window.matchMedia("(max-width: 48rem)");
  var boxes = document.querySelectorAll("details.filter-box");
  function fit() {
    boxes.forEach(function (box) {
      box.open = !narrow.matches || box.dataset.active !== "0";
    });
  }
  fit();
  narrow.addEventListener("change", fit);
  // Long side panels (a map's table) start folded on a phone; their summary stays visible everywhere.
  if (narrow.matches) {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (box) { box.open = false; });
  }
})();

// A "print this page" button (no inline script under the CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
