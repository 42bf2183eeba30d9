/* The phone feedback form: send it to the API, then show the tracking code. */
(function () {
  "use strict";
  const form = document.getElementById("feedback-form");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { category: data.get("category"), text: String(data.get("text")).trim(),
                   name: String(data.get("name")).trim(), phone: String(data.get("phone")).trim() };
    if (form.dataset.ticket) body.ticket = form.dataset.ticket;
    if (form.dataset.dossier) body.dossier = form.dataset.dossier;
    const error = document.getElementById("feedback-error");
    error.hidden = true;
    try {
      const response = await fetch("/api/v1/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        const failure = answer.error || {};
        error.textContent = (failure.message || "Không gửi được, vui lòng thử lại.") +
          (failure.details ? " (" + failure.details.map((d) => d.field).join(", ") + ")" : "");
        error.hidden = false;
        return;
      }
      form.hidden = true;
      document.getElementById("feedback-code").textContent = answer.code;
      const link = document.getElementById("feedback-link");
      link.href = "/gop-y/" + encodeURIComponent(answer.code);
      link.textContent = window.location.origin + link.getAttribute("href");
      document.getElementById("feedback-sent").hidden = false;
    } catch (err) {
      error.textContent = "Mất kết nối, vui lòng thử lại.";
      error.hidden = false;
    }
  });
})();
