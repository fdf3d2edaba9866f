// The person picker (accounts/widgets/person.html): suggestions while typing, chosen with the
// mouse or the keyboard (arrows, Enter, Escape). Without this file the field takes an e-mail
// address, which the server resolves.
(function () {
  "use strict";

  function parts(input) {
    return {
      list: document.getElementById(input.getAttribute("aria-controls")),
      status: document.getElementById(input.id + "_status"),
    };
  }

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
  }

  function close(input) {
    var p = parts(input);
    p.list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function activate(input, option) {
    var p = parts(input);
    options(p.list).forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
      o.classList.toggle("is-active", o === option);
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function choose(input, option) {
    input.value = option.getAttribute("data-value");
    close(input);
    var p = parts(input);
    if (p.status) p.status.textContent = option.querySelector(".person-name").textContent;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function isPicker(el) {
    return el && el.getAttribute && el.getAttribute("role") === "combobox" && el.closest("[data-person-picker]");
  }

  // Send what is typed as q, the list's id, and the organisation chosen in the same form.
  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (!isPicker(input)) return;
    var params = event.detail.parameters;
    if (typeof params.delete === "function") {
      params.delete(input.name);
      params.set("q", input.value);
      params.set("list", input.getAttribute("aria-controls"));
    } else {
      delete params[input.name];
      params.q = input.value;
      params.list = input.getAttribute("aria-controls");
    }
    var field = input.getAttribute("data-organisation-field");
    var select = field && document.getElementById(field);
    if (select && select.value) {
      if (typeof params.set === "function") params.set("organisation", select.value);
      else params.organisation = select.value;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    var input = list && document.querySelector('[aria-controls="' + list.id + '"]');
    if (!isPicker(input)) return;
    var found = options(list).length;
    var any = list.querySelector('[role="option"]');
    list.hidden = !any;
    input.setAttribute("aria-expanded", any ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    var p = parts(input);
    if (p.status) {
      p.status.textContent = !any ? "" : found === 1 ? list.getAttribute("data-count-one") : found + " " + list.getAttribute("data-count-many");
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!isPicker(input)) return;
    var p = parts(input);
    var all = options(p.list);
    var current = p.list.querySelector('[aria-selected="true"]');
    var index = all.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (p.list.hidden || !all.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(input, all[(index + step + all.length) % all.length]);
    } else if (event.key === "Enter" && !p.list.hidden && current) {
      event.preventDefault();
      choose(input, current);
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      close(input);
    }
  });

  // mousedown, not click: the choice is made before the input loses focus.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest('[data-person-picker] [role="option"]');
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    event.preventDefault();
    var input = option.closest("[data-person-picker]").querySelector('[role="combobox"]');
    choose(input, option);
  });

  document.addEventListener("focusout", function (event) {
    if (isPicker(event.target)) close(event.target);
  });
})();
