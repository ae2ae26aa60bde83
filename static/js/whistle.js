/* The refer form (the whistle 吹哨): the lead select offers only the bodies ticked, and a body's route
 * select is shown only while it is ticked. The form works without this file: the server lists as lead
 * the bodies ticked when it renders the form, and refuses a lead that is not among them with a message. */
(function () {
  "use strict";

  function sync(form) {
    var lead = form.querySelector("select[name=lead]");
    var boxes = form.querySelectorAll("input[type=checkbox][name=bodies]");
    var ticked = [];
    boxes.forEach(function (box) {
      var row = box.closest("[data-whistle-body]");
      var route = row && row.querySelector("[data-whistle-route]");
      if (route) route.hidden = !box.checked;
      if (box.checked) {
        var label = form.querySelector("label[for='" + box.id + "']");
        ticked.push({ value: box.value, text: label ? label.textContent.trim() : box.value });
      }
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
