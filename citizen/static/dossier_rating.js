/* The dossier page's rating form: one score per criterion, sent once with the code (and, for
   a code that is not qms's own, the same 4 digits the look-up asked for). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("dossier-rating-form");
    if (!form) return;
    var section = document.getElementById("dossier-rating");
    var error = document.getElementById("dossier-rating-error");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var scores = {};
      new FormData(form).forEach(function (value, key) { scores[key] = Number(value); });
      var body = { scores: scores };
      if (section.dataset.check) body.check = section.dataset.check;
      fetch("/api/v1/dossiers/" + encodeURIComponent(section.dataset.code) + "/rating", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok && response.status !== 409) {
            var failure = answer.error || {};
            error.textContent = (failure.message || "Chưa gửi được đánh giá.") + " / " +
              (failure.message_en || "The rating was not sent.");
            error.hidden = false;
            return;
          }
          form.hidden = true;
          document.getElementById("dossier-rating-done").hidden = false;
        });
      }).catch(function () {
        error.textContent = "Mất kết nối, vui lòng thử lại. / No connection; please try again.";
        error.hidden = false;
      });
    });
  });
})();
