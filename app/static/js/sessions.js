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

// Background items on the setup page: drag an item by its handle to another place. The new
// order is sent as the theme's order form (every item id in order), so the page reloads as
// after any other change. Keyboards and browsers without script use the Move menus.
(function () {
  "use strict";
  var dragged = null;

  function itemOf(target) {
    var item = target && target.closest ? target.closest("[data-sortable] > li") : null;
    return item && dragged && item.parentNode === dragged.parentNode ? item : null;
  }

  document.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest("[data-sortable] .drag-handle");
    if (!handle) { return; }
    dragged = handle.closest("li");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.getAttribute("data-item"));
    event.dataTransfer.setDragImage(dragged, 16, 16);
  });

  document.addEventListener("dragover", function (event) {
    var item = itemOf(event.target);
    if (!item) { return; }
    event.preventDefault();
    document.querySelectorAll("[data-sortable] > li.drop-target").forEach(function (other) {
      if (other !== item) { other.classList.remove("drop-target"); }
    });
    if (item !== dragged) { item.classList.add("drop-target"); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    document.querySelectorAll("[data-sortable] > li.drop-target").forEach(function (other) {
      other.classList.remove("drop-target");
    });
    dragged = null;
  });

  document.addEventListener("drop", function (event) {
    var item = itemOf(event.target);
    if (!item) { return; }
    event.preventDefault();
    var list = item.parentNode;
    if (item !== dragged) {
      var items = Array.prototype.slice.call(list.children);
      var after = items.indexOf(dragged) < items.indexOf(item);
      list.insertBefore(dragged, after ? item.nextSibling : item);
    }
    var form = document.getElementById(list.getAttribute("data-sortable"));
    list.querySelectorAll(":scope > li").forEach(function (each) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "items";
      input.value = each.getAttribute("data-item");
      form.appendChild(input);
    });
    form.submit();
  });
})();
