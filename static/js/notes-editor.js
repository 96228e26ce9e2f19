// The note editor: nothing typed is lost, and editors see each other.
//
// - Every change is copied to this browser's localStorage (one copy per note, or per event for
//   a new note) with the version it was typed on. When the page opens with a copy that differs
//   from the form: a copy sent with Save that never came back saved (signed out, expired page)
//   is put back in the form at once, with a message; any other copy is offered (Restore /
//   Discard). A copy is dropped once the server says a save holds it (data-saved-copies).
// - Before the form is sent, the CSRF token is taken from the cookie: signing out and in
//   again in another tab changes it, and the form's own token would then be refused.
// - A heartbeat (data-editing-url, every data-heartbeat seconds) keeps the text on the server
//   when it changed (an autosave, not a revision) and shows who else is editing.
// - Leaving the page with text not sent asks first.
// The messages come from the page (translated); none is written here.
(function () {
  "use strict";
  const form = document.getElementById("note-form");
  if (!form) {
    return;
  }
  const PREFIX = "outreach-editor:";
  const MAX_AGE = 30 * 24 * 3600 * 1000; // copies nobody came back to for a month go
  const CONTENT = ["title", "objectives", "background", "highlights", "additional_comments"];
  const options = form.dataset;
  const key = PREFIX + options.copyKey;
  const store = localStore();
  const status = document.getElementById("editor-status");
  const presence = document.getElementById("editor-presence");
  let page = token(); // names this page to the server; a new one after the page cache
  let changed = options.state === "unsaved";
  let submitting = false;
  let writing = null;

  // -- the copy in this browser ------------------------------------------------------------

  function localStore() {
    try {
      const store = window.localStorage;
      store.setItem(PREFIX + "test", "1");
      store.removeItem(PREFIX + "test");
      return store;
    } catch (error) {
      return null; // storage off or full: the editor still works, without the copy
    }
  }

  function token() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function element(name) {
    return form.elements.namedItem(name);
  }

  function number(name) {
    const input = element(name);
    const value = input ? parseInt(input.value, 10) : NaN;
    return Number.isNaN(value) ? null : value;
  }

  // The fields a person types in: every visible input, text area and list of the form.
  function values() {
    const fields = {};
    for (const input of form.elements) {
      const typed = input.matches("textarea, select, input:not([type=hidden])");
      if (input.name && typed && input.type !== "submit") {
        fields[input.name] = input.value;
      }
    }
    return fields;
  }

  function content(fields) {
    const text = {};
    for (const name of CONTENT) {
      if (name in fields) {
        text[name] = fields[name];
      }
    }
    return text;
  }

  function same(copy, fields) {
    return Object.keys(copy).every((name) => !(name in fields) || copy[name] === fields[name]);
  }

  function read(storageKey) {
    try {
      const copy = JSON.parse(store.getItem(storageKey));
      return copy && typeof copy.fields === "object" ? copy : null;
    } catch (error) {
      return null;
    }
  }

  function write(extra) {
    window.clearTimeout(writing);
    writing = null;
    if (!store) {
      return;
    }
    const copy = {
      version: number("expected_version"),
      baseRevision: number("base_revision"),
      fields: values(),
      savedAt: Date.now(),
      pending: false,
    };
    try {
      store.setItem(key, JSON.stringify(Object.assign(copy, extra)));
    } catch (error) {
      // full: keep going without the copy
    }
  }

  function forget() {
    if (store) {
      store.removeItem(key);
    }
  }

  // Copies a save holds, and copies left for a month, go.
  function tidy() {
    const saved = (options.savedCopies || "").split(/\s+/).filter(Boolean);
    for (let i = store.length - 1; i >= 0; i -= 1) {
      const storageKey = store.key(i);
      if (storageKey && storageKey.startsWith(PREFIX)) {
        const copy = read(storageKey);
        const old = !copy || !(Date.now() - copy.savedAt < MAX_AGE);
        if (old || (copy.token && saved.includes(copy.token))) {
          store.removeItem(storageKey);
        }
      }
    }
  }

  // Put a copy back in the form. Typed on an older version of the note, the form says so
  // (expected_version, base_revision): the save then merges with what others saved since.
  function restore(copy) {
    for (const [name, value] of Object.entries(copy.fields)) {
      const input = element(name);
      if (input && "value" in input && typeof value === "string") {
        input.value = value;
      }
    }
    const current = number("expected_version");
    if (copy.version && current && copy.version < current) {
      element("expected_version").value = copy.version;
      if (copy.baseRevision && element("base_revision")) {
        element("base_revision").value = copy.baseRevision;
      }
    }
    changed = true;
    sent = null;
    write();
  }

  function say(templateId) {
    const template = document.getElementById(templateId);
    if (status && template) {
      status.textContent = template.content.textContent.trim();
      status.dataset.message = templateId;
    }
  }

  function unsay(templateId) {
    if (status && status.dataset.message === templateId) {
      status.textContent = "";
      delete status.dataset.message;
    }
  }

  function hide(id) {
    const section = document.getElementById(id);
    if (section) {
      section.hidden = true;
    }
  }

  function offer(copy) {
    const section = document.getElementById("local-offer");
    if (!section) {
      return;
    }
    const time = section.querySelector(".local-offer-time");
    if (time) {
      time.textContent = new Date(copy.savedAt).toLocaleString(document.documentElement.lang, {
        dateStyle: "medium",
        timeStyle: "short",
      });
    }
    section.hidden = false;
    document.getElementById("local-restore").addEventListener("click", function () {
      restore(copy);
      section.hidden = true;
      say("editor-message-restored");
    });
    document.getElementById("local-discard").addEventListener("click", function () {
      forget();
      section.hidden = true;
    });
  }

  // The text the server kept for this person, when the page offers it back.
  function autosaved() {
    const data = document.getElementById("editor-autosave");
    try {
      return data ? JSON.parse(data.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  function open() {
    if (!store) {
      return;
    }
    tidy();
    if (options.state === "unsaved") {
      write(); // the page came back with text that is not saved (preview, refusal): keep it
      return;
    }
    const copy = read(key);
    if (!copy) {
      return;
    }
    if (same(copy.fields, values())) {
      forget(); // the note holds this text
      return;
    }
    if (copy.pending) {
      // Sent with Save and never saved (signed out, expired page): back it comes.
      restore(copy);
      hide("autosave-offer");
      say("editor-message-restored");
      return;
    }
    // This browser's copy is at least as new as what it sent to the server: offer the
    // server's text too only if it differs (typed in another browser).
    const server = autosaved();
    if (!server || same(server, copy.fields)) {
      hide("autosave-offer");
    }
    offer(copy);
  }

  // -- talking to the server -----------------------------------------------------------------

  function cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  let sent = options.state === "unsaved" ? null : JSON.stringify(content(values()));
  let others = JSON.stringify(
    presence ? Array.from(presence.querySelectorAll("li"), (item) => item.textContent) : []
  );

  function show(reply) {
    if (!presence || !Array.isArray(reply.others)) {
      return;
    }
    const texts = reply.others.map((other) => String(other.text));
    if (JSON.stringify(texts) === others) {
      return; // said already: a live region repeats what it is given
    }
    others = JSON.stringify(texts);
    presence.replaceChildren();
    if (texts.length) {
      const list = document.createElement("ul");
      for (const text of texts) {
        const item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      }
      presence.appendChild(list);
    }
  }

  function beat(extra, leaving) {
    if (!options.editingUrl) {
      return Promise.resolve(null);
    }
    const body = Object.assign(
      { page: page, version: number("expected_version"), base_revision: number("base_revision") },
      extra
    );
    const text = JSON.stringify(content(values()));
    if (!submitting && text !== sent) {
      body.fields = content(values());
    }
    let json = JSON.stringify(body);
    if (leaving && new TextEncoder().encode(json).length > 60000) {
      delete body.fields; // a request sent as the page closes is limited to 64 kB
      json = JSON.stringify(body);
    }
    return fetch(options.editingUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: leaving,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": cookie(options.csrfCookie || "csrftoken"),
      },
      body: json,
    })
      .then(function (response) {
        if (response.status === 401) {
          say("editor-message-signed-out");
          return null;
        }
        if (response.status === 403 || response.status === 404) {
          stop(); // no longer editable here (sent to review, or gone)
          return null;
        }
        if (!response.ok) {
          return null;
        }
        unsay("editor-message-signed-out");
        if ("fields" in body) {
          sent = text;
        }
        return response.json().then(show);
      })
      .catch(function () {
        return null; // offline for a moment: the next beat tries again
      });
  }

  let timer = null;

  function stop() {
    window.clearInterval(timer);
    timer = null;
  }

  function start() {
    if (!options.editingUrl || timer) {
      return;
    }
    beat({}, false);
    const seconds = parseFloat(options.heartbeat) || 25;
    timer = window.setInterval(function () {
      if (!submitting) {
        beat({}, false);
      }
    }, seconds * 1000);
  }

  const discard = document.getElementById("autosave-discard");
  if (discard && options.editingUrl) {
    discard.hidden = false;
    discard.addEventListener("click", function () {
      beat({ discard: true }, false);
      hide("autosave-offer");
    });
  }

  // -- the page ------------------------------------------------------------------------------

  form.addEventListener("input", function () {
    changed = true;
    if (store && !submitting) {
      window.clearTimeout(writing);
      writing = window.setTimeout(write, 300);
    }
  });

  form.addEventListener("submit", function () {
    const copy = token();
    submitting = true;
    changed = false;
    write({ pending: true, token: copy }); // dropped once a save holds it, else given back
    let input = element("editor_copy");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "editor_copy";
      form.appendChild(input);
    }
    input.value = copy;
    const csrf = cookie(options.csrfCookie || "csrftoken");
    if (csrf && element("csrfmiddlewaretoken")) {
      element("csrfmiddlewaretoken").value = csrf;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (changed && !submitting) {
      event.preventDefault();
    }
  });

  window.addEventListener("pagehide", function () {
    if (writing) {
      write();
    }
    stop();
    beat({ leaving: true }, true);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      submitting = false;
      page = token();
      start(); // back from the browser's page cache
    }
  });

  open();
  start();
})();
