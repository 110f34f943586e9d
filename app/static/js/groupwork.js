// The group page's enhancements. Without them every form still posts and the page reloads.
// - A place the user is typing in is "dirty": list refreshes (polls, other members' moves)
//   keep it as it is, so typed text is never overwritten. A save replaces it with the
//   server's answer (saved, errors or both texts of a conflict).
// - A poll answer is not swapped while a place is being dragged (app.js already leaves
//   answers with nothing new alone).
// - Focus follows a moved place.
// - A place can be dragged onto another (its Up/Down form is sent with the place "to").
// - Nothing typed is lost: each place's unsaved text is kept in this browser (localStorage,
//   per session, theme and place), put back into the form when the page is opened again,
//   and forgotten once that place is saved. If the list can no longer change, the kept
//   text is shown to copy. Leaving with unsaved text asks first (app.js).
(function () {
  "use strict";

  var LIST = "[data-group-work]";
  var dragged = null;  // the place being dragged, if any

  function slotOf(element) {
    return element && element.closest ? element.closest("[data-slot]") : null;
  }

  // --- drafts kept in this browser ----------------------------------------------

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }  // blocked: no drafts
  }

  function draftsKey() {
    var list = document.querySelector(LIST);
    return list ? list.getAttribute("data-drafts") : null;
  }

  function rankOf(slot) { return slot.id.replace("slot-", ""); }

  function fieldsOf(slot) {
    var form = slot.querySelector("form.slot-form");
    if (!form) { return null; }
    var rank = rankOf(slot);
    return {
      title: form.elements["slot-" + rank + "-title"],
      reasoning: form.elements["slot-" + rank + "-reasoning"],
      version: form.elements["slot-" + rank + "-version"]
    };
  }

  function readDraft(key, rank) {
    var store = storage();
    if (!store || !key) { return null; }
    try { return JSON.parse(store.getItem(key + ":" + rank)); } catch (error) { return null; }
  }

  function keepDraft(slot) {
    var store = storage();
    var key = draftsKey();
    var fields = fieldsOf(slot);
    if (!store || !key || !fields || !fields.title) { return; }
    var previous = readDraft(key, rankOf(slot));
    try {
      store.setItem(key + ":" + rankOf(slot), JSON.stringify({
        title: fields.title.value,
        reasoning: fields.reasoning ? fields.reasoning.value : "",
        // The version the text was written on: a save after a reload still notices
        // another member's save meanwhile (and shows both texts).
        version: previous ? previous.version : (fields.version ? fields.version.value : "0")
      }));
    } catch (error) { /* storage full: the text is still in the form */ }
  }

  function forgetDraft(key, rank) {
    var store = storage();
    if (store && key) { store.removeItem(key + ":" + rank); }
  }

  function allDrafts(key) {
    var store = storage();
    var found = [];
    if (!store || !key) { return found; }
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name && name.indexOf(key + ":") === 0) {
        var draft = readDraft(key, name.slice(key.length + 1));
        if (draft) { found.push({ rank: Number(name.slice(key.length + 1)), draft: draft }); }
      }
    }
    return found.sort(function (a, b) { return a.rank - b.rank; });
  }

  // Opening the page: put each place's unsaved text back, or show it to copy if the list
  // can no longer change.
  function restoreDrafts() {
    var key = draftsKey();
    var list = document.querySelector(LIST);
    if (!key || !list) { return; }
    var restored = false;
    var orphans = [];
    allDrafts(key).forEach(function (entry) {
      var slot = document.getElementById("slot-" + entry.rank);
      var fields = slot && fieldsOf(slot);
      var draft = entry.draft;
      if (!fields || !fields.title) { orphans.push(entry); return; }
      if (fields.title.value === draft.title &&
          (!fields.reasoning || fields.reasoning.value === draft.reasoning)) {
        forgetDraft(key, entry.rank);  // saved after all
        return;
      }
      fields.title.value = draft.title;
      if (fields.reasoning) { fields.reasoning.value = draft.reasoning; }
      if (fields.version && draft.version !== undefined) { fields.version.value = draft.version; }
      [fields.title, fields.reasoning].forEach(function (field) {
        if (field) { field.dispatchEvent(new Event("count-update", { bubbles: true })); }
      });
      slot.setAttribute("data-dirty", "true");
      restored = true;
    });
    var status = document.getElementById("group-status");
    if (restored && status) { status.textContent = list.getAttribute("data-restored"); }
    showOrphans(orphans);
    // Text typed before this script ran (a slow phone) is kept like any other.
    list.querySelectorAll("[data-slot]").forEach(function (slot) {
      var fields = fieldsOf(slot);
      var typed = [fields && fields.title, fields && fields.reasoning].some(function (field) {
        return field && field.value !== field.defaultValue;
      });
      if (typed && !slot.hasAttribute("data-dirty")) {
        slot.setAttribute("data-dirty", "true");
        keepDraft(slot);
      }
    });
  }

  function showOrphans(orphans) {
    var box = document.querySelector("[data-unsaved-drafts]");
    var holder = box && box.querySelector("[data-draft-fields]");
    if (!holder || !orphans.length) { return; }
    holder.replaceChildren();
    orphans.forEach(function (entry) {
      var place = holder.getAttribute("data-place-label").replace("{rank}", String(entry.rank));
      [["title", "data-title-label"], ["reasoning", "data-reasoning-label"]].forEach(function (part) {
        var value = entry.draft[part[0]];
        if (!value || !value.trim()) { return; }
        var id = "draft-" + entry.rank + "-" + part[0];
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = place + ": " + holder.getAttribute(part[1]);
        var text = document.createElement("textarea");
        text.id = id;
        text.readOnly = true;
        text.rows = 3;
        text.value = value;
        holder.append(label, text);
      });
    });
    box.hidden = !holder.children.length;
  }

  document.addEventListener("click", function (event) {
    var forget = event.target.closest ? event.target.closest("[data-forget-drafts]") : null;
    if (!forget) { return; }
    var key = draftsKey();
    allDrafts(key).forEach(function (entry) { forgetDraft(key, entry.rank); });
    forget.closest("[data-unsaved-drafts]").hidden = true;
  });

  document.addEventListener("DOMContentLoaded", restoreDrafts);

  // A place saved (or "Use their text"), or the list submitted: its drafts are done. (Read
  // before the swap: the form is still on the page, so its event reaches the document.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var config = event.detail.requestConfig;
    var form = config && config.elt;  // what sent the request (detail.elt is the target)
    if (!xhr || xhr.status !== 200 || !form || !form.matches) { return; }
    var key = draftsKey();
    if (form.matches("form.slot-form")) {
      var slot = slotOf(form);
      if (slot) { forgetDraft(key, rankOf(slot)); }
    } else if (form.hasAttribute("data-submit-list")) {
      allDrafts(key).forEach(function (entry) { forgetDraft(key, entry.rank); });
    }
  });

  document.addEventListener("input", function (event) {
    var slot = slotOf(event.target);
    if (!slot || !event.target.form) { return; }
    slot.setAttribute("data-dirty", "true");
    keepDraft(slot);
  });

  // Should the place on the page stay instead of the incoming one?
  function keep(current, incoming) {
    // Being typed in, or showing a refused save's text to copy.
    if (current.hasAttribute("data-dirty") || current.hasAttribute("data-kept")) { return true; }
    var samePriority = current.getAttribute("data-priority") &&
      current.getAttribute("data-priority") === incoming.getAttribute("data-priority");
    return samePriority && incoming.hasAttribute("data-version") &&
      Number(incoming.getAttribute("data-version")) < Number(current.getAttribute("data-version"));
  }

  // Every new state of the list (a poll's, or the answer to a move or a submit) keeps the
  // places being typed in.
  document.addEventListener("live:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (!target.matches(LIST)) { return; }
    var template = document.createElement("template");
    template.innerHTML = detail.serverResponse;
    if (!template.content.querySelector(LIST)) { return; }
    var polled = detail.requestConfig && detail.requestConfig.verb === "get";
    if (polled && dragged) { detail.shouldSwap = false; return; }  // a swap would end the drag
    var kept = false;
    target.querySelectorAll("[data-slot]").forEach(function (slot) {
      var fresh = template.content.getElementById(slot.id);
      if (fresh && keep(slot, fresh)) {
        fresh.setAttribute("hx-preserve", "true");
        kept = true;
      }
    });
    if (kept) { detail.serverResponse = template.innerHTML; }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) { target = document.getElementById(target.id); }
    if (!target || !target.querySelector) { return; }
    var element = null;
    if (target.matches(LIST) && target.hasAttribute("data-focus")) {
      element = document.getElementById(target.getAttribute("data-focus"));
      target.removeAttribute("data-focus");
    } else if (event.detail.xhr && event.detail.xhr.status === 422) {
      element = target.querySelector(".error-summary, [aria-invalid='true']");
    }
    if (element) { element.focus(); }
  });

  // --- drag and drop: an extra beside the Up/Down buttons ----------------------

  function clearDrag() {
    document.querySelectorAll(".drop-target, .dragging").forEach(function (element) {
      element.classList.remove("drop-target", "dragging");
    });
  }

  function dropSlot(event) {
    var slot = slotOf(event.target);
    return dragged && slot && slot !== dragged && slot.parentNode === dragged.parentNode
      ? slot : null;
  }

  document.addEventListener("dragstart", function (event) {
    var handle = event.target.closest ? event.target.closest(".drag-handle") : null;
    dragged = handle ? slotOf(handle) : null;
    if (!dragged) { return; }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    event.dataTransfer.setDragImage(dragged, 24, 24);
    dragged.classList.add("dragging");
  });

  document.addEventListener("dragover", function (event) {
    var slot = dropSlot(event);
    if (!slot) { return; }
    event.preventDefault();
    if (!slot.classList.contains("drop-target")) {
      clearDrag();
      dragged.classList.add("dragging");
      slot.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var slot = dropSlot(event);
    var form = dragged && dragged.querySelector(".slot-moves");
    if (!slot || !form) { return; }
    event.preventDefault();
    var to = form.querySelector("input[name='to']") || document.createElement("input");
    to.type = "hidden";
    to.name = "to";
    to.value = slot.id.replace("slot-", "");
    form.appendChild(to);
    form.requestSubmit();
  });

  document.addEventListener("dragend", function () {
    clearDrag();
    dragged = null;
  });
})();
