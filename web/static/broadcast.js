// Broadcasts, progressive enhancement only (the pages work without it):
// - the compose form's audience count follows the filters as they change;
// - a sending broadcast's figures refresh every two seconds until it is finished.
(function () {
  "use strict";
  var form = document.getElementById("compose");
  if (form) {
    var out = document.getElementById("audience-count");
    var pending = null;
    var ask = function () {
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrf" && name !== "body") { query.append(name, value); }
      });
      fetch(form.getAttribute("data-count-url") + "?" + query.toString(), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) { return response.json(); }).then(function (data) {
        if (data.text) { out.textContent = data.text; out.setAttribute("data-count", data.count); }
      }).catch(function () { /* the count button still works */ });
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "body") { return; }
      clearTimeout(pending);
      pending = setTimeout(ask, 150);
    });
  }
  var box = document.getElementById("progress");
  if (box && box.getAttribute("data-finished") !== "yes") {
    var digits = document.documentElement.lang === "fa" ? "۰۱۲۳۴۵۶۷۸۹" : null;
    var shown = function (n) {
      var text = Number(n).toLocaleString(digits ? "fa-IR" : "en-US");
      return text;
    };
    var timer = setInterval(function () {
      fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          ["sent", "total", "blocked", "failed"].forEach(function (name) {
            var cell = box.querySelector('[data-field="' + name + '"]');
            if (cell) { cell.textContent = shown(data[name]); }
          });
          var percent = box.querySelector('[data-field="percent"]');
          if (percent) { percent.textContent = shown(data.percent) + (digits ? "٪" : "%"); }
          var bar = box.querySelector('[data-field="percent-bar"]');
          if (bar) { bar.value = data.percent; }
          if (data.finished) { clearInterval(timer); window.location.replace(window.location.pathname); }
        }).catch(function () { /* try again at the next tick */ });
    }, 2000);
  }
})();
