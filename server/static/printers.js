/* Kiosk printers on the staff screens (console and dashboard): an alert as soon as a printer
   fails, from the /staff snapshot and its printer_status events, and "reprint ticket N" for
   a citizen whose slip did not come out (POST /api/v1/tickets/<id>/reprint). */
(function () {
  "use strict";
  var L = window.qmsLang;
  var TROUBLE = { offline: ["mất kết nối", "offline"], paper_out: ["hết giấy", "out of paper"],
                  paper_near_end: ["sắp hết giấy", "paper running out"] };

  function csrf() { return document.querySelector('meta[name="csrf-token"]').content; }

  function call(method, path, body) {
    var headers = { "Accept": "application/json", "X-CSRF-Token": csrf() };
    if (body) headers["Content-Type"] = "application/json";
    return fetch(path, { method: method, credentials: "same-origin", headers: headers,
                         body: body ? JSON.stringify(body) : undefined })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (payload) {
          if (!response.ok) throw payload.error || {};
          return payload;
        });
      });
  }

  /** Show in ``box`` which kiosk printers are in trouble, kept up to date from ``socket``. */
  function watch(socket, box) {
    var printers = {};
    function render() {
      var down = Object.keys(printers).map(function (id) { return printers[id]; })
        .filter(function (printer) { return TROUBLE[printer.state]; });
      box.hidden = down.length === 0;
      var vi = down.map(function (p) { return p.device + ": " + TROUBLE[p.state][0]; });
      var en = down.map(function (p) { return p.device + ": " + TROUBLE[p.state][1]; });
      L.set(box, down.length ? "Máy in phiếu gặp sự cố — " + vi.join("; ") +
              ". Công dân không nhận được phiếu: dùng “In lại phiếu” khi máy in chạy lại." : "",
            down.length ? "Ticket printer problem — " + en.join("; ") +
              ". Citizens get no slip: use “Reprint ticket” once the printer works again." : "");
    }
    function keep(printer) { printers[printer.device_id] = printer; }
    socket.on("snapshot", function (snapshot) {
      printers = {};
      (snapshot.printers || []).forEach(keep);
      render();
    });
    socket.on("printer_status", function (printer) { keep(printer); render(); });
  }

  /** Reprint, on the kiosk that issued it, the slip of a waiting ticket typed in ``form``. */
  function reprintForm(form, site) {
    var result = form.querySelector("[data-reprint-result]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var number = String(new FormData(form).get("number") || "").trim().toUpperCase();
      if (!number) return;
      var query = site ? "?site=" + encodeURIComponent(site) : "";
      call("GET", "/api/v1/queue" + query).then(function (body) {
        var ticket = body.tickets.filter(function (t) { return t.number === number; })[0];
        if (!ticket) {
          throw { message: "Không có số " + number + " trong danh sách chờ hôm nay.",
                  message_en: "No ticket " + number + " is waiting today." };
        }
        return call("POST", "/api/v1/tickets/" + ticket.id + "/reprint", {});
      }).then(function () {
        result.classList.remove("error");
        L.set(result, "Đã gửi lệnh in lại số " + number + ".", "Ticket " + number + " sent to print again.");
        form.reset();
      }, function (error) {
        result.classList.add("error");
        L.set(result, error.message || "Chưa in lại được.", error.message_en || "Could not reprint.");
      });
    });
  }

  window.qmsPrinters = { watch: watch, reprintForm: reprintForm };
})();
