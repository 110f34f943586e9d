// Comment threads. Everything works without this file; it only keeps the live list from
// replacing a reply, flag or hide form that someone has opened or is typing in.
(function () {
  "use strict";

  function busy(region) {
    if (region.querySelector("details[open]")) { return true; }
    var active = document.activeElement;
    return !!(active && region.contains(active) && active.matches("textarea, input[type=text]"));
  }

  document.addEventListener("live:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (target.hasAttribute("data-comments") && detail.requestConfig.verb === "get" &&
        detail.xhr.status === 200 && busy(target)) {
      detail.shouldSwap = false;
    }
  });
})();
