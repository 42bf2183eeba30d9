/* The public board (niêm yết) in the TV's side panel: the site's procedures by field, today's
   duty roster and where to send feedback, one page at a time. Display setting "board":
   "always" shows it except just after a call; "rotate" shows it after board_idle_s without
   a call. A call always brings the recent calls back at once. */
(function () {
  "use strict";
  var TOKEN_KEY = "qms.display.token";
  var PAGE_MS = 12000;
  var CALL_HOLD_MS = 20000;  // "always": the recent calls stay this long after a call
  var REFRESH_MS = 300000;
  var PER_PAGE = 6;

  var pages = [];
  var page = 0;
  var lastCall = 0;
  var loadedAt = Date.now();  // "rotate" counts its first idle time from the page load

  function byId(id) { return document.getElementById(id); }
  function settings() { return (window.qmsDisplay && window.qmsDisplay.board.settings) || {}; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function days(value) {
    if (value === null || value === undefined) { return ""; }
    return value === 0 ? "trong ngày" : String(value).replace(".", ",") + " ngày";
  }

  function procedurePages(board) {
    var built = [];
    board.fields.forEach(function (field) {
      for (var start = 0; start < field.procedures.length; start += PER_PAGE) {
        var list = el("ol", "pb-list");
        field.procedures.slice(start, start + PER_PAGE).forEach(function (procedure) {
          var item = el("li");
          item.appendChild(el("span", "pb-name", procedure.name));
          item.appendChild(el("span", "pb-days", days(procedure.processing_days)));
          list.appendChild(item);
        });
        built.push(["Thủ tục hành chính — " + field.service_name, list]);
      }
    });
    return built;
  }

  function rosterPage(board) {
    var list = el("ol", "pb-list");
    board.roster.forEach(function (entry) {
      var item = el("li");
      item.appendChild(el("span", "pb-name", (entry.counter_name || "Quầy " + entry.counter) + ": " + entry.clerk_name));
      item.appendChild(el("span", "pb-days", entry.starts + "–" + entry.ends));
      list.appendChild(item);
    });
    if (!board.roster.length) { list.appendChild(el("li", "pb-name", "Chưa có lịch trực hôm nay.")); }
    return ["Lịch trực hôm nay " + board.date, list];
  }

  function feedbackPage(board) {
    var contact = board.feedback || {};
    var box = el("div", "pb-feedback");
    [["", contact.office], ["Địa chỉ: ", contact.address], ["Điện thoại: ", contact.phone],
     ["Thư điện tử: ", contact.email]].forEach(function (line) {
      if (line[1]) { box.appendChild(el("p", "", line[0] + line[1])); }
    });
    return box.children.length ? ["Tiếp nhận phản ánh, kiến nghị", box] : null;
  }

  function render() {
    var panel = byId("public-board");
    if (!pages.length) { return; }
    page = page % pages.length;
    panel.replaceChildren(el("h2", "", pages[page][0]), pages[page][1],
                          el("div", "pb-page", (page + 1) + "/" + pages.length));
  }

  function showing() {
    var mode = settings().board;
    if (!pages.length || !mode || mode === "off") { return false; }
    if (mode === "always") { return Date.now() - lastCall >= CALL_HOLD_MS; }
    return Date.now() - Math.max(lastCall, loadedAt) >= 1000 * (settings().board_idle_s || 60);
  }

  function apply() {
    var on = showing();
    byId("public-board").hidden = !on;
    byId("recent-box").hidden = on;
    document.querySelector(".side .waiting").hidden = on;
  }

  function load() {
    var token;
    try { token = localStorage.getItem(TOKEN_KEY); } catch (error) { return; }
    if (!token || settings().board === "off" || !settings().board) { return; }
    fetch("/display/board", { headers: { "Authorization": "Bearer " + token }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (board) {
        if (!board) { return; }
        pages = procedurePages(board).concat([rosterPage(board), feedbackPage(board)].filter(Boolean));
        render();
        apply();
      })
      .catch(function (error) { console.warn("display: board not loaded", error); });
  }

  document.addEventListener("qms:called", function () { lastCall = Date.now(); apply(); });
  setInterval(function () { if (showing()) { page += 1; render(); } }, PAGE_MS);
  setInterval(apply, 1000);
  setInterval(load, REFRESH_MS);
  var waited = setInterval(function () {  // the settings come with the first snapshot
    if (!window.qmsDisplay || !window.qmsDisplay.snapshots) { return; }
    clearInterval(waited);
    load();
  }, 500);
})();
