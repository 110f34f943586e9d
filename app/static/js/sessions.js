// Stage moves. Without script a stage button first shows a confirmation page (the form
// carries confirm_first); with script app.js asks with the button's data-confirm, so the
// form drops confirm_first as it is sent. Listening on the document also covers forms
// that htmx swaps in later (the live dashboard).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.stage-move")) { return; }
    var input = form.querySelector("input[name='confirm_first']");
    if (input) { input.remove(); }
  }, true);
})();
