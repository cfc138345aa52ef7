// The narrative editor (reports/consolidated_narrative.html): each textarea[data-tg-richtext] becomes a
// contenteditable box under its toolbar (bold, italic, bulleted and numbered lists via execCommand). The box's
// HTML is copied back into the hidden textarea on every change, so the form posts it; the server keeps only
// paragraphs, lists, bold and italic (reports/richtext.py). The textarea holds HTML sanitised by the server.
// "Chèn" buttons (data-tg-insert="<textarea id>", data-text) append a unit's text as a new paragraph.
(() => {
  const editors = new Map();

  const sync = (area, box) => {
    area.value = box.innerHTML;
  };

  document.querySelectorAll("textarea[data-tg-richtext]").forEach((area) => {
    const box = document.createElement("div");
    box.className = "form-control tg-richtext";
    box.contentEditable = "true";
    box.setAttribute("role", "textbox");
    box.setAttribute("aria-multiline", "true");
    const label = document.querySelector(`label[for="${area.id}"]`);
    if (label) box.setAttribute("aria-label", label.textContent.trim());
    box.dataset.testid = `richtext-${area.name}`;
    box.innerHTML = area.value;
    area.hidden = true;
    area.after(box);
    box.addEventListener("input", () => sync(area, box));
    editors.set(area.id, { area, box });

    const toolbar = document.querySelector(`[data-tg-toolbar="${area.id}"]`);
    if (!toolbar) return;
    box.before(toolbar); // between the label and the box
    toolbar.hidden = false;
    toolbar.querySelectorAll("[data-tg-command]").forEach((button) => {
      // Keep the selection in the box: a click would otherwise move the focus to the button first.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => {
        box.focus();
        document.execCommand(button.dataset.tgCommand, false);
        sync(area, box);
      });
    });
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-tg-insert]");
    if (!button) return;
    const editor = editors.get(button.dataset.tgInsert);
    if (!editor) return;
    const paragraph = document.createElement("p");
    paragraph.textContent = button.dataset.text || "";
    editor.box.append(paragraph);
    sync(editor.area, editor.box);
    button.disabled = true;
  });

  // Choosing a leader's name from the list also chooses the title block they sign under.
  const name = document.querySelector("input[list='tg-signers']");
  const title = document.querySelector("select[name='signer_title']");
  if (name && title) {
    name.addEventListener("change", () => {
      const option = [...document.querySelectorAll("#tg-signers option")].find((o) => o.value === name.value);
      if (option && [...title.options].some((o) => o.value === option.dataset.title)) title.value = option.dataset.title;
    });
  }

  document.querySelectorAll("form").forEach((form) =>
    form.addEventListener("submit", () => editors.forEach(({ area, box }) => sync(area, box))),
  );
})();
