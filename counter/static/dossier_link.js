/* "Gắn hồ sơ": tie a dossier received or returned to the citizen being served, by typing its
   code or scanning the receipt's QR code or barcode (a keyboard-wedge scanner types the code,
   or the QR's address, then Enter). */
(function () {
  "use strict";
  var api = window.qmsApi;
  var L = window.qmsLang;

  function $(id) { return document.getElementById(id); }

  /** The code as stored: the QR's address cut to its last part, trimmed, upper case. */
  function scannedCode(raw) {
    var parts = String(raw || "").trim().replace(/\/+$/, "").split("/");
    return parts[parts.length - 1].split("?")[0].toUpperCase();
  }

  function open() {
    var ticket = window.qmsConsole.currentTicket();
    $("dossier-link-form").reset();
    L.set($("dossier-link-error"), "", "");
    L.set($("dossier-link-ticket"),
          ticket ? "Gắn vào số " + ticket.number + " đang phục vụ." : "Quầy chưa phục vụ ai.",
          ticket ? "Link to ticket " + ticket.number + " being served." : "Nobody is being served.");
    $("dossier-link-dialog").showModal();
    $("dossier-link-form").elements.code.focus();
  }

  function submit(event) {
    event.preventDefault();
    var code = scannedCode($("dossier-link-form").elements.code.value);
    if (!code) return;
    // The visit this counter is serving now; the kind follows the dossier (received, or the
    // result returned once it is out).
    api.post("/api/v1/counters/" + window.qmsConsole.counterNumber() + "/serving/dossiers",
             { code: code })
      .then(function (link) {
        $("dossier-link-dialog").close("done");
        var returned = link.kind === "returned";
        window.qmsConsole.say(
          (returned ? "Đã trả kết quả hồ sơ " : "Đã gắn hồ sơ ") + link.code + " với số " +
            link.ticket_number + ".",
          (returned ? "Result of dossier " : "Dossier ") + link.code +
            (returned ? " returned to ticket " : " linked to ticket ") + link.ticket_number + ".");
      }, function (failure) {  // the dialog stays open with what was scanned, to correct it
        L.set($("dossier-link-error"), failure.message, failure.message_en);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("dossier-link").addEventListener("click", open);
    $("dossier-link-form").addEventListener("submit", submit);
    $("dossier-link-dialog").querySelector("[data-close]").addEventListener("click", function () {
      $("dossier-link-dialog").close("cancel");
    });
  });
})();
