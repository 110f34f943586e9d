// Live facilitator pages (dashboard, projector, combined list). Everything works without this
// file; it only keeps polling from disturbing the person at the keyboard and suggests a title.
(function () {
  "use strict";

  // A choice made but not yet sent (a select or text field changed inside the polled part).
  function hasUnsentChoice(element) {
    var selects = element.querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) {
      var option = selects[i].options[selects[i].selectedIndex];
      if (option && !option.defaultSelected) { return true; }
    }
    var fields = element.querySelectorAll("input[type=text], textarea");
    for (var j = 0; j < fields.length; j++) {
      if (fields[j].value !== fields[j].defaultValue) { return true; }
    }
    return false;
  }

  // A new state of a live region (app.js decides that it is new) waits while a choice in
  // it is half made. A group's list keeps its places being typed in one by one instead
  // (groupwork.js), so the others' changes still arrive.
  document.addEventListener("live:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (target.hasAttribute("data-etag") && !target.hasAttribute("data-group-work") && detail.requestConfig.verb === "get" &&
        detail.xhr.status === 200 && hasUnsentChoice(target)) {
      detail.shouldSwap = false;
    }
  });

  // The projector's full-screen button: shown only where the browser can go full screen.
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-fullscreen]");
    if (!button || !document.fullscreenEnabled) { return; }
    var label = button.lastChild;  // the text after the icon
    var enter = label.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        document.documentElement.requestFullscreen();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      var on = Boolean(document.fullscreenElement);
      label.textContent = on ? button.getAttribute("data-exit-label") : enter;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });

  // Merging: suggest the first chosen item's title until the facilitator types their own.
  function suggestTitle() {
    var form = document.getElementById("merge-form");
    var title = form && form.querySelector("input[name=title]");
    if (!title || title.getAttribute("data-edited") === "true") { return; }
    var first = document.querySelector("input[type=checkbox][form=merge-form]:checked");
    title.value = first ? first.getAttribute("data-title") : "";
    title.dispatchEvent(new Event("count-update", { bubbles: true }));
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox][form=merge-form]")) { suggestTitle(); }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("#merge-form input[name=title]")) {
      event.target.setAttribute("data-edited", event.target.value ? "true" : "false");
    }
  });
})();
