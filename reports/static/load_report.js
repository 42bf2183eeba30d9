// Shared by the report pages: fetch a report's JSON and hand it to the page, or show why not
// in the page's error line, in both languages (the toggle switches it like any other text).
(function () {
  "use strict";
  var UNREACHABLE = ["Không tải được báo cáo, vui lòng thử lại.",
    "The report could not be loaded, please try again."];
  window.qmsLoadReport = function (url, errorLine, show) {
    function fail(message, messageEn) {
      window.qmsLang.set(errorLine, message, messageEn);
      errorLine.hidden = false;
    }
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var error = answer.body.error || {};
          fail(error.message || UNREACHABLE[0], error.message_en || UNREACHABLE[1]);
          return;
        }
        errorLine.hidden = true;
        show(answer.body);
      }, function () { fail(UNREACHABLE[0], UNREACHABLE[1]); });
  };
})();
