// Emulation and awards pages (no inline scripts: the CSP allows only files from this server).
//
// 1. The person picker lists only people with a posting in the chosen unit. Each person <option> carries
//    data-units="3 17" (the units of the person's postings); the unit <select> is marked data-awards-unit and
//    the person <select> data-awards-person, inside the same form. Without JavaScript every person stays
//    listed and the server refuses a person without a posting in the unit.
// 2. Forms marked data-awards-confirm ask before they are sent (withdraw, delete a member or a vote).
(() => {
  "use strict";

  const filterPeople = (unitSelect, personSelect) => {
    const unit = unitSelect.value;
    for (const option of personSelect.options) {
      if (!option.value) continue; // the empty choice: a collective
      const units = (option.dataset.units || "").split(" ").filter(Boolean);
      const shown = !unit || units.includes(unit);
      option.hidden = !shown;
      option.disabled = !shown;
    }
    const chosen = personSelect.selectedOptions[0];
    if (chosen && chosen.disabled) personSelect.value = "";
  };

  const setUp = () => {
    for (const personSelect of document.querySelectorAll("select[data-awards-person]")) {
      const unitSelect = personSelect.form && personSelect.form.querySelector("select[data-awards-unit]");
      if (!unitSelect) continue;
      unitSelect.addEventListener("change", () => filterPeople(unitSelect, personSelect));
      filterPeople(unitSelect, personSelect);
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = form.dataset.awardsConfirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
