// The article editor of the portal desk (templates/portal/desk/editor.html): the body textarea
// (textarea[data-rich-editor]) becomes a Quill 2 editor (static/vendor/quill-2.0.3, snow theme). Without
// JavaScript the textarea stays and posts HTML; either way the server keeps only sanitise.clean(posted).
// The toolbar's image button does not embed files (no base64): it offers the article's uploaded images
// ("Chèn vào bài" buttons of the image list) and the upload form, which is sent with fetch so the text typed so
// far is kept; the uploaded image is then inserted where the cursor was. Captions are not in the body: they
// are shown from the image record (portal/images.py, with_captions).
(() => {
  const area = document.querySelector("textarea[data-rich-editor]");
  if (!area || !window.Quill) return;
  const form = area.form;
  const holder = document.createElement("div");
  holder.className = "desk-quill";
  holder.dataset.testid = "quill";
  area.after(holder);
  area.classList.add("d-none");

  let saved = null; // where the cursor was when the image button was pressed
  const picker = document.querySelector("[data-image-picker]");
  const upload = document.querySelector("[data-image-upload]");

  const showPicker = () => {
    document.querySelectorAll("[data-insert-image]").forEach((b) => b.classList.remove("d-none"));
    const target = document.querySelector("[data-insert-image]") || (upload && upload.querySelector("input[type=file]"));
    if (picker) picker.scrollIntoView({ block: "center" });
    if (target) target.focus();
  };

  const quill = new window.Quill(holder, {
    theme: "snow",
    modules: {
      toolbar: {
        container: [
          [{ header: [2, 3, 4, false] }],
          ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }],
          ["blockquote", "link", "image"],
          ["clean"],
        ],
        handlers: {
          image() {
            saved = quill.getSelection(true);
            showPicker();
          },
        },
      },
    },
  });
  // Vietnamese names for the toolbar's buttons (screen readers, tooltips).
  const names = {
    "ql-bold": "Chữ đậm",
    "ql-italic": "Chữ nghiêng",
    "ql-underline": "Gạch chân",
    "ql-list[value=ordered]": "Danh sách đánh số",
    "ql-list[value=bullet]": "Danh sách gạch đầu dòng",
    "ql-blockquote": "Trích dẫn",
    "ql-link": "Liên kết",
    "ql-image": "Chèn ảnh đã tải lên",
    "ql-clean": "Xóa định dạng",
  };
  const toolbar = quill.getModule("toolbar").container;
  Object.entries(names).forEach(([selector, label]) => {
    const [cls, value] = selector.split("[");
    toolbar.querySelectorAll(`button.${cls}${value ? "[" + value : ""}`).forEach((button) => {
      button.setAttribute("aria-label", label);
      button.title = label;
    });
  });
  const heading = toolbar.querySelector(".ql-header .ql-picker-label");
  if (heading) heading.setAttribute("aria-label", "Kiểu đoạn: tiêu đề hoặc đoạn thường");
  // Images pasted or dropped as files are not accepted (the body refers to uploaded images only).
  quill.root.addEventListener("drop", (event) => {
    if (event.dataTransfer && event.dataTransfer.files.length) event.preventDefault();
  });
  quill.clipboard.dangerouslyPasteHTML(area.value || "", "silent");

  const label = document.querySelector(`label[for="${area.id}"]`);
  if (label) {
    label.id = label.id || `${area.id}-label`;
    quill.root.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", () => quill.focus());
  }
  quill.root.setAttribute("role", "textbox");
  quill.root.setAttribute("aria-multiline", "true");

  const insert = (src, alt) => {
    const range = saved || quill.getSelection(true) || { index: quill.getLength() - 1 };
    // The image on a line of its own (it is shown as a figure with its caption).
    let index = range.index;
    if (index > 0 && quill.getText(index - 1, 1) !== "\n") {
      quill.insertText(index, "\n", "user");
      index += 1;
    }
    quill.insertEmbed(index, "image", src, "user");
    if (quill.getText(index + 1, 1) !== "\n" || index + 2 >= quill.getLength()) quill.insertText(index + 1, "\n", "user");
    quill.setSelection(index + 2, 0, "silent");
    quill.root.querySelectorAll(`img[src="${src}"]:not([alt])`).forEach((img) => img.setAttribute("alt", alt));
    saved = null;
  };

  const addButton = (button) => {
    button.classList.remove("d-none");
    button.addEventListener("click", () => insert(button.dataset.src, button.dataset.alt || ""));
  };
  document.querySelectorAll("[data-insert-image]").forEach((b) => {
    b.classList.add("d-none");
    b.addEventListener("click", () => insert(b.dataset.src, b.dataset.alt || ""));
  });

  if (upload && picker) {
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const old = upload.querySelector("[data-upload-error]");
      if (old) old.remove();
      const response = await fetch(upload.action, {
        method: "POST",
        body: new FormData(upload),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({ error: "Không tải được ảnh lên." }));
      if (!response.ok) {
        const alert = document.createElement("div");
        alert.className = "alert alert-danger mt-2 mb-0";
        alert.setAttribute("role", "alert");
        alert.dataset.uploadError = "1";
        alert.textContent = data.error || "Không tải được ảnh lên.";
        upload.append(alert);
        return;
      }
      const empty = picker.querySelector("[data-empty]");
      if (empty) empty.remove();
      const item = document.createElement("li");
      item.className = "d-flex gap-2 align-items-start mb-2";
      const thumb = document.createElement("img");
      thumb.src = data.thumb;
      thumb.alt = data.alt;
      thumb.width = 96;
      thumb.height = 64;
      thumb.className = "desk-thumb";
      const text = document.createElement("div");
      text.className = "small";
      text.textContent = data.alt;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-primary d-block";
      button.textContent = "Chèn vào bài";
      button.dataset.insertImage = "1";
      button.dataset.src = data.src;
      button.dataset.alt = data.alt;
      text.append(button);
      item.append(thumb, text);
      picker.append(item);
      addButton(button);
      upload.reset();
      insert(data.src, data.alt);
    });
  }

  form.addEventListener("submit", () => {
    const html = quill.getLength() > 1 ? quill.getSemanticHTML() : "";
    area.value = html.replace(/&nbsp;/g, " ");
  });
})();
