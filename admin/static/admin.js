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
  // The editor's day boxes, Monday first, carry the short names the server reads
  // (admin/hours.py DAY_NAMES): runs of ticked boxes join, "T2-T6".
  function dayRanges(boxes) {
    var ranges = [], start = null;
    boxes.forEach(function (box, index) {
      if (box.checked && start === null) start = index;
      if (start !== null && (!box.checked || index === boxes.length - 1)) {
        var end = box.checked ? index : index - 1;
        ranges.push(start === end ? boxes[start].value
                                  : boxes[start].value + "-" + boxes[end].value);
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
    var boxes = Array.prototype.slice.call(editor.querySelectorAll(".hours-days input"));
    var periods = [[part("morning-from"), part("morning-to")],
                   [part("afternoon-from"), part("afternoon-to")]]
      .filter(function (p) { return CLOCK.test(p[0]) && CLOCK.test(p[1]); })
      .map(function (p) { return p[0] + "-" + p[1]; });
    if (!boxes.some(function (box) { return box.checked; }) || !periods.length) return;
    var text = document.getElementById(editor.dataset.hoursFor);
    var line = dayRanges(boxes) + " " + periods.join(", ");
    text.value = text.value.trim() ? text.value.trim() + "; " + line : line;
  });
})();
