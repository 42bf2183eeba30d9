/* The TV page: one Socket.IO connection to /display, a full snapshot on every (re)connect,
   live events in between, a heartbeat every 15 s. No polling, no page reloads. */
(function (QMS) {
  "use strict";
  var TOKEN_KEY = "qms.display.token";
  var HEARTBEAT_MS = 15000;
  var REFUSED_RETRY_MS = 15000;
  var CATCH_UP_MS = 60000;  // calls missed while disconnected are still announced if this recent

  function byId(id) { return document.getElementById(id); }

  /* Take ?token= once, keep it in localStorage and strip it from the address bar. */
  function deviceToken() {
    var url = new URL(window.location.href);
    var fromUrl = url.searchParams.get("token");
    if (fromUrl) {
      try { localStorage.setItem(TOKEN_KEY, fromUrl); } catch (error) { /* private mode */ }
      url.searchParams.delete("token");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
      return fromUrl;
    }
    try { return localStorage.getItem(TOKEN_KEY); } catch (error) { return null; }
  }

  function showSetup(reason) {
    byId("screen").hidden = true;
    byId("setup").hidden = false;
    if (reason) { byId("setup-reason").textContent = reason; }
  }

  function Display(token) {
    var display = this;
    this.board = new QMS.Board();
    this.clock = new QMS.Clock(byId("clock"), byId("date"));
    this.announcer = new QMS.Announcer(function () { byId("sound-unlock").hidden = false; },
                                       function (call) { display.board.spoken(call); });
    this.snapshots = 0;
    this.setConnection("connecting");
    // One Manager, one namespace socket, for the life of the page: reconnects reuse them.
    this.socket = io("/display", {
      auth: { token: token, calls_carry_updates: true },
      transports: ["websocket", "polling"], tryAllTransports: true,
      reconnection: true, reconnectionAttempts: Infinity, reconnectionDelay: 500,
      reconnectionDelayMax: 2000, randomizationFactor: 0.3, timeout: 5000
    });
    this.listen();
    this.clock.start();
    setInterval(function () { display.heartbeat(); }, HEARTBEAT_MS);
    document.addEventListener("click", function () { display.unlockSound(); });
    document.addEventListener("keydown", function () { display.unlockSound(); });
  }

  Display.prototype.listen = function () {
    var display = this;
    var socket = this.socket;
    socket.on("connect", function () { display.setConnection("connected"); });
    socket.on("disconnect", function (reason) {
      display.setConnection("disconnected");
      // The server closed this socket on purpose; the client does not retry that by itself.
      if (reason === "io server disconnect") { socket.connect(); }
    });
    socket.on("connect_error", function (error) {
      if (socket.active) { display.setConnection("disconnected"); return; }
      // Refused by the server (bad or revoked token): say so, and try again later.
      display.setConnection("refused");
      if (!display.snapshots) { showSetup(error && error.data && error.data.message); }
      setTimeout(function () { socket.connect(); }, REFUSED_RETRY_MS);
    });
    socket.on("snapshot", function (state) { display.takeSnapshot(state); });
    socket.on("ticket_called", function (call) { display.called(call); });
    socket.on("queue_changed", function (queue) { display.board.updateWaiting(queue.services || {}); });
    socket.on("counter_changed", function (view) { display.board.updateCounter(view); });
    socket.on("notice_changed", function (change) { display.board.setNotice(change.notice); });
    socket.on("error", function (error) { console.warn("display: server error", error); });
  };

  Display.prototype.takeSnapshot = function (state) {
    var first = this.snapshots === 0;
    this.snapshots += 1;
    byId("setup").hidden = true;
    byId("screen").hidden = false;
    this.board.replace(state);
    this.clock.language = this.board.settings.language;
    this.clock.sync(state.server_time);
    this.announcer.setEnabled(this.board.settings.voice);
    this.setConnection("connected");
    var now = this.clock.now();
    var calls = (state.recent_calls || []).slice().reverse();  // oldest first
    calls.forEach(function (call) {
      var missed = !first && now - Date.parse(call.called_at) < CATCH_UP_MS;
      if (missed && this.board.shows(call.counter)) {
        this.announcer.enqueue(call);
      } else {
        this.announcer.markSeen(call);
      }
    }, this);
  };


  /* A call carries the called counter's new state and the new waiting counts: having
     connected with calls_carry_updates, the TV gets no separate counter_changed or
     queue_changed for it. */
  Display.prototype.called = function (call) {
    if (!call) { return; }
    if (this.board.shows(call.counter)) {
      document.dispatchEvent(new CustomEvent("qms:called"));  // the public board steps aside
      this.announcer.enqueue(call);
      this.board.call(call, this.announcer.willSpeak(call));
    }
    if (call.counter_state) { this.board.updateCounter(call.counter_state); }
    if (call.queue) { this.board.updateWaiting(call.queue.services || {}); }
  };

  Display.prototype.heartbeat = function () {
    var display = this;
    if (!this.socket.connected) { return; }
    this.socket.timeout(5000).emit("heartbeat", {}, function (error, reply) {
      if (error || !reply || !reply.ok) { return; }
      display.clock.sync(reply.server_time);
      display.board.setNotice(reply.notice);
      if (JSON.stringify(reply.display) !== JSON.stringify(display.board.settings)) {
        display.board.applySettings(reply.display);
        display.clock.language = display.board.settings.language;
        display.announcer.setEnabled(display.board.settings.voice);
      }
    });
  };

  Display.prototype.setConnection = function (state) {
    var node = byId("connection");
    node.setAttribute("data-state", state);
    node.textContent = this.board.t(state);
  };

  Display.prototype.unlockSound = function () {
    byId("sound-unlock").hidden = true;
    this.announcer.pump();
  };

  function start() {
    if (window.qmsDisplay) { return; }  // never a second connection from the same page
    var token = deviceToken();
    if (!token) { showSetup(); return; }
    window.qmsDisplay = new Display(token);
  }

  window.addEventListener("error", function (event) { console.error("display:", event.message); });
  start();
})(window.QMS = window.QMS || {});
