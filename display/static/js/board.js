/* What the TV shows, rebuilt from state: a snapshot replaces everything, live events patch it.
   Only textContent is written, never HTML, so no ticket or notice text can inject markup. */
(function (QMS) {
  "use strict";
  var RECENT_KEEP = 10;

  function byId(id) { return document.getElementById(id); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  QMS.Board = function () {
    this.state = { site: {}, services: [], counters: [], recent: [], notice: "" };
    this.unspoken = {};  // ids of calls shown but not highlighted until their turn to be spoken
    this.settings = { counters: null, layout: "grid", language: "vi", last_calls: 5, voice: true };
  };

  /* A screen text; "{Citizen}" is how the site addresses citizens ("Quý khách", "Ông/Bà"). */
  QMS.Board.prototype.t = function (key) {
    var citizen = (this.state.site.citizen && this.state.site.citizen.start) || "Quý khách";
    var text = QMS.text(this.settings.language, key);
    return typeof text === "string" ? text.replace("{Citizen}", citizen) : text;
  };

  /* Replace the whole state from a snapshot, so nothing stale survives a reconnect. */
  QMS.Board.prototype.replace = function (snapshot) {
    this.state = {
      site: snapshot.site || {}, services: snapshot.services || [],
      counters: snapshot.counters || [], recent: (snapshot.recent_calls || []).slice(0, RECENT_KEEP),
      notice: (snapshot.site && snapshot.site.notice) || ""
    };
    this.unspoken = {};
    this.applySettings(snapshot.display || {});
  };

  QMS.Board.prototype.applySettings = function (settings) {
    for (var key in settings) {
      if (Object.prototype.hasOwnProperty.call(settings, key)) { this.settings[key] = settings[key]; }
    }
    document.documentElement.lang = this.settings.language;
    document.body.className = "layout-" + this.settings.layout;
    this.render();
  };

  QMS.Board.prototype.shows = function (counterNumber) {
    var only = this.settings.counters;
    return !only || only.length === 0 || only.indexOf(counterNumber) !== -1;
  };

  /* A ticket was called (or recalled). It becomes the highlighted call at once, or, when it
     is to be spoken (`awaitVoice`), when its part of the announcement starts. */
  QMS.Board.prototype.call = function (call, awaitVoice) {
    this.state.recent = this.state.recent.filter(function (item) { return item.id !== call.id; });
    this.state.recent.unshift(call);
    this.state.recent.length = Math.min(this.state.recent.length, RECENT_KEEP);
    var counter = this.findCounter(call.counter);
    if (counter) {
      counter.ticket = { id: call.id, number: call.number, service: call.service,
                         service_name: call.service_name, recall_count: call.recall_count };
    }
    if (awaitVoice) {
      this.unspoken[call.id] = true;
      this.render();
    } else {
      this.spoken(call);
    }
  };

  /* The call is being spoken: highlight it now. */
  QMS.Board.prototype.spoken = function (call) {
    delete this.unspoken[call.id];
    this.render();
    var latest = byId("latest");
    latest.classList.remove("flash");
    void latest.offsetWidth;  // restart the CSS animation
    latest.classList.add("flash");
  };

  QMS.Board.prototype.updateCounter = function (view) {
    var counters = this.state.counters;
    var index = counters.findIndex(function (c) { return c.number === view.number; });
    if (index === -1) { counters.push(view); } else { counters[index] = view; }
    counters.sort(function (a, b) { return a.number - b.number; });
    this.render();
  };

  QMS.Board.prototype.updateWaiting = function (counts) {
    this.state.services.forEach(function (service) {
      if (service.code in counts) { service.waiting = counts[service.code]; }
    });
    this.renderWaiting();
  };

  QMS.Board.prototype.setNotice = function (notice) {
    if (typeof notice !== "string" || notice === this.state.notice) { return; }
    this.state.notice = notice;
    this.renderNotice();
  };

  QMS.Board.prototype.findCounter = function (number) {
    return this.state.counters.find(function (c) { return c.number === number; });
  };

  QMS.Board.prototype.visibleCalls = function () {
    var board = this;
    return this.state.recent.filter(function (call) { return board.shows(call.counter); });
  };

  QMS.Board.prototype.render = function () {
    this.renderSiteName();
    var bookingQr = this.state.site.booking_qr;
    byId("book-box").hidden = !bookingQr;
    if (bookingQr && byId("book-qr").getAttribute("src") !== bookingQr) {
      byId("book-qr").src = bookingQr;
    }
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = this.t(node.getAttribute("data-i18n"));
    }, this);
    this.renderLatest();
    this.renderCounters();
    this.renderRecent();
    this.renderWaiting();
    this.renderNotice();
  };

  /* One line in the header: a long name is set smaller rather than wrapped. */
  QMS.Board.prototype.renderSiteName = function () {
    var node = byId("site-name");
    var name = this.state.site.name || "";
    if (node.textContent === name) { return; }
    node.textContent = name;
    node.style.fontSize = "";
    var size = parseFloat(getComputedStyle(node).fontSize);
    var smallest = size * 0.55;
    while (node.scrollWidth > node.clientWidth && size > smallest) {
      size -= 1;
      node.style.fontSize = size + "px";
    }
  };

  QMS.Board.prototype.serviceName = function (item) {
    var english = this.settings.language === "en" && item.service_name_en;
    return english ? item.service_name_en : (item.service_name || "");
  };

  /* The newest call already spoken whose citizen is still at the counter: a finished or
     no-show ticket is no longer invited, and before any call the panel asks citizens to wait. */
  QMS.Board.prototype.invitedCall = function () {
    var board = this;
    return this.visibleCalls().find(function (call) {
      var counter = board.findCounter(call.counter);
      return !board.unspoken[call.id] &&
        (!counter || (counter.ticket && counter.ticket.id === call.id));
    });
  };

  QMS.Board.prototype.renderLatest = function () {
    var latest = this.invitedCall();
    byId("latest-call").hidden = !latest;
    byId("latest-idle").hidden = !!latest;
    byId("latest-number").textContent = latest ? latest.number : "";
    byId("latest-counter").textContent = latest ? String(latest.counter) : "";
    byId("latest-service").textContent = latest ? this.serviceName(latest) : "";
    byId("latest").setAttribute("data-number", latest ? latest.number : "");
  };

  QMS.Board.prototype.renderCounters = function () {
    var board = this;
    var grid = byId("counters");
    var latest = this.invitedCall();
    var counters = this.state.counters.filter(function (c) { return board.shows(c.number); });
    var count = Math.max(counters.length, 1);
    var cols = count <= 4 ? count : count <= 8 ? 4 : count <= 15 ? 5 : 6;
    grid.style.setProperty("--cols", cols);
    grid.style.setProperty("--rows", Math.ceil(count / cols));
    grid.style.setProperty("--count", Math.max(count, 4));
    grid.replaceChildren.apply(grid, counters.map(function (counter) {
      var card = element("div", "counter status-" + counter.status);
      card.setAttribute("data-counter", counter.number);
      if (latest && latest.counter === counter.number) { card.classList.add("is-latest"); }
      card.appendChild(element("div", "counter-name", board.counterName(counter)));
      card.appendChild(element("div", "counter-ticket",
                               counter.ticket ? counter.ticket.number : board.t("idle")));
      card.appendChild(element("div", "counter-status", board.t(counter.status)));
      return card;
    }));
    grid.querySelectorAll(".counter-name").forEach(fitCounterName);
  };

  /* The counter's name as the TV shows it: it always carries the counter's number, so a
     name such as "Tiếp nhận hồ sơ đất đai" is shown as "Quầy 3 · Tiếp nhận hồ sơ đất đai". */
  QMS.Board.prototype.counterName = function (counter) {
    var number = this.t("counter") + " " + counter.number;
    var name = (counter.name || "").trim();
    if (this.settings.language === "en" || !name) { return number; }
    var hasNumber = new RegExp("(^|\\D)" + counter.number + "(\\D|$)").test(name);
    return hasNumber ? name : number + " · " + name;
  };

  /* A long name wraps (three lines at most, and never past the room the number and status
     leave in the card), then is set smaller until it fits: it is never cut off. */
  function fitCounterName(node) {
    node.style.fontSize = "";
    var card = node.parentElement;
    var style = getComputedStyle(node);
    var size = parseFloat(style.fontSize);
    var lines = (parseFloat(style.lineHeight) || size * 1.25) * 3;
    var others = 0;
    Array.prototype.forEach.call(card.children, function (child) {
      if (child !== node) { others += child.offsetHeight; }
    });
    var cardStyle = getComputedStyle(card);
    var inside = card.clientHeight - parseFloat(cardStyle.paddingTop) -
      parseFloat(cardStyle.paddingBottom) - others;
    var room = Math.min(lines, inside) + 1;
    var smallest = size * 0.4;
    while ((node.scrollHeight > room || node.scrollWidth > node.clientWidth) && size > smallest) {
      size -= 1;
      node.style.fontSize = size + "px";
    }
  }

  QMS.Board.prototype.renderRecent = function () {
    var board = this;
    var box = byId("recent-box");
    var limit = this.settings.last_calls;
    box.hidden = limit === 0;
    var list = byId("recent");
    var calls = this.visibleCalls();
    // The newest call already spoken stands out; calls still waiting for their turn do not.
    var spoken = calls.find(function (call) { return !board.unspoken[call.id]; });
    list.replaceChildren.apply(list, calls.slice(0, limit).map(function (call) {
      var row = element("li", call === spoken ? "is-latest" : "");
      row.setAttribute("data-ticket", call.number);
      row.appendChild(element("span", "number", call.number));
      row.appendChild(element("span", "target", "→ " + board.t("counter") + " " + call.counter));
      return row;
    }));
  };

  QMS.Board.prototype.servedServices = function () {
    if (!this.settings.counters || this.settings.counters.length === 0) { return null; }
    var codes = {};
    this.state.counters.forEach(function (counter) {
      if (this.shows(counter.number)) {
        (counter.services || []).forEach(function (code) { codes[code] = true; });
      }
    }, this);
    return codes;
  };

  QMS.Board.prototype.renderWaiting = function () {
    var board = this;
    var served = this.servedServices();
    var list = byId("waiting");
    var services = this.state.services.filter(function (service) {
      return service.active !== false && (!served || served[service.code]);
    });
    list.replaceChildren.apply(list, services.map(function (service) {
      var row = element("li");
      row.setAttribute("data-service", service.code);
      var english = board.settings.language === "en" && service.name_en;
      row.appendChild(element("span", "name", english ? service.name_en : service.name));
      row.appendChild(element("span", "count", String(service.waiting || 0)));
      return row;
    }));
  };

  QMS.Board.prototype.renderNotice = function () {
    var notice = byId("notice");
    byId("notice-box").style.visibility = this.state.notice ? "visible" : "hidden";
    if (notice.textContent === this.state.notice) { return; }
    notice.textContent = this.state.notice;
    // Same reading speed whatever the length: about 8 characters a second, at least 15 s.
    notice.style.animationDuration = Math.max(15, this.state.notice.length / 8) + "s";
  };
})(window.QMS = window.QMS || {});
