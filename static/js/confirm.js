// Every page: ask before a consequential form is sent. The form, or the button that sends it, carries
// data-tg-confirm with the question (submitting a report, withdrawing it, removing a nomination …).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const button = event.submitter;
  const question = (button && button.dataset.tgConfirm) || form.dataset.tgConfirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
