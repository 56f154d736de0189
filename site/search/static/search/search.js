/* Search box autocomplete: an ARIA 1.2 combobox with a listbox popup.
   Progressive enhancement: without this file the box is a plain search form. Suggestions
   come from the form's data-suggest-url as JSON and are inserted as text only. */
(function () {
    "use strict";

    var MIN_LENGTH = 2;
    var DELAY = 150;
    var counter = 0;

    function enhance(form) {
        var input = form.querySelector("input[name=q]");
        var url = form.getAttribute("data-suggest-url");
        if (!input || !url || !window.fetch) {
            return;
        }
        counter += 1;
        var listId = (input.id || "search") + "-suggestions";
        var field = input.parentNode;
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "search-box__suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
        list.hidden = true;
        field.appendChild(list);

        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        field.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var timer = null;
        var controller = null;
        var items = [];
        var active = -1;
        var lastQuery = "";

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function setActive(index) {
            var options = list.querySelectorAll("[role=option]");
            if (!options.length) {
                return;
            }
            if (index < 0) {
                index = options.length - 1;
            } else if (index >= options.length) {
                index = 0;
            }
            for (var i = 0; i < options.length; i++) {
                options[i].setAttribute("aria-selected", i === index ? "true" : "false");
            }
            active = index;
            input.setAttribute("aria-activedescendant", options[index].id);
            options[index].scrollIntoView({block: "nearest"});
        }

        function choose(index) {
            var item = items[index];
            if (!item) {
                return;
            }
            input.value = item.title;
            close();
            if (form.requestSubmit) {
                form.requestSubmit();
            } else {
                form.submit();
            }
        }

        function render(suggestions) {
            items = suggestions;
            list.textContent = "";
            active = -1;
            input.removeAttribute("aria-activedescendant");
            if (!suggestions.length) {
                close();
                status.textContent = form.getAttribute("data-status-none") || "";
                return;
            }
            suggestions.forEach(function (item, index) {
                var option = document.createElement("li");
                option.id = listId + "-" + index;
                option.className = "search-box__suggestion";
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                var title = document.createElement("span");
                title.className = "search-box__suggestion-title";
                title.textContent = item.title;
                option.appendChild(title);
                if (item.type) {
                    var type = document.createElement("span");
                    type.className = "search-box__suggestion-type";
                    type.textContent = item.type;
                    option.appendChild(document.createTextNode(" "));
                    option.appendChild(type);
                }
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault(); // keep the focus in the input
                });
                option.addEventListener("click", function () {
                    choose(index);
                });
                list.appendChild(option);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = form.getAttribute("data-status-some") || "";
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query === lastQuery) {
                return;
            }
            lastQuery = query;
            if (controller) {
                controller.abort();
            }
            if (query.length < MIN_LENGTH) {
                render([]);
                status.textContent = "";
                return;
            }
            controller = window.AbortController ? new AbortController() : null;
            var target = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
            fetch(target, {
                headers: {"Accept": "application/json"},
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined
            }).then(function (response) {
                return response.ok ? response.json() : {suggestions: []};
            }).then(function (data) {
                if (input.value.trim() === query) {
                    render(Array.isArray(data.suggestions) ? data.suggestions : []);
                }
            }).catch(function () {
                /* aborted or offline: the plain form still works */
            });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY);
        });

        input.addEventListener("keydown", function (event) {
            var open = !list.hidden;
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (!open && items.length) {
                    list.hidden = false;
                    input.setAttribute("aria-expanded", "true");
                }
                setActive(active + 1);
            } else if (event.key === "ArrowUp") {
                if (open) {
                    event.preventDefault();
                    setActive(active - 1);
                }
            } else if (event.key === "Enter") {
                if (open && active >= 0) {
                    event.preventDefault();
                    choose(active);
                }
            } else if (event.key === "Escape") {
                if (open) {
                    event.preventDefault();
                    close();
                }
            } else if (event.key === "Tab") {
                close();
            }
        });

        input.addEventListener("blur", function () {
            window.setTimeout(close, 150);
        });
    }

    function init() {
        var forms = document.querySelectorAll("form[data-suggest-url]");
        for (var i = 0; i < forms.length; i++) {
            enhance(forms[i]);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
