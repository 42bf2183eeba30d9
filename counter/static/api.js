/* The console's calls to /api/v1 with the login cookie and CSRF header.
   A 401 (or a failed /me check) means the session expired: say so, never fail silently. */
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var expiredListeners = [];

  function ApiFailure(status, error) {
    this.status = status;
    this.code = (error && error.code) || "error";
    this.message = (error && error.message) || "Không thực hiện được thao tác.";
    this.message_en = (error && error.message_en) || "The action failed.";
  }

  function expired() {
    document.getElementById("expired").hidden = false;
    document.body.classList.add("session-expired");
    expiredListeners.forEach(function (listener) { listener(); });
  }

  function request(method, path, body) {
    var options = { method: method, credentials: "same-origin",
                    headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (payload) {
        if (response.status === 401) expired();
        if (!response.ok) throw new ApiFailure(response.status, payload.error);
        return payload;
      });
    }, function () {
      throw new ApiFailure(0, { code: "network", message: "Mất kết nối tới máy chủ.",
                                message_en: "Cannot reach the server." });
    });
  }

  /** Ask /me whether the login still holds; refresh the CSRF token while at it. */
  function checkSession() {
    return request("GET", "/me").then(function (me) { csrf = me.csrf_token || csrf; return true; },
      function (failure) { return failure.status !== 401; });
  }

  window.qmsApi = {
    get: function (path) { return request("GET", path); },
    post: function (path, body) { return request("POST", path, body || {}); },
    checkSession: checkSession,
    expired: expired,
    onExpired: function (listener) { expiredListeners.push(listener); },
    isExpired: function () { return document.body.classList.contains("session-expired"); },
  };
})();
