/* Spoken calls, strictly one after another. Each call's WAV (chime + sentence) is fetched from
   its audio_url and played on a single <audio> element, so two announcements can never overlap.
   A call is announced once per (ticket id, recall_count): a recall is announced again, the same
   event delivered twice (e.g. around a reconnect) is not. */
(function (QMS) {
  "use strict";
  var SEEN_LIMIT = 500;
  var STALL_MS = 30000;  // a clip that neither ends nor fails must not block the queue

  QMS.callKey = function (call) { return call.id + ":" + (call.recall_count || 0); };

  QMS.Announcer = function (onBlocked) {
    this.audio = new Audio();
    this.audio.preload = "auto";
    this.queue = [];
    this.seen = [];
    this.played = [];  // keys whose playback started, oldest first (read by tests and admins)
    this.current = null;
    this.enabled = true;
    this.onBlocked = onBlocked || function () {};
    var announcer = this;
    this.audio.addEventListener("ended", function () { announcer.finish(); });
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
      this.queue.push({ key: QMS.callKey(call), url: call.audio_url });
      this.pump();
    }
    return true;
  };

  QMS.Announcer.prototype.pump = function () {
    if (this.current || this.queue.length === 0) { return; }
    var item = this.queue.shift();
    var announcer = this;
    this.current = item;
    item.timer = setTimeout(function () { announcer.finish(item); }, STALL_MS);
    this.audio.src = item.url;
    var playing = this.audio.play();
    if (playing && playing.then) {
      playing.then(function () { announcer.started(item); }, function (error) {
        if (error && error.name === "NotAllowedError") {
          announcer.requeue(item);
          announcer.onBlocked();
        } else {
          announcer.finish(item);
        }
      });
    }
  };

  QMS.Announcer.prototype.started = function (item) {
    this.played.push(item.key);
    if (this.played.length > SEEN_LIMIT) { this.played.shift(); }
    document.body.setAttribute("data-last-played", item.key);
  };

  /* The browser refused to play without a tap: keep the call first in line for later. */
  QMS.Announcer.prototype.requeue = function (item) {
    clearTimeout(item.timer);
    if (this.current === item) { this.current = null; }
    this.queue.unshift(item);
  };

  QMS.Announcer.prototype.finish = function (item) {
    if (!this.current || (item && item !== this.current)) { return; }
    clearTimeout(this.current.timer);
    this.current = null;
    this.pump();
  };

  QMS.Announcer.prototype.setEnabled = function (enabled) {
    this.enabled = enabled !== false;
    if (!this.enabled) { this.queue = []; }
  };
})(window.QMS = window.QMS || {});
