// The leaders' overview: fetch /api/v1/reports/overview, draw the site table (sortable, tier
// subtotals, total) with drill-down links, the summary and the week/month trend chart.
(function () {
  var TEXT = {
    vi: { total: "Tổng cộng", subtotal: "Cộng", sites: "đơn vị", site: "đơn vị", week: "tuần", month: "tháng",
          trend: "Xu hướng theo ", none: "Không có đơn vị nào trong phạm vi này." },
    en: { total: "Total", subtotal: "Subtotal", sites: "sites", site: "site", week: "week", month: "month",
          trend: "Trend per ", none: "No site in this scope." }
  };
  // The queue figures' columns come from the server (embedded in the page), then the dossiers'.
  var DOSSIER_COLUMNS = ["dossiers_received", "dossiers_on_time_rate", "dossiers_overdue"];
  var COLUMNS = null;
  var report = null, sort = { key: "name", desc: false }, F = window.qmsFormat;
  function t(key) { return TEXT[window.qmsLang()][key]; }
  function count(n) { return " (" + F.number(n) + " " + t(n === 1 ? "site" : "sites") + ")"; }
  var minutes = window.qmsFormat.minutes;
  function raw(row, key) {
    if (key === "name") return row.label;
    if (key.indexOf("dossiers_") === 0) {
      return row.dossiers ? row.dossiers[key.slice("dossiers_".length)] : null;
    }
    return row[key];
  }
  function value(row, key) { return /_s$/.test(key) ? minutes(row[key]) : raw(row, key); }
  function form() { return new FormData(document.getElementById("overview-form")); }
  function query(withSort) {
    var data = form(), params = new URLSearchParams();
    ["from", "to", "tier", "trend"].forEach(function (k) { if (data.get(k)) params.set(k, data.get(k)); });
    if (withSort) { params.set("sort", sort.key); if (sort.desc) params.set("desc", "1"); }
    return params.toString();
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  function siteCell(tr, row) {
    var cell = tr.insertCell(), period = "from=" + report.from + "&to=" + report.to;
    cell.appendChild(link("/reports/?site=" + encodeURIComponent(row.key) + "&" + period +
                          "&group=service", row.label));
    return cell;
  }
  function figureCells(tr, row, drill) {
    COLUMNS.forEach(function (key) {
      var cell = tr.insertCell(), text = F.number(value(row, key));
      if (drill && key.indexOf("dossiers_") === 0 && row.dossiers) {
        cell.appendChild(link("/reports/dossiers?site=" + encodeURIComponent(row.key) +
                              "&from=" + report.from + "&to=" + report.to, text));
      } else {
        cell.textContent = text;
      }
    });
  }
  function compare(a, b) {
    var x = raw(a, sort.key), y = raw(b, sort.key);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    var order = typeof x === "string" ? x.localeCompare(y, "vi", { numeric: true }) : x - y;
    return sort.desc ? -order : order;
  }
  function summaryRow(tr, row, label) {
    var head = document.createElement("th");
    head.scope = "row";
    head.textContent = label;
    tr.appendChild(head);
    figureCells(tr, row, false);
  }
  function renderTable() {
    var table = document.getElementById("overview-table"), body = table.tBodies[0];
    body.textContent = "";
    report.tiers.forEach(function (tier) {
      report.rows.filter(function (r) { return r.tier === tier.key; }).sort(compare)
        .forEach(function (row) {
          var tr = body.insertRow();
          tr.dataset.key = row.key;
          siteCell(tr, row);
          figureCells(tr, row, true);
        });
      if (report.tiers.length < 2) return;  // one tier: its subtotal would repeat the total
      var sub = body.insertRow();
      sub.className = "subtotal";
      sub.dataset.tier = tier.key;
      summaryRow(sub, tier, t("subtotal") + " " + window.qmsLang.pick(tier.label, tier.label_en) +
                 count(tier.sites));
    });
    if (!report.rows.length) body.insertRow().insertCell().textContent = t("none");
    table.tFoot.textContent = "";
    var total = table.tFoot.insertRow();
    total.className = "total";
    summaryRow(total, report.total, t("total") + count(report.total.sites));
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.sort !== sort.key ? "none"
                      : sort.desc ? "descending" : "ascending");
    });
  }
  function renderSummary() {
    var total = report.total, shown = {
      sites: F.number(total.sites), issued: F.number(total.issued),
      avg_wait_s: total.avg_wait_s === null ? "—" : F.duration(total.avg_wait_s),
      overdue_share: total.overdue_share === null ? "—" : F.number(total.overdue_share, 1) + " %",
      satisfaction_index: F.number(total.satisfaction_index, 1),
      on_time_rate: total.dossiers && total.dossiers.on_time_rate !== null
        ? F.number(total.dossiers.on_time_rate, 1) + " %" : "—" };
    Object.keys(shown).forEach(function (k) {
      document.querySelector('#overview-summary [data-field="' + k + '"]').textContent = shown[k];
    });
  }
  function periodLabel(point) {
    if (report.trend_unit === "month") return point.from.slice(5, 7) + "/" + point.from.slice(0, 4);
    var first = F.day(point.from).slice(0, 5);
    // A long run of weeks is labelled by first days only, so the labels never run together.
    return report.trend.length > 16 ? first : first + "–" + F.day(point.to).slice(0, 5);
  }
  function renderTrend() {
    var metric = document.getElementById("trend-metric"), key = metric.value;
    var name = metric.options[metric.selectedIndex].textContent;
    document.getElementById("trend-title").textContent = t("trend") + t(report.trend_unit) + ": " +
      name + ", " + F.day(report.from) + "–" + F.day(report.to);
    window.qmsCharts.columns(document.getElementById("chart-trend"), report.trend.map(function (p) {
      return { label: periodLabel(p), value: value(p, key) };
    }), "trend-title", "#1565c0");
  }
  function render() { if (report) { renderTable(); renderSummary(); renderTrend(); } }
  function exports() {
    var q = query(true);
    document.getElementById("export-csv").href = "/api/v1/reports/overview/export.csv?" + q;
    document.getElementById("export-xlsx").href = "/api/v1/reports/overview/export.xlsx?" + q;
  }
  function load(event) {
    if (event) event.preventDefault();
    var q = query(false);
    exports();
    window.qmsLoadReport("/api/v1/reports/overview?" + q, document.getElementById("overview-error"),
      function (answer) { report = answer; render(); document.body.dataset.loaded = q; });
  }
  function resort(th) {
    var key = th.dataset.sort;
    // Names read A→Z first; figures biggest first, where a leader looks for the outliers.
    sort = { key: key, desc: sort.key === key ? !sort.desc : key !== "name" };
    exports();
    render();
  }
  document.addEventListener("DOMContentLoaded", function () {
    COLUMNS = JSON.parse(document.getElementById("overview-measures").textContent)
      .map(function (m) { return m.name; }).concat(DOSSIER_COLUMNS);
    document.getElementById("overview-form").addEventListener("submit", load);
    document.getElementById("trend-metric").addEventListener("change", render);
    document.querySelectorAll("#overview-table th[data-sort] button").forEach(function (button) {
      button.addEventListener("click", function () { resort(button.parentNode); });
    });
    document.addEventListener("qms:lang", render);
    load();
  });
})();
