/* The phone page: book field → day → time → name and phone; see, move or cancel a booking. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  // Monday first, as server/formats.py writes them (getUTCDay() counts from Sunday).
  const WEEKDAYS = JSON.parse(document.getElementById("weekdays")?.textContent || '{"vi": []}').vi;
  const page = document.getElementById("booking");
  const DAYS_SHOWN = Number(page?.dataset.daysShown) || 14;
  const DAYS_OFF = JSON.parse(page?.dataset.daysOff || "{}");  // {day: [why, why in English]}
  // How the site addresses the citizen ("quý khách" or "Ông/Bà"): the page's site, a booking's.
  let citizen = JSON.parse(page?.dataset.citizen || '{"start": "Quý khách", "inside": "quý khách"}');

  const bilingual = window.qmsLang.both;

  function button(className, vi, en, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    bilingual(element, vi, en);
    element.addEventListener("click", onClick);
    return element;
  }

  const two = (n) => String(n).padStart(2, "0");
  // Times come as ISO with +07:00: read the local clock and date from the text itself.
  const clock = (iso) => iso.slice(11, 16);
  const viDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const weekday = (isoDay) => WEEKDAYS[(new Date(isoDay + "T12:00:00Z").getUTCDay() + 6) % 7];

  function vietnamToday() {
    // The centre's calendar day, whatever zone the phone is set to.
    return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  }

  function addDays(isoDay, days) {
    const date = new Date(isoDay + "T12:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function showError(body) {
    const error = (body && body.error) || {};
    bilingual($("error"), error.message || "Có lỗi, vui lòng thử lại.",
      error.message_en || "Something went wrong; please try again.");
    $("error").hidden = false;
    $("error").scrollIntoView({ block: "center" });
  }

  async function call(method, path, body) {
    const options = { method, headers: {}, cache: "no-store" };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  }

  /** Offer the next days; picking one lists its times; picking a time calls ``onSlot``. */
  function dayAndSlotPicker(site, service, onSlot) {
    const days = $("days");
    days.replaceChildren();
    $("step-day").hidden = false;
    for (let offset = 0; offset < DAYS_SHOWN; offset += 1) {
      const day = addDays(vietnamToday(), offset);
      const label = offset === 0 ? "Hôm nay" : weekday(day);
      const choice = button("day", `${label} ${viDate(day)}`, "", async () => {
        days.querySelectorAll(".day").forEach((el) => el.classList.remove("chosen"));
        choice.classList.add("chosen");
        await listSlots(site, service, day, onSlot);
      });
      if (DAYS_OFF[day]) {  // a day off is shown closed, not offered
        choice.disabled = true;
        choice.classList.add("closed");
        const why = document.createElement("small");
        why.textContent = `Nghỉ: ${DAYS_OFF[day][0]}`;
        choice.append(why);
      }
      days.append(choice);
    }
  }

  async function listSlots(site, service, day, onSlot) {
    const query = new URLSearchParams({ service, date: day, site });
    const answer = await call("GET", `/api/v1/appointments/slots?${query}`);
    const slots = $("slots");
    slots.replaceChildren();
    $("step-slot").hidden = false;
    if (!answer.ok) return showError(answer.data);
    const open = answer.data.slots.filter((slot) => slot.available > 0);
    $("no-slots").hidden = open.length > 0;
    for (const slot of answer.data.slots) {
      const choice = button("slot", clock(slot.start),
        "", () => {
          slots.querySelectorAll(".slot").forEach((el) => el.classList.remove("chosen"));
          choice.classList.add("chosen");
          onSlot(slot);
        });
      const left = document.createElement("small");
      left.textContent = slot.available > 0 ? `còn ${slot.available} chỗ` : "hết chỗ";
      choice.append(left);
      choice.disabled = slot.available === 0;
      choice.dataset.start = slot.start;
      slots.append(choice);
    }
  }

  async function bookingPage(root) {
    const site = root.dataset.site;
    const answer = await call("GET", `/api/v1/services?site=${encodeURIComponent(site)}`);
    if (!answer.ok) return showError(answer.data);
    const services = answer.data.services;
    const bookable = services.filter((service) => service.bookable);
    $("no-services").hidden = bookable.length > 0;
    let chosen = {};
    for (const service of bookable) {
      const choice = button("service", service.name, service.name_en, () => {
        $("services").querySelectorAll(".service").forEach((el) => el.classList.remove("chosen"));
        choice.classList.add("chosen");
        chosen = { service };
        $("step-person").hidden = true;
        $("step-slot").hidden = true;
        dayAndSlotPicker(site, service.code, (slot) => {
          chosen.slot = slot;
          bilingual($("chosen"), `${service.name}: ${clock(slot.start)} ngày ${viDate(slot.start)}`);
          $("step-person").hidden = false;
          $("name").focus();
        });
      });
      choice.dataset.code = service.code;
      $("services").append(choice);
    }
    $("step-person").addEventListener("submit", async (event) => {
      event.preventDefault();
      $("error").hidden = true;
      $("submit").disabled = true;
      const result = await call("POST", "/api/v1/appointments", {
        service: chosen.service.code, start: chosen.slot.start, site,
        name: $("name").value.trim(), phone: $("phone").value.trim(),
      });
      $("submit").disabled = false;
      if (result.status === 201) {
        window.location.assign(result.data.manage_url);
      } else if (result.status === 202) {
        askCode(result.data, `/api/v1/appointments/${encodeURIComponent(result.data.code)}/confirm`,
          (booking) => window.location.assign(booking.manage_url));
      } else {
        showError(result.data);
      }
    });
    remoteTickets(root, site, services);
  }

  function remoteTickets(root, site, services) {
    if (root.dataset.remote !== "yes") return;
    for (const service of services) {
      const option = document.createElement("option");
      option.value = service.code;
      option.textContent = service.name;
      $("remote-service").append(option);
    }
    $("remote-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      $("error").hidden = true;
      const body = { service: $("remote-service").value, phone: $("remote-phone").value.trim() };
      if (root.dataset.near === "yes") {
        const place = await position();
        if (!place) {
          return showError({ error: {
            message: `Không lấy được vị trí của ${citizen.inside} (chưa cho phép hoặc không có tín hiệu), nên chưa lấy số từ xa được. Xin mời ${citizen.inside} lấy số tại máy khi đến trung tâm.`,
            message_en: "Your location is not available (not allowed, or no signal), so no number can be taken remotely. Please take one at the kiosk when you arrive." } });
        }
        Object.assign(body, place);
      }
      const result = await call("POST", `/api/v1/tickets/remote?site=${encodeURIComponent(site)}`, body);
      if (result.status === 201) window.location.assign(result.data.status_url);
      else if (result.status === 202) {
        askCode(result.data, `/api/v1/tickets/remote/${encodeURIComponent(result.data.hold)}/confirm`,
          (ticket) => window.location.assign(ticket.status_url));
      } else showError(result.data);
    });
  }

  // Where the centre checks phones, a booking or a remote number counts only once the code
  // sent to that phone is typed here, before it lapses.
  const FINAL = ["code_expired", "hold_not_found", "already_booked"];

  function askCode(held, confirmPath, onConfirmed) {
    const minutes = Math.max(1, Math.round((Date.parse(held.expires_at) - Date.now()) / 60000));
    bilingual($("code-sent"),
      `Mã xác nhận đã được gửi tới số ${held.phone}. Vui lòng nhập mã trong ${minutes} phút, nếu không yêu cầu sẽ tự huỷ.`,
      `A code was sent to ${held.phone}. Type it within ${minutes} min, or the request lapses.`);
    $("step-code").hidden = false;
    $("otp").value = "";
    $("otp").focus();
    $("step-code").onsubmit = async (event) => {
      event.preventDefault();
      $("error").hidden = true;
      $("otp-submit").disabled = true;
      const result = await call("POST", confirmPath, { otp: $("otp").value.trim() });
      $("otp-submit").disabled = false;
      if (result.ok) return onConfirmed(result.data);
      if (FINAL.includes(((result.data || {}).error || {}).code)) $("step-code").hidden = true;
      showError(result.data);
    };
  }

  // The phone's position, asked only where the site takes remote numbers near itself.
  function position() {
    if (!navigator.geolocation) return Promise.resolve(null);
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (fix) => resolve({ latitude: fix.coords.latitude, longitude: fix.coords.longitude,
                           accuracy_m: Math.min(fix.coords.accuracy || 0, 100000) }),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  const STATES = {
    held: ["Chờ nhập mã xác nhận", "Awaiting the code"],
    lapsed: ["Đã tự huỷ (chưa xác nhận)", "Lapsed (not confirmed)"],
    booked: ["Đã đặt lịch", "Booked"],
    checked_in: ["Đã đến lấy số", "Checked in"],
    cancelled: ["Đã huỷ", "Cancelled"],
    no_show: ["Đã quá giờ hẹn", "Missed"],
  };

  async function managePage(root) {
    const code = root.dataset.code;
    const answer = await call("GET", `/api/v1/appointments/${encodeURIComponent(code)}`);
    if (!answer.ok) return showError(answer.data);
    const booking = answer.data;
    citizen = booking.citizen || citizen;
    $("details").hidden = false;
    $("site-name").textContent = booking.site_name;
    bilingual($("service-name"), booking.service_name, booking.service_name_en);
    bilingual($("when"), `${clock(booking.start)} — ${weekday(booking.start.slice(0, 10))} ${viDate(booking.start)}`);
    $("code").textContent = booking.code;
    $("qr").src = booking.qr_url;
    bilingual($("state"), ...STATES[booking.status]);
    $("state").className = "state state-" + booking.status;
    bilingual($("howto"),
      `Khi đến, tại máy lấy số chọn “Tôi đã đặt lịch” rồi quét mã QR này hoặc nhập mã. ` +
      `${citizen.start} lấy số được từ ${clock(booking.check_in_from)} đến ${clock(booking.check_in_until)}.`,
      "At the kiosk choose “I have an appointment”, then scan this QR code or type the code.");
    const open = booking.status === "booked";
    $("actions").hidden = !open;
    $("howto").hidden = !open;
    $("cancel").onclick = async () => {
      if (!window.confirm(`${citizen.start} chắc chắn muốn huỷ lịch hẹn này? / Cancel this appointment?`)) return;
      const result = await call("DELETE", `/api/v1/appointments/${encodeURIComponent(code)}`);
      if (result.ok) managePage(root); else showError(result.data);
    };
    $("move").onclick = () => dayAndSlotPicker(booking.site, booking.service, async (slot) => {
      const result = await call("POST", `/api/v1/appointments/${encodeURIComponent(code)}/reschedule`,
        { start: slot.start });
      if (!result.ok) return showError(result.data);
      $("step-day").hidden = true;
      $("step-slot").hidden = true;
      managePage(root);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if ($("booking")) bookingPage($("booking"));
    if ($("manage")) managePage($("manage"));
  });
})();
