/* "Tôi đã đặt lịch": a booked citizen scans (a 2D scanner typing like a keyboard) or types
   the booking code and gets a ticket marked as an appointment. */
(function () {
  "use strict";

  const KEYS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // the booking code alphabet
  const MIN_CODE = 6;
  const $ = (id) => document.getElementById(id);
  let kiosk = null;

  function bookable() {
    return (kiosk.setup?.services || []).some((service) => service.bookable);
  }

  function showRow() {
    const row = $("appointment-row");
    row.hidden = !bookable();
    if (!row.hidden && !$("book-qr").src) {
      $("book-qr").src = `/booking/qr.svg?site=${encodeURIComponent(kiosk.setup.site.code)}`;
    }
  }

  function openCheckin() {
    $("checkin-code").value = "";
    kiosk.show("screen-checkin");
    kiosk.startCountdown();
    $("checkin-code").focus();
  }

  async function checkIn(raw) {
    const code = raw.replace(/[\s-]/g, "").toUpperCase();
    if (code.length < MIN_CODE || kiosk.busy) return;
    kiosk.busy = true;
    kiosk.show("screen-busy");
    try {
      const { status, data } = await kiosk.call("POST",
        `/api/v1/appointments/${encodeURIComponent(code)}/check-in`);
      if (status === 200 || status === 201) kiosk.showResult(data);
      else kiosk.showError(data);
    } catch (err) {
      kiosk.showMessage(kiosk.t("Không kết nối được với máy chủ. Vui lòng thử lại hoặc liên hệ cán bộ.",
                                "The server cannot be reached. Please try again or ask a member of staff."));
    }
  }

  function buildKeys() {
    const box = $("checkin-keys");
    for (const key of [...KEYS, "⌫"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "key" + (key === "⌫" ? " key-back" : "");
      button.textContent = key;
      button.addEventListener("click", () => {
        const input = $("checkin-code");
        input.value = key === "⌫" ? input.value.slice(0, -1) : (input.value + key).slice(0, 16);
        kiosk.startCountdown();
        input.focus();
      });
      box.append(button);
    }
  }

  // A scan on the start screen goes straight to check-in: the scanner types, then Enter.
  function listenForScans() {
    // A booking code scanned on the start screen; an ID card's line is idcard.js's.
    kiosk.onScannedLine((scanned) => {
      if (scanned.length >= MIN_CODE && scanned.length <= 16 && !kiosk.isCardLine(scanned)) {
        checkIn(scanned);
      }
    }, () => $("screen-services").hidden);
  }

  function start() {
    kiosk = window.qmsKiosk;
    if (!kiosk) return;
    buildKeys();
    listenForScans();
    $("checkin-start").addEventListener("click", openCheckin);
    $("checkin-back").addEventListener("click", kiosk.backToStart);
    $("checkin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      checkIn($("checkin-code").value);
    });
    showRow();
    document.addEventListener("qms:kiosk-setup", showRow);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
