// Brainstorm pages: calm live lists.
// Everything here is an enhancement: the pages work without JavaScript.
(function () {
  "use strict";

  // --- live lists -------------------------------------------------------------
  // A list marked data-pause-when-busy is not refreshed while someone uses a form
  // in it (a ticked box, a changed select, an open editor, focus in a field).
  function changed(control) {
    if (control.type === "hidden") { return false; }
    if (control.type === "checkbox" || control.type === "radio") {
      return control.checked !== control.defaultChecked;
    }
    if (control.tagName === "SELECT") {
      var options = Array.prototype.slice.call(control.options);
      var initial = options.filter(function (option) { return option.defaultSelected; });
      if (!control.multiple && initial.length === 0) { initial = options.slice(0, 1); }
      return options.some(function (option) {
        return option.selected !== (initial.indexOf(option) >= 0);
      });
    }
    return control.value !== control.defaultValue;
  }

  function busy(box) {
    var active = document.activeElement;
    if (active && box.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) {
      return true;
    }
    return box.querySelector("details[open]") !== null ||
      Array.prototype.some.call(box.querySelectorAll("input, select, textarea"), changed);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.hasAttribute("hx-trigger")) { return; }
    var box = elt.closest("[data-pause-when-busy]");
    if (!box) { return; }
    var paused = busy(box);
    box.toggleAttribute("data-paused", paused);
    if (paused) { event.preventDefault(); }
  });
})();
