// Resolution page: targets against results per cell, drawn from the scorecard's json_script data
// (the same figures as the table). Targets are pale bars, results solid bars of the same colour.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("scorecard-chart");
  const source = document.getElementById("scorecard-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const colours = ["#0d6efd", "#a50e0e", "#198754"];
  const datasets = [];
  data.goals.forEach((goal, index) => {
    const colour = colours[index % colours.length];
    datasets.push({
      label: `${goal.label} · ${data.target_label}`,
      data: goal.targets,
      backgroundColor: `${colour}40`,
      borderColor: colour,
      borderWidth: 1,
      stack: `goal-${index}-target`,
    });
    datasets.push({
      label: `${goal.label} · ${data.result_label}`,
      data: goal.results,
      backgroundColor: colour,
      stack: `goal-${index}-result`,
    });
  });
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.cells, datasets },
    options: {
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
