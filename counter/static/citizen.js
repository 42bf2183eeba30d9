/* The citizen being served, from their ID card: their name beside the ticket, and the dossier
   receipt filled from it. The clerk may also scan the card on the counter's own scanner (a
   keyboard-wedge scanner: a fast line with "|" and Enter) to fill the receipt. Nothing of the
   card is kept in the page beyond the current ticket; the number shows as its last 4 digits. */
(function () {
  "use strict";
  var api = window.qmsApi;
  var L = window.qmsLang;
  var vnDate = window.qmsDates.shown;  // "2026-11-25" → "25/11/2026"
  var SCANNER_GAP_MS = 300;
  var served = null;    // the person the server says the current ticket was taken for
  var scanned = null;   // a card scanned at the counter: {name, number}
  var shownFor = null;  // the ticket id the line was drawn for
  var line = "";
  var lastKeyAt = 0;

  function $(id) { return document.getElementById(id); }

  function showServed() {
    var box = $("current-citizen");
    if (!served) { box.hidden = true; box.textContent = ""; return; }
    var born = served.birth_date ? ", sinh " + vnDate(served.birth_date) : "";
    var bornEn = served.birth_date ? ", born " + vnDate(served.birth_date) : "";
    L.set(box, "Công dân: " + served.honorific + " " + served.name + born + " — ••" + served.id_last4,
          "Citizen: " + served.name + bornEn + " — ••" + served.id_last4);
    box.hidden = false;
  }

  function onTicket(event) {
    var ticket = event.detail;
    var id = ticket ? ticket.id : null;
    if (id === shownFor) return;
    shownFor = id;
    served = null;
    scanned = null;
    showServed();
    var number = window.qmsConsole.counterNumber();
    if (!ticket || !number) return;
    api.get("/api/v1/counters/" + number + "/citizen").then(function (person) {
      if (shownFor === id) { served = person; showServed(); }
    }, function () { /* no card was scanned for this ticket: nothing to show */ });
  }

  function fillReceipt() {
    var form = $("dossier-form");
    var note = $("dossier-citizen");
    note.hidden = true;
    if (scanned) {
      form.elements.applicant_name.value = scanned.name;
      form.elements.applicant_id_number.value = scanned.number;
    } else if (served) {
      form.elements.applicant_name.value = served.name;
      L.set(note, "Số định danh ••" + served.id_last4 + " lấy từ thẻ đã quét ở máy lấy số" +
              (served.address ? "; địa chỉ: " + served.address : "") + ".",
            "ID number ••" + served.id_last4 + " from the card scanned at the kiosk" +
              (served.address ? "; address: " + served.address : "") + ".");
      note.hidden = false;
    }
  }

  function scan(text) {
    api.post("/api/v1/citizens/scan", { qr: text }).then(function (person) {
      scanned = { name: person.name, number: text.match(/\d{12}/)[0] };
      window.qmsConsole.say(person.greeting + " — ••" + person.id_last4 + ".",
                            person.greeting_en + " — ••" + person.id_last4 + ".");
      if ($("dossier-dialog").open) fillReceipt();
    }, function (failure) { window.qmsConsole.sayFailure(failure); });
  }

  // A scan is fast keys starting with the number's digits. Once one is under way its keys are
  // kept from the console's shortcuts (a space in the name must not call the next citizen),
  // and what it typed into a focused field is taken out again.
  function listen() {
    window.addEventListener("keydown", function (event) {
      if (event.timeStamp - lastKeyAt > SCANNER_GAP_MS) line = "";
      lastKeyAt = event.timeStamp;
      var scanning = /^\d{3,}/.test(line);
      if (event.key === "Enter" && /\d{12}\|/.test(line)) {
        var text = line;
        line = "";
        event.preventDefault();
        event.stopPropagation();
        var field = event.target;
        if (field && typeof field.value === "string" && field.value.endsWith(text)) {
          field.value = field.value.slice(0, field.value.length - text.length);
        }
        scan(text);
        return;
      }
      if (event.key === "Enter") line = "";
      else if (event.key.length === 1) line = (line + event.key).slice(-1000);
      if (scanning) event.stopPropagation();
    }, true);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("qms:current-ticket", onTicket);
    document.addEventListener("qms:receipt-open", fillReceipt);
    listen();
  });
})();
