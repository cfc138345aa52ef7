// The province map and a province's ranked units (templates/analytics/map*.html), drawn by Apache ECharts 5.6.0.
//
// Map: <div data-tg-map="<json_script id>"> with {map, mapUrl, indicator, noData, noDataText, regions: [{name (region
// key), label, text, value, colour, url, archipelago}]}. The GeoJSON (static/maps/vn63.json | vn34.json) is fetched
// from our own server and registered under its name; each feature's region key is its `key` property. Colours are
// the server's quantile classes. Hoàng Sa and Trường Sa are always labelled.
// Bars: <div data-tg-bars="<json_script id>"> with {indicator, bars: [{name, value, text}]}, ranked by the server.
// Tooltips are plain text drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style
// attributes, which the Content-Security-Policy refuses. The tables under the charts are their text alternative.
(() => {
  const charts = [];

  const read = (id) => {
    const source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  };

  const wrap = (label) => label.replace(" (", "\n(");

  const drawMap = async (element) => {
    const data = read(element.dataset.tgMap);
    if (!data || typeof window.echarts === "undefined") return;
    const response = await fetch(data.mapUrl, { credentials: "same-origin" });
    const geo = await response.json();
    geo.features.forEach((feature) => {
      feature.properties.name = feature.properties.key;
    });
    window.echarts.registerMap(data.map, geo);
    const chart = window.echarts.init(element, null, { renderer: "canvas", locale: "EN" });
    const regions = data.regions.map((region) => ({
      name: region.name,
      value: region.value,
      label: region.label,
      text: region.text,
      url: region.url,
      // The islands are small: a dark outline keeps them visible in the lightest class.
      itemStyle: region.archipelago
        ? { areaColor: region.colour, borderColor: "#343a40", borderWidth: 1 }
        : { areaColor: region.colour },
      emphasis: { itemStyle: { areaColor: region.colour, borderColor: "#b22222", borderWidth: 1.5 } },
      ...(region.archipelago
        ? {
            label: {
              show: true,
              formatter: wrap(region.label),
              fontSize: 11,
              fontWeight: "bold",
              color: "#1b1b1b",
              textBorderColor: "#ffffff",
              textBorderWidth: 3,
              lineHeight: 14,
            },
          }
        : {}),
    }));
    const byName = Object.fromEntries(data.regions.map((region) => [region.name, region]));
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (params) => {
          const region = byName[params.name];
          if (!region) return "";
          return `${region.label}\n${data.indicator}: ${region.text || data.noDataText}`;
        },
      },
      series: [
        {
          type: "map",
          map: data.map,
          roam: false,
          aspectScale: 0.95,
          layoutCenter: ["50%", "50%"],
          layoutSize: "98%",
          selectedMode: false,
          itemStyle: { areaColor: data.noData, borderColor: "#6c757d", borderWidth: 0.5 },
          label: { show: false },
          emphasis: { label: { show: false } },
          data: regions,
        },
      ],
    });
    chart.on("click", (params) => {
      const region = byName[params.name];
      if (region && region.url) window.location.assign(region.url);
    });
    charts.push(chart);
    element.dataset.drawn = "true";
  };

  const drawBars = (element) => {
    const data = read(element.dataset.tgBars);
    if (!data || typeof window.echarts === "undefined") return;
    element.style.height = `${Math.max(160, data.bars.length * 22 + 48)}px`;
    const chart = window.echarts.init(element, null, { renderer: "canvas", locale: "EN" });
    chart.setOption({
      animation: false,
      color: ["#1f5f9e"],
      grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (params) => `${params.name}\n${data.indicator}: ${data.bars[params.dataIndex].text}`,
      },
      xAxis: { type: "value", axisLabel: { formatter: (value) => value.toLocaleString("vi-VN") } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.bars.map((bar) => bar.name),
        axisLabel: { interval: 0, width: 220, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          data: data.bars.map((bar) => bar.value),
          label: { show: true, position: "right", formatter: (params) => data.bars[params.dataIndex].text },
        },
      ],
    });
    charts.push(chart);
    element.dataset.drawn = "true";
  };

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("tg-map-filters");
    if (form) {
      // Another form has other indicators: choose its first one.
      form.querySelector("#tg-map-mau").addEventListener("change", () => {
        form.querySelector("#tg-map-chi-tieu").value = "";
        form.requestSubmit();
      });
    }
    document.querySelectorAll("[data-tg-map]").forEach((element) => {
      drawMap(element).catch(() => {
        element.dataset.drawn = "failed";
      });
    });
    document.querySelectorAll("[data-tg-bars]").forEach(drawBars);
    const resize = () => charts.forEach((chart) => chart.resize());
    window.addEventListener("resize", resize);
    window.addEventListener("beforeprint", resize);
    window.addEventListener("afterprint", resize);
  });
})();
