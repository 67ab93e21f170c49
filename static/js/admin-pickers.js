"use strict";
// The admin's pickers (Select2) never take a row the user did not choose. The server lists the
// best match for what was typed first (FoldedSearchMixin); here:
// - once something is typed, the first row is highlighted, not the current choice: Select2 kept
//   highlighting the chosen country whenever it was among the results, so with Đức chosen,
//   typing "Úc" (which Đức contains, diacritics ignored) and Enter kept Đức;
// - while the results for what was just typed are on their way, the rows on screen belong to the
//   previous text, and Enter would take one of those ("Ú" → Áo while "Úc" is being looked up):
//   Enter is held back until the new results are in.
(function () {
    const $ = window.django && django.jQuery;
    if (!$ || !$.fn.select2 || !$.fn.select2.amd) {
        return;
    }
    const Results = $.fn.select2.amd.require("select2/results");
    const highlightFirstItem = Results.prototype.highlightFirstItem;
    Results.prototype.highlightFirstItem = function () {
        const typed = this.$results.closest(".select2-dropdown").find(".select2-search__field").val();
        if (!typed) {
            highlightFirstItem.call(this);
            return;
        }
        this.$results.find(".select2-results__option[aria-selected]").first().trigger("mouseenter");
        this.ensureHighlightVisible();
    };
})();

document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.classList.contains("select2-search__field")) {
        return;
    }
    if (document.querySelector(".select2-container--open .loading-results")) {
        event.preventDefault();
        event.stopPropagation();
    }
}, true);
