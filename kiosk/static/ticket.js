/* A citizen's live ticket: pushed by the /ticket namespace, polled while disconnected. */
(function () {
  "use strict";

  const POLL_MS = 20000;
  const page = document.getElementById("ticket-page");
  const code = page.dataset.code;
  const $ = (id) => document.getElementById(id);

  const bilingual = window.qmsLang.both;

  function describe(status) {
    const counter = status.counter;
    const citizen = status.citizen;  // how the site addresses citizens: "quý khách", "Ông/Bà"
    switch (status.status) {
      case "waiting": return ["Đang chờ đến lượt", "Waiting for your turn"];
      case "called": return [`Mời ${citizen.inside} đến quầy số ${counter}`, `Please go to counter ${counter}`];
      case "serving": return [`Đang được phục vụ tại quầy số ${counter}`, `Being served at counter ${counter}`];
      case "done": return [`Đã hoàn thành. Cảm ơn ${citizen.inside}!`, "Done. Thank you!"];
      case "no_show": return [`Đã gọi số nhưng ${citizen.inside} vắng mặt — vui lòng liên hệ cán bộ`, "Called but absent — please ask staff"];
      case "expired": return ["Phiếu đã hết hạn", "This ticket has expired"];
      default: return [status.status, ""];
    }
  }

  function render(status) {
    const box = $("status");
    box.className = "status status-" + status.status;
    bilingual(box, ...describe(status));
    $("number").textContent = status.number;
    $("service").textContent = status.service_name;
    const waiting = status.status === "waiting";
    if (waiting) {
      bilingual($("ahead"), status.waiting_ahead > 0
        ? `Còn ${status.waiting_ahead} người trước ${status.citizen.inside}`
        : `${status.citizen.start} là người tiếp theo`,
        status.waiting_ahead > 0 ? `${status.waiting_ahead} ahead of you` : "You are next");
    }
    $("ahead").hidden = !waiting;
    const minutes = Math.ceil((status.estimated_wait_s || 0) / 60);
    $("wait").hidden = !(waiting && minutes > 0);
    if (waiting && minutes > 0) {
      // A wide range is shown rounded outward to 5 minutes, as on the kiosk and the slip.
      const [low, high] = status.estimated_wait_range_s || [0, 0];
      const lo = 5 * Math.floor(low / 300), hi = 5 * Math.ceil(high / 300);
      if (high - low >= 300 && hi - lo > 5) {
        bilingual($("wait"), `Dự kiến khoảng ${Math.max(lo, 1)}–${hi} phút`,
                  `About ${Math.max(lo, 1)}–${hi} min`);
      } else {
        bilingual($("wait"), `Dự kiến khoảng ${minutes} phút`, `About ${minutes} min`);
      }
    }
    $("alerts").hidden = !waiting || !$("alerts-on").hidden;
    watchTurn(status);
  }

  // "Your turn is near": once when N people or fewer are ahead, once more when called.
  const alerted = new Set();
  let audio = null;

  function beep() {
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.3;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  }

  function alertOnce(kind, vi, en) {
    if (alerted.has(kind)) return;
    alerted.add(kind);
    beep();
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    if (window.Notification && Notification.permission === "granted") {
      new Notification(vi, { body: en, tag: `qms-${code}-${kind}` });
    }
  }

  function watchTurn(status) {
    const near = status.status === "waiting" && status.waiting_ahead <= status.notify_ahead;
    $("near").hidden = !near;
    if (near) {
      alertOnce("near", `Sắp đến lượt số ${status.number}`, "Your turn is near");
    } else if (status.status === "called") {
      alertOnce("called", `Mời số ${status.number} đến quầy ${status.counter}`,
        `Number ${status.number}, please go to counter ${status.counter}`);
    }
  }

  async function enableAlerts() {
    // Sound needs a tap on the page first; the browser asks before it shows notifications.
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (window.Notification && Notification.permission === "default") {
      await Notification.requestPermission();
    }
    $("alerts").hidden = true;
    $("alerts-on").hidden = false;
    beep();
  }

  async function poll() {
    try {
      const response = await fetch(`/api/v1/tickets/${encodeURIComponent(code)}`, { cache: "no-store" });
      if (response.ok) render(await response.json());
    } catch (err) {
      /* offline: the next poll or the socket's reconnect brings the news */
    }
  }

  $("alerts").addEventListener("click", enableAlerts);
  render(JSON.parse($("initial-status").textContent));
  // Pushes arrive from the process this phone is connected to; a slow poll besides them keeps
  // the page right when the news came through another process, or the socket was refused.
  setInterval(poll, POLL_MS);
  if (typeof io === "function") {
    const socket = io("/ticket", { auth: { code }, transports: ["websocket", "polling"] });
    socket.on("ticket_status", render);
    socket.on("connect", () => { $("connection").hidden = true; });
    socket.on("disconnect", () => { $("connection").hidden = false; });
    socket.on("connect_error", () => {
      $("connection").hidden = false;
      if (!socket.active) setTimeout(() => socket.connect(), 15000);
    });
  }
})();
