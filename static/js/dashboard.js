// Draws the dashboard charts from the JSON in #chart-data (no inline script: CSP-safe).
// Every chart has its data table beside it in the page.
(function () {
  "use strict";
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const number = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "vi-VN");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  const palette = ["#0b4f8a", "#c8102e", "#2a9d8f", "#e9a23b", "#6a4c93", "#577590", "#90be6d", "#f3722c"];
  const toNumber = (v) => Number(v);
  const tick = { callback: (v) => number.format(v) };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  const t = data.trends;
  draw("chart-trends", {
    data: {
      labels: t.years,
      datasets: [
        { type: "bar", label: "Cam kết (USD)", data: t.committed_usd.map(toNumber), backgroundColor: palette[0], yAxisID: "usd" },
        { type: "line", label: "Đoàn ra", data: t.delegations_out, borderColor: palette[1], backgroundColor: palette[1], yAxisID: "count" },
        { type: "line", label: "Đoàn vào", data: t.delegations_in, borderColor: palette[2], backgroundColor: palette[2], yAxisID: "count" },
      ],
    },
    options: {
      responsive: true,
      scales: {
        usd: { position: "left", beginAtZero: true, ticks: tick },
        count: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
      },
    },
  });
  for (const key of ["sector", "country"]) {
    const rows = data[key].slice(0, 12);
    draw("chart-" + key, {
      type: "bar",
      data: { labels: rows.map((r) => r[0]), datasets: [{ label: "USD", data: rows.map((r) => toNumber(r[1])), backgroundColor: palette[0] }] },
      options: { indexAxis: "y", responsive: true, plugins: { legend: { display: false } }, scales: { x: { ticks: tick } } },
    });
  }
})();
