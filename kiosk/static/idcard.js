/* The citizen's ID card at the kiosk: a 2D scanner types the card's QR line and Enter with
   no field focused, or the citizen types the 12-digit number on the keypad. The kiosk greets
   them by name, offers the priority path from 60, lists their numbers, dossiers and bookings
   here, and ties the next ticket to them. The number never stays on screen in full. */
(function () {
  "use strict";

  const NUMBER_LENGTH = 12;
  const ELDERLY = { vi: "Người cao tuổi (từ 60 tuổi)", en: "Elderly (60 or over)" };
  const $ = (id) => document.getElementById(id);
  let kiosk = null;
  let scanning = false;
  let scannedCard = null;  // the last card read, for the ticket the citizen takes next

  function openKeypad() {
    $("idcard-number").value = "";
    $("idcard-message").textContent = "";
    kiosk.show("screen-idcard");
    kiosk.startCountdown(60);
  }

  function buildKeys() {
    const box = $("idcard-keys");
    for (const key of [..."1234567890", "⌫"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "key" + (key === "⌫" ? " key-back" : "");
      button.textContent = key;
      button.addEventListener("click", () => {
        const input = $("idcard-number");
        input.value = key === "⌫" ? input.value.slice(0, -1)
          : (input.value + key).slice(0, NUMBER_LENGTH);
        kiosk.startCountdown(60);
      });
      box.append(button);
    }
  }

  function item(list, text, action) {
    const li = document.createElement("li");
    const span = document.createElement("span");
    span.textContent = text;
    li.append(span);
    if (action) li.append(action);
    list.append(li);
  }

  function dateText(iso) {
    const [year, month, day] = iso.slice(0, 10).split("-");
    return `${day}/${month}/${year}`;
  }

  function timeText(iso) {
    return new Date(iso).toLocaleTimeString("vi-VN",
      { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Ho_Chi_Minh" });
  }

  function checkInButton(booking) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "primary small";
    button.textContent = kiosk.t("Lấy số theo lịch hẹn", "Get my booked number");
    button.addEventListener("click", async () => {
      kiosk.busy = true;
      kiosk.show("screen-busy");
      try {
        const { status, data } = await kiosk.call("POST",
          `/api/v1/appointments/${encodeURIComponent(booking.code)}/check-in`);
        if (status === 200 || status === 201) kiosk.showResult(data);
        else kiosk.showError(data);
      } catch (err) {
        kiosk.showMessage(kiosk.t("Không kết nối được với máy chủ.", "The server cannot be reached."));
      }
    });
    return button;
  }

  function render(person, card) {
    const t = kiosk.t;
    $("citizen-greeting").textContent = t(person.greeting, person.greeting_en);
    $("citizen-id").textContent = t(`Số định danh: ••••••••${person.id_last4}`,
                                    `ID number: ••••••••${person.id_last4}`);
    $("citizen-priority").hidden = !person.priority_eligible;
    $("citizen-continue").hidden = person.priority_eligible;
    const waiting = $("citizen-waiting");
    waiting.replaceChildren();
    person.waiting.forEach((ticket) => item(waiting, t(
      `Số ${ticket.number} — ${ticket.service_name}: còn ${ticket.waiting_ahead} người trước`,
      `Number ${ticket.number} — ${ticket.service_name}: ${ticket.waiting_ahead} ahead`)));
    if (!person.waiting.length) item(waiting, t("Chưa có số nào hôm nay.", "No number today yet."));
    const dossiers = $("citizen-dossiers");
    dossiers.replaceChildren();
    person.dossiers.forEach((dossier) => item(dossiers, t(
      `${dossier.code} — ${dossier.procedure}: ${dossier.status_label}; hẹn trả ${dateText(dossier.due_date)}` +
        (dossier.status === "ready" ? `; nhận tại ${dossier.collect_at.site}` : ""),
      `${dossier.code} — ${dossier.procedure}: ${dossier.status_label_en}; due ${dateText(dossier.due_date)}`)));
    if (!person.dossiers.length) item(dossiers, t("Không có hồ sơ tại đây.", "No dossier here."));
    const bookings = $("citizen-bookings");
    bookings.replaceChildren();
    person.bookings.forEach((booking) => item(bookings, t(
      `${booking.service_name}: ${timeText(booking.start)} ngày ${dateText(booking.start)}`,
      `${booking.service_name}: ${timeText(booking.start)} on ${dateText(booking.start)}`),
      booking.check_in_today ? checkInButton(booking) : null));
    if (!person.bookings.length) item(bookings, t("Không có lịch hẹn.", "No booking."));
    scannedCard = card;
    kiosk.forCitizen(card, null);
    kiosk.show("screen-citizen");
    kiosk.startCountdown(60);
  }

  async function identify(card) {
    if (scanning || kiosk.busy) return;  // a scan while a number is being issued waits its turn
    scanning = true;
    try {
      const { status, data } = await kiosk.call("POST", "/api/v1/citizens/scan", card);
      if (status === 200) {
        render(data, card);
      } else if (!$("screen-idcard").hidden) {
        $("idcard-message").textContent = kiosk.t(data?.error?.message || "Không đọc được thẻ.",
                                                  data?.error?.message_en || "The card cannot be read.");
      } else {
        kiosk.showError(data);
      }
    } catch (err) {
      kiosk.showMessage(kiosk.t("Không kết nối được với máy chủ. Vui lòng thử lại hoặc lấy số không cần thẻ.",
                                "The server cannot be reached. Try again, or take a number without the card."));
    } finally {
      scanning = false;
    }
  }

  // A scan arrives as fast keystrokes and Enter, on whatever screen is showing.
  function listenForScans() {
    kiosk.onScannedLine((scanned, event) => {
      if (kiosk.isCardLine(scanned)) {
        event.preventDefault();
        identify(scanned.includes("|") ? { qr: scanned } : { id_number: scanned });
      }
    });
  }

  function start() {
    kiosk = window.qmsKiosk;
    if (!kiosk) return;
    buildKeys();
    listenForScans();
    $("idcard-start").addEventListener("click", openKeypad);
    $("idcard-back").addEventListener("click", kiosk.backToStart);
    $("citizen-back").addEventListener("click", kiosk.backToStart);
    $("idcard-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const number = $("idcard-number").value.replace(/\D/g, "");
      if (number.length !== NUMBER_LENGTH) {
        $("idcard-message").textContent = kiosk.t("Số định danh gồm 12 chữ số.",
                                                  "The ID number has 12 digits.");
        return;
      }
      identify({ id_number: number });
    });
    $("citizen-continue").addEventListener("click", () => kiosk.show("screen-services"));
    $("citizen-take-normal").addEventListener("click", () => kiosk.show("screen-services"));
    $("citizen-take-priority").addEventListener("click", () => {
      kiosk.forCitizen(scannedCard, ELDERLY);
      kiosk.show("screen-services");
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
