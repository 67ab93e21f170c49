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

  /* Photos come from the gallery: Quill's image keeps, besides alt, the photo's number
     (data-photo), which the article page turns into the photo's renditions (news/body.py). */
  var IMAGE_ATTRIBUTES = ["alt", "data-photo"];
  function registerGalleryImage() {
    var BaseImage = Quill.import("formats/image");
    if (BaseImage.galleryImage) return;
    class GalleryImage extends BaseImage {
      static formats(node) {
        return IMAGE_ATTRIBUTES.reduce(function (found, name) {
          if (node.hasAttribute(name)) found[name] = node.getAttribute(name);
          return found;
        }, {});
      }
      format(name, value) {
        if (IMAGE_ATTRIBUTES.indexOf(name) === -1) { super.format(name, value); return; }
        if (value) this.domNode.setAttribute(name, value); else this.domNode.removeAttribute(name);
      }
    }
    GalleryImage.galleryImage = true;
    Quill.register("formats/image", GalleryImage, true);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* The "insert a photo" dialog: choose a photo of the gallery or upload one, in the admin's pop-up
     window (Django's RelatedObjectLookups, as the cover photo's field does), then give its alt text. */
  function photoDialog(textarea, quill) {
    var texts = {};
    try { texts = JSON.parse(textarea.dataset.photoTexts || "{}"); } catch (e) { texts = {}; }
    var base = textarea.id || "id_body";
    var dialog = element("dialog", "photo-dialog");
    dialog.setAttribute("aria-labelledby", base + "_photo_title");
    var form = element("form");
    form.method = "dialog";
    form.noValidate = true;
    var title = element("h2", "photo-dialog-title", texts.title);
    title.id = base + "_photo_title";
    var note = element("p", "photo-dialog-note");
    note.setAttribute("role", "status");
    note.hidden = true;
    var intro = element("p", "photo-dialog-intro", texts.intro);
    var sources = element("p", "photo-dialog-sources");
    var choose = element("a", "button photo-dialog-choose", texts.choose);
    choose.id = "lookup_" + base + "_photo";
    choose.href = textarea.dataset.photoChoose;
    var upload = element("a", "button photo-dialog-upload", texts.upload);
    upload.id = "add_" + base + "_photo";
    upload.href = textarea.dataset.photoUpload;
    sources.append(choose, upload);
    // Where the pop-up puts the chosen or uploaded photo's number (found by id; no name: never posted).
    var chosenId = element("input");
    chosenId.type = "hidden";
    chosenId.id = base + "_photo";

    var chosen = element("div", "photo-dialog-chosen");
    chosen.hidden = true;
    var preview = element("img", "photo-dialog-preview");
    var fields = element("div", "photo-dialog-fields");
    var altLabel = element("label", "required", texts.alt);
    altLabel.htmlFor = base + "_photo_alt";
    var alt = element("textarea", "photo-dialog-alt");
    alt.id = base + "_photo_alt";
    alt.rows = 3;
    alt.maxLength = 250;
    var help = element("p", "help", texts.altHelp);
    help.id = base + "_photo_alt_help";
    var error = element("p", "errornote photo-dialog-error");
    error.id = base + "_photo_alt_error";
    error.hidden = true;
    alt.setAttribute("aria-describedby", help.id + " " + error.id);
    fields.append(altLabel, alt, help, error);
    chosen.append(preview, fields);

    var actions = element("div", "photo-dialog-actions");
    var insert = element("button", "default", texts.insert);
    insert.type = "submit";
    insert.hidden = true;
    var cancel = element("button", "photo-dialog-cancel", texts.cancel);
    cancel.type = "button";
    actions.append(insert, cancel);
    form.append(title, note, intro, sources, chosenId, chosen, actions);
    dialog.append(form);
    document.body.appendChild(dialog);

    var photo = null;
    var index = 0;

    function say(message) {
      note.textContent = message || "";
      note.hidden = !message;
    }
    function showError(message) {
      error.textContent = message || "";
      error.hidden = !message;
      alt.setAttribute("aria-invalid", message ? "true" : "false");
    }
    function reset() {
      photo = null;
      chosenId.value = "";
      chosen.hidden = true;
      insert.hidden = true;
      alt.value = "";
      showError("");
    }
    function popup(link, lookup) {
      // Django's own pop-up functions when the admin page loaded them; a plain pop-up otherwise.
      if (lookup && window.showRelatedObjectLookupPopup) return window.showRelatedObjectLookupPopup(link);
      if (!lookup && window.showRelatedObjectPopup) return window.showRelatedObjectPopup(link);
      var url = new URL(link.href);
      url.searchParams.set("_popup", "1");
      window.open(url, link.id.replace(/^(lookup|add)_/, "") + "__1", "height=600,width=900,resizable=yes,scrollbars=yes");
      return false;
    }
    choose.addEventListener("click", function (event) { event.preventDefault(); popup(choose, true); });
    upload.addEventListener("click", function (event) { event.preventDefault(); popup(upload, false); });

    function load(number) {
      if (!/^\d+$/.test(number)) return;
      say("");
      fetch(textarea.dataset.photoEmbed.replace("__id__", number), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        if (!dialog.open) dialog.showModal();
        if (!data.is_public) { reset(); say(texts.notPublic); return; }
        photo = data;
        preview.src = data.thumbnail;
        preview.alt = data.alt;
        alt.value = data.alt;
        chosen.hidden = false;
        insert.hidden = false;
        showError("");
        alt.focus();
        alt.select();
      }).catch(function () { reset(); say(texts.failed); });
    }
    // The pop-up sets the hidden field and triggers jQuery's "change" (django.jQuery), not a DOM event.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(chosenId).on("change", function () { load(chosenId.value); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!photo) return;
      var text = alt.value.replace(/\s+/g, " ").trim();
      if (!text) { showError(texts.altMissing); alt.focus(); return; }
      // The photo on a line of its own, and the cursor on the next line.
      if (index > 0 && quill.getText(index - 1, 1) !== "\n") { quill.insertText(index, "\n", "user"); index += 1; }
      quill.insertEmbed(index, "image", photo.src, "user");
      quill.formatText(index, 1, { alt: text, "data-photo": String(photo.id) }, "user");
      quill.insertText(index + 1, "\n", "user");
      quill.setSelection(index + 2, 0, "user");
      dialog.close();
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { reset(); say(""); quill.focus(); });

    return {
      open: function (range, message) {
        index = range ? range.index : Math.max(quill.getLength() - 1, 0);
        reset();
        say(message);
        if (!dialog.open) dialog.showModal();
      },
      pasted: texts.pasted
    };
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

    registerGalleryImage();
    var photos = null;  // the dialog, made once Quill is there
    var quill = new Quill(holder, {
      theme: "snow",
      placeholder: textarea.dataset.placeholder || "",
      modules: {
        table: true,
        // An image file pasted or dropped into the text cannot be kept (it would be a data: address):
        // the dialog opens instead, to upload it into the gallery.
        uploader: {
          mimetypes: ["image/png", "image/jpeg", "image/webp", "image/gif"],
          handler: function (range) { photos.open(range, photos.pasted); }
        },
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
            image: function () { photos.open(this.quill.getSelection(true)); },
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

    photos = photoDialog(textarea, quill);
    if (textarea.value.trim()) {
      quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent");
    }
    // From now on (the stored body is in), an image pasted from elsewhere is left out — it is not a
    // photo of the gallery — and the dialog says why.
    var Delta = Quill.import("delta");
    quill.clipboard.addMatcher("IMG", function (node, delta) {
      if (node.getAttribute("data-photo")) return delta;
      window.setTimeout(function () { photos.open(quill.getSelection(true), photos.pasted); }, 0);
      return new Delta();
    });
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
