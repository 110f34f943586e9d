// The group page's enhancements. Without them every form still posts and the page reloads.
// - A place the user is typing in is "dirty": list refreshes (polls, other members' moves)
//   keep it as it is, so typed text is never overwritten. A save replaces it with the
//   server's answer (saved, errors or both texts of a conflict).
// - A poll answer is not swapped while a place is being dragged (app.js already leaves
//   answers with nothing new alone).
// - Focus follows a moved place.
// - A place can be dragged onto another (its Up/Down form is sent with the place "to").
(function () {
  "use strict";

  var LIST = "[data-group-work]";
  var dragged = null;  // the place being dragged, if any

  function slotOf(element) {
    return element && element.closest ? element.closest("[data-slot]") : null;
  }

  document.addEventListener("input", function (event) {
    var slot = slotOf(event.target);
    if (!slot || !event.target.form) { return; }
    slot.setAttribute("data-dirty", "true");
  });

  // Should the place on the page stay instead of the incoming one?
  function keep(current, incoming) {
    if (current.hasAttribute("data-dirty")) { return true; }
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
