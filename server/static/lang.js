/* Vietnamese first, English second: elements with data-en swap their text on the toggle.
   window.qmsLang() tells the current language; its methods set and pick bilingual texts. */
(function () {
  "use strict";
  function current() { return document.documentElement.lang === "en" ? "en" : "vi"; }
  function apply(lang) {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-en]").forEach(function (el) {
      if (el.dataset.vi === undefined) el.dataset.vi = el.textContent;
      el.textContent = lang === "en" ? el.dataset.en : el.dataset.vi;
    });
    try { localStorage.setItem("qms.lang", lang); } catch (e) { /* private mode */ }
    document.dispatchEvent(new CustomEvent("qms:lang", { detail: lang }));
  }
  var qmsLang = function () { return current(); };
  qmsLang.current = current;
  qmsLang.apply = apply;
  /** Pick the Vietnamese or English text of an API error or message pair. */
  qmsLang.pick = function (vi, en) { return current() === "en" && en ? en : vi; };
  /** Set an element's text in both languages, showing the current one. */
  qmsLang.set = function (el, vi, en) {
    el.dataset.vi = vi;
    el.dataset.en = en || vi;
    el.textContent = qmsLang.pick(vi, en);
  };
  window.qmsLang = qmsLang;
  document.addEventListener("DOMContentLoaded", function () {
    var saved = null;
    try { saved = localStorage.getItem("qms.lang"); } catch (e) { /* private mode */ }
    if (saved === "en") apply("en");
    document.querySelectorAll("#lang-toggle, [data-lang-toggle]").forEach(function (button) {
      button.addEventListener("click", function () { apply(current() === "en" ? "vi" : "en"); });
    });
  });
})();
