// The report page: fetch /api/v1/reports with the pickers' values, draw table and charts.
// The figures' columns (names, headings, formats) come from the server, embedded in the page.
(function () {
  var HEAD = {
    vi: { site: "Đơn vị", service: "Lĩnh vực", counter: "Quầy", clerk: "Cán bộ",
          procedure: "Thủ tục", day: "Ngày",
          v4: "Rất hài lòng", v3: "Hài lòng", v2: "Bình thường", v1: "Không hài lòng",
          total: "Tổng cộng", notcalled: "Chưa được gọi", noprocedure: "Không gắn thủ tục" },
    en: { site: "Site", service: "Service", counter: "Counter", clerk: "Clerk",
          procedure: "Procedure", day: "Day",
          v4: "Very satisfied", v3: "Satisfied", v2: "Neutral", v1: "Dissatisfied",
          total: "Total", notcalled: "Not called", noprocedure: "No procedure" }
  };
  var RATINGS = ["4", "3", "2", "1"], MEASURES = null;
  var report = null, F = window.qmsFormat;
  function t(key) {
    var lang = window.qmsLang();
    if (HEAD[lang][key] !== undefined) return HEAD[lang][key];
    var measure = MEASURES.filter(function (m) { return m.name === key; })[0];
    return measure[lang];
  }
  var minutes = window.qmsFormat.minutes;
  function params() {
    var form = new FormData(document.getElementById("report-form")), query = new URLSearchParams();
    ["from", "to", "group", "site", "tier"].forEach(function (k) { if (form.get(k)) query.set(k, form.get(k)); });
    if (form.get("per_day")) query.set("per_day", "1");
    return query.toString();
  }
  function manySites() {
    return new Set(report.rows.map(function (r) { return r.site; }).filter(Boolean)).size > 1;
  }
  function label(row) {
    // Tickets without a row of their own: never called, or (by procedure) taken without one.
    if (row.key === null) return t(report.group === "procedure" ? "noprocedure" : "notcalled");
    return report.group !== "site" && row.site && manySites() ? row.label + " · " + row.site : row.label;
  }
  function cells(row) {
    var values = [row === report.total ? t("total") : label(row)];
    if (report.per_day) values.push(row.day ? F.day(row.day) : "");
    MEASURES.forEach(function (m) {
      if (m.format === "votes") {
        RATINGS.forEach(function (r) { values.push(row.votes[r]); });
      } else {
        values.push(m.format === "minutes" ? minutes(row[m.name]) : row[m.name]);
      }
    });
    return values;
  }
  function renderTable() {
    var head = [t(report.group)];
    if (report.per_day) head.push(t("day"));
    MEASURES.forEach(function (m) {
      if (m.format === "votes") RATINGS.forEach(function (r) { head.push(t("v" + r)); });
      else head.push(t(m.name));
    });
    var table = document.getElementById("report-table");
    table.tHead.innerHTML = "<tr>" + head.map(function (h) { return "<th>" + h + "</th>"; }).join("") + "</tr>";
    var body = table.tBodies[0];
    body.textContent = "";
    report.rows.concat([report.total]).forEach(function (row) {
      var tr = body.insertRow();
      if (row === report.total) tr.className = "total";
      tr.dataset.key = row.key === null ? "" : row.key;
      cells(row).forEach(function (v) {
        tr.insertCell().textContent = typeof v === "number" || v === null ? F.number(v) : v;
      });
    });
  }
  function renderCharts() {
    var rows = report.rows.filter(function (r) { return !report.per_day || r.day; });
    var C = window.qmsCharts;
    C.bars(document.getElementById("chart-served"), rows.map(function (r) {
      return { label: (report.per_day ? F.day(r.day) + " " : "") + label(r), values: [r.served, r.no_show] };
    }), [{ name: t("served"), color: "#2e7d32" }, { name: t("no_show"), color: "#c62828" }]);
    C.bars(document.getElementById("chart-wait"), rows.map(function (r) {
      return { label: label(r), values: [minutes(r.avg_wait_s), minutes(r.p90_wait_s)] };
    }), [{ name: t("avg_wait_s"), color: "#1565c0" }, { name: t("p90_wait_s"), color: "#90caf9" }]);
    C.bars(document.getElementById("chart-votes"), rows.map(function (r) {
      return { label: label(r), values: [r.votes["4"], r.votes["3"], r.votes["2"], r.votes["1"]] };
    }), [{ name: t("v4"), color: "#1b5e20" }, { name: t("v3"), color: "#66bb6a" },
         { name: t("v2"), color: "#ffb300" }, { name: t("v1"), color: "#d32f2f" }], true);
  }
  function renderReasons() {
    var body = document.querySelector("#reasons tbody");
    body.textContent = "";
    report.reasons.forEach(function (item) {
      var row = body.insertRow();
      row.insertCell().textContent = item.reason;
      row.insertCell().textContent = item.count;
    });
    document.getElementById("no-reasons").hidden = report.reasons.length > 0;
  }
  function render() { if (report) { renderTable(); renderCharts(); renderReasons(); } }
  function load(event) {
    if (event) event.preventDefault();
    var query = params();
    document.getElementById("export-csv").href = "/api/v1/reports/export.csv?" + query;
    document.getElementById("export-xlsx").href = "/api/v1/reports/export.xlsx?" + query;
    window.qmsLoadReport("/api/v1/reports?" + query, document.getElementById("report-error"),
      function (answer) { report = answer; render(); document.body.dataset.loaded = query; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    MEASURES = JSON.parse(document.getElementById("report-measures").textContent);
    document.getElementById("report-form").addEventListener("submit", load);
    document.addEventListener("qms:lang", render);
    load();
  });
})();
