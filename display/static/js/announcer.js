/* Spoken calls, one announcement at a time on a single <audio> element, so two never overlap.
   Calls that wait while the TV speaks are merged into one sentence ("Xin mời số 1023 đến quầy
   3, số 2005 đến quầy 5"), fetched from /display/audio/calls.wav, whose X-Announcement-Parts
   header says when each call is spoken: onSpoken(call) fires at that moment, so the screen
   highlights each call in step with its words (and at once for a call that cannot be spoken
   now: failed audio, sound blocked or turned off). The chime opens an announcement only after a
   quiet spell. These rules, and their numbers (set on <body> by the server), are the ones
   voice/schedule.py plans with.
   A call is announced once per (ticket id, recall_count): a recall is announced again, the
   same event delivered twice (e.g. around a reconnect) is not, and a recall of a ticket still
   waiting to be spoken replaces it rather than being spoken twice. */
(function (QMS) {
  "use strict";
  var SEEN_LIMIT = 500;
  var LOAD_MS = 15000;  // audio that has not started by then is given up
  var SLACK_MS = 5000;  // past its length, a playing announcement that never ends is given up

  QMS.callKey = function (call) { return call.id + ":" + (call.recall_count || 0); };

  function setting(name, fallback) {
    var value = Number(document.body.getAttribute("data-" + name));
    return value > 0 ? value : fallback;
  }

  /* "0.720-3.594,3.794-5.993" -> [[0.72, 3.594], [3.794, 5.993]] */
  function parseParts(header, count) {
    var parts = (header || "").split(",").map(function (span) {
      return span.split("-").map(Number);
    });
    return parts.length === count ? parts : null;
  }

  QMS.Announcer = function (onBlocked, onSpoken) {
    this.audio = new Audio();
    this.audio.preload = "auto";
    this.queue = [];  // {key, call} waiting to be spoken, oldest first
    this.seen = [];
    this.played = [];  // keys whose spoken part started, oldest first (read by tests and admins)
    this.announcements = [];  // {keys, chime} of each announcement started, oldest first
    this.current = null;
    this.enabled = true;
    this.gatherTimer = null;
    this.lastEnded = null;
    this.gatherMs = setting("gather-ms", 500);
    this.maxCalls = setting("max-calls", 5);
    this.chimeAfterMs = setting("chime-after-ms", 2000);
    this.onBlocked = onBlocked || function () {};
    this.onSpoken = onSpoken || function () {};
    var announcer = this;
    this.audio.addEventListener("timeupdate", function () { announcer.progress(); });
    this.audio.addEventListener("ended", function () {
      announcer.progress(Infinity);
      announcer.finish();
    });
    this.audio.addEventListener("error", function () { announcer.finish(); });
  };

  /* Remember a call without announcing it (calls already on screen when the page loads). */
  QMS.Announcer.prototype.markSeen = function (call) {
    var key = QMS.callKey(call);
    if (this.seen.indexOf(key) !== -1) { return false; }
    this.seen.push(key);
    if (this.seen.length > SEEN_LIMIT) { this.seen.shift(); }
    return true;
  };

  /* Queue a call's announcement; return false for a duplicate delivery. */
  QMS.Announcer.prototype.enqueue = function (call) {
    if (!this.markSeen(call)) { return false; }
    if (this.enabled && call.audio_url) {
      var item = { key: QMS.callKey(call), call: call };
      var waiting = this.queue.findIndex(function (queued) { return queued.call.id === call.id; });
      if (waiting === -1) { this.queue.push(item); } else { this.queue[waiting] = item; }
      this.schedule();
    }
    return true;
  };

  /* Tell whether a call will get its own moment in an announcement still to come. */
  QMS.Announcer.prototype.willSpeak = function (call) {
    return this.queue.some(function (item) { return item.key === QMS.callKey(call); });
  };

  /* An idle TV waits a moment, so calls made together are spoken as one sentence. */
  QMS.Announcer.prototype.schedule = function () {
    if (this.current || this.gatherTimer || this.queue.length === 0) { return; }
    var announcer = this;
    this.gatherTimer = setTimeout(function () {
      announcer.gatherTimer = null;
      announcer.pump();
    }, this.gatherMs);
  };

  QMS.Announcer.prototype.audioUrl = function (items, chime) {
    var site = new URL(items[0].call.audio_url, window.location.href).searchParams.get("site");
    var calls = items.map(function (item) {
      return encodeURIComponent(item.call.number) + "-" + item.call.counter;
    });
    return "/display/audio/calls.wav?calls=" + calls.join(",") +
      (site ? "&site=" + encodeURIComponent(site) : "") + (chime ? "" : "&chime=0");
  };

  QMS.Announcer.prototype.pump = function () {
    if (this.current || this.queue.length === 0) { return; }
    clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    var items = this.queue.splice(0, this.maxCalls);
    var quiet = this.lastEnded === null || Date.now() - this.lastEnded >= this.chimeAfterMs;
    var batch = { items: items, chime: quiet, spoken: 0, parts: null, started: false };
    var announcer = this;
    this.current = batch;
    batch.timer = setTimeout(function () { announcer.finish(batch); }, LOAD_MS);
    fetch(this.audioUrl(items, quiet)).then(function (response) {
      if (!response.ok) { throw new Error("announcement audio: HTTP " + response.status); }
      batch.parts = parseParts(response.headers.get("X-Announcement-Parts"), items.length);
      return response.blob();
    }).then(function (blob) {
      if (announcer.current !== batch) { return; }
      batch.objectUrl = URL.createObjectURL(blob);
      announcer.audio.src = batch.objectUrl;
      announcer.play(batch);
    }).catch(function (error) {
      console.warn("display:", error);
      announcer.finish(batch);
    });
  };

  QMS.Announcer.prototype.play = function (batch) {
    var announcer = this;
    var playing = this.audio.play();
    if (!playing || !playing.then) { this.started(batch); return; }
    playing.then(function () { announcer.started(batch); }, function (error) {
      if (error && error.name === "NotAllowedError") {
        announcer.requeue(batch);
        batch.items.forEach(function (item) { announcer.onSpoken(item.call); });  // show them
        announcer.onBlocked();
      } else {
        announcer.finish(batch);
      }
    });
  };

  QMS.Announcer.prototype.started = function (batch) {
    if (this.current !== batch) { return; }
    var announcer = this;
    batch.started = true;
    this.announcements.push({ keys: batch.items.map(function (item) { return item.key; }),
                              chime: batch.chime });
    if (this.announcements.length > SEEN_LIMIT) { this.announcements.shift(); }
    clearTimeout(batch.timer);
    var length = this.audio.duration / (this.audio.playbackRate || 1);
    batch.timer = setTimeout(function () { announcer.finish(batch); },
                             (isFinite(length) ? 1000 * length : LOAD_MS) + SLACK_MS);
    this.progress();
  };

  /* Mark the calls whose part has begun, up to `until` seconds into the audio. */
  QMS.Announcer.prototype.progress = function (until) {
    var batch = this.current;
    if (!batch || !batch.started) { return; }
    var now = until === undefined ? this.audio.currentTime : until;
    while (batch.spoken < batch.items.length &&
           (!batch.parts || batch.parts[batch.spoken][0] <= now)) {
      this.spoken(batch.items[batch.spoken]);
      batch.spoken += 1;
    }
  };

  QMS.Announcer.prototype.spoken = function (item) {
    this.played.push(item.key);
    if (this.played.length > SEEN_LIMIT) { this.played.shift(); }
    document.body.setAttribute("data-last-played", item.key);
    this.onSpoken(item.call);
  };

  /* The browser refused to play without a tap: keep the calls first in line for later. */
  QMS.Announcer.prototype.requeue = function (batch) {
    clearTimeout(batch.timer);
    if (this.current === batch) { this.current = null; }
    if (batch.objectUrl) { URL.revokeObjectURL(batch.objectUrl); }
    var queue = this.queue;
    var back = batch.items.filter(function (item) {
      return !queue.some(function (queued) { return queued.call.id === item.call.id; });
    });
    this.queue = back.concat(queue);
  };

  QMS.Announcer.prototype.finish = function (batch) {
    var current = this.current;
    if (!current || (batch && batch !== current)) { return; }
    clearTimeout(current.timer);
    if (current.objectUrl) { URL.revokeObjectURL(current.objectUrl); }
    // Calls whose audio failed are not spoken, but the screen must not wait for them.
    current.items.slice(current.spoken).forEach(function (item) { this.onSpoken(item.call); }, this);
    if (current.started) { this.lastEnded = Date.now(); }
    this.current = null;
    this.pump();
  };

  QMS.Announcer.prototype.setEnabled = function (enabled) {
    this.enabled = enabled !== false;
    if (this.enabled) { return; }
    clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    var dropped = this.queue;
    this.queue = [];
    dropped.forEach(function (item) { this.onSpoken(item.call); }, this);
  };
})(window.QMS = window.QMS || {});
