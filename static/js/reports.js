// Charts of the reports dashboard. The data comes from the same rows as the tables, passed with
// json_script (id "report-charts"); each <canvas data-chart="key"> draws one entry.
(() => {
  const PALETTE = ["#a50e0e", "#1f6fb4", "#2e8b57", "#e08a00", "#6f42c1", "#8c564b", "#d63384",
    "#6c757d", "#9aa61c", "#0aa2c0"];
  // Quality grades from best to worst.
  const GRADES = ["#1e7b34", "#5cb85c", "#f0ad4e", "#b02a37"];

  function datasetStyle(dataset, index, spec) {
    const colours = spec.palette === "grades" ? GRADES : PALETTE;
    const colour = colours[index % colours.length];
    if (dataset.type === "line") {
      // The legend draws the target as the dashed line it is, not as a filled box.
      return { borderColor: "#212529", backgroundColor: "#212529", borderDash: [6, 4],
        pointRadius: 0, borderWidth: 2, fill: false, pointStyle: "line" };
    }
    return { backgroundColor: colour, borderColor: colour, pointStyle: "rect" };
  }

  // Each bar carries its value, so that the figure is read without hovering (and on paper).
  // Bars of stacked charts are labelled inside, others just past their end; zero is not written.
  const barValues = {
    id: "barValues",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      const stacked = Boolean(chart.options.scales.x.stacked);
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      chart.data.datasets.forEach((dataset, index) => {
        const meta = chart.getDatasetMeta(index);
        if (meta.type !== "bar" || meta.hidden) {
          return;
        }
        meta.data.forEach((bar, position) => {
          const value = dataset.data[position];
          if (!value) {
            return;
          }
          const { x, y, base } = bar.getProps(["x", "y", "base"], true);
          const text = String(value);
          ctx.fillStyle = stacked ? "#ffffff" : "#212529";
          if (horizontal) {
            ctx.textAlign = stacked ? "center" : "left";
            ctx.textBaseline = "middle";
            ctx.fillText(text, stacked ? (x + base) / 2 : x + 4, y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = stacked ? "middle" : "bottom";
            ctx.fillText(text, x, stacked ? (y + base) / 2 : y - 2);
          }
        });
      });
      ctx.restore();
    },
  };

  function chartConfig(spec) {
    const datasets = spec.datasets.map((dataset, index) => ({
      ...datasetStyle(dataset, index, spec), ...dataset,
    }));
    const valueAxis = { beginAtZero: true, stacked: Boolean(spec.stacked), ticks: { precision: 0 } };
    if (spec.percent) {
      valueAxis.suggestedMax = 100;
    }
    const categoryAxis = { stacked: Boolean(spec.stacked) };
    return {
      type: "bar",
      data: { labels: spec.labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "vi",
        indexAxis: spec.horizontal ? "y" : "x",
        scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        // Past a dozen series (cells of a whole academy) a legend hides the chart; the table
        // beside it names them.
        plugins: {
          legend: {
            display: datasets.length > 1 && datasets.length <= 12,
            position: "bottom",
            labels: { usePointStyle: true, pointStyleWidth: 28, padding: 16 },
          },
        },
      },
      plugins: [barValues],
    };
  }

  function drawCharts() {
    const source = document.getElementById("report-charts");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    const specs = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = specs[canvas.dataset.chart];
      const previous = Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      if (spec) {
        new Chart(canvas, chartConfig(spec));
      }
    });
  }

  // Only the cells of the chosen battalion are offered.
  function limitCellsToBattalion() {
    const battalion = document.getElementById("id_battalion");
    const cell = document.getElementById("id_cell");
    if (!battalion || !cell) {
      return;
    }
    const chosen = battalion.options[battalion.selectedIndex];
    cell.querySelectorAll("optgroup").forEach((group) => {
      const visible = !battalion.value || group.label === chosen.text;
      group.hidden = !visible;
      group.disabled = !visible;
    });
    const selected = cell.options[cell.selectedIndex];
    if (selected && selected.parentElement.disabled) {
      cell.value = "";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    drawCharts();
    limitCellsToBattalion();
    const battalion = document.getElementById("id_battalion");
    if (battalion) {
      battalion.addEventListener("change", limitCellsToBattalion);
    }
    document.querySelectorAll("[data-print-button]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
  });

  // After htmx swapped the panels in, the new json_script holds the new data.
  document.addEventListener("htmx:afterSettle", drawCharts);

  // Charts redraw at the paper's width before printing.
  window.addEventListener("beforeprint", () => {
    if (typeof Chart !== "undefined") {
      Object.values(Chart.instances).forEach((chart) => chart.resize());
    }
  });
})();
