/* marsad web UI: charts (Chart.js) and the relations graph (Cytoscape.js), both served from
   /static/vendor. Pages hand their data over in <script type="application/json"> blocks (never
   executed, never inline code), so the Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // conflict (-10) red -> neutral grey -> cooperation (+10) green
  function scoreColour(score) {
    var s = Math.max(-10, Math.min(10, score || 0)) / 10;
    var neutral = [176, 172, 164], red = [192, 57, 43], green = [30, 132, 73];
    var to = s < 0 ? red : green, t = Math.abs(s);
    var c = neutral.map(function (n, i) { return Math.round(n + (to[i] - n) * t); });
    return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")";
  }
  window.marsadScoreColour = scoreColour;

  var FONT = "'DejaVu Sans', 'Noto Sans Arabic', sans-serif";

  function barChart(canvas, labels, datasets, opts) {
    if (!window.Chart || !canvas) return null;
    Chart.defaults.font.family = FONT;
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { ticks: { autoSkip: true, maxRotation: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        datasets: { bar: { maxBarThickness: 48 } },
        plugins: { legend: { display: datasets.length > 1 } }
      }, opts || {})
    });
  }

  function seriesChart(canvas, series) {
    var labels = series.map(function (p) { return p.period; });
    return barChart(canvas, labels, [
      { label: "events", data: series.map(function (p) { return p.count; }), yAxisID: "y",
        backgroundColor: series.map(function (p) { return scoreColour(p.mean); }) },
      { label: "cooperation score (sum)", type: "line", data: series.map(function (p) { return p.score; }),
        yAxisID: "y2", borderColor: "#12302e", backgroundColor: "#12302e", tension: 0.2 }
    ], {
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 }, title: { display: true, text: "events" } },
        y2: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "score" } }
      }
    });
  }

  // entity page: mentions over time
  var mentions = readJSON("mentions-data");
  if (mentions && document.getElementById("mentions-chart")) {
    window.marsadMentionsChart = barChart(document.getElementById("mentions-chart"), mentions.labels, [
      { label: "mentions", data: mentions.counts, backgroundColor: "#0b6e69" }
    ]);
  }

  // relation page: the series behind one edge
  var rel = readJSON("series-data");
  if (rel && document.getElementById("series-chart")) {
    window.marsadSeriesChart = seriesChart(document.getElementById("series-chart"), rel.series || []);
  }

  // relations page: the graph
  var graph = readJSON("graph-data");
  var box = document.getElementById("graph");
  if (graph && box && window.cytoscape) {
    var maxCount = 1;
    graph.edges.forEach(function (e) { maxCount = Math.max(maxCount, e.count); });
    var elements = [];
    graph.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: { id: n.id, label: n.label_en || n.label, ar: n.label, type: n.type, count: n.count } });
    });
    graph.edges.forEach(function (e, i) {
      elements.push({ group: "edges", data: {
        id: "edge-" + i, source: e.source, target: e.target, count: e.count, score: e.score, mean: e.mean,
        colour: scoreColour(e.mean), width: 2.5 + 8 * Math.sqrt(e.count / maxCount), href: e.href
      } });
    });
    var cy = cytoscape({
      container: box,
      elements: elements,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 15, "font-family": "DejaVu Sans, sans-serif", "text-valign": "bottom", "text-margin-y": 3,
          "width": "mapData(count, 1, 20, 20, 50)", "height": "mapData(count, 1, 20, 20, 50)",
          "background-color": "#2a7bd4", "color": "#1d1d1f", "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "node[type = 'PERSON']", style: { "background-color": "#d98a00" } },
        { selector: "node[type = 'ORG']", style: { "background-color": "#7a4fd6" } },
        { selector: "node[type = 'GROUP']", style: { "background-color": "#c2407a" } },
        { selector: "edge", style: {
          "line-color": "data(colour)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.85 } },
        { selector: "edge:selected", style: { "overlay-opacity": 0.15, "overlay-color": "#12302e" } }
      ],
      maxZoom: 1.4,
      minZoom: 0.2,
      layout: graph.nodes.length <= 10
        ? { name: "circle", padding: 50, avoidOverlap: true, spacingFactor: 0.8 }
        : { name: "cose", animate: false, randomize: true, nodeRepulsion: 400000, idealEdgeLength: 120,
            nodeOverlap: 20, componentSpacing: 100, numIter: 1500, padding: 30 }
    });
    window.marsadGraph = cy;
    var panel = document.getElementById("edge-panel");
    var canvas = document.getElementById("edge-chart");
    var current = null;
    cy.on("tap", "edge", function (evt) {
      var d = evt.target.data();
      var a = cy.getElementById(d.source).data(), b = cy.getElementById(d.target).data();
      if (panel) {
        panel.querySelector(".edge-title").textContent = a.label + " — " + b.label;
        panel.querySelector(".edge-stats").textContent =
          d.count + " events, cooperation score " + d.score.toFixed(1) + " (mean " + d.mean.toFixed(1) + ")";
        var link = panel.querySelector(".edge-link");
        link.setAttribute("href", d.href);
        link.hidden = false;
      }
      fetch("/api/relations?a=" + encodeURIComponent(d.source) + "&b=" + encodeURIComponent(d.target), {
        headers: { "accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data || !canvas) return;
        if (current) current.destroy();
        current = seriesChart(canvas, data.series || []);
      });
    });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("id");
      if (href && href.indexOf(":") > 0) window.location.href = "/entities/" + encodeURIComponent(href).replace(/%3A/g, ":");
    });
  }
})();
