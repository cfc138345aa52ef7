// Consolidated report page: draw the bar chart from the JSON block written by Django's json_script
// (data, not code, so the Content-Security-Policy allows it). Chart.js 4 is vendored in static/vendor/.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("tg-report-chart");
  const source = document.getElementById("tg-report-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#b22222", "#1f5f9e", "#d49a00"];
  const numbers = new Intl.NumberFormat("vi-VN");
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map((set, i) => ({ ...set, backgroundColor: colours[i % colours.length] })),
    },
    options: {
      responsive: true,
      animation: false,
      locale: "vi-VN",
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${numbers.format(ctx.parsed.y)}` } },
      },
      scales: { x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 30 } }, y: { beginAtZero: true } },
    },
  });
  canvas.dataset.drawn = "true";
});
