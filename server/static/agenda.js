/* Today's bookings by slot, and who has checked in: the console's and dashboard's panel.
   Any element with data-agenda is filled from /api/v1/appointments (its data-site, if set). */
(function () {
  "use strict";
  var REFRESH_MS = 30000;
  var STATES = {
    booked: ["chưa đến", "not yet"], checked_in: ["đã đến", "checked in"],
    no_show: ["vắng", "no-show"],
  };

  function text(vi, en) { return window.qmsLang && window.qmsLang() === "en" ? en : vi; }

  function render(box, data) {
    var list = box.querySelector("ol");
    list.replaceChildren();
    var totals = data.totals;
    box.querySelector("[data-agenda-totals]").textContent = text(
      "Đặt " + (totals.booked + totals.checked_in + totals.no_show) + " · đã đến " +
        totals.checked_in + " · vắng " + totals.no_show + " · huỷ " + totals.cancelled,
      "Booked " + (totals.booked + totals.checked_in + totals.no_show) + " · came " +
        totals.checked_in + " · missed " + totals.no_show + " · cancelled " + totals.cancelled);
    data.slots.forEach(function (slot) {
      var item = document.createElement("li");
      var head = document.createElement("b");
      head.textContent = slot.start.slice(11, 16) + " " + slot.service_name + " — " +
        slot.checked_in + "/" + slot.booked;
      item.append(head);
      var people = document.createElement("ul");
      slot.appointments.forEach(function (person) {
        var line = document.createElement("li");
        line.className = "agenda-" + person.status;
        var state = STATES[person.status] || [person.status, person.status];
        line.textContent = person.name + " (" + person.phone + ") — " + text(state[0], state[1]) +
          (person.ticket ? " · " + text("số ", "no. ") + person.ticket : "");
        people.append(line);
      });
      item.append(people);
      list.append(item);
    });
    box.querySelector("[data-agenda-empty]").hidden = data.slots.length > 0;
  }

  function load(box) {
    var site = box.dataset.site;
    fetch("/api/v1/appointments" + (site ? "?site=" + encodeURIComponent(site) : ""),
          { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { box.agenda = data; render(box, data); } })
      .catch(function () { /* keep the last list; the next refresh tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-agenda]").forEach(function (box) {
      load(box);
      setInterval(function () { load(box); }, REFRESH_MS);
    });
  });
  document.addEventListener("qms:lang", function () {
    document.querySelectorAll("[data-agenda]").forEach(function (box) {
      if (box.agenda) render(box, box.agenda);
    });
  });
})();
