// Admin pages: ask before irreversible actions; copy a device's address or token.
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
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
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
