// Light progressive enhancement only: every page works without it.
// A form with data-confirm asks before it is sent (approve, mark sent).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// Filter selects submit their form when changed.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.form && field.form.hasAttribute("data-autosubmit") && field.tagName === "SELECT") {
    field.form.submit();
  }
});
