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
  // rows: [{label, values: [..]}], series: [{name, color}]; stacked: each row sums to 100%.
  function bars(target, rows, series, stacked) {
    target.textContent = "";
    var labelW = 150, width = 520, barH = 12 * (stacked ? 1 : series.length) + 6;
    var svg = el("svg", { width: "100%", viewBox: "0 0 " + width + " " + (rows.length * barH + 4),
                          role: "img" });
    var max = 0;
    rows.forEach(function (r) { r.values.forEach(function (v) { max = Math.max(max, v || 0); }); });
    rows.forEach(function (row, i) {
      var y = i * barH + 2, sum = row.values.reduce(function (a, v) { return a + (v || 0); }, 0);
      svg.appendChild(el("text", { x: 0, y: y + barH / 2 + 4, "font-size": 11 }, row.label.slice(0, 24)));
      var x = labelW;
      row.values.forEach(function (v, k) {
        var span = width - labelW - 40, w;
        if (stacked) { w = sum ? span * (v || 0) / sum : 0; }
        else { w = max ? span * (v || 0) / max : 0; }
        var by = stacked ? y : y + k * 12;
        var rect = el("rect", { x: stacked ? x : labelW, y: by, width: w, height: 11,
                                fill: series[k].color });
        rect.appendChild(el("title", {}, series[k].name + ": " + window.qmsFormat.number(v)));
        svg.appendChild(rect);
        if (!stacked) svg.appendChild(el("text", { x: labelW + w + 3, y: by + 9, "font-size": 10 },
                                         window.qmsFormat.number(v)));
        x += w;
      });
    });
    target.appendChild(svg);
    target.appendChild(legend(series));
  }
  window.qmsCharts = { bars: bars };
})();
