/* Kiosk: "Góp ý, phản ánh, kiến nghị" — pick what it is about, write, send, get a code. */
(function () {
  "use strict";
  const kiosk = window.qmsKiosk;
  const CATEGORIES = [
    ["attitude", "Thái độ phục vụ", "Staff attitude"],
    ["waiting", "Thời gian chờ", "Waiting time"],
    ["dossier", "Hồ sơ, thủ tục", "A dossier or procedure"],
    ["suggestion", "Góp ý", "Suggestion"],
    ["proposal", "Kiến nghị", "Proposal"],
    ["other", "Khác", "Other"],
  ];
  const IDLE_MS = 120000;
  let category = "suggestion";
  let idleTimer = null;
  let keyboard = null;
  let target = null;  // the field the on-screen keyboard writes into
  const $ = (id) => document.getElementById(id);
  const FIELDS = ["feedback-text", "feedback-name", "feedback-phone"];

  /* The on-screen keyboard writes into the field last touched (the message at first). */
  function typeInto(field) {
    target = field;
    keyboard.load(field.value);
    FIELDS.forEach((id) => $(id).classList.toggle("typing", $(id) === field));
  }

  function typed(text) {
    target.value = text.slice(0, target.maxLength > 0 ? target.maxLength : 2000);
    idle();
  }

  function showKeys(on) {
    $("screen-feedback").classList.toggle("keys-open", on);
    $("feedback-keys").hidden = !on;
    $("feedback-keys-toggle").setAttribute("aria-pressed", String(on));
  }

  function idle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(close, IDLE_MS);
  }

  function renderCategories() {
    const box = $("feedback-categories");
    box.replaceChildren();
    CATEGORIES.forEach(([value, vi, en]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "category-choice" + (value === category ? " chosen" : "");
      button.setAttribute("role", "radio");
      button.setAttribute("aria-checked", String(value === category));
      button.textContent = kiosk.t(vi, en);
      button.addEventListener("click", () => { category = value; idle(); renderCategories(); });
      box.append(button);
    });
  }

  function showQr(src, vi, en) {
    const caption = $("feedback-qr-caption");
    $("feedback-form-qr").src = src;
    caption.dataset.vi = vi;
    caption.dataset.en = en;
    caption.textContent = kiosk.t(vi, en);
  }

  function open() {
    category = "suggestion";
    $("kiosk-feedback-form").reset();
    $("kiosk-feedback-form").hidden = false;
    $("feedback-done").hidden = true;
    $("feedback-message").textContent = "";
    showQr("/gop-y/qr.svg", "Hoặc quét mã để gửi từ điện thoại của quý khách.",
           "Or scan to send it from your phone.");
    renderCategories();
    typeInto($("feedback-text"));
    showKeys(true);
    kiosk.show("screen-feedback");
    idle();
  }

  function close() {
    clearTimeout(idleTimer);
    kiosk.backToStart();
  }

  async function send(event) {
    event.preventDefault();
    idle();
    const text = $("feedback-text").value.trim();
    if (!text) {
      $("feedback-message").textContent = kiosk.t("Xin quý khách nhập nội dung.", "Please write your message.");
      return;
    }
    const body = { category, text, name: $("feedback-name").value.trim(), phone: $("feedback-phone").value.trim() };
    try {
      const { status, data } = await kiosk.call("POST", "/api/v1/feedback", body);
      if (status === 201) {
        $("kiosk-feedback-form").hidden = true;
        $("feedback-done").hidden = false;
        $("feedback-message").textContent = kiosk.t(
          `Cảm ơn quý khách. Mã theo dõi: ${data.code}. Quý khách quét mã dưới đây để xem câu trả lời trên điện thoại, hoặc hỏi cán bộ một cửa.`,
          `Thank you. Tracking code: ${data.code}. Scan the code below to read the answer on your phone, or ask at a counter.`);
        showQr(`/gop-y/${encodeURIComponent(data.code)}/qr.svg`,
               "Quét mã để xem câu trả lời của Bộ phận một cửa.", "Scan to read the centre's answer.");
      } else {
        const error = data.error || {};
        $("feedback-message").textContent = kiosk.t(error.message || "Không gửi được.", error.message_en || "Not sent.");
      }
    } catch (err) {
      $("feedback-message").textContent = kiosk.t("Mất kết nối với máy chủ.", "No connection to the server.");
    }
  }

  $("feedback-start").addEventListener("click", open);
  $("feedback-back").addEventListener("click", close);
  $("feedback-done").addEventListener("click", close);
  $("kiosk-feedback-form").addEventListener("submit", send);
  keyboard = window.qmsKeyboard($("feedback-keys"), typed, 2000);
  FIELDS.forEach((id) => {
    $(id).addEventListener("focus", () => typeInto($(id)));
    $(id).addEventListener("input", () => { keyboard.load($(id).value); idle(); });
  });
  $("feedback-keys-toggle").addEventListener("click", () => {
    showKeys($("feedback-keys").hidden);
    idle();
  });
})();
