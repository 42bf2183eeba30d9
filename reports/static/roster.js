/* Lịch trực: each day's cell lists its shifts and one empty row to add a clerk; an empty row
   hides its hours, and "+ Thêm ca" adds another row (a morning and an afternoon clerk)
   without saving first. */
(function () {
  "use strict";

  function refresh(cell) {
    var rows = cell.querySelectorAll(".shift");
    var anyEmpty = false;
    rows.forEach(function (row) {
      var empty = row.querySelector("select").value === "";
      row.classList.toggle("empty", empty);
      anyEmpty = anyEmpty || empty;
    });
    cell.querySelector(".add-shift").hidden = anyEmpty || Number(cell.dataset.next) >= Number(cell.dataset.max);
  }

  function addShift(cell) {
    var rows = cell.querySelectorAll(".shift");
    var index = Number(cell.dataset.next);
    var copy = rows[rows.length - 1].cloneNode(true);
    copy.querySelectorAll("select, input").forEach(function (field) {
      field.name = field.name.replace(/s\d+(from|to)?$/, "s" + index + "$1");
      field.setAttribute("aria-label", field.getAttribute("aria-label").replace(/ca \d+/, "ca " + (index + 1)));
    });
    copy.querySelector("select").value = "";
    cell.insertBefore(copy, cell.querySelector(".add-shift"));
    cell.dataset.next = String(index + 1);
    refresh(cell);
    copy.querySelector("select").focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".roster-cell").forEach(function (cell) {
      cell.querySelector(".add-shift").addEventListener("click", function () { addShift(cell); });
      cell.addEventListener("change", function () { refresh(cell); });
      refresh(cell);
    });
  });
})();
