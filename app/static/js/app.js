// The little JavaScript Yhdessä owns. Pages work without it; htmx (vendored) makes them live.
// No inline scripts or handlers anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Controls that only work with script (drag handles) show under html.has-js.
  document.documentElement.classList.add("has-js");

  // Focus the first error summary so screen-reader and keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary:not([data-example])");
    if (summary) { summary.focus(); }
  });

  // An error shown for an htmx action (#htmx-alert in base.html) goes away when the user
  // sends the next action; polls leave it in place.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig;
    var alert = document.getElementById("htmx-alert");
    if (alert && config && config.verb !== "get") { alert.replaceChildren(); }
  });

  // --- live regions ------------------------------------------------------------
  // A region that polls (hx-trigger="every …") carries data-etag, the version it shows.
  // The server answers 304 while that version is current (the browser may also hand htmx
  // its cached copy as a 200 with the same ETag) and 286 with the last state once the page
  // stops being live (htmx swaps it and stops polling). This one handler decides whether
  // anything new came; a page's own script then keeps what a person is doing through the
  // "live:beforeSwap" event, whose detail is htmx's (shouldSwap, serverResponse, xhr).
  function bareTag(tag) {
    return (tag || "").replace(/^W\//, "").replace(/"/g, "");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    // A 304 has nothing to show, and an answer for a region that another answer has
    // replaced meanwhile is out of date.
    if (detail.xhr.status === 304 || !target || !target.isConnected) {
      detail.shouldSwap = false;
      return;
    }
    var polled = detail.requestConfig && detail.requestConfig.verb === "get" &&
      target.hasAttribute("data-etag");
    var tag = bareTag(detail.xhr.getResponseHeader("ETag"));
    if (polled && detail.xhr.status === 200 && tag &&
        tag === bareTag(target.getAttribute("data-etag"))) {
      detail.shouldSwap = false;  // what the region shows already
      return;
    }
    if (detail.shouldSwap) {
      target.dispatchEvent(new CustomEvent("live:beforeSwap", { bubbles: true, detail: detail }));
    }
  });


  // Questions before a step that cannot be undone are asked in base.html's <dialog>.
  function ask(message, onYes) {
    var dialog = document.getElementById("confirm-dialog");
    document.getElementById("confirm-dialog-text").textContent = message;
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "yes") { onYes(); }
    }, { once: true });
    dialog.showModal();
  }

  // A button with data-confirm asks before its form is sent; the form is sent again
  // (through htmx where it has hx-post) once the answer is yes. A form that asks on a page
  // of its own without script (a confirm_first field) drops that field: it has asked.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute("data-confirm");
    if (!message) { return; }
    if (submitter.hasAttribute("data-confirmed")) {
      submitter.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var form = event.target;
    ask(message, function () {
      if (!form.isConnected) { return; }
      submitter.setAttribute("data-confirmed", "");
      form.querySelectorAll("input[name='confirm_first']").forEach(function (input) {
        input.remove();
      });
      form.requestSubmit(submitter.isConnected ? submitter : undefined);
    });
  }, true);

  // hx-confirm asks in the same dialog. An element with data-unsaved asks that instead
  // while the page has changes not yet saved ([data-dirty]).
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    var question = event.detail.question;
    var unsaved = element.getAttribute && element.getAttribute("data-unsaved");
    if (unsaved && document.querySelector("[data-dirty]")) { question = unsaved; }
    if (!question) { return; }
    event.preventDefault();
    ask(question, function () { event.detail.issueRequest(true); });
  });

  // Leaving a page with text not yet saved ([data-dirty]) asks first: a link inside an
  // element with data-unsaved (the group page's theme tabs) in the page's own dialog, and
  // any other way out (reload, closing the tab) through the browser's own question.
  var leaving = false;

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    var holder = link && link.closest("[data-unsaved]");
    if (!holder || !document.querySelector("[data-dirty]") || event.defaultPrevented) { return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    ask(holder.getAttribute("data-unsaved"), function () {
      leaving = true;
      window.location.assign(link.href);
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !document.querySelector("[data-dirty]")) { return; }
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to ask
  });

  // A form posted without htmx leaves the page on purpose: the text goes with it.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) { leaving = true; }
  });
  document.addEventListener("htmx:beforeRequest", function () { leaving = false; });

  // Character counts under long text fields (macros/forms.html), shown once the text nears
  // its limit. The visible count follows every key; screen readers hear it once typing
  // pauses. Counted as the server counts: trimmed, one character per code point and per
  // line break.
  var NEAR_LIMIT = 0.8;
  var announceTimers = {};

  function updateCount(field, announce) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) { return; }
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var left = limit - Array.from(field.value.trim()).length;
    var text = counter.getAttribute(left >= 0 ? "data-left" : "data-over")
      .replace("{n}", String(Math.abs(left)));
    var near = limit - left >= limit * NEAR_LIMIT;
    counter.textContent = text;
    counter.hidden = !near;
    counter.classList.toggle("over", left < 0);
    var status = document.getElementById(field.id + "-count-status");
    if (announce && near && status) {
      clearTimeout(announceTimers[field.id]);
      announceTimers[field.id] = setTimeout(function () { status.textContent = text; }, 1200);
    }
  }

  function initCounts(root) {
    root.querySelectorAll("[data-count-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-count-for"));
      if (field) { updateCount(field, false); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initCounts(document); });
  document.addEventListener("htmx:load", function (event) { initCounts(event.detail.elt); });
  document.addEventListener("input", function (event) {
    if (event.target.id) { updateCount(event.target, true); }
  });
  // A script that fills a field for the user sends "count-update" so the count follows.
  document.addEventListener("count-update", function (event) {
    if (event.target.id) { updateCount(event.target, false); }
  });
})();
