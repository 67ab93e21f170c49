/* The admin's rich-text editor (Quill 2, vendored). No inline script: settings come from the
   textarea's data-* attributes. The textarea stays the form field; Quill writes HTML into it.
   Whatever is written is sanitized again on the server, so this is convenience, not security. */
(function () {
  "use strict";

  function labelFor(textarea, key, fallback) {
    var labels = {};
    try { labels = JSON.parse(textarea.dataset.labels || "{}"); } catch (e) { labels = {}; }
    return labels[key] || fallback;
  }

  function init(textarea) {
    if (typeof Quill === "undefined" || textarea.dataset.ready) return;
    textarea.dataset.ready = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    textarea.insertAdjacentElement("beforebegin", wrapper);
    wrapper.appendChild(textarea);
    var holder = document.createElement("div");
    holder.className = "rich-text-editor";
    wrapper.appendChild(holder);
    textarea.classList.add("rich-text-source");
    // The hidden textarea must not block submission with the browser's "required" bubble.
    textarea.required = false;

    var prefix = textarea.dataset.mediaPrefix || "/media/";
    var quill = new Quill(holder, {
      theme: "snow",
      placeholder: textarea.dataset.placeholder || "",
      modules: {
        table: true,
        toolbar: {
          container: [
            [{ header: [2, 3, 4, false] }],
            ["bold", "italic"],
            [{ list: "ordered" }, { list: "bullet" }, "blockquote"],
            ["link", "image"],
            ["table", "table-row", "table-column", "table-delete"],
            ["clean"]
          ],
          handlers: {
            link: function (value) {
              if (!value) { this.quill.format("link", false); return; }
              var url = window.prompt(textarea.dataset.linkPrompt || "URL", "https://");
              if (url && /^(https?:|mailto:|\/(?!\/))/i.test(url.trim())) this.quill.format("link", url.trim());
            },
            image: function () {
              var url = window.prompt(textarea.dataset.imagePrompt || "URL", prefix);
              if (!url) return;
              url = url.trim();
              if (url.indexOf(prefix) !== 0 || url.indexOf("//") === 0 || url.indexOf("..") !== -1) {
                window.alert(textarea.dataset.imageRefused || "");
                return;
              }
              var range = this.quill.getSelection(true);
              this.quill.insertEmbed(range.index, "image", url, "user");
            },
            table: function () { this.quill.getModule("table").insertTable(3, 3); },
            "table-row": function () { this.quill.getModule("table").insertRowBelow(); },
            "table-column": function () { this.quill.getModule("table").insertColumnRight(); },
            "table-delete": function () { this.quill.getModule("table").deleteTable(); }
          }
        }
      }
    });

    // Accessible names for the icon buttons, and text for the table buttons Quill has no icon for.
    var toolbar = holder.previousElementSibling;
    var names = {
      "ql-bold": labelFor(textarea, "bold", "Bold"), "ql-italic": labelFor(textarea, "italic", "Italic"),
      "ql-blockquote": labelFor(textarea, "blockquote", "Quote"), "ql-link": labelFor(textarea, "link", "Link"),
      "ql-image": labelFor(textarea, "image", "Image"), "ql-clean": labelFor(textarea, "clean", "Clear formatting"),
      "ql-table": labelFor(textarea, "table", "Table"), "ql-table-row": labelFor(textarea, "row", "+ row"),
      "ql-table-column": labelFor(textarea, "column", "+ column"),
      "ql-table-delete": labelFor(textarea, "deleteTable", "Delete table")
    };
    if (toolbar && toolbar.classList.contains("ql-toolbar")) {
      toolbar.querySelectorAll("button").forEach(function (button) {
        var cls = Array.prototype.find.call(button.classList, function (c) { return names[c]; });
        if (button.classList.contains("ql-list")) {
          cls = null;
          button.setAttribute("aria-label", labelFor(textarea, "list-" + button.value, button.value));
          button.title = button.getAttribute("aria-label");
        }
        if (!cls) return;
        button.setAttribute("aria-label", names[cls]);
        button.title = names[cls];
        if (/^ql-table-/.test(cls)) { button.textContent = names[cls]; button.classList.add("rich-text-textbutton"); }
      });
    }

    if (textarea.value.trim()) {
      quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent");
    }
    function sync() {
      // Quill 2.0.3's getSemanticHTML writes every space as &nbsp;: give the words their spaces back.
      var html = quill.getSemanticHTML().replace(/&nbsp;/g, " ");
      textarea.value = quill.getLength() > 1 ? html : "";
    }
    // Only an edit writes the editor's HTML back: a body nobody touched is saved exactly as stored
    // (Quill cannot represent every allowed tag, e.g. <th scope>, and would drop it on a re-save).
    quill.on("text-change", sync);
  }

  function start() {
    document.querySelectorAll("textarea[data-rich-text='quill']").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
