/* Vote pad: idle until the clerk finishes a visit, then four buttons (or keys 1–4). */
(function () {
  "use strict";
  var TOKEN_KEY = "qms.votepad.token";
  var settings = { reasons: [], timeout_s: 60, thanks_s: 5 };
  var pending = null;   // the ticket being rated
  var FEEDBACK_INVITE_S = 30;  // long enough to take out a phone and scan
  var chosen = null;    // rating chosen before the reasons screen
  var timer = null;
  var sending = false;

  function $(id) { return document.getElementById(id); }

  function readToken() {
    var params = new URLSearchParams(location.search);
    var token = params.get("token");
    if (token) {
      localStorage.setItem(TOKEN_KEY, token);
      history.replaceState(null, "", location.pathname);  // keep the token out of screenshots
    }
    return localStorage.getItem(TOKEN_KEY);
  }

  function show(state, seconds, then) {
    document.querySelectorAll(".screen").forEach(function (screen) {
      screen.hidden = screen.dataset.state !== state;
    });
    document.body.dataset.state = state;
    clearTimeout(timer);
    if (seconds) timer = setTimeout(then || idle, seconds * 1000);
  }

  function idle() {
    pending = null; chosen = null; show("idle");
    window.qmsLang.apply("vi");  // every citizen starts in Vietnamese, whatever the last chose
  }

  function showError(vi, en) {
    var box = $("pad-error");
    window.qmsLang.set(box, vi, en);
    box.hidden = false;
  }

  function wake(ticket) {
    var dossiers = window.qmsPadDossiers;
    if (dossiers && dossiers.busy()) { dossiers.afterwards(function () { wake(ticket); }); return; }
    pending = ticket;
    chosen = null;
    sending = false;
    $("rating-number").textContent = ticket.number;
    setButtonsEnabled(true);
    show("rating", settings.timeout_s);
  }

  function setButtonsEnabled(enabled) {
    document.querySelectorAll(".rating, #reasons-send").forEach(function (b) { b.disabled = !enabled; });
  }

  function choose(rating) {
    if (!pending || sending) return;
    if (rating === 1 && settings.reasons.length) {
      chosen = rating;
      renderReasons();
      show("reasons", settings.timeout_s, function () { send(1, selectedReasons()); });
      return;
    }
    send(rating, "");
  }

  function renderReasons() {
    var box = $("reasons");
    box.textContent = "";
    settings.reasons.forEach(function (reason, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (index + 1) + ". " + reason;
      button.dataset.reason = reason;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { toggleReason(button); });
      box.appendChild(button);
    });
  }

  function toggleReason(button) {
    button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
  }

  function selectedReasons() {
    return Array.prototype.map.call(document.querySelectorAll('#reasons [aria-pressed="true"]'),
      function (b) { return b.dataset.reason; }).join("; ").slice(0, 300);
  }

  // After an unhappy vote, offer the feedback form for this visit on the citizen's phone.
  function invite(ticket) {
    $("feedback-invite").hidden = !ticket;
    if (ticket) $("feedback-qr").src = "/gop-y/qr.svg?ticket=" + encodeURIComponent(ticket.public_code);
  }

  function send(rating, reason) {
    if (!pending || sending) return;
    sending = true;
    setButtonsEnabled(false);
    fetch("/api/v1/votes", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + readToken() },
      body: JSON.stringify({ rating: rating, reason: reason, ticket_id: pending.id }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        sending = false;
        if (response.ok) {
          invite(rating <= 2 ? pending : null);
          pending = null;  // so the vote_recorded echo of this vote leaves the thank-you up
          $("pad-error").hidden = true;
          show("thanks", rating <= 2 ? FEEDBACK_INVITE_S : settings.thanks_s);
          return;
        }
        if (response.status === 409) { idle(); return; }  // already rated, or too late
        var error = body.error || {};
        showError(error.message || "Không gửi được đánh giá.", error.message_en);
        idle();
      });
    }).catch(function () {
      sending = false;
      setButtonsEnabled(true);
      showError("Mất kết nối, vui lòng thử lại.", "Connection lost, please try again.");
    });
  }

  function onKey(event) {
    var state = document.body.dataset.state;
    if (state === "rating") {
      var button = document.querySelector('.rating[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); choose(Number(button.dataset.rating)); }
    } else if (state === "reasons") {
      var index = Number(event.key);
      var reasons = document.querySelectorAll("#reasons button");
      if (index >= 1 && index <= reasons.length) toggleReason(reasons[index - 1]);
      if (event.key === "Enter") { event.preventDefault(); send(chosen, selectedReasons()); }
    }
  }

  /* Address the citizen as the site does ("quý khách" or "Ông/Bà") in the marked texts. */
  function address(citizen) {
    document.querySelectorAll("[data-citizen]").forEach(function (el) {
      if (!el.dataset.viTemplate) el.dataset.viTemplate = el.dataset.vi || el.textContent;
      el.dataset.vi = el.dataset.viTemplate.replace(/Quý khách/g, citizen.start)
        .replace(/quý khách/g, citizen.inside);
      if (window.qmsLang() !== "en") el.textContent = el.dataset.vi;
    });
  }

  function connect(token) {
    var socket = io("/vote", { auth: { token: token } });
    socket.on("pad", function (config) {
      settings = config;
      window.qmsLang.set($("pad-counter"),
                         "Đánh giá — " + (config.counter_name || "Quầy " + config.counter),
                         "Rate your visit — counter " + config.counter);
      $("pad-error").hidden = true;
      if (config.citizen) address(config.citizen);
    });
    socket.on("ticket_finished", wake);
    if (window.qmsPadDossiers) {
      window.qmsPadDossiers.attach(socket, token, {
        show: show, idle: idle, timeout_s: function () { return settings.timeout_s; } });
    }
    socket.on("vote_recorded", function (vote) {
      if (pending && vote.ticket_id === pending.id && !sending) idle();
    });
    socket.on("connect_error", function (error) {
      var data = error && error.data;
      if (data && data.code) showError(data.message, data.message_en);
      // A refused connection is not retried by Socket.IO itself; try again a little later.
      if (!socket.active) setTimeout(function () { socket.connect(); }, 15000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".rating").forEach(function (button) {
      button.addEventListener("click", function () { choose(Number(button.dataset.rating)); });
    });
    $("reasons-send").addEventListener("click", function () { send(chosen, selectedReasons()); });
    document.addEventListener("keydown", onKey);
    idle();
    var token = readToken();
    if (!token) {
      showError("Máy chưa được gán mã thiết bị: mở trang với ?token=…",
                "No device token: open this page with ?token=…");
      return;
    }
    connect(token);
  });
})();
