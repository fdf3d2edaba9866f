// Conditional questions of the fund's forms (fund/_questions.html): a question marked
// data-show-if="q_12" data-show-value="yes" is shown only while question q_12 has that answer.
// Without JavaScript every question is shown, its condition written in its help text; the
// server checks only the questions whose condition holds.
document.addEventListener("DOMContentLoaded", function () {
  var dependents = document.querySelectorAll("[data-show-if]");
  if (!dependents.length) return;
  function answer(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) return input.value;
      } else {
        return input.value;
      }
    }
    return "";
  }
  function shown(node) {
    var form = node.closest("form") || document;
    var target = form.querySelector('[data-question-name="' + node.dataset.showIf + '"]');
    if (target && target.hidden) return false; // a condition on a hidden question fails too
    return answer(form, node.dataset.showIf) === node.dataset.showValue;
  }
  function update() {
    // Twice, so that a question depending on a conditional one follows it.
    for (var pass = 0; pass < 2; pass++) {
      dependents.forEach(function (node) { node.hidden = !shown(node); });
    }
  }
  document.addEventListener("change", update);
  document.addEventListener("input", update);
  update();
});
