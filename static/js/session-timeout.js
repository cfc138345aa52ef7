/*
 * Idle-session countdown (see tuyengiao.accounts.middleware.IdleTimeoutMiddleware).
 *
 * The server ends a session after data-idle-seconds without a request. This script
 * counts down from the last request this page made; when data-warn-seconds remain it
 * shows #tg-session-warning with the time left (mm:ss). "Tiếp tục làm việc" POSTs to
 * data-keepalive-url, which refreshes the server's timestamp. At zero the page goes
 * to data-logout-url. Every htmx request also counts as activity.
 */
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.dataset.idleSeconds || "", 10);
  var warnSeconds = parseInt(body.dataset.warnSeconds || "", 10);
  var keepaliveUrl = body.dataset.keepaliveUrl;
  var logoutUrl = body.dataset.logoutUrl;
  if (!idleSeconds || !keepaliveUrl || !logoutUrl) {
    return;
  }
  if (!warnSeconds || warnSeconds >= idleSeconds) {
    warnSeconds = Math.floor(idleSeconds / 2);
  }

  var warning = document.getElementById("tg-session-warning");
  var countdown = document.getElementById("tg-session-countdown");
  var continueButton = document.getElementById("tg-session-continue");
  var lastActivity = Date.now();
  var finished = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return String(minutes).padStart(2, "0") + ":" + String(rest).padStart(2, "0");
  }

  function showWarning(remaining) {
    if (!warning) {
      return;
    }
    if (countdown) {
      countdown.textContent = format(remaining);
    }
    if (warning.classList.contains("d-none")) {
      warning.classList.remove("d-none");
      if (continueButton) {
        continueButton.focus();
      }
    }
  }

  function hideWarning() {
    if (warning) {
      warning.classList.add("d-none");
    }
  }

  function reset() {
    lastActivity = Date.now();
    hideWarning();
  }

  function tick() {
    if (finished) {
      return;
    }
    var elapsed = Math.floor((Date.now() - lastActivity) / 1000);
    var remaining = idleSeconds - elapsed;
    if (remaining <= 0) {
      finished = true;
      window.location.assign(logoutUrl);
      return;
    }
    if (remaining <= warnSeconds) {
      showWarning(remaining);
    } else {
      hideWarning();
    }
  }

  function keepAlive() {
    if (continueButton) {
      continueButton.disabled = true;
    }
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (response.status === 204) {
          reset();
        } else {
          // The session already ended on the server (or the request was refused).
          finished = true;
          window.location.assign(logoutUrl);
        }
      })
      .catch(function () {
        // Network trouble: keep counting; the user can try again.
      })
      .finally(function () {
        if (continueButton) {
          continueButton.disabled = false;
        }
      });
  }

  if (continueButton) {
    continueButton.addEventListener("click", keepAlive);
  }
  document.body.addEventListener("htmx:afterRequest", reset);
  // Another tab may have kept the session alive; re-check as soon as this tab is visible again.
  document.addEventListener("visibilitychange", tick);
  window.setInterval(tick, 1000);
  tick();
})();
