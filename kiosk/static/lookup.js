/* Tra cứu thủ tục: browse the site's procedures by field or search them on the on-screen
   keyboard, read one standing up, and take a number for it. */
(function () {
  "use strict";

  const IDLE_MS = 90000;  // a citizen who walked away: back to the start screen
  const SEARCH_DELAY_MS = 180;
  const PAGE_SIZE = 30;  // a screenful or two; "Xem thêm" asks for the next ones
  const KIND_VI = { original: "bản chính", copy: "bản sao", certified_copy: "bản sao chứng thực" };
  const KIND_EN = { original: "original", copy: "copy", certified_copy: "certified copy" };
  const K = () => window.qmsKiosk;
  const $ = (id) => document.getElementById(id);
  const state = { field: "", keyboard: null, timer: null, idle: null, procedure: null, asked: 0 };

  const t = (vi, en) => K().t(vi, en);

  function siteCode() { return K().setup?.site.code || ""; }

  function open() {
    state.field = "";
    state.keyboard.clear();
    renderFields();
    K().show("screen-lookup");
    touched();
  }

  function renderFields() {
    const box = $("lookup-fields");
    box.replaceChildren();
    const fields = [{ code: "", name: "Tất cả", name_en: "All" }, ...(K().setup?.services || [])];
    fields.forEach((service) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "field-chip" + (service.code === state.field ? " chosen" : "");
      chip.dataset.field = service.code;
      chip.textContent = K().lang === "en" && service.name_en ? service.name_en : service.name;
      chip.setAttribute("aria-pressed", String(service.code === state.field));
      chip.addEventListener("click", () => { state.field = service.code; renderFields(); search(); });
      box.append(chip);
    });
  }

  function typed(text) {
    $("lookup-query").value = text;
    clearTimeout(state.timer);
    state.timer = setTimeout(search, SEARCH_DELAY_MS);
  }

  async function search(offset = 0) {
    clearTimeout(state.timer);  // a chip or "Xem thêm" tapped before the typing pause ran out
    const asked = ++state.asked;  // answers may come back out of order
    const params = new URLSearchParams({ site: siteCode(), q: state.keyboard.text.trim(),
                                         limit: String(PAGE_SIZE), offset: String(offset) });
    if (state.field) params.set("service", state.field);
    try {
      const { status, data } = await K().call("GET", "/api/v1/procedures?" + params);
      if (asked !== state.asked) return;
      if (status !== 200) return K().showError(data);
      renderResults(data, offset > 0);
    } catch (err) {
      if (asked === state.asked) $("lookup-count").textContent = t("Không kết nối được máy chủ.", "The server cannot be reached.");
    }
  }

  function fieldName(procedure) {
    const service = (K().setup?.services || []).find((s) => s.code === procedure.service);
    return K().lang === "en" && service?.name_en ? service.name_en : procedure.service_name;
  }

  function days(procedure) {
    if (procedure.processing_days === null) return "";
    if (procedure.processing_days === 0) return t("Giải quyết trong ngày", "Same day");
    const days = String(procedure.processing_days);
    return t(`${days.replace(".", ",")} ngày làm việc`, `${days} working days`);
  }

  function renderResults(page, more) {
    const list = $("lookup-results");
    list.querySelector(".result-more")?.remove();
    if (!more) list.replaceChildren();
    $("lookup-count").textContent = page.total
      ? t(`${page.total} thủ tục`, `${page.total} procedures`)
      : t("Không tìm thấy thủ tục phù hợp. Quý khách thử gõ ít chữ hơn hoặc hỏi cán bộ hướng dẫn.",
          "No matching procedure. Try fewer words or ask a member of staff.");
    page.procedures.forEach((procedure) => {
      const button = K().element("button", { type: "button", className: "result-item" },
        K().element("span", { className: "result-item-name", textContent: procedure.name }),
        K().element("span", { className: "result-item-meta", textContent:
          [fieldName(procedure), days(procedure)].filter(Boolean).join(" · ") }));
      button.dataset.code = procedure.code;
      button.addEventListener("click", () => showProcedure(procedure.code));
      list.append(K().element("li", {}, button));
    });
    const shown = page.offset + page.procedures.length;
    if (shown < page.total) list.append(moreButton(shown, page.total - shown));
  }

  function moreButton(shown, left) {
    const item = document.createElement("li");
    item.className = "result-more";
    const button = document.createElement("button");
    button.type = "button";
    button.id = "lookup-more";
    button.className = "secondary";
    button.textContent = t(`Xem thêm (còn ${left} thủ tục)`, `Show more (${left} left)`);
    button.addEventListener("click", () => search(shown));
    item.append(button);
    return item;
  }

  async function showProcedure(code) {
    try {
      const params = new URLSearchParams({ site: siteCode() });
      const { status, data } = await K().call("GET", `/api/v1/procedures/${encodeURIComponent(code)}?${params}`);
      if (status !== 200) return K().showError(data);
      state.procedure = data;
      renderProcedure(data);
      K().show("screen-procedure");
      $("screen-procedure").querySelector(".procedure-scroll").scrollTop = 0;
    } catch (err) {
      K().showMessage(t("Không kết nối được máy chủ.", "The server cannot be reached."));
    }
  }

  function renderProcedure(procedure) {
    const service = (K().setup?.services || []).find((s) => s.code === procedure.service);
    $("procedure-name").textContent = procedure.name;
    $("procedure-meta").textContent = `${t("Lĩnh vực", "Field")}: ${fieldName(procedure)} · ${t("Mã", "Code")} ${procedure.code}`;
    $("procedure-days").textContent = days(procedure) || t("Theo quy định", "As regulated");
    $("procedure-fee").textContent = procedure.fee || t("Không có", "None");
    $("procedure-where").textContent = procedure.submit_at || t("Tại Bộ phận Một cửa", "At this centre");
    const documents = $("procedure-documents");
    documents.replaceChildren();
    procedure.documents.forEach((document_) => {
      const item = document.createElement("li");
      const kind = t(KIND_VI[document_.kind], KIND_EN[document_.kind]);
      item.textContent = `${document_.name} (${kind}, ${document_.count} ${t("bản", document_.count === 1 ? "copy" : "copies")})`;
      documents.append(item);
    });
    renderCodes(procedure);
    $("procedure-law").textContent = procedure.legal_basis ? `${t("Căn cứ pháp lý", "Legal basis")}: ${procedure.legal_basis}` : "";
    const closed = !service || !service.open;
    $("procedure-take").disabled = closed;
    $("procedure-closed").hidden = !closed;
    $("procedure-closed").textContent = closed
      ? t(service?.closed_reason || "Lĩnh vực này hiện không cấp số.", service?.closed_reason_en || "This field issues no numbers now.")
      : "";
  }

  function qrBlock(code, target, caption) {
    const image = K().element("img", {
      alt: "QR", src: `/kiosk/procedures/${encodeURIComponent(code)}/qr/${target}.svg` });
    return K().element("figure", { className: "procedure-qr" }, image,
                       K().element("figcaption", { textContent: caption }));
  }

  function renderCodes(procedure) {
    const box = $("procedure-codes");
    box.replaceChildren();
    procedure.forms.forEach((form) => {
      box.append(qrBlock(procedure.code, form.id, t(`Tải biểu mẫu về điện thoại: ${form.name}`, `Download the form: ${form.name}`)));
    });
    if (procedure.online_url) {
      box.append(qrBlock(procedure.code, "online", t("Nộp hồ sơ trực tuyến: quét mã này", "Apply online: scan this code")));
    }
    box.hidden = !box.children.length;
  }

  function take() {
    const procedure = state.procedure;
    const service = (K().setup?.services || []).find((s) => s.code === procedure?.service);
    if (!procedure || !service) return;
    K().issue(service, { procedure: procedure.code });
  }

  function touched() {
    clearTimeout(state.idle);
    state.idle = setTimeout(() => {
      const screen = document.querySelector(".screen:not([hidden])");
      if (screen && ["screen-lookup", "screen-procedure"].includes(screen.id)) K().backToStart();
    }, IDLE_MS);
  }

  function start() {
    if (!window.qmsKiosk) return;
    state.keyboard = window.qmsKeyboard($("lookup-keys"), typed);
    $("lookup-start").addEventListener("click", open);
    $("lookup-back").addEventListener("click", () => K().backToStart());
    $("lookup-clear").addEventListener("click", () => state.keyboard.clear());
    $("procedure-back").addEventListener("click", () => { K().show("screen-lookup"); touched(); });
    $("procedure-take").addEventListener("click", take);
    document.addEventListener("pointerdown", touched, true);
    $("lang-toggle").addEventListener("click", () => {
      renderFields();
      if (!$("screen-lookup").hidden) search();  // the count and each field's name change language
    });
  }

  window.qmsLookup = { get procedure() { return state.procedure; } };
  start();
})();
