// The little JavaScript Yhdessä owns. Pages work without it; htmx (vendored) makes them live.
// No inline scripts or handlers anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Focus the first error summary so screen-reader and keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });

  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
