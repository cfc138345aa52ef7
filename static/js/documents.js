// Registry pages: ask before a destructive form is sent (forms carry data-tg-confirm with the question).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.tgConfirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
