/* Day fields written dd/mm/yyyy whatever the browser's locale: <input type="text" data-date>.
   The page shows 25/11/2026; every form sends 2026-11-25 (the "formdata" event fires for a
   submitted form and for new FormData(form) alike). A typed 2026-11-25 is taken too. */
(function () {
  "use strict";
  var VN = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
  var ISO = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;
  var PATTERN = "\\s*(\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2})\\s*";
  function two(text) { return ("0" + text).slice(-2); }
  /** "25/11/2026" (or "2026-11-25") → "2026-11-25"; anything else → "". */
  function iso(text) {
    var vn = VN.exec(text || ""), plain = ISO.exec(text || "");
    if (plain) return plain[1] + "-" + plain[2] + "-" + plain[3];
    if (!vn) return "";
    var day = vn[3] + "-" + two(vn[2]) + "-" + two(vn[1]);
    var check = new Date(day + "T00:00:00Z");
    return !isNaN(check) && check.toISOString().slice(0, 10) === day ? day : "";
  }
  /** "2026-11-25" → "25/11/2026"; anything else is left as it is. */
  function shown(text) {
    var plain = ISO.exec(text || "");
    return plain ? plain[3] + "/" + plain[2] + "/" + plain[1] : text;
  }
  function prepare(input) {
    input.value = shown(input.value);
    if (!input.pattern) input.pattern = PATTERN;
    if (!input.placeholder) input.placeholder = "dd/mm/yyyy";
    input.inputMode = "numeric";
    input.autocomplete = "off";
  }
  document.addEventListener("formdata", function (event) {
    event.target.querySelectorAll("input[data-date]").forEach(function (input) {
      if (input.name && iso(input.value)) event.formData.set(input.name, iso(input.value));
    });
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-date]").forEach(prepare);
  });
  window.qmsDates = { iso: iso, shown: shown };
})();
