// Draws the review page's charts from the figures the server put in #chart-data (Chart.js, served by
// the bot itself from web/node_modules). The same figures are in the tables beside each chart.
(function () {
  "use strict";
  var element = document.getElementById("chart-data");
  if (!element || typeof Chart === "undefined") { return; }
  var data = JSON.parse(element.textContent);
  var palette = ["#2458b3", "#e08a1e", "#2f9e6e", "#8a4fbf", "#c23b5a", "#5f6b7a"];
  var common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-days", {
    data: {
      labels: data.days,
      datasets: Object.keys(data.messagesByChannel).map(function (channel, i) {
        return { type: "bar", label: "messages: " + (channel || "(unknown)"), data: data.messagesByChannel[channel],
                 backgroundColor: palette[i % palette.length], stack: "messages", order: 2 };
      }).concat([{ type: "line", label: "conversations", data: data.conversations,
                   borderColor: "#1d2430", backgroundColor: "#1d2430", order: 1 }])
    },
    options: Object.assign({}, common, { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } })
  });

  draw("chart-fallback", {
    type: "line",
    data: { labels: data.days, datasets: [{ label: "% of messages that got the fallback", data: data.fallbackShare,
                                            borderColor: "#b3412b", backgroundColor: "#b3412b" }] },
    options: Object.assign({}, common, { scales: { y: { beginAtZero: true, suggestedMax: 100,
                                                        ticks: { callback: function (v) { return v + "%"; } } } } })
  });

  draw("chart-channels", {
    type: "bar",
    data: { labels: data.channels.map(function (c) { return c || "(unknown)"; }),
            datasets: [{ label: "conversations", data: data.channelConversations, backgroundColor: "#1d2430" },
                       { label: "messages", data: data.channelMessages, backgroundColor: "#2458b3" }] },
    options: Object.assign({}, common, { scales: { y: { beginAtZero: true } } })
  });

  draw("chart-intents", {
    type: "bar",
    data: { labels: data.intents, datasets: [{ label: "messages", data: data.intentCounts, backgroundColor: "#2f9e6e" }] },
    options: Object.assign({}, common, { indexAxis: "y", plugins: { legend: { display: false } },
                                         scales: { x: { beginAtZero: true } } })
  });
  document.body.setAttribute("data-charts", "drawn");
}());
