// The report page's appointments table: /api/v1/reports/appointments for the picked period.
(function () {
  "use strict";
  function minutes(s) {
    return s === null ? "—" : (Math.round(s / 60 * 10) / 10).toLocaleString("vi-VN");
  }
  function fill(data) {
    var box = document.getElementById("appointments-report");
    var values = {
      booked: data.booked, checked_in: data.checked_in, no_show: data.no_show,
      cancelled: data.cancelled,
      check_in_rate: data.check_in_rate === null ? "—"
        : (Math.round(data.check_in_rate * 1000) / 10).toLocaleString("vi-VN") + " %",
      booked_mean: minutes(data.wait.booked.mean_s), walk_in_mean: minutes(data.wait.walk_in.mean_s),
      booked_p90: minutes(data.wait.booked.p90_s), walk_in_p90: minutes(data.wait.walk_in.p90_s),
    };
    Object.keys(values).forEach(function (key) {
      box.querySelector('[data-field="' + key + '"]').textContent =
        typeof values[key] === "number" ? values[key].toLocaleString("vi-VN") : values[key];
    });
  }
  function load(event) {
    if (event) event.preventDefault();
    var form = new FormData(document.getElementById("report-form"));
    var query = new URLSearchParams();
    ["from", "to", "site"].forEach(function (k) { if (form.get(k)) query.set(k, form.get(k)); });
    fetch("/api/v1/reports/appointments?" + query, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) fill(data); })
      .catch(function () { /* the main report shows the connection error */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("report-form").addEventListener("submit", load);
    load();
  });
})();
