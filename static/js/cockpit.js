/* The cockpit's charts (ECharts, served by the portal) and its period picker. Every chart segment opens
   the list of disputes behind it. */
(function () {
  "use strict";

  function picker() {
    var form = document.querySelector(".cockpit-picker");
    if (!form) return;
    var kind = form.querySelector("#kind");
    function show() { form.setAttribute("data-kind-shown", kind.value); }
    kind.addEventListener("change", show);
    show();
    form.addEventListener("submit", function () {
      // One `period` in the URL (2026-11, 2026-Q4, 2026, 2026-01-05~2026-03-15): short, bookmarkable.
      var value = {
        month: form.month.value,
        quarter: form.quarter.value,
        year: form.year.value,
        range: form.start.value + "~" + form.end.value
      }[kind.value];
      form.period.value = value;
      ["kind", "month", "quarter", "year", "start", "end"].forEach(function (name) {
        form[name].disabled = true;
      });
    });
  }

  function chart(id, option, onClick) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) return null;
    var instance = window.echarts.init(element, null, { renderer: "svg" });
    instance.setOption(option);
    if (onClick) instance.on("click", onClick);
    window.addEventListener("resize", function () { instance.resize(); });
    return instance;
  }

  function go(url) { if (url) window.location.href = url; }

  function charts() {
    var node = document.getElementById("cockpit-data");
    if (!node) return;
    var data = JSON.parse(node.textContent);
    var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
    chart("chart-funnel", {
      textStyle: font,
      tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + p.data.count; } },
      series: [{
        type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "8%", gap: 2,
        label: { show: true, position: "inside", formatter: function (p) { return p.name + " " + p.data.count; } },
        data: data.funnel.slice(0, 7)
      }]
    }, function (p) { go(p.data.url); });
    chart("chart-trend", {
      textStyle: font,
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [data.labels.taken_in, data.labels.resolved] },
      grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: data.labels.taken_in, type: "bar", data: data.trend.taken_in },
        { name: data.labels.resolved, type: "line", data: data.trend.resolved }
      ]
    }, function (p) {
      var urls = data.trend.urls[p.dataIndex];
      go(p.seriesIndex === 0 ? urls.taken_in : urls.resolved);
    });
    chart("chart-categories", {
      textStyle: font,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 110, right: 24, bottom: 24, top: 8 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.categories.map(function (c) { return c.name; }) },
      series: [{ type: "bar", data: data.categories }]
    }, function (p) { go(p.data.url); });
    chart("chart-channels", {
      textStyle: font,
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.channels, label: { formatter: "{b}: {c}" } }]
    }, function (p) { go(p.data.url); });
  }

  document.addEventListener("DOMContentLoaded", function () { picker(); charts(); });
})();
