/* Date and clock in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), corrected by the server's
   time so a TV whose own clock has drifted still shows the right time. */
(function (QMS) {
  "use strict";
  var VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

  function pad(value) { return value < 10 ? "0" + value : String(value); }

  QMS.Clock = function (clockElement, dateElement) {
    this.clockElement = clockElement;
    this.dateElement = dateElement;
    this.offsetMs = 0;
    this.language = "vi";
  };

  /* Take the server's ISO time; a round trip of a few ms is below what the clock shows. */
  QMS.Clock.prototype.sync = function (serverIso) {
    var server = Date.parse(serverIso);
    if (!isNaN(server)) { this.offsetMs = server - Date.now(); }
    this.render();
  };

  QMS.Clock.prototype.now = function () { return Date.now() + this.offsetMs; };

  /* The weekday names, Monday first, as the server writes them (server/formats.py). */
  var WEEKDAYS = JSON.parse(document.body.dataset.weekdays || '{"vi": [], "en": []}');

  QMS.Clock.prototype.render = function () {
    var local = new Date(this.now() + VIETNAM_OFFSET_MS);
    var weekdays = WEEKDAYS[this.language] || WEEKDAYS.vi;
    this.clockElement.textContent = pad(local.getUTCHours()) + ":" + pad(local.getUTCMinutes()) +
      ":" + pad(local.getUTCSeconds());
    this.dateElement.textContent = weekdays[(local.getUTCDay() + 6) % 7] + ", " +
      pad(local.getUTCDate()) + "/" + pad(local.getUTCMonth() + 1) + "/" + local.getUTCFullYear();
  };

  QMS.Clock.prototype.start = function () {
    var clock = this;
    clock.render();
    setInterval(function () { clock.render(); }, 1000);
  };
})(window.QMS = window.QMS || {});
