/* The touch kiosk: tap a service, get one number, see it large, take the slip. */
(function () {
  "use strict";

  const TOKEN_KEY = "qms.kiosk.token";
  const RETRY_DELAYS_MS = [0, 700, 1500, 3000];  // same request_id every time
  const REQUEST_TIMEOUT_MS = 6000;
  const PRINT_WATCH_MS = 10000;
  const MORE_TIME_S = 60;  // "Thêm thời gian": a citizen who needs longer than the default (WCAG 2.2.1)

  const state = {
    token: null, lang: "vi", setup: null, counts: {}, busy: false,
    priority: null, returnTimer: null, ticket: null, reprinting: false,
    citizen: null,  // the scanned card ({qr} or {id_number}) the next ticket is for
  };
  const $ = (id) => document.getElementById(id);
  const t = (vi, en) => (state.lang === "en" ? en : vi);
  // How this site addresses citizens ("quý khách" or "Ông/Bà"); formal until setup arrives.
  const citizen = () => state.setup?.citizen || { inside: "quý khách", start: "Quý khách" };
  const address = (text) =>
    text.replaceAll("{citizen}", citizen().inside).replaceAll("{Citizen}", citizen().start);

  function readToken() {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get("token");
    if (fromUrl) {
      localStorage.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete("token");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
    return localStorage.getItem(TOKEN_KEY);
  }

  function requestId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);  // works on plain http, unlike randomUUID
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function applyLang() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-vi]").forEach((el) => {
      el.textContent = state.lang === "en" ? el.dataset.en : address(el.dataset.vi);
    });
    document.querySelectorAll("[data-placeholder-vi]").forEach((el) => {
      el.placeholder = state.lang === "en" ? el.dataset.placeholderEn
        : address(el.dataset.placeholderVi);
    });
    $("lang-toggle").textContent = state.lang === "en" ? "Tiếng Việt" : "English";
    renderTiles();
    renderPriorityBanner();
    if (state.ticket) renderResult(state.ticket);
  }

  function show(screen) {
    document.querySelectorAll(".screen").forEach((el) => { el.hidden = el.id !== screen; });
  }

  function setOnline(online) {
    $("offline-banner").hidden = online;
  }

  async function call(method, path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(path, {
        method, signal: controller.signal, cache: "no-store",
        headers: { "Authorization": "Bearer " + state.token, "Content-Type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      const data = await response.json().catch(() => ({}));
      return { status: response.status, data };
    } finally {
      clearTimeout(timer);
    }
  }

  async function loadSetup() {
    try {
      const { status, data } = await call("GET", "/kiosk/setup");
      if (status !== 200) return showError(data);
      state.setup = data;
      $("centre-name").textContent = data.centre_name;
      $("site-name").textContent = data.site_line;
      data.services.forEach((s) => { state.counts[s.code] = s.waiting; });
      setOnline(true);
      applyLang();
      renderCategories();
      document.dispatchEvent(new Event("qms:kiosk-setup"));  // helpers redraw with the news
    } catch (err) {
      setOnline(false);
    }
  }

  function serviceName(service) {
    return state.lang === "en" && service.name_en ? service.name_en : service.name;
  }

  function renderClosedToday() {
    const closed = state.setup && state.setup.closed_today;
    $("closed-banner").hidden = !closed;
    $("priority-start").hidden = Boolean(closed);
    if (closed) {
      $("closed-banner").textContent = t(
        `Hôm nay trung tâm nghỉ: ${closed.reason}. Kính mời ${citizen().inside} quay lại vào ngày làm việc tiếp theo.`,
        `Closed today: ${closed.reason_en}. Please come back on the next working day.`);
    }
  }

  function renderTiles() {
    const tiles = $("tiles");
    if (!state.setup) return;
    renderClosedToday();
    tiles.replaceChildren();
    state.setup.services
      .filter((s) => !state.priority || s.priority_allowed)
      .forEach((service) => {
        const tile = document.createElement("button");
        tile.type = "button";
        tile.className = "tile" + (service.open ? "" : " closed");
        tile.dataset.service = service.code;
        tile.disabled = !service.open || state.busy;
        const name = document.createElement("span");
        name.className = "tile-name";
        name.textContent = serviceName(service);
        const info = document.createElement("span");
        if (service.open) {
          info.className = "tile-waiting";
          const waiting = state.counts[service.code] ?? service.waiting;
          info.textContent = t(`Đang chờ: ${waiting} người`, `Waiting: ${waiting}`);
        } else {
          info.className = "tile-closed";
          info.textContent = t(service.closed_reason, service.closed_reason_en);
        }
        tile.append(name, info);
        tile.addEventListener("click", () => issue(service));
        tiles.append(tile);
      });
  }

  function renderCategories() {
    const box = $("categories");
    box.replaceChildren();
    state.setup.priority_categories.forEach((category) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "category";
      button.dataset.vi = category.vi;
      button.dataset.en = category.en;
      button.textContent = t(category.vi, category.en);
      button.addEventListener("click", () => {
        state.priority = category;
        renderPriorityBanner();
        renderTiles();
        show("screen-services");
      });
      box.append(button);
    });
  }

  function renderPriorityBanner() {
    $("priority-banner").hidden = !state.priority;
    $("priority-start").hidden = !!state.priority;
    if (state.priority) {
      $("priority-label").textContent =
        t("Lấy số ưu tiên — ", "Priority ticket — ") + t(state.priority.vi, state.priority.en);
    }
  }

  async function postTicket(body) {
    let lastError = null;
    for (const delay of RETRY_DELAYS_MS) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        const result = await call("POST", "/api/v1/tickets", body);
        if (result.status < 500) return result;
        lastError = new Error("server error " + result.status);
      } catch (err) {
        lastError = err;  // network failure or timeout: retry with the same request_id
      }
    }
    throw lastError;
  }

  // A number that will likely not be called before the field closes is not issued
  // silently: the citizen is told and may book instead (or take it all the same).
  function warnLate(service, extra) {
    state.late = { service, extra };
    $("late-message").textContent = t(
      `Có thể không kịp phục vụ trong hôm nay — ${citizen().inside} có muốn đặt lịch hẹn?`,
      "You may not be served today — would you like to book an appointment?");
    $("late-wait").textContent = service.estimated_wait_s > 0 ? waitText(service.estimated_wait_s) : "";
    const bookable = Boolean(state.setup?.site?.code) && service.bookable;
    $("late-booking").hidden = !bookable;
    $("late-book").hidden = !bookable;
    if (bookable) $("late-qr").src = `/booking/qr.svg?site=${encodeURIComponent(state.setup.site.code)}`;
    show("screen-late");
    startCountdown();
  }

  async function issue(service, extra, warned) {
    if (state.busy || !service.open) return;  // a double tap lands here
    if (!warned && service.likely_served_today === false) return warnLate(service, extra);
    state.busy = true;
    $("tiles").classList.add("busy");
    document.querySelectorAll(".tile").forEach((el) => { el.disabled = true; });
    show("screen-busy");
    const body = { service: service.code, priority: !!state.priority, request_id: requestId(),
                   ...(state.citizen ? { citizen: state.citizen } : {}), ...extra };
    try {
      const { status, data } = await postTicket(body);
      if (status === 200 || status === 201) {
        setOnline(true);
        showResult(data);
      } else {
        showError(data);
      }
    } catch (err) {
      setOnline(false);
      showMessage(t(
        "Không kết nối được với máy chủ nên chưa cấp được số. Vui lòng thử lại sau ít phút hoặc liên hệ cán bộ hướng dẫn.",
        "The server cannot be reached, so no number was issued. Please try again in a few minutes or ask a member of staff."));
    }
  }

  function showResult(ticket) {
    state.ticket = ticket;
    $("reprint-message").textContent = "";
    renderResult(ticket);
    show("screen-result");
    startCountdown();
    watchPrint(ticket);
  }

  function minutes(seconds) { return Math.max(1, Math.ceil(seconds / 60)); }

  // "khoảng 20–30 phút" when the range is wide, else one rounded figure: never a false
  // precision (printers/wording.py rounds the slip's the same way).
  function waitText(seconds, range) {
    const [low, high] = range || [seconds, seconds];
    let vi, en;
    if (high - low < 300) {  // under five minutes apart: one figure says it
      vi = `khoảng ${minutes(seconds)} phút`;
      en = `about ${minutes(seconds)} min`;
    } else if (high >= 7200) {
      const lo = Math.floor(low / 1800) / 2, hi = Math.ceil(high / 1800) / 2;
      vi = lo < hi ? `khoảng ${String(lo).replace(".", ",")}–${String(hi).replace(".", ",")} giờ`
        : `khoảng ${String(hi).replace(".", ",")} giờ`;
      en = lo < hi ? `about ${lo}–${hi} h` : `about ${hi} h`;
    } else {
      const lo = 5 * Math.floor(low / 300), hi = 5 * Math.ceil(high / 300);
      if (hi - lo > 5) {
        vi = `khoảng ${Math.max(lo, 1)}–${hi} phút`;
        en = `about ${Math.max(lo, 1)}–${hi} min`;
      } else {
        vi = `khoảng ${minutes(seconds)} phút`;
        en = `about ${minutes(seconds)} min`;
      }
    }
    return t(`Thời gian chờ dự kiến: ${vi}`, `Estimated wait: ${en}`);
  }

  function renderResult(ticket) {
    const service = (state.setup?.services || []).find((s) => s.code === ticket.service);
    $("result-service").textContent = service ? serviceName(service) : ticket.service_name;
    $("result-procedure").hidden = !ticket.procedure;
    $("result-procedure").textContent = ticket.procedure ? ticket.procedure.name : "";
    $("result-number").textContent = ticket.number;
    $("result-priority").hidden = !ticket.priority;
    $("result-appointment").hidden = !ticket.appointment;
    $("result-late").hidden = !ticket.late;
    $("result-existing").hidden = !ticket.existing;
    $("result-ahead").textContent = ticket.waiting_ahead > 0
      ? t(`Có ${ticket.waiting_ahead} người đang chờ trước ${citizen().inside}`,
          `${ticket.waiting_ahead} ${ticket.waiting_ahead === 1 ? "person" : "people"} ahead of you`)
      : t(`${citizen().start} là người tiếp theo`, "You are next");
    $("result-wait").textContent = ticket.estimated_wait_s > 0
      ? waitText(ticket.estimated_wait_s, ticket.estimated_wait_range_s)
      : "";
    $("result-qr").src = `/t/${encodeURIComponent(ticket.public_code)}/qr.svg`;
    setPrintState(ticket.print);
  }

  function printerInTrouble(print) {
    if (!print) return !(state.setup?.kiosk.has_printer);
    return ["none", "error", "failed"].includes(print.state) ||
      ["offline", "paper_out"].includes(print.printer) ||
      (print.state === "queued" && print.attempts > 0);
  }

  function setPrintState(print) {
    const trouble = printerInTrouble(print);
    $("print-warning").hidden = !trouble;
    $("print-ok").hidden = trouble;
    $("reprint").hidden = !(state.setup?.kiosk.has_printer);
  }

  async function watchPrint(ticket) {
    const job = ticket.print?.job;
    const deadline = Date.now() + PRINT_WATCH_MS;
    // A reprint starts a new job: this loop then stops watching the old one.
    while (job && state.ticket === ticket && ticket.print?.job === job && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      try {
        const { status, data } = await call("GET", `/kiosk/print-jobs/${job}`);
        if (status !== 200 || state.ticket !== ticket || ticket.print?.job !== job) return;
        ticket.print = data;
        setPrintState(data);
        if (data.state === "done" || data.state === "failed") return;
      } catch (err) {
        return;
      }
    }
  }

  async function reprint() {
    const ticket = state.ticket;
    if (!ticket || state.reprinting) return;  // the result screen keeps state.busy set
    state.reprinting = true;
    startCountdown();
    $("reprint-message").textContent = t("Đang in lại…", "Printing again…");
    try {
      const { status, data } = await call("POST", "/api/v1/tickets/reprint",
        { public_code: ticket.public_code });
      if (status === 202) {
        $("reprint-message").textContent = t("Đã gửi lệnh in lại.", "Sent to the printer again.");
        ticket.print = data.print;
        setPrintState(data.print);
        watchPrint(ticket);
      } else {
        $("reprint-message").textContent = t(data?.error?.message || "Chưa in lại được, vui lòng nhờ cán bộ hỗ trợ.",
                                             data?.error?.message_en || "Could not print again; please ask a member of staff.");
      }
    } catch (err) {
      $("reprint-message").textContent = t("Không kết nối được máy chủ.", "The server cannot be reached.");
    } finally {
      state.reprinting = false;
    }
  }

  function startCountdown(seconds) {
    clearInterval(state.returnTimer);
    let left = seconds || state.setup?.return_after_s || 15;
    const tick = () => {
      $("countdown").textContent = t(`Tự động quay lại sau ${left} giây`, `Returning in ${left} s`);
      if (left-- <= 0) backToStart();
    };
    tick();
    state.returnTimer = setInterval(tick, 1000);
  }

  function showError(data) {
    const error = data?.error || {};
    showMessage(t(error.message || "Đã có lỗi, vui lòng thử lại.",
                  error.message_en || "Something went wrong, please try again."));
  }

  function showMessage(text) {
    $("error-message").textContent = text;
    show("screen-error");
    startCountdown();
  }

  function backToStart() {
    clearInterval(state.returnTimer);
    document.dispatchEvent(new Event("qms:next-citizen"));  // helpers reset what they changed
    state.busy = false;
    state.ticket = null;
    state.priority = null;
    state.citizen = null;
    state.late = null;
    $("late-take").hidden = false;
    state.lang = "vi";
    $("tiles").classList.remove("busy");
    applyLang();
    show("screen-services");
    loadSetup();
  }

  function connectSocket() {
    if (typeof io !== "function") return;
    const socket = io("/kiosk", { auth: { token: state.token }, transports: ["websocket", "polling"] });
    socket.on("connect", () => setOnline(true));
    socket.on("disconnect", () => setOnline(false));
    socket.on("connect_error", () => {
      setOnline(false);
      // A refused connection is not retried by Socket.IO itself; try again a little later.
      if (!socket.active) setTimeout(() => socket.connect(), 15000);
    });
    socket.on("queue_changed", (queue) => {
      Object.assign(state.counts, queue.services || {});
      if (!state.busy) renderTiles();
    });
  }

  function tickClock() {
    $("clock").textContent = new Date().toLocaleTimeString("vi-VN",
      { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
  }

  /* A new ``tag`` element with ``props`` (className, textContent, type, …) and children. */
  function element(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  const SCANNER_GAP_MS = 300;  // a 2D scanner types faster than this between keys; a person slower

  /* Call ``handle(line, event)`` for each line a scanner types (Enter-terminated, keys in
     quick succession) while no text field has the focus and ``ignore()`` is not true. */
  function onScannedLine(handle, ignore = () => false) {
    let line = "";
    let lastKeyAt = 0;
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
          || ignore()) return;
      if (event.timeStamp - lastKeyAt > SCANNER_GAP_MS) line = "";
      lastKeyAt = event.timeStamp;
      if (event.key === "Enter") {
        const scanned = line;
        line = "";
        handle(scanned, event);
      } else if (event.key.length === 1) {
        line = (line + event.key).slice(-1000);
      }
    });
  }

  // An ID card's QR line (fields joined by "|") or its 12-digit number.
  const isCardLine = (line) => line.includes("|") || /^\d{12}$/.test(line);

  // The secondary entries of the start screen (appointment check-in, dossier look-up,
  // feedback) live in their own files and use the kiosk's screens through this.
  window.qmsKiosk = {
    call, show, showResult, showError, showMessage, startCountdown, backToStart, t, issue,
    onScannedLine, isCardLine, element,
    token: () => state.token,
    get lang() { return state.lang; },
    get ticket() { return state.ticket; },
    get setup() { return state.setup; },
    get busy() { return state.busy; },
    set busy(value) { state.busy = value; },
    // The card scanned for the next ticket, and the priority it was offered (elderly).
    forCitizen(card, priority) {
      state.citizen = card;
      state.priority = priority;
      renderPriorityBanner();
      renderTiles();
    },
  };

  function start() {
    state.token = readToken();
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "vi" ? "en" : "vi";
      applyLang();
    });
    $("priority-start").addEventListener("click", () => show("screen-priority"));
    $("priority-back").addEventListener("click", () => show("screen-services"));
    $("late-take").addEventListener("click", () => {
      if (state.late) issue(state.late.service, state.late.extra, true);
    });
    $("late-back").addEventListener("click", backToStart);
    $("late-book").addEventListener("click", () => {
      $("late-take").hidden = true;
      $("late-book").hidden = true;
      startCountdown();
    });
    $("priority-cancel").addEventListener("click", () => {
      state.priority = null; renderPriorityBanner(); renderTiles();
    });
    $("done").addEventListener("click", backToStart);
    $("more-time").addEventListener("click", () => startCountdown(MORE_TIME_S));
    $("error-back").addEventListener("click", backToStart);
    $("reprint").addEventListener("click", reprint);
    document.addEventListener("contextmenu", (event) => event.preventDefault());
    applyLang();
    tickClock();
    setInterval(tickClock, 10000);
    if (!state.token) {
      showMessage(t("Máy lấy số chưa được cấp mã thiết bị. Vui lòng liên hệ quản trị viên.",
                    "This kiosk has no device token yet. Please contact the administrator."));
      clearInterval(state.returnTimer);
      return;
    }
    loadSetup();
    setInterval(() => { if (!state.busy) loadSetup(); }, 60000);
    connectSocket();
  }

  start();
})();
