// Admin pages: copy a device's address or token (questions before irreversible actions are
// asked by the shared forms.js through data-confirm).
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http on the office network has no clipboard API: copy through a selection.
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var id = button.dataset.copy, note = document.querySelector('[data-copied-for="' + id + '"]');
    copyText(document.getElementById(id).textContent.trim()).then(function () {
      note.textContent = "Đã sao chép";
    }, function () {
      note.textContent = "Chưa sao chép được, hãy chọn và sao chép bằng tay";
    });
  });
})();

// Opening-hours editor: tick days, set the morning and afternoon times, add them as a line
// of the text the server reads ("T2-T6 07:30-11:30, 13:30-17:00"); consecutive days join.
(function () {
  "use strict";
  var DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  function dayRanges(days) {
    var ranges = [], start = null;
    DAYS.forEach(function (day, index) {
      var ticked = days.indexOf(day) !== -1;
      if (ticked && start === null) start = index;
      if (start !== null && (!ticked || index === DAYS.length - 1)) {
        var end = ticked ? index : index - 1;
        ranges.push(start === end ? DAYS[start] : DAYS[start] + "-" + DAYS[end]);
        start = null;
      }
    });
    return ranges.join(",");
  }
  var CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;  // 24-hour text fields, not the locale's time picker
  document.addEventListener("click", function (event) {
    if (!event.target.matches("[data-hours-add]")) return;
    var editor = event.target.closest(".hours-editor");
    var part = function (name) { return editor.querySelector('[data-part="' + name + '"]').value; };
    var days = Array.prototype.map.call(editor.querySelectorAll(".hours-days input:checked"),
                                        function (box) { return box.value; });
    var periods = [[part("morning-from"), part("morning-to")],
                   [part("afternoon-from"), part("afternoon-to")]]
      .filter(function (p) { return CLOCK.test(p[0]) && CLOCK.test(p[1]); })
      .map(function (p) { return p[0] + "-" + p[1]; });
    if (!days.length || !periods.length) return;
    var text = document.getElementById(editor.dataset.hoursFor);
    var line = dayRanges(days) + " " + periods.join(", ");
    text.value = text.value.trim() ? text.value.trim() + "; " + line : line;
  });
})();
