/* Dossiers at the counter: receive one for the citizen being served (the receipt prints),
   or, when the papers are not received, give guidance (Mẫu 02) or refuse (Mẫu 03); and move
   a dossier along (result ready, returned, refused…). */
(function () {
  "use strict";
  var api = window.qmsApi;
  var L = window.qmsLang;
  var vnDate = window.qmsDates.shown;  // "2026-11-25" → "25/11/2026"
  var searchTimer = null;
  var data = JSON.parse(document.getElementById("console-data").textContent);
  var RECEIVED = "qms.counter.received." + data.user.username;
  var RECEIVED_KEEP = 20;

  function $(id) { return document.getElementById(id); }

  // "14:00 ngày 10/12/2026": the due time on the legal clock, in Hà Nội time.
  function dueText(dossier) {
    if (!dossier.due_at) return vnDate(dossier.due_date);
    var time = new Date(dossier.due_at).toLocaleTimeString("vi-VN", {
      hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Ho_Chi_Minh" });
    return time + " ngày " + vnDate(dossier.due_date);
  }

  function suggest(query) {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      if (query.length < 2) return;
      api.get("/api/v1/procedures?limit=15&q=" + encodeURIComponent(query)).then(function (body) {
        var list = $("procedure-options");
        list.textContent = "";
        body.procedures.forEach(function (procedure) {
          var option = document.createElement("option");
          option.value = procedure.code;
          option.textContent = procedure.name;
          list.appendChild(option);
        });
      }, function () { /* suggestions are a help: typing goes on without them */ });
    }, 250);
  }

  function openReceipt() {
    var ticket = window.qmsConsole.currentTicket();
    var form = $("dossier-form");
    form.reset();
    L.set($("dossier-error"), "", "");
    L.set($("dossier-ticket"), ticket ? "Cho số " + ticket.number + " đang phục vụ." : "Không gắn với số thứ tự nào.",
          ticket ? "For ticket " + ticket.number + " being served." : "Not tied to a ticket.");
    document.dispatchEvent(new Event("qms:receipt-open"));  // citizen.js fills what it knows
    $("dossier-dialog").showModal();
  }

  /* "Giấy khai sinh; 1; 2" per line: a paper received, its originals and copies. */
  function documentsReceived(text) {
    return String(text || "").split("\n").map(function (line) {
      var parts = line.split(";").map(function (part) { return part.trim(); });
      return { name: parts[0], originals: Number(parts[1]) || 0, copies: Number(parts[2]) || 0 };
    }).filter(function (item) { return item.name; });
  }

  /* What every form prints: the address; for Mẫu 01 the papers, sets and where the result goes. */
  function formFields(form) {
    return { applicant_address: String(form.get("applicant_address") || "").trim(),
             documents: documentsReceived(form.get("documents")),
             sets: Number(form.get("sets")) || 1,
             result_delivery: String(form.get("result_delivery") || "counter") };
  }

  /* The form handed over after an outcome. It never prints on the lobby kiosk's printer
     (tickets and 80 mm slips only): it goes to the counter's own office printer when the
     counter has one (the spooler retries while that printer is off), else it opens as a PDF
     for the browser to print. */
  var officePrinter = true;  // until the server says the counter has none (409)

  function offerForm(url, name, nameEn) {
    $("print-form").dataset.url = url;
    L.set($("last-form-name"), name, nameEn);
    L.set($("print-form-status"), "", "");
    $("last-form").hidden = false;
  }

  function openPdf(url) { window.open(url, "_blank", "noopener"); }

  /* Watch the job a while, so a printer that is off or refusing is seen at the counter
     (the spooler keeps retrying it meanwhile). */
  var FOLLOW_EVERY_MS = 2000, FOLLOW_TRIES = 30;

  function follow(jobId, status, tries) {
    if (tries >= FOLLOW_TRIES) return;
    setTimeout(function () {
      api.get("/api/v1/printers/jobs/" + jobId).then(function (job) {
        status.title = "";
        if (job.state === "done") { L.set(status, "Đã in", "Printed"); return; }
        if (job.state === "failed") {
          showFailure(status, job, "Không in được", "Not printed");
          return;
        }
        if (job.reason) {
          showFailure(status, job, "Chưa in được", "Not printed yet", "đang thử lại…",
                      "retrying…");
        }
        follow(jobId, status, tries + 1);
      }, function () { follow(jobId, status, tries + 1); });
    }, FOLLOW_EVERY_MS);
  }

  /* "Không in được: Máy in không phản hồi (printer not answering)": the reason in words,
     Vietnamese first; the transport's own words (with the printer's address) stay in the
     tooltip, for the clerk or the technician, not on the screen a citizen faces. */
  function showFailure(status, job, head, headEn, then, thenEn) {
    var vi = head + ": " + job.message + " (" + job.message_en + ")" + (then ? "; " + then : "");
    var en = headEn + ": " + job.message_en + (thenEn ? "; " + thenEn : "");
    L.set(status, vi, en);
    status.title = job.error;
  }

  function printForm(url) {
    var status = $("print-form-status");
    if (!officePrinter) { openPdf(url); return; }
    status.title = "";
    L.set(status, "Đang gửi in…", "Sending to the printer…");
    api.post(url.replace(/\.pdf$/, "/print"), {}).then(function (sent) {
      L.set(status, "Đã gửi in", "Sent to the printer");
      follow(sent.job, status, 0);
    }, function (failure) {
      if (failure.code === "no_office_printer") {
        officePrinter = false;
        L.set(status, "", "");
        openPdf(url);  // within the click's activation: the answer takes milliseconds
        return;
      }
      L.set(status, failure.message, failure.message_en);
    });
  }

  function receiptBody(form) {
    var ticket = window.qmsConsole.currentTicket();
    var body = Object.assign({ procedure: String(form.get("procedure") || "").trim(),
                               applicant_name: String(form.get("applicant_name") || "").trim(),
                               phone: String(form.get("phone") || "").trim() },
                             formFields(form));
    var idNumber = String(form.get("applicant_id_number") || "").replace(/\D/g, "");
    if (idNumber) body.applicant_id_number = idNumber;
    if (ticket) body.ticket_id = ticket.id;
    if (window.qmsConsole.counterNumber()) body.counter = window.qmsConsole.counterNumber();
    if (form.get("processing_days")) body.processing_days = Number(form.get("processing_days"));
    if (form.get("due_date")) {
      body.due_date = form.get("due_date");
      body.due_reason = String(form.get("due_reason") || "").trim();
    }
    return body;
  }

  function submitReceipt(event) {
    event.preventDefault();
    var body = receiptBody(new FormData($("dossier-form")));
    api.post("/api/v1/dossiers", body).then(function (dossier) {
      $("dossier-dialog").close("done");
      remember(dossier);
      offerForm("/api/v1/dossiers/" + encodeURIComponent(dossier.code) + "/forms/01.pdf",
                "Mẫu 01 — " + dossier.code, "Form 01 — " + dossier.code);
      var due = dueText(dossier);
      var printing = dossier.print_job ? " Đang in giấy hẹn." : " Chưa có máy in giấy hẹn: hãy ghi mã cho công dân.";
      window.qmsConsole.say("Đã tiếp nhận hồ sơ " + dossier.code + ", hẹn trả " + due + "." + printing,
                            "Dossier " + dossier.code + " received, due " + due + ".");
    }, function (failure) { L.set($("dossier-error"), failure.message, failure.message_en); });
  }

  /* The dossiers received at this console stay listed across a reload (this tab only):
     code, procedure and due date, nothing about the applicant. */
  function received() {
    var kept;
    try { kept = JSON.parse(sessionStorage.getItem(RECEIVED) || "[]"); } catch (error) { kept = []; }
    return kept.filter(function (dossier) { return dossier.day === today(); });
  }

  function today() { return new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }); }

  // Papers not received: guidance listing what is missing, or a refusal with its reason.
  function submitOutcome(kind) {
    var form = new FormData($("dossier-form"));
    var counter = window.qmsConsole.counterNumber();
    var body = Object.assign({ kind: kind, procedure: String(form.get("procedure") || "").trim(),
                               applicant_name: String(form.get("applicant_name") || "").trim(),
                               phone: String(form.get("phone") || "").trim() },
                             formFields(form));
    if (kind === "supplement") {
      body.missing = String(form.get("missing") || "").split("\n")
        .map(function (line) { return line.trim(); }).filter(Boolean);
    } else {
      body.reason = String(form.get("refusal_reason") || "").trim();
    }
    if (!counter) {
      L.set($("dossier-error"), "Hãy mở quầy trước.", "Open a counter first.");
      return;
    }
    api.post("/api/v1/counters/" + counter + "/outcomes", body).then(function (outcome) {
      $("dossier-dialog").close("done");
      var number = kind === "supplement" ? "02" : "03";
      offerForm(outcome.form_url, "Mẫu " + number + " — " + outcome.kind_label,
                "Form " + number + " — " + outcome.kind_label_en);
      window.qmsConsole.say(outcome.kind_label + ": " + outcome.procedure + ".",
                            outcome.kind_label_en + ": " + outcome.procedure + ".");
    }, function (failure) { L.set($("dossier-error"), failure.message, failure.message_en); });
  }

  function remember(dossier) {
    var kept = received();
    kept.unshift({ code: dossier.code, procedure: dossier.procedure, due_date: dossier.due_date,
                  day: today() });
    sessionStorage.setItem(RECEIVED, JSON.stringify(kept.slice(0, RECEIVED_KEEP)));
    show(kept[0]);
  }

  function show(dossier) {
    var item = document.createElement("li");
    var code = document.createElement("strong");
    code.textContent = dossier.code;
    var text = document.createElement("span");
    text.textContent = " — " + dossier.procedure + " — " + vnDate(dossier.due_date);
    item.append(code, text);
    $("dossiers-today").prepend(item);
  }

  function submitStatus(event) {
    event.preventDefault();
    var form = new FormData($("dossier-status-form"));
    var code = String(form.get("code") || "").trim();
    if (!code) return;
    api.post("/api/v1/dossiers/" + encodeURIComponent(code) + "/status",
             { status: form.get("status"), reason: String(form.get("reason") || "").trim() })
      .then(function (dossier) {
        $("dossier-status-dialog").close("done");
        window.qmsConsole.say("Hồ sơ " + dossier.code + ": " + dossier.status_label + ".",
                              "Dossier " + dossier.code + ": " + dossier.status_label_en + ".");
      }, function (failure) {  // the dialog stays open with what was typed, to correct it
        L.set($("dossier-status-error"), failure.message, failure.message_en);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    received().reverse().forEach(show);
    $("dossier-new").addEventListener("click", openReceipt);
    $("dossier-update").addEventListener("click", function () {
      $("dossier-status-form").reset();
      L.set($("dossier-status-error"), "", "");
      $("dossier-status-dialog").showModal();
    });
    $("dossier-form").addEventListener("submit", submitReceipt);
    $("outcome-supplement").addEventListener("click", function () { submitOutcome("supplement"); });
    $("print-form").addEventListener("click", function () { printForm(this.dataset.url); });
    $("outcome-refused").addEventListener("click", function () { submitOutcome("refused"); });
    $("dossier-status-form").addEventListener("submit", submitStatus);
    $("dossier-form").elements.procedure.addEventListener("input", function (event) {
      suggest(event.target.value.trim());
    });
    document.querySelectorAll("#dossier-dialog [data-close], #dossier-status-dialog [data-close]")
      .forEach(function (button) {
        button.addEventListener("click", function () { button.closest("dialog").close("cancel"); });
      });
  });
})();
