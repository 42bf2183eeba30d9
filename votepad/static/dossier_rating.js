/* Vote pad: rate each dossier just received or returned at this counter, one score 1–4 per
   criterion the province uses. A finished visit waits until the dossiers are rated. */
(function () {
  "use strict";
  var queue = [];        // dossier_to_rate events not rated yet, oldest first
  var scores = {};
  var token = null;
  var pad = null;        // show(state, seconds, then), idle(), timeout_s()
  var later = null;      // what to show once the dossiers are done (a finished visit)

  function $(id) { return document.getElementById(id); }

  function busy() { return queue.length > 0; }

  function done() {
    queue.shift();
    if (queue.length) return render();
    var then = later;
    later = null;
    if (then) then(); else pad.idle();
  }

  function choose(key, value, row) {
    scores[key] = value;
    row.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.score) === value));
    });
    var ask = queue[0];
    if (ask.criteria.every(function (criterion) { return scores[criterion.key]; })) send(ask);
  }

  function send(ask) {
    fetch("/api/v1/ratings", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify({ dossier: ask.code, scores: scores }),
    }).then(function (response) {
      // 409: rated already (another pad, a retry); the citizen is thanked all the same.
      if (!response.ok && response.status !== 409) throw new Error(String(response.status));
      pad.show("dossier-thanks", 3, done);
    }).catch(function () {
      window.qmsLang.set($("dossier-rating-error"), "Chưa gửi được đánh giá, vui lòng thử lại.",
                         "The rating was not sent; please try again.");
    });
  }

  function render() {
    var ask = queue[0];
    scores = {};
    window.qmsLang.set($("dossier-rating-error"), "", "");
    $("dossier-rating-code").textContent = ask.code;
    $("dossier-rating-procedure").textContent = ask.procedure;
    window.qmsLang.set($("dossier-rating-kind"),
                       ask.kind === "returned" ? "Trả kết quả" : "Tiếp nhận hồ sơ",
                       ask.kind === "returned" ? "Result returned" : "Dossier received");
    var box = $("dossier-criteria");
    box.textContent = "";
    ask.criteria.forEach(function (criterion) {
      var row = document.createElement("div");
      row.className = "criterion";
      row.dataset.criterion = criterion.key;
      var label = document.createElement("p");
      window.qmsLang.set(label, criterion.label, criterion.label_en);
      row.appendChild(label);
      [4, 3, 2, 1].forEach(function (value) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "score rating-" + value;
        button.dataset.score = String(value);
        button.setAttribute("aria-pressed", "false");
        window.qmsLang.set(button, LABELS[value][0], LABELS[value][1]);
        button.addEventListener("click", function () { choose(criterion.key, value, row); });
        row.appendChild(button);
      });
      box.appendChild(row);
    });
    pad.show("dossier", pad.timeout_s(), done);  // no answer: the next one, or idle
  }

  var LABELS = { 4: ["Rất hài lòng", "Very satisfied"], 3: ["Hài lòng", "Satisfied"],
                 2: ["Bình thường", "Neutral"], 1: ["Không hài lòng", "Dissatisfied"] };

  window.qmsPadDossiers = {
    busy: busy,
    /** Show ``then`` (a finished visit to rate) once the dossiers waiting are rated. */
    afterwards: function (then) { later = then; },
    attach: function (socket, padToken, hooks) {
      token = padToken;
      pad = hooks;
      socket.on("dossier_to_rate", function (ask) {
        if (queue.some(function (queued) { return queued.code === ask.code; })) return;
        queue.push(ask);
        if (queue.length === 1) render();
      });
    },
  };
})();
