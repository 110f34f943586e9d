// Session setup. Without script a stage button first shows a confirmation page;
// with script app.js asks with the button's data-confirm, so the form may move at once.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.stage-move input[name='confirm_first']").forEach(
      function (input) { input.remove(); }
    );
  });
})();
