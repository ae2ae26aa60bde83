/* Small enhancements on top of server-rendered pages. Every page works without this file:
 * it only hides the no-JavaScript fallbacks and adds conveniences (remove a party row in place,
 * focus what htmx just loaded, print, switch the language on choosing it, add a formset row).
 * Loaded in <head> so the `js` class is set before the first paint. The pages carry no inline
 * script or event handler: the Content-Security-Policy allows scripts from the portal only. */
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

  // A print button: <button data-print>.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // A select that submits its form when changed (the language switch): <select data-autosubmit>.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // "Add a row" of a Django formset: <button data-formset-add="prefix" data-formset-rows="#id"
  // data-formset-template="#id">; the template holds one empty form with __prefix__ for its index.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    var total = document.getElementById("id_" + button.getAttribute("data-formset-add") + "-TOTAL_FORMS");
    var template = document.querySelector(button.getAttribute("data-formset-template"));
    var rows = document.querySelector(button.getAttribute("data-formset-rows"));
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index));
    total.value = index + 1;
    var added = rows.lastElementChild;
    var field = added && added.querySelector("select, input");
    if (field) field.focus();
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
