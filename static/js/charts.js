// Charts of the platform, drawn by Apache ECharts 5.6.0 (static/vendor/echarts-5.6.0.min.js) from JSON
// blocks written by Django's json_script (data, not code, so the Content-Security-Policy allows them).
//
// <div class="tg-chart" data-tg-chart="<id of the json_script block>" role="img" aria-label="…"></div>
// The block: {kind: "bar" | "line", labels: [...], series: [{name, data: [number | null]}], percent: bool}.
// Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style attributes,
// which the CSP refuses. Every chart has a table next to it for screen readers and print.
(() => {
  const colours = ["#b22222", "#1f5f9e", "#d49a00", "#2e7d32", "#6a1b9a", "#00838f"];
  const numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  const charts = [];

  const format = (value, percent) => {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    return percent ? `${numbers.format(value)}%` : numbers.format(value);
  };

  const options = (data) => {
    const horizontal = data.kind === "hbar";
    const categories = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } };
    const values = {
      type: "value",
      axisLabel: { formatter: (value) => format(value, data.percent) },
      max: data.percent && data.max100 ? 100 : null,
      // counts never get a "0,5" tick
      minInterval: data.series.every((set) => set.data.every((v) => v === null || Number.isInteger(v))) ? 1 : null,
    };
    return {
      animation: false,
      color: colours,
      grid: { left: horizontal ? 8 : 48, right: 16, top: 24, bottom: data.series.length > 1 ? 36 : 8, containLabel: true },
      legend: data.series.length > 1 ? { bottom: 0, type: "scroll" } : undefined,
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: (value) => format(value, data.percent),
      },
      xAxis: horizontal ? values : categories,
      yAxis: horizontal ? { ...categories, inverse: true, axisLabel: { interval: 0 } } : values,
      series: data.series.map((set) => ({
        name: set.name,
        type: data.kind === "line" ? "line" : "bar",
        data: set.data,
        connectNulls: false,
        stack: data.stack ? "total" : undefined,
        symbolSize: 6,
      })),
    };
  };

  const draw = (element) => {
    const source = document.getElementById(element.dataset.tgChart);
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    if (data.kind === "hbar") {
      // One line per unit or document: the chart grows with them (CSSOM, which the CSP allows).
      element.style.height = `${Math.max(8, data.labels.length * 1.75 + 4)}rem`;
    }
    const chart = window.echarts.init(element, null, { renderer: "canvas", locale: "EN" });
    chart.setOption(options(data));
    charts.push(chart);
    element.dataset.drawn = "true";
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-tg-chart]").forEach(draw);
    const resize = () => charts.forEach((chart) => chart.resize());
    window.addEventListener("resize", resize);
    // Printing: the charts fit the paper and their tables are printed open.
    let opened = [];
    window.addEventListener("beforeprint", () => {
      opened = [...document.querySelectorAll("details.tg-chart-table:not([open])")];
      opened.forEach((details) => details.setAttribute("open", ""));
      resize();
    });
    window.addEventListener("afterprint", () => {
      opened.forEach((details) => details.removeAttribute("open"));
      resize();
    });
  });
})();
