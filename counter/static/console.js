/* The clerk's counter console: one counter, its current ticket, its waiting list, its buttons. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("console-data").textContent);
  var api = window.qmsApi;
  var L = window.qmsLang;
  var REMEMBER = "qms.counter." + data.user.username;
  var LETTER_KEYS = "qms.counter.letter-keys." + data.user.username;
  var CONTROLS = "button, a[href], input, select, textarea, summary, [contenteditable], [role=button]";
  var STATUS = { open: ["Đang mở", "Open"], paused: ["Tạm dừng", "Paused"], closed: ["Đóng", "Closed"],
                 called: ["Đã gọi", "Called"], serving: ["Đang phục vụ", "Serving"] };
  var KEYS = { F1: "call-next", " ": "call-next", r: "recall", s: "start", f: "finish",
               n: "no-show", t: "transfer", g: "call", p: "pause" };
  var counter = null;   // the counter picked: {id, number, name, services}
  var view = null;      // its live state, as CounterView on the server
  var busy = false;
  var queueTimer = null;

  function $(id) { return document.getElementById(id); }

  function say(vi, en, isError) {
    var box = $("message");
    L.set(box, vi, en);
    box.classList.toggle("error", !!isError);
  }

  function sayFailure(failure) { say(failure.message, failure.message_en, true); }

  /* ---- rendering ---- */

  function render() {
    var ticket = view && view.ticket;
    $("current-number").textContent = ticket ? ticket.number : "—";
    $("current-number").classList.toggle("priority", !!(ticket && ticket.priority));
    $("current-service").textContent = ticket ? ticket.service_name : "";
    var procedure = ticket && ticket.procedure;
    $("current-procedure").hidden = !procedure;
    $("current-procedure").textContent = procedure ? procedure.name + " (" + procedure.code + ")" : "";
    var status = STATUS[ticket ? ticket.status : (view ? view.status : "closed")] || ["", ""];
    L.set($("current-status"), status[0], status[1]);
    document.body.dataset.counterStatus = view ? view.status : "";
    // citizen.js shows who is served, from their card, when the ticket changes.
    document.dispatchEvent(new CustomEvent("qms:current-ticket", { detail: ticket || null }));
    updateButtons();
    tick();
  }

  function enabled(action) {
    var ticket = view && view.ticket;
    var open = view && view.status === "open";
    switch (action) {
      case "call-next": case "call": return open;
      case "recall": case "finish": case "transfer": return !!ticket;
      case "start": case "no-show": return !!ticket && ticket.status === "called";
      case "pause": return !ticket;
      default: return false;
    }
  }

  function updateButtons() {
    var frozen = busy || api.isExpired() || !view;
    document.querySelectorAll("[data-action]").forEach(function (button) {
      button.disabled = frozen || !enabled(button.dataset.action);
    });
    var pause = document.querySelector(".action-pause .action-label");
    if (view && view.status === "paused") L.set(pause, "Tiếp tục", "Resume");
    else L.set(pause, "Tạm dừng", "Pause");
  }

  function tick() {
    var ticket = view && view.ticket;
    var since = ticket && Date.parse(ticket.called_at);
    var seconds = since ? Math.max(0, Math.floor((Date.now() - since) / 1000)) : 0;
    var text = String(Math.floor(seconds / 60)).padStart(2, "0") + ":" + String(seconds % 60).padStart(2, "0");
    $("current-timer").textContent = text;
  }

  function renderWaiting(mine) {  // this counter's tickets, in the order "call next" takes them
    var list = $("waiting");
    list.textContent = "";
    mine.forEach(function (t) {
      var item = document.createElement("li");
      item.dataset.number = t.number;
      var number = document.createElement("strong");
      number.textContent = t.number;
      item.appendChild(number);
      if (t.priority) item.appendChild(badge("priority", "Ưu tiên", "Priority"));
      if (t.target_counter !== null) item.appendChild(badge("targeted", "Được chuyển đến quầy này", "Sent to this counter"));
      if (t.appointment) {
        var slot = new Date(t.appointment_at).toLocaleTimeString("vi-VN",
          { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
        item.appendChild(badge("appointment", "Hẹn " + slot, "Booked " + slot));
      }
      var service = document.createElement("span");
      service.className = "muted";
      service.textContent = t.procedure ? t.service_name + " — " + t.procedure.name : t.service_name;
      item.appendChild(service);
      list.appendChild(item);
    });
    $("waiting-count").textContent = mine.length;
  }

  function badge(kind, vi, en) {
    var mark = document.createElement("span");
    mark.className = "badge " + kind;
    L.set(mark, vi, en);
    return mark;
  }

  function refreshQueue() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(function () {
      if (!counter) return;
      api.get("/api/v1/queue?counter=" + counter.number).then(function (body) { renderWaiting(body.tickets); }, sayFailure);
    }, 150);
  }

  /* ---- actions ---- */

  function endpoint(action) { return "/api/v1/counters/" + counter.number + "/" + action; }

  function run(action, body) {
    if (busy || !counter) return Promise.resolve();
    busy = true;
    updateButtons();
    return api.post(endpoint(action), body).then(function (result) {
      if (result.counter_state) view = result.counter_state;
      report(action, result);
      refreshQueue();
    }, sayFailure).then(function () { busy = false; render(); });
  }

  function report(action, result) {
    var n = result.number;
    if (result.repeated) say("Số " + n + " vừa được gọi; lần bấm trùng đã được bỏ qua.",
                             "Ticket " + n + " was just called; the repeated press was ignored.");
    else if (action === "call-next" || action === "call") say("Đã gọi số " + n + ".", "Called " + n + ".");
    else if (action === "finish") say("Đã kết thúc số " + n + ".", "Finished " + n + ".");
    else if (action === "no-show") say("Số " + n + " vắng mặt.", n + " did not show up.");
    else if (action === "transfer") say("Đã chuyển số " + n + ".", "Transferred " + n + ".");
    else if (action === "recall") say("Đã gọi lại số " + n + ".", "Recalled " + n + ".");
    else say("Đã cập nhật.", "Done.");
  }

  function trigger(action) {
    if (busy || api.isExpired() || !counter || !enabled(action)) return;
    if (action === "no-show") run("no-show", { requeue: $("requeue").checked });
    else if (action === "transfer") $("transfer-dialog").showModal();
    else if (action === "call") { $("call-form").reset(); $("call-dialog").showModal(); }
    else if (action === "pause") run(view.status === "paused" ? "resume" : "pause");
    else run(action);
  }

  function onDialogClose(dialog, build) {
    // Cancel is a plain button, so Enter in the form submits the dialog's action instead.
    dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close("cancel"); });
    dialog.addEventListener("close", function () {
      if (dialog.returnValue !== "ok") return;
      var body = build(new FormData(dialog.querySelector("form")));
      if (body) run(dialog.id === "call-dialog" ? "call" : "transfer", body);
    });
  }

  /* F1 always works. Single-character keys (letters, Space) act only when the clerk has them
     switched on and no control has focus: Space on a focused button must press that button,
     not call the next citizen (WCAG 2.1.4). */
  function onKey(event) {
    if (event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    var character = event.key.length === 1;
    var action = KEYS[character ? event.key.toLowerCase() : event.key];
    if (!action) return;
    if (character && (!letterKeys() || event.target.closest(CONTROLS))) return;
    event.preventDefault();  // F1 would open the browser's help
    trigger(action);
  }

  function letterKeys() { return localStorage.getItem(LETTER_KEYS) !== "off"; }

  /* ---- counter choice and live updates ---- */

  function pick(number) {
    var chosen = data.mine.filter(function (c) { return c.number === number; })[0];
    if (!chosen) return;
    api.post("/api/v1/counters/" + number + "/open").then(function (result) {
      counter = chosen;
      view = result.counter_state;
      localStorage.setItem(REMEMBER, String(number));
      L.set($("counter-title"), chosen.name || "Quầy " + number, "Counter " + number);
      $("picker").hidden = true;
      $("console").hidden = false;
      $("leave").hidden = false;
      say("Đã vào " + (chosen.name || "quầy " + number) + ".", "Signed in at counter " + number + ".");
      var warning = result.roster_warning;
      if (warning) say(warning.message, warning.message_en, true);
      render();
      refreshQueue();
    }, sayFailure);
  }

  function leave() {
    run("close").then(function () {
      if (view && view.status !== "closed") return;
      localStorage.removeItem(REMEMBER);
      counter = view = null;
      $("console").hidden = true;
      $("leave").hidden = true;
      $("picker").hidden = false;
    });
  }

  function applyCounter(state) {
    if (counter && state.number === counter.number && !busy) { view = state; render(); }
  }

  function connect() {
    var socket = io("/staff");
    var live = $("live");
    socket.on("connect", function () { L.set(live, "trực tuyến", "online"); live.classList.add("on"); });
    socket.on("disconnect", function () { L.set(live, "mất kết nối", "offline"); live.classList.remove("on"); });
    socket.on("snapshot", function (snap) {
      snap.counters.forEach(applyCounter);
      refreshQueue();
    });
    socket.on("counter_changed", applyCounter);
    socket.on("queue_changed", refreshQueue);
    socket.on("connect_error", function () {
      api.checkSession().then(function (ok) {
        if (!ok) { socket.disconnect(); api.expired(); return; }
        // Refused while the login is still good (e.g. the database was briefly down): retry.
        if (!socket.active) setTimeout(function () { socket.connect(); }, 5000);
      });
    });
  }

  function watchSession() {
    var check = function () { api.checkSession().then(function (ok) { if (!ok) api.expired(); }); };
    setInterval(check, 60000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  }

  // What the dossier dialogs (dossiers.js) need from the console.
  window.qmsConsole = {
    currentTicket: function () { return view && view.ticket; },
    counterNumber: function () { return counter && counter.number; },
    say: say,
    sayFailure: sayFailure,
  };

  document.addEventListener("DOMContentLoaded", function () {
    api.onExpired(updateButtons);
    document.querySelectorAll(".choice").forEach(function (button) {
      button.addEventListener("click", function () { pick(Number(button.dataset.counter)); });
    });
    document.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () { trigger(button.dataset.action); });
    });
    $("leave").addEventListener("click", leave);
    onDialogClose($("transfer-dialog"), function (form) {
      var body = {};
      if (form.get("service")) body.service = form.get("service");
      if (form.get("counter")) body.counter = Number(form.get("counter"));
      return Object.keys(body).length ? body : null;
    });
    onDialogClose($("call-dialog"), function (form) {
      var number = String(form.get("number") || "").trim();
      return number ? { number: number } : null;
    });
    document.addEventListener("keydown", onKey);
    $("letter-keys").checked = letterKeys();
    $("letter-keys").addEventListener("change", function (event) {
      localStorage.setItem(LETTER_KEYS, event.target.checked ? "on" : "off");
    });
    setInterval(tick, 1000);
    watchSession();
    connect();
    var remembered = Number(localStorage.getItem(REMEMBER));
    if (remembered) pick(remembered);
  });
})();
