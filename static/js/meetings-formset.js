// Meeting editor: "add a row" buttons copy a formset's empty row (Django's __prefix__ placeholders)
// and keep TOTAL_FORMS right; numbered lists (the tasks) show "Một là", "Hai là"… for each row.
(function () {
  "use strict";
  function renumber(fieldset) {
    var table = fieldset.querySelector("table[data-ordinals]");
    if (!table) return;
    var words = table.dataset.ordinals.split("|");
    var n = 0;
    table.querySelectorAll("tbody [data-row]").forEach(function (row) {
      var cell = row.querySelector("[data-ordinal]");
      var remove = row.querySelector("input[type=checkbox][name$='-DELETE']");
      if (remove && remove.checked) { cell.textContent = "–"; return; }
      cell.textContent = words[n] || String(n + 1);
      n += 1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-formset]").forEach(function (fieldset) {
      var prefix = fieldset.dataset.formset;
      var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var template = fieldset.querySelector("template[data-empty-row]");
      var body = fieldset.querySelector("tbody[data-rows]");
      var button = fieldset.querySelector("[data-add-row]");
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        body.insertAdjacentHTML("beforeend", html);
        if (window.htmx) window.htmx.process(body.lastElementChild); // unit search inputs (units/choices.py)
        total.value = String(index + 1);
        renumber(fieldset);
        var first = body.lastElementChild.querySelector("input, select, textarea");
        if (first) first.focus();
      });
      fieldset.addEventListener("change", function (event) {
        if (event.target.name && event.target.name.slice(-7) === "-DELETE") renumber(fieldset);
      });
      renumber(fieldset);
    });
  });
})();
