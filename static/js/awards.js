// Emulation and awards pages (no inline scripts: the CSP allows only files from this server).
//
// 1. The person picker lists only people with a posting in the chosen unit. The unit field is marked
//    data-awards-unit and the person <select> data-awards-person, inside the same form. The unit field is a
//    <select> (values: unit ids; each person <option> carries data-units="3 17", the units of the person's
//    postings) or, for long lists, the searchable text input of units/choices.py (values: unit keys, picked
//    from the suggestions; each person <option> carries data-unit-keys="c2025:24133 p:66"). A unit name typed
//    in full is read through the suggestions; while the text names no unit yet every person stays listed.
//    Without JavaScript every person stays listed and the server refuses a person without a posting in the unit.
// (Forms that ask before they are sent carry data-tg-confirm: static/js/confirm.js, on every page.)
(() => {
  "use strict";

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/đ/g, "d").trim();

  // The key of the unit a searchable input names: a suggestion's value, a suggestion's name typed in full
  // (its label without the code in brackets), or a key already known to the person options; "" otherwise.
  const chosenKey = (input, known) => {
    const value = input.value.trim();
    if (!value || known.has(value)) return value;
    const typed = fold(value);
    for (const option of input.list ? input.list.options : []) {
      if (option.value === value) return value;
      if (fold(option.textContent.replace(/\s*\([^()]*\)\s*$/, "")) === typed) return option.value;
    }
    return /^\S+:\S+$/.test(value) ? value : ""; // a key of a unit without people: nobody is listed
  };

  const filterPeople = (unitField, personSelect) => {
    const byKey = unitField.tagName !== "SELECT";
    const attribute = byKey ? "unitKeys" : "units";
    const known = new Set();
    if (byKey) {
      for (const option of personSelect.options) {
        for (const key of (option.dataset.unitKeys || "").split(" ")) if (key) known.add(key);
      }
    }
    const unit = byKey ? chosenKey(unitField, known) : unitField.value;
    for (const option of personSelect.options) {
      if (!option.value) continue; // the empty choice: a collective
      const units = (option.dataset[attribute] || "").split(" ").filter(Boolean);
      const shown = !unit || units.includes(unit);
      option.hidden = !shown;
      option.disabled = !shown;
    }
    const chosen = personSelect.selectedOptions[0];
    if (chosen && chosen.disabled) personSelect.value = "";
  };

  const setUp = () => {
    for (const personSelect of document.querySelectorAll("select[data-awards-person]")) {
      const unitField = personSelect.form && personSelect.form.querySelector("[data-awards-unit]");
      if (!unitField) continue;
      const update = () => filterPeople(unitField, personSelect);
      unitField.addEventListener("change", update);
      if (unitField.tagName !== "SELECT") {
        unitField.addEventListener("input", update);
        // a name typed in full is recognised once htmx has filled the suggestions
        document.addEventListener("htmx:afterSwap", (event) => {
          if (unitField.list && event.detail.target === unitField.list) update();
        });
      }
      update();
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
