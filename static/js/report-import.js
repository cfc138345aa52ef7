// Import of report figures from Excel: the progress bar of a job, refreshed every second from its JSON
// endpoint; when the job has finished the page reloads to show the result (errors or reports written).
(() => {
  const box = document.getElementById("tg-import-progress");
  if (!box) return;
  const bar = document.getElementById("tg-import-bar");
  const meter = box.querySelector("[role=progressbar]");
  const status = document.getElementById("tg-import-status");
  const done = document.getElementById("tg-import-done");
  const total = document.getElementById("tg-import-total");

  function show(percent) {
    bar.style.width = `${percent}%`;
    meter.setAttribute("aria-valuenow", String(percent));
  }
  show(Number(box.dataset.percent) || 0);

  async function poll() {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const job = await response.json();
      show(job.percent);
      status.textContent = job.status_label;
      done.textContent = job.processed;
      total.textContent = job.total;
      if (job.finished) {
        window.clearInterval(timer);
        window.location.reload();
      }
    } catch (error) {
      // A network hiccup: try again at the next tick.
    }
  }
  const timer = window.setInterval(poll, 1000);
})();
