// Live dashboard: fetch /api/v1/dashboard on load and again after any /staff event (debounced).
// Pushed events drive refreshes; the only timer ticks the "longest wait" clock locally.
(function () {
  var STATES = { vi: { open: "Đang mở", paused: "Tạm dừng", closed: "Đóng", live: "Đang cập nhật trực tiếp",
                       offline: "Mất kết nối, đang kết nối lại…", none: "không có",
                       v4: "Rất hài lòng", v3: "Hài lòng", v2: "Bình thường", v1: "Không hài lòng",
                       overdue: "công dân đang chờ quá thời gian mục tiêu" },
                 en: { open: "Open", paused: "Paused", closed: "Closed", live: "Live",
                       offline: "Disconnected, reconnecting…", none: "none",
                       v4: "Very satisfied", v3: "Satisfied", v2: "Neutral", v1: "Dissatisfied",
                       overdue: "citizens waiting beyond the target time" } };
  var F = window.qmsFormat;
  var root, data = null, fetchedAt = 0, timer = null;
  function t(key) { return STATES[window.qmsLang()][key]; }
  function elapsed() { return (Date.now() - fetchedAt) / 1000; }
  function set(id, value) { document.getElementById(id).textContent = value; }
  function render() {
    if (!data) return;
    var today = data.today, counters = data.counters, votes = today.votes;
    set("service-day", F.day(data.service_day));
    set("n-waiting", F.number(data.waiting));
    set("n-longest", data.longest_wait_s === null ? "–" : F.duration(data.longest_wait_s + elapsed()));
    set("n-open", counters.open); set("n-paused", counters.paused); set("n-serving", counters.serving);
    set("n-served", F.number(today.served));
    set("n-avg-wait", F.duration(today.avg_wait_s));
    set("n-satisfaction", today.satisfaction_index === null ? "–" : F.number(today.satisfaction_index, 1) + "/100");
    var body = document.querySelector("#services tbody");
    body.textContent = "";
    data.services.forEach(function (s) {
      var row = body.insertRow(), wait = s.longest_wait_s === null ? null : s.longest_wait_s + elapsed();
      row.dataset.code = s.code;
      if (wait !== null && wait > s.target_wait_s) row.className = "overdue";
      [window.qmsLang() === "en" && s.name_en ? s.name_en : s.name, F.number(s.waiting), F.duration(wait)]
        .forEach(function (v) { row.insertCell().textContent = v; });
    });
    body = document.querySelector("#counters tbody");
    body.textContent = "";
    counters.list.forEach(function (c) {
      var row = body.insertRow();
      [c.name || c.number, t(c.status), c.clerk || "–", c.ticket || "–"]
        .forEach(function (v) { row.insertCell().textContent = v; });
    });
    renderVotes(votes);
    renderOverdue();
  }
  function renderVotes(votes) {
    var list = document.getElementById("votes");
    list.textContent = "";
    ["4", "3", "2", "1"].forEach(function (rating) {
      var item = document.createElement("li");
      item.dataset.rating = rating;
      item.textContent = t("v" + rating) + ": " + F.number(votes[rating]);
      list.appendChild(item);
    });
  }
  // Counted by the server at the last refresh; a wait crossing its target between two
  // refreshes shows in the table's red rows first.
  function renderOverdue() {
    set("n-overdue", data.waiting_overdue);
    var alert = document.getElementById("overdue-alert"), late = data.services.filter(function (s) {
      return s.waiting_overdue > 0;
    });
    alert.hidden = late.length === 0;
    alert.textContent = late.length === 0 ? "" : data.waiting_overdue + " " + t("overdue") + ": " +
      late.map(function (s) {
        var name = window.qmsLang() === "en" && s.name_en ? s.name_en : s.name;
        return name + " (" + s.waiting_overdue + ")";
      }).join(", ");
  }
  function refresh() {
    fetch("/api/v1/dashboard?site=" + encodeURIComponent(root.dataset.site), { credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname + location.search); }
        if (!r.ok) throw new Error("dashboard " + r.status);
        return r.json();
      })
      .then(function (body) {
        data = body; fetchedAt = Date.now(); render();
        root.dataset.refreshes = String(Number(root.dataset.refreshes || 0) + 1);
      })
      .catch(function () { state("offline"); });  // keep the last good numbers on screen
  }
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 250); }
  function state(name) { var el = document.getElementById("live-state"); el.dataset.state = name; el.textContent = t(name); }
  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("dashboard");
    var socket = io("/staff", { auth: { site: root.dataset.site }, transports: ["websocket"] });
    socket.on("connect", function () { state("live"); soon(); });
    socket.on("disconnect", function () { state("offline"); });
    socket.onAny(function (name) { if (name !== "error") soon(); });
    window.qmsPrinters.watch(socket, document.getElementById("printer-alert"));
    window.qmsPrinters.reprintForm(document.getElementById("reprint-form"), root.dataset.site);
    setInterval(render, 1000);
    document.addEventListener("qms:lang", function () {
      state(document.getElementById("live-state").dataset.state);
      render();
    });
  });
})();
