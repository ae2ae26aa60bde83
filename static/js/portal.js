/* Small enhancements on top of server-rendered pages. Every page works without this file:
 * it only hides the no-JavaScript fallbacks and adds conveniences (remove a party row in place,
 * focus what htmx just loaded). Loaded in <head> so the `js` class is set before the first paint. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Remove a party row without a page load: tick its DELETE box (the formset skips it) and hide it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    var row = button.closest("[data-party-row]");
    if (!row) return;
    var remove = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (remove) remove.checked = true;
    row.hidden = true;
    var add = document.querySelector("[data-add-row]");
    if (add) add.focus();
    var status = document.getElementById("party-rows-status");
    if (status) status.textContent = button.getAttribute("data-removed-text") || "";
  });

  // After htmx adds a party row or loads an action form, move the keyboard focus into it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (target.id === "party-rows") {
      var rows = target.querySelectorAll("[data-party-row]");
      var last = rows[rows.length - 1];
      var field = last && (last.querySelector("input[name$='-name']") || last.querySelector("input, select"));
      if (field) field.focus();
    } else if (target.hasAttribute("data-focus-after-swap")) {
      var first = target.querySelector("input:not([type=hidden]), select, textarea, button");
      if (first) first.focus();
    }
  });
})();
