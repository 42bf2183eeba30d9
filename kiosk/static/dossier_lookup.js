/* Kiosk: "Tra cứu kết quả hồ sơ" — type or scan a dossier code, see where it stands. */
(function () {
  "use strict";
  const kiosk = window.qmsKiosk;
  const KEYS = "1234567890ABCDEFGHJKMNPQRSTVWXYZ-.".split("");
  const IDLE_MS = 90000;
  let idleTimer = null;
  let field = "dossier-code"; // where the keypad types: the code, or the 4 digits asked after it
  const $ = (id) => document.getElementById(id);

  function vnDate(iso) { const [y, m, d] = iso.split("-"); return `${d}/${m}/${y}`; }

  function idle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(close, IDLE_MS);
  }

  // A code from the one-stop software also needs the last 4 digits of the applicant's phone or
  // ID number; the server says so (check_needed) and the keypad then types them.
  function askCheck(show) {
    const check = $("dossier-check");
    check.hidden = !show;
    check.value = "";
    if (show) check.placeholder = kiosk.t(check.dataset.vi, check.dataset.en);
    field = show ? "dossier-check" : "dossier-code";
    $(field).focus();
  }

  function open() {
    $("dossier-code").value = "";
    askCheck(false);
    showKeys();
    kiosk.show("screen-dossier");
    $("dossier-code").focus();
    idle();
  }

  function close() {
    clearTimeout(idleTimer);
    kiosk.backToStart();
  }

  function codeFrom(text) {
    // A scanned QR code is the page's address: keep its last part.
    const parts = text.trim().replace(/\/+$/, "").split("/");
    return parts[parts.length - 1].toUpperCase();
  }

  function line(label, value) {
    return kiosk.element("p", {}, kiosk.element("span", { className: "lookup-label",
      textContent: label }), kiosk.element("strong", { textContent: value }));
  }

  function showDossier(dossier) {
    const box = $("dossier-result");
    box.replaceChildren(
      line(kiosk.t("Mã hồ sơ", "Dossier code"), dossier.code),
      line(kiosk.t("Thủ tục", "Procedure"), dossier.procedure),
      line(kiosk.t("Người nộp", "Applicant"), dossier.applicant),
      line(kiosk.t("Tình trạng", "Status"), kiosk.t(dossier.status_label, dossier.status_label_en)),
      line(kiosk.t("Ngày hẹn trả", "Due date"), vnDate(dossier.due_date)),
      line(kiosk.t("Nơi nhận kết quả", "Collect at"),
           [dossier.collect_at.site, dossier.collect_at.address].filter(Boolean).join(" — ")));
    if (dossier.overdue) {
      box.append(line("", kiosk.t("Hồ sơ đã quá hạn hẹn trả. Quý khách vui lòng liên hệ quầy để được hỗ trợ.",
                                   "This dossier is past its due date. Please ask at a counter.")));
    }
    box.className = "lookup-result status-" + dossier.status;
    showAnswer();
  }

  // The answer takes the keypad's place, so the whole of it and "Back" fit a short screen.
  function showAnswer() {
    $("dossier-result").hidden = false;
    $("dossier-keys").hidden = true;
  }

  function showKeys() {
    $("dossier-result").hidden = true;
    $("dossier-keys").hidden = false;
  }

  function showProblem(vi, en) {
    const box = $("dossier-result");
    box.replaceChildren(line("", kiosk.t(vi, en)));
    box.className = "lookup-result problem";
    showAnswer();
  }

  async function lookUp(event) {
    event.preventDefault();
    idle();
    const code = codeFrom($("dossier-code").value);
    if (code.length < 6) {
      showProblem("Mã hồ sơ chưa đủ, vui lòng kiểm tra lại.", "The code is too short; please check it.");
      return;
    }
    const check = $("dossier-check").value.trim();
    const query = check ? `?check=${encodeURIComponent(check)}` : "";
    try {
      const response = await fetch(`/api/v1/dossiers/${encodeURIComponent(code)}/status${query}`, {
        headers: { Authorization: "Bearer " + kiosk.token() }, cache: "no-store" });
      const body = await response.json().catch(() => ({}));
      if (response.ok) showDossier(body);
      else if (body.error && body.error.code === "check_needed" && $("dossier-check").hidden) {
        askCheck(true);
        const hint = $("dossier-result");
        hint.replaceChildren(line("", kiosk.t(body.error.message, body.error.message_en)));
        hint.className = "lookup-result";
        hint.hidden = false;
      }
      else if (body.error) showProblem(body.error.message, body.error.message_en);
      else showProblem("Không tra cứu được, vui lòng thử lại.", "The look-up failed; please retry.");
    } catch (err) {
      showProblem("Mất kết nối với máy chủ, vui lòng thử lại sau.", "No connection to the server.");
    }
  }

  function press(key) {
    idle();
    showKeys();
    const input = $(field);
    if (key === "⌫") input.value = input.value.slice(0, -1);
    else input.value += key;
  }

  function buildKeys() {
    [...KEYS, "⌫"].forEach((key) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "key" + (key === "⌫" ? " key-back" : "");
      button.textContent = key;
      if (key === "⌫") button.setAttribute("aria-label", "Xoá một ký tự");
      button.addEventListener("click", () => press(key));
      $("dossier-keys").append(button);
    });
  }

  buildKeys();
  $("dossier-lookup-start").addEventListener("click", open);
  $("dossier-back").addEventListener("click", close);
  $("dossier-form").addEventListener("submit", lookUp);
  $("dossier-code").addEventListener("input", () => { idle(); showKeys(); askCheck(false); });
  $("dossier-check").addEventListener("input", () => { idle(); showKeys(); });
})();
