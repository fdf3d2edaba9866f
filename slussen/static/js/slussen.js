// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var lang = document.documentElement.lang || "sv";
  function number(n) { return n.toLocaleString(lang); }
  function describe(field, id) {
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (ids.indexOf(id) < 0) ids.push(id);
    field.setAttribute("aria-describedby", ids.join(" "));
  }

  // Character counters under limited text (partials/field.html): "123 / 5 000 tecken". The
  // browser's maxlength would cut a pasted text off unseen; instead the form is not sent
  // while a text is too long, so nothing typed is lost.
  function counter(note) {
    var field = document.getElementById(note.dataset.counterFor);
    if (!field) return;
    var max = parseInt(note.dataset.max, 10);
    field.removeAttribute("maxlength");
    describe(field, note.id);
    // A screen reader hears the count once typing pauses, not at every key (polite region).
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.id = note.id + "_live";
    live.setAttribute("aria-live", "polite");
    note.parentNode.insertBefore(live, note.nextSibling);
    var pause;
    function update(typed) {
      var length = field.value.replace(/\r?\n/g, "\r\n").length; // line breaks as sent
      var count = note.dataset.template.replace("{count}", number(length)).replace("{max}", number(max));
      var over = length > max ? note.dataset.over.replace("{max}", number(max)) : "";
      note.textContent = over ? over + " " + count : count;
      note.classList.toggle("error", !!over);
      field.setCustomValidity(over);
      if (typed) {
        clearTimeout(pause);
        pause = setTimeout(function () { live.textContent = note.textContent; }, 800);
      }
    }
    field.addEventListener("input", function () { update(true); });
    update(false);
  }

  // Files over the limit are refused before a long upload that the server would refuse.
  function fileLimit(note) {
    var input = document.getElementById(note.dataset.fileLimitFor);
    if (!input) return;
    var max = parseInt(note.dataset.maxBytes, 10);
    var text = note.textContent;
    describe(input, note.id);
    input.addEventListener("change", function () {
      var big = Array.prototype.filter.call(input.files || [], function (f) { return f.size > max; });
      var message = big.length ? note.dataset.over.replace("{name}", big[0].name) : "";
      input.setCustomValidity(message);
      note.textContent = message || text;
      note.classList.toggle("error", !!message);
    });
  }

  function enhance(root) {
    root.querySelectorAll("[data-counter-for]:not([data-on])").forEach(function (note) {
      note.setAttribute("data-on", "");
      counter(note);
    });
    root.querySelectorAll("[data-file-limit-for]:not([data-on])").forEach(function (note) {
      note.setAttribute("data-on", "");
      fileLimit(note);
    });
  }
  enhance(document);
  document.body.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

  // Forms marked novalidate skip the browser's own refusal: do not send one while a field
  // is over its limit, and point at it.
  document.addEventListener("submit", function (event) {
    var over = Array.prototype.find.call(event.target.elements || [], function (el) {
      return el.validity && el.validity.customError;
    });
    if (!over) return;
    event.preventDefault();
    event.stopPropagation(); // htmx too
    var note = document.getElementById(over.id + "_counter") || document.getElementById(over.id + "_limit");
    if (note) note.setAttribute("role", "alert");
    over.focus();
  }, true);

  // "Go back" to a form (after a request that was too large, or from a suggestion while
  // writing): the browser's history keeps what was typed in the form, where loading the page
  // afresh would not. Only when the page before is that form; else the link is followed.
  document.querySelectorAll("[data-history-back]").forEach(function (link) {
    if (window.history.length < 2) return;
    if (document.referrer) {
      var before = new URL(document.referrer);
      if (before.origin !== window.location.origin || before.pathname !== link.pathname) return;
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.history.back();
    });
  });

  // The menu's groups: one open at a time; Escape or a click elsewhere closes it.
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.nav-group"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) group.open = false; });
  });
});
