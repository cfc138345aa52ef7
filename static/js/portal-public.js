// The public portal's only script (templates/portal/public/): the view-count beacon, the rating form, the
// copy-link button and the print button. Pages work without it (the rating form then posts normally).
(function () {
  "use strict";

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body || "",
    });
  }

  function init() {
    // One count per page shown; the server decides with its daily cookie whether it counts (portal/counting.py).
    var counted = document.querySelector("[data-count-url]");
    if (counted) {
      post(counted.getAttribute("data-count-url")).catch(function () {});
    }

    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var url = button.getAttribute("data-copy");
        var status = document.querySelector(".tg-status");
        var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
        } else {
          window.prompt("", url);
        }
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    document.querySelectorAll("form[data-rate]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var chosen = form.querySelector("input[name=diem]:checked");
        var message = form.querySelector(".tg-rating-message");
        if (!chosen) { return; }
        post(form.getAttribute("action"), "diem=" + encodeURIComponent(chosen.value))
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (message) { message.textContent = data.message; }
            if (data.ok && data.count) {
              var summary = document.querySelector("[data-rating-summary]");
              if (summary) { summary.textContent = data.average + "/5 (" + data.count + " lượt)"; }
            }
          })
          .catch(function () {});
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
