/* Vietnamese first, English second: elements with data-en swap their text on the toggle. */
(function () {
  "use strict";
  function apply(lang) {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-en]").forEach(function (el) {
      if (el.dataset.vi === undefined) el.dataset.vi = el.textContent;
      el.textContent = lang === "en" ? el.dataset.en : el.dataset.vi;
    });
    try { localStorage.setItem("qms.lang", lang); } catch (e) { /* private mode */ }
  }
  window.qmsLang = {
    current: function () { return document.documentElement.lang === "en" ? "en" : "vi"; },
    apply: apply,
    /** Pick the Vietnamese or English text of an API error or message pair. */
    pick: function (vi, en) { return document.documentElement.lang === "en" && en ? en : vi; },
    /** Set an element's text in both languages, showing the current one. */
    set: function (el, vi, en) {
      el.dataset.vi = vi;
      el.dataset.en = en || vi;
      el.textContent = window.qmsLang.pick(vi, en);
    },
  };
  document.addEventListener("DOMContentLoaded", function () {
    var saved = null;
    try { saved = localStorage.getItem("qms.lang"); } catch (e) { /* private mode */ }
    if (saved === "en") apply("en");
    document.querySelectorAll("[data-lang-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        apply(window.qmsLang.current() === "en" ? "vi" : "en");
      });
    });
  });
})();
