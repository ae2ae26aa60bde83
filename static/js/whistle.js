/* The refer form (the whistle 吹哨): the lead select offers only the bodies ticked, and each ticked body
 * shows its route select (added from the form's <template> the first time it is ticked, set to the body's
 * default route). The form works without this file: the server renders the lead options and the route
 * selects of the bodies ticked when it renders the form, a body ticked since goes by its default route,
 * and a lead that is not among the bodies ticked is refused with a message. */
(function () {
  "use strict";

  function sync(form) {
    var lead = form.querySelector("select[name=lead]");
    var boxes = form.querySelectorAll("input[type=checkbox][name=bodies]");
    var ticked = [];
    var template = form.querySelector("template[data-whistle-route-template]");
    boxes.forEach(function (box) {
      var row = box.closest("[data-whistle-body]");
      var label = form.querySelector("label[for='" + box.id + "']");
      var name = label ? label.textContent.trim() : box.value;
      var route = row && row.querySelector("[data-whistle-route]");
      if (!route && box.checked && row && template) {
        route = template.content.firstElementChild.cloneNode(true);
        route.name = "route_" + box.value;
        route.value = box.getAttribute("data-route") || route.value;
        route.setAttribute("aria-label", (route.getAttribute("data-aria-label") || "").replace("__BODY__", name));
        row.appendChild(route);
      }
      if (route) route.hidden = !box.checked;
      if (box.checked) ticked.push({ value: box.value, text: name });
    });
    if (!lead) return;
    var chosen = lead.value;
    var empty = lead.querySelector("option[value='']");
    lead.textContent = "";
    if (empty) lead.appendChild(empty);
    ticked.forEach(function (body) {
      var option = document.createElement("option");
      option.value = body.value;
      option.textContent = body.text;
      if (body.value === chosen) option.selected = true;
      lead.appendChild(option);
    });
  }

  function syncAll(root) {
    (root || document).querySelectorAll("form [data-whistle]").forEach(function (fields) {
      sync(fields.closest("form"));
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox][name=bodies]") && box.closest("[data-whistle]")) {
      sync(box.closest("form"));
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    syncAll(event.detail.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    syncAll(document);
  });
})();
