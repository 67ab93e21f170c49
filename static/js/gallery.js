// Gallery lightbox: a link around each photo opens its largest size in a <dialog>, with previous/next
// (buttons and arrow keys) and Escape to close. Without JavaScript the links simply open the image.
(function () {
  "use strict";

  function setUp(grid) {
    if (grid.dataset.lightboxReady) return;
    grid.dataset.lightboxReady = "1";
    var links = Array.prototype.slice.call(grid.querySelectorAll("a.photo-link"));
    if (!links.length || typeof HTMLDialogElement === "undefined") return;
    var labels = {
      close: grid.dataset.labelClose || "×",
      prev: grid.dataset.labelPrev || "‹",
      next: grid.dataset.labelNext || "›",
    };
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    var figure = document.createElement("figure");
    var img = document.createElement("img");
    var caption = document.createElement("figcaption");
    figure.appendChild(img);
    figure.appendChild(caption);
    function button(cls, text, label) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.textContent = text;
      b.setAttribute("aria-label", label);
      dialog.appendChild(b);
      return b;
    }
    dialog.appendChild(figure);
    var close = button("lightbox-close", "×", labels.close);
    var prev = button("lightbox-prev", "‹", labels.prev);
    var next = button("lightbox-next", "›", labels.next);
    document.body.appendChild(dialog);
    var current = 0;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      var text = link.closest("figure") && link.closest("figure").querySelector("figcaption");
      img.src = link.href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = text ? text.textContent : "";
      prev.hidden = next.hidden = links.length < 2;
      if (!dialog.open) dialog.showModal();
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        show(index);
      });
    });
    close.addEventListener("click", function () { dialog.close(); });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
    dialog.addEventListener("close", function () { links[current].focus(); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lightbox]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
