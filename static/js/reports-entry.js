// Report data entry: autosave of drafts every 30 s when something changed, and pasting a column from Excel.
(() => {
  const form = document.getElementById("tg-report-entry");
  if (!form || !form.dataset.tgAutosave) return;
  const status = document.getElementById("tg-autosave-status");
  const revision = form.querySelector("input[name=revision]");
  const seconds = Number(form.dataset.tgAutosave) || 30;
  let dirty = false;
  let busy = false;

  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });

  function showErrors(errors) {
    form.querySelectorAll(".tg-js-error").forEach((node) => node.remove());
    form.querySelectorAll(".is-invalid").forEach((node) => node.classList.remove("is-invalid"));
    Object.entries(errors || {}).forEach(([code, messages]) => {
      const field = document.getElementById(code.startsWith("section-") ? code : `v-${code}`);
      if (!field) return;
      field.classList.add("is-invalid");
      messages.forEach((message) => {
        const div = document.createElement("div");
        div.className = "invalid-feedback tg-js-error";
        div.textContent = message;
        field.after(div);
      });
    });
  }

  async function autosave() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    const data = new FormData(form);
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "fetch", Accept: "application/json" },
        credentials: "same-origin",
      });
      const body = await response.json();
      if (body.revision) revision.value = body.revision;
      showErrors(body.errors);
      if (status) {
        if (body.error) status.textContent = body.error;
        else if (body.saved_at) status.textContent = `${form.dataset.tgSavedLabel || "✓"} ${body.saved_at}`;
      }
      if (response.status === 409) form.dataset.tgAutosave = "";
    } catch (error) {
      dirty = true;
    } finally {
      busy = false;
    }
  }
  window.setInterval(() => { if (form.dataset.tgAutosave) autosave(); }, seconds * 1000);

  // Several lines pasted into one numeric field fill the following numeric fields of the column, in order.
  form.addEventListener("paste", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.dataset.tgPaste !== "column") return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    const lines = text.replace(/\r/g, "").split("\n");
    while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
    if (lines.length < 2) return;
    event.preventDefault();
    const fields = Array.from(form.querySelectorAll("input[data-tg-paste=column]:not([readonly])"));
    let index = fields.indexOf(target);
    lines.forEach((line) => {
      if (index < 0 || index >= fields.length) return;
      fields[index].value = line.split("\t")[0].trim();
      index += 1;
    });
    dirty = true;
  });
})();
