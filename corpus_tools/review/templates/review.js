// The review app's actions: each button posts one JSON action with the run's token, then
// the page reloads to show the units and lines as they now are. No data lives here.
(function () {
  "use strict";
  var token = document.querySelector("meta[name=review-token]").content;
  var status = document.getElementById("status");

  function post(action) {
    status.textContent = "saving…";
    return fetch("/act", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(action)
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || response.statusText);
        window.location.reload();
      });
    }).catch(function (err) { status.textContent = "not saved: " + err.message; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var row = button.closest("tr");
    if (button.dataset.act) {
      var action = JSON.parse(button.dataset.act);
      action.group = button.closest("table").dataset.group;
      action.unit = Number(row.dataset.unit);
      var sentence = button.closest(".sentence");
      if (sentence) {
        action.lang = sentence.dataset.lang;
        action.sentence = Number(sentence.dataset.sentence);
      }
      post(action);
    } else if (button.dataset.verdict) {
      post({ action: "term", line: Number(row.dataset.line), verdict: button.dataset.verdict });
    } else if (button.classList.contains("add-variant")) {
      post({ action: "variant", concept: row.dataset.concept, lang: row.dataset.lang,
             text: row.querySelector(".variant-text").value,
             tag: row.querySelector(".variant-tag").value });
    }
  });
  document.documentElement.dataset.reviewScript = "ready";
})();
