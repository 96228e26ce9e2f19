// Type-ahead for text fields marked data-typeahead="<kind>": suggestions from the staff lookup
// endpoint in an ARIA combobox (arrow keys move, Enter or a click picks, Escape closes).
// The server ranks the suggestions best first, and the first is selected: Enter picks it.
// The field stays a plain text box: without this script the server resolves what was typed.
// With data-multiple, names are separated by semicolons and only the last one is completed.
(function () {
  "use strict";
  const script = document.currentScript;
  const lookupUrl = script.dataset.lookupUrl;
  const MIN_LENGTH = 2;
  const DELAY = 150;

  function currentTerm(input) {
    if (!input.dataset.multiple) {
      return input.value.trim();
    }
    const parts = input.value.split(";");
    return parts[parts.length - 1].trim();
  }

  function withPicked(input, label) {
    if (!input.dataset.multiple) {
      return label;
    }
    const parts = input.value.split(";").slice(0, -1).map(function (part) {
      return part.trim();
    });
    parts.push(label);
    return parts.join("; ") + "; ";
  }

  function setUp(input) {
    const listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "typeahead-list";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.after(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.parentElement.classList.add("typeahead");

    let active = -1;
    let timer = null;
    let asked = 0;

    function options() {
      return listbox.querySelectorAll("[role=option]");
    }

    function close() {
      listbox.hidden = true;
      listbox.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function pick(option) {
      input.value = withPicked(input, option.textContent);
      close();
      input.focus();
    }

    function show(results) {
      close();
      results.forEach(function (result, n) {
        const option = document.createElement("li");
        option.id = listbox.id + "-" + n;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(option);
        });
        listbox.append(option);
      });
      listbox.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      highlight(0);
      status.textContent = results.length
        ? script.dataset.found.replace("%(count)s", results.length)
        : "";
    }

    function ask() {
      const term = currentTerm(input);
      if (term.length < MIN_LENGTH) {
        close();
        return;
      }
      asked += 1;
      const mine = asked;
      const url = lookupUrl.replace("/kind/", "/" + input.dataset.typeahead + "/");
      fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          // An answer to an earlier keystroke that arrives late is dropped.
          if (mine === asked && document.activeElement === input) {
            show(data.results);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      const open = !listbox.hidden;
      if (event.key === "ArrowDown" && open) {
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        pick(options()[active]);
      } else if (event.key === "Escape" && open) {
        close();
      } else {
        return;
      }
      event.preventDefault();
    });
    input.addEventListener("blur", close);
  }

  if (lookupUrl) {
    document.querySelectorAll("input[data-typeahead]").forEach(setUp);
  }
})();
