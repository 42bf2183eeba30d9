// Vietnamese first; a button swaps every [data-en] element to English and back.
(function () {
  function apply(lang) {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-en]").forEach(function (el) {
      if (!el.dataset.vi) el.dataset.vi = el.textContent;
      el.textContent = lang === "en" ? el.dataset.en : el.dataset.vi;
    });
    document.dispatchEvent(new CustomEvent("qms:lang", { detail: lang }));
  }
  window.qmsLang = function () { return document.documentElement.lang === "en" ? "en" : "vi"; };
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("lang-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      apply(window.qmsLang() === "en" ? "vi" : "en");
    });
  });
})();
