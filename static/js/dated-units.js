// Unit choices true to the record's date (tuyengiao/units/choices.py). When the date changes, htmx reloads
// each list into its hidden <datalist data-unit-source="select">; this copies the options into every select
// using that list (data-dated-units="<list id>"), the formset's empty-row template included, keeping each
// choice the new list still offers. A choice it no longer offers stays selected, marked, and the server
// refuses it with the reason when the form is saved.
(function () {
  "use strict";
  var MARK = " (không có trong danh sách của ngày đã chọn)";

  function refill(select, source) {
    var chosen = [];
    var blank = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === "") {
        if (!blank) blank = option;
      } else if (option.selected) {
        chosen.push({ value: option.value, text: option.textContent.replace(MARK, "") });
      }
    });
    var offered = {};
    var fresh = [];
    source.querySelectorAll("option").forEach(function (option) {
      var copy = option.cloneNode(true);
      offered[copy.value] = copy;
      fresh.push(copy);
    });
    while (select.firstChild) select.removeChild(select.firstChild);
    if (blank) select.appendChild(blank);
    fresh.forEach(function (option) { select.appendChild(option); });
    chosen.forEach(function (choice) {
      var option = offered[choice.value];
      if (!option) {
        option = document.createElement("option");
        option.value = choice.value;
        option.textContent = choice.text + MARK;
        select.appendChild(option);
      }
      option.selected = true;
    });
    if (!chosen.length && blank) blank.selected = true;
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail.target || event.target;
    if (!source.matches || !source.matches("datalist[data-unit-source='select']")) return;
    var selector = "select[data-dated-units='" + source.id + "']";
    document.querySelectorAll(selector).forEach(function (select) { refill(select, source); });
    document.querySelectorAll("template").forEach(function (template) {
      template.content.querySelectorAll(selector).forEach(function (select) { refill(select, source); });
    });
  });

  // Several units of a long list: a suggestion picked in the search input (data-unit-adds="<select id>") is
  // added to the select of chosen units, selected, and the input is emptied for the next one.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-unit-adds]")) return;
    var list = document.getElementById(input.getAttribute("list"));
    var select = document.getElementById(input.getAttribute("data-unit-adds"));
    if (!list || !select) return;
    var picked = Array.prototype.find.call(list.options, function (o) { return o.value === input.value; });
    if (!picked) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === picked.value; });
    if (!option) {
      option = document.createElement("option");
      option.value = picked.value;
      option.textContent = picked.textContent;
      select.appendChild(option);
    }
    option.selected = true;
    input.value = "";
  });
})();
