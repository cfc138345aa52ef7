// A unit typed with suggestions (the administrator's unit field, accounts/_membership_fields.html): the visible
// input shows the unit's name; the key of the picked suggestion goes to a hidden field. The input names its
// hidden field in data-unit-key="<id>"; each <option> of its datalist has the name as its value and the key in
// data-key. Typing anything that is not a suggestion empties the key, and the server reads the text instead.
(() => {
  "use strict";

  const sync = (input) => {
    const hidden = document.getElementById(input.dataset.unitKey);
    if (!hidden) return;
    const options = input.list ? Array.from(input.list.options) : [];
    const picked = options.find((option) => option.value === input.value);
    hidden.value = picked ? picked.dataset.key || "" : "";
  };

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("input[data-unit-key]")) sync(event.target);
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("input[data-unit-key]")) sync(event.target);
  });
})();
