/* Glossary, progressive enhancement (the pages work without it):
   - tooltips of linked terms: Escape closes the open one (WCAG 1.4.13: dismissible);
   - index page: the filter box filters the list as one types (without JavaScript the form is
     sent and the server filters), hides empty letters and updates the count. */
(function () {
    "use strict";
    if (window.glossaryEnhanced) { return; }
    window.glossaryEnhanced = true;

    function fold(text) {
        return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        document.querySelectorAll(".glossary-ref:hover, .glossary-ref:focus-within").forEach(function (ref) {
            ref.classList.add("is-dismissed");
        });
    });
    function reopen(event) {
        var ref = event.target.closest && event.target.closest(".glossary-ref");
        if (ref) { ref.classList.remove("is-dismissed"); }
    }
    document.addEventListener("focusin", reopen);
    document.addEventListener("mouseover", reopen);

    function setUpFilter(form) {
        var input = form.querySelector("input[type=search]");
        var count = document.getElementById("glossary-count");
        var empty = document.querySelector("[data-glossary-empty]");
        var groups = Array.prototype.slice.call(document.querySelectorAll("[data-glossary-group]"));
        if (!input || !groups.length) { return; }

        function apply() {
            var needle = fold(input.value);
            var shown = 0;
            groups.forEach(function (group) {
                var visible = 0;
                group.querySelectorAll("[data-glossary-text]").forEach(function (entry) {
                    var match = !needle || entry.getAttribute("data-glossary-text").indexOf(needle) !== -1;
                    entry.hidden = !match;
                    if (match) { visible += 1; }
                });
                group.hidden = visible === 0;
                var letter = document.querySelector('[data-glossary-letter="' + group.id + '"]');
                if (letter) { letter.hidden = visible === 0; }
                shown += visible;
            });
            if (empty) { empty.hidden = shown !== 0; }
            if (count && count.dataset.template) {
                count.textContent = count.dataset.template.replace("{shown}", shown);
            }
            var url = new URL(window.location.href);
            if (needle) { url.searchParams.set("q", input.value.trim()); } else { url.searchParams.delete("q"); }
            window.history.replaceState(null, "", url);
        }

        var timer;
        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(apply, 120);
        });
        form.addEventListener("submit", function (event) {
            // The whole list is in the page: no need to ask the server.
            event.preventDefault();
            apply();
        });
    }

    function init() {
        document.querySelectorAll("[data-glossary-filter]").forEach(setUpFilter);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
