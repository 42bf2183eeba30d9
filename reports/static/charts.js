// Tiny inline-SVG charts: horizontal grouped bars and 100% stacked bars. No library, no CDN.
(function () {
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function legend(series) {
    var box = document.createElement("div");
    box.className = "legend";
    series.forEach(function (s) {
      var item = document.createElement("span");
      item.innerHTML = '<i style="background:' + s.color + '"></i>';
      item.appendChild(document.createTextNode(s.name));
      box.appendChild(item);
    });
    return box;
  }
  // Sizes in SVG units; the chart is drawn about 0.8× on a 1366-wide screen, so text stays ≥ 12 px.
  var LABEL = 17, VALUE = 16, BAR = 16, LABEL_W = 210, WIDTH = 560;
  // rows: [{label, values: [..]}], series: [{name, color}]; stacked: each row sums to 100%.
  // The chart is named by its figure's caption, for screen readers.
  function bars(target, rows, series, stacked) {
    target.textContent = "";
    var barH = (BAR + 2) * (stacked ? 1 : series.length) + 10;
    var caption = target.parentNode.querySelector("figcaption");
    var svg = el("svg", { width: "100%", viewBox: "0 0 " + WIDTH + " " + (rows.length * barH + 4),
                          role: "img", "aria-labelledby": caption.id });
    var max = 0;
    rows.forEach(function (r) { r.values.forEach(function (v) { max = Math.max(max, v || 0); }); });
    rows.forEach(function (row, i) {
      var y = i * barH + 2, sum = row.values.reduce(function (a, v) { return a + (v || 0); }, 0);
      svg.appendChild(el("text", { x: 0, y: y + barH / 2 + LABEL / 3, "font-size": LABEL },
                         row.label.slice(0, 22)));
      var x = LABEL_W;
      row.values.forEach(function (v, k) {
        var span = WIDTH - LABEL_W - 50, w;
        if (stacked) { w = sum ? span * (v || 0) / sum : 0; }
        else { w = max ? span * (v || 0) / max : 0; }
        var by = stacked ? y + 5 : y + 5 + k * (BAR + 2);
        var rect = el("rect", { x: stacked ? x : LABEL_W, y: by, width: w, height: BAR,
                                fill: series[k].color });
        rect.appendChild(el("title", {}, series[k].name + ": " + window.qmsFormat.number(v)));
        svg.appendChild(rect);
        if (!stacked) svg.appendChild(el("text", { x: LABEL_W + w + 4, y: by + BAR - 3,
                                                   "font-size": VALUE }, window.qmsFormat.number(v)));
        x += w;
      });
    });
    target.appendChild(svg);
    target.appendChild(legend(series));
  }
  // A column per point in time ([{label, value}]), its value above it; the chart is named by
  // the element `labelId`. Long series label every n-th column so the labels never overlap.
  // PAD keeps the first and last labels, centred under their columns, inside the chart.
  var COL_W = 1000, COL_H = 250, BASE = 205, PAD = 50;
  function columns(target, points, labelId, color) {
    target.textContent = "";
    var svg = el("svg", { width: "100%", viewBox: "0 0 " + COL_W + " " + COL_H, role: "img",
                          "aria-labelledby": labelId });
    var max = 0, step = (COL_W - 2 * PAD) / Math.max(points.length, 1), every = Math.ceil(points.length / 10);
    points.forEach(function (p) { max = Math.max(max, p.value || 0); });
    svg.appendChild(el("line", { x1: PAD, x2: COL_W - PAD, y1: BASE, y2: BASE, stroke: "#999" }));
    points.forEach(function (p, i) {
      var h = max ? (BASE - 40) * (p.value || 0) / max : 0, x = PAD + i * step + step * 0.15;
      var rect = el("rect", { x: x, y: BASE - h, width: step * 0.7, height: h, fill: color });
      rect.appendChild(el("title", {}, p.label + ": " + window.qmsFormat.number(p.value)));
      svg.appendChild(rect);
      var middle = x + step * 0.35;
      if (points.length <= 16 || i % every === 0) {
        svg.appendChild(el("text", { x: middle, y: BASE - h - 8, "font-size": VALUE,
                                     "text-anchor": "middle" }, window.qmsFormat.number(p.value)));
        svg.appendChild(el("text", { x: middle, y: BASE + 24, "font-size": VALUE,
                                     "text-anchor": "middle" }, p.label));
      }
    });
    target.appendChild(svg);
  }
  window.qmsCharts = { bars: bars, columns: columns };
})();
