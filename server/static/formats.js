/* How staff screens write numbers, days and durations: Vietnamese first (1.234; 12,35;
   25/11/2026; "12 phút 05 giây"), English second. Pages load it after lang.js. */
(function () {
  "use strict";
  function english() { return window.qmsLang && window.qmsLang() === "en"; }
  function two(value) { return (value < 10 ? "0" : "") + value; }
  /** A count or a measure, at most `digits` decimals (2 unless told); null → "—". */
  function number(value, digits) {
    if (value === null || value === undefined) return "—";
    return Number(value).toLocaleString(english() ? "en-GB" : "vi-VN",
      { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  /** A service day given as ISO "2026-11-25", written 25/11/2026. */
  function day(iso) {
    var parts = String(iso || "").slice(0, 10).split("-");
    return parts.length === 3 ? parts[2] + "/" + parts[1] + "/" + parts[0] : String(iso || "");
  }
  /** A length of time with its units, never a clock-like "12:05"; null → "–". */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    seconds = Math.max(0, Math.round(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    if (english()) return h ? h + " h " + two(m) + " min" : m + " min " + two(s) + " s";
    return h ? h + " giờ " + two(m) + " phút" : m + " phút " + two(s) + " giây";
  }
  /** Seconds as minutes to 0.01, halves up: the very sum reports/export.py's minutes() does,
      so the page and the CSV/Excel exports show the same figure (0,25 in both, not 0.24). */
  function minutes(seconds) {
    if (seconds === null || seconds === undefined) return null;
    return Math.floor(seconds * 5 / 3 + 0.5) / 100;
  }
  window.qmsFormat = { number: number, day: day, duration: duration, minutes: minutes };
})();
