/* Vietnamese first, English second: elements with data-en swap their text on the toggle.
   window.qmsLang() tells the current language; its methods set and pick bilingual texts.
   Pages without a toggle (the citizen's phone pages) show both with qmsLang.both. */
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
  /** Show Vietnamese, then "/ English" marked as English, for pages that show both. */
  qmsLang.both = function (el, vi, en) {
    el.textContent = vi + " ";
    if (en) {
      var span = document.createElement("span");
      span.lang = "en";
      span.textContent = "/ " + en;
      el.append(span);
    }
  };
  window.qmsLang = qmsLang;
  document.addEventListener("DOMContentLoaded", function () {
    var toggles = document.querySelectorAll("#lang-toggle, [data-lang-toggle]");
    // A page with no toggle shows both languages; a saved choice would strand it in English.
    if (!toggles.length) return;
    var saved = null;
    try { saved = localStorage.getItem("qms.lang"); } catch (e) { /* private mode */ }
    if (saved === "en") apply("en");
    toggles.forEach(function (button) {
      button.addEventListener("click", function () { apply(current() === "en" ? "vi" : "en"); });
    });
  });
})();
