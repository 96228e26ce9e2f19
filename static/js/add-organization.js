// The event form's panel for an organization that is not in the list (events/_add_organization
// .html). Without this script its buttons post the whole form and the page comes back with the
// organization in its field; with it, the panel posts to the staff endpoint and the page stays:
// the organization goes in the chosen field, or the similar ones are listed to choose from.
(function () {
  "use strict";
  const panel = document.querySelector("details.add-organization");
  if (!panel) {
    return;
  }
  const prefix = panel.dataset.prefix;
  const form = panel.closest("form");
  const result = panel.querySelector(".similar-organizations");

  function field(name) {
    return document.getElementById("id_" + prefix + "-" + name);
  }

  function withName(value, name) {
    const names = value.split(";").map(function (part) {
      return part.trim();
    }).filter(Boolean);
    const known = names.some(function (typed) {
      return typed.toLowerCase() === name.toLowerCase();
    });
    if (!known) {
      names.push(name);
    }
    return names.join("; ");
  }

  function clearErrors() {
    panel.querySelectorAll(".js-errors").forEach(function (list) {
      list.remove();
    });
    panel.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  function say(text) {
    const message = document.createElement("p");
    message.textContent = text;
    result.replaceChildren(message);
  }

  function put(label, message) {
    const target = document.getElementById("id_" + field("target").value);
    target.value = withName(target.value, label);
    ["name", "acronym"].forEach(function (name) {
      field(name).value = "";
    });
    clearErrors();
    say(message.replace("%(name)s", label));
  }

  function button(text, name, value, label) {
    const element = document.createElement("button");
    element.type = "submit";
    element.name = name;
    element.value = value;
    element.formNoValidate = true;
    element.textContent = text;
    if (label) {
      element.className = "secondary";
      element.dataset.label = label;
    }
    return element;
  }

  function listSimilar(data) {
    const intro = document.createElement("p");
    intro.textContent = data.message;
    const list = document.createElement("ul");
    data.similar.forEach(function (organization) {
      const item = document.createElement("li");
      const text = panel.dataset.use.replace("%(label)s", organization.label);
      item.append(organization.label + " ", button(text, "use_organization", organization.id, organization.label));
      list.append(item);
    });
    const confirm = document.createElement("p");
    confirm.className = "buttons";
    confirm.append(button(panel.dataset.confirm, "add_organization", "confirm"));
    result.replaceChildren(intro, list, confirm);
  }

  function showErrors(errors) {
    clearErrors();
    result.replaceChildren();
    Object.keys(errors).forEach(function (name) {
      const input = field(name) || field("name");
      const list = document.createElement("ul");
      list.className = "errorlist js-errors";
      list.id = input.id + "-js-errors";
      errors[name].forEach(function (message) {
        const item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      });
      input.before(list);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", list.id);
    });
    (field(Object.keys(errors)[0]) || field("name")).focus();
  }

  function add(submitter) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    panel.querySelectorAll("input, select").forEach(function (input) {
      if (input.name.startsWith(prefix + "-")) {
        data.append(input.name, input.value);
      }
    });
    if (submitter.value === "confirm") {
      data.append(prefix + "-confirm", "on");
    }
    fetch(panel.dataset.addUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (![201, 400, 409].includes(response.status)) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.organization) {
          put(answer.organization.label, panel.dataset.added);
        } else if (answer.errors) {
          showErrors(answer.errors);
        } else {
          clearErrors();
          listSimilar(answer);
        }
      })
      // Signed out meanwhile, or the network failed: the page's own way, which keeps the text.
      .catch(function () {
        form.requestSubmit(submitter);
      });
  }

  panel.addEventListener("click", function (event) {
    const submitter = event.target.closest("button[name]");
    if (!submitter || !panel.contains(submitter)) {
      return;
    }
    event.preventDefault();
    if (submitter.name === "use_organization") {
      put(submitter.dataset.label, panel.dataset.added);
    } else if (submitter.name === "add_organization") {
      add(submitter);
    }
  });
  // Enter in the panel adds the organization; it does not save the event.
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input")) {
      event.preventDefault();
      add(panel.querySelector("button[name=add_organization][value=check]"));
    }
  });
})();
