/* A citizen's live ticket: pushed by the /ticket namespace, polled while disconnected. */
(function () {
  "use strict";

  const POLL_MS = 20000;
  const page = document.getElementById("ticket-page");
  const code = page.dataset.code;
  const $ = (id) => document.getElementById(id);

  function bilingual(element, vi, en) {
    element.textContent = vi + " ";
    if (en) {
      const span = document.createElement("span");
      span.lang = "en";
      span.textContent = "/ " + en;
      element.append(span);
    }
  }

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
      bilingual($("wait"), `Dự kiến khoảng ${minutes} phút`, `About ${minutes} min`);
    }
  }

  async function poll() {
    try {
      const response = await fetch(`/api/v1/tickets/${encodeURIComponent(code)}`, { cache: "no-store" });
      if (response.ok) render(await response.json());
    } catch (err) {
      /* offline: the next poll or the socket's reconnect brings the news */
    }
  }

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
