// The unit picker (thidua/orgunits/picker.py): type part of a unit's name, choose it
// from the list with the mouse or the arrow keys and Enter; each chosen unit becomes a
// chip carrying its id in a hidden input, removed with its × button. In a field of
// several units a result with units below it is followed by its groups ("every unit
// directly below…", "every commune below…"): chosen the same way, a group is one chip
// whose hidden input carries the group's token (the server expands it). Without this
// script the text box itself is sent (unit codes or exact names, comma-separated).
(function () {
  "use strict";

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var name = root.dataset.name;
    var multiple = root.dataset.multiple === "1";
    var input = root.querySelector('input[type="text"]');
    var box = root.querySelector(".unit-results");
    var chips = root.querySelector(".unit-chips");
    var status = root.querySelector("[data-status]");
    var timer = null;
    var active = -1;
    var asked = 0;

    function options() {
      return Array.prototype.slice.call(box.querySelectorAll('[role="option"]'));
    }

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) {
        o.setAttribute("aria-selected", j === active ? "true" : "false");
        o.classList.toggle("active", j === active);
      });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function chosenIds() {
      return Array.prototype.map.call(
        chips.querySelectorAll('input[type="hidden"]'),
        function (h) { return h.value; }
      );
    }

    function choose(opt) {
      var id = opt.dataset.id;
      if (!multiple) chips.innerHTML = "";
      if (chosenIds().indexOf(id) === -1) {
        var li = document.createElement("li");
        li.className = opt.classList.contains("unit-group-option") ? "unit-chip unit-group-chip" : "unit-chip";
        var label = document.createElement("span");
        label.textContent = opt.dataset.label;
        if (opt.dataset.context) {
          var ctx = document.createElement("span");
          ctx.className = "muted";
          ctx.textContent = " (" + opt.dataset.context + ")";
          label.appendChild(ctx);
        }
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = id;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "unit-chip-remove";
        remove.setAttribute("data-remove", "");
        remove.setAttribute(
          "aria-label", (root.dataset.removeLabel || "Remove %s").replace("%s", opt.dataset.label)
        );
        remove.textContent = "×";
        li.appendChild(label);
        li.appendChild(hidden);
        li.appendChild(remove);
        chips.appendChild(li);
      }
      status.textContent = (root.dataset.chosenLabel || "%s chosen.").replace("%s", opt.dataset.label);
      input.value = "";
      close();
      input.focus();
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); box.innerHTML = ""; return; }
      var ticket = ++asked;
      fetch(root.dataset.url + "&q=" + encodeURIComponent(q), {
        headers: { "HX-Request": "true" },
        credentials: "same-origin"
      })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (ticket !== asked) return; // an older answer arriving late
          box.innerHTML = html;
          box.hidden = false;
          input.setAttribute("aria-expanded", "true");
          active = -1;
          var count = box.querySelector("[data-count]");
          var note = box.querySelector(".unit-results-note");
          status.textContent = (count ? count.textContent : "") + (note ? " " + note.textContent : "");
          options().forEach(function (o) {
            o.addEventListener("mousedown", function (e) { e.preventDefault(); choose(o); });
          });
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      var open = !box.hidden && options().length;
      if (e.key === "ArrowDown") { e.preventDefault(); if (open) highlight(active + 1); else search(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (open) highlight(active - 1); }
      else if (e.key === "Enter") {
        if (open) {
          e.preventDefault(); // Enter chooses; it does not send the form
          choose(options()[active >= 0 ? active : 0]);
        }
      } else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    chips.addEventListener("click", function (e) {
      var btn = e.target.closest("[data-remove]");
      if (!btn) return;
      var li = btn.closest("li");
      var label = li.querySelector("span").firstChild.textContent.trim();
      li.remove();
      status.textContent = (root.dataset.removedLabel || "%s removed.").replace("%s", label);
      input.focus();
    });
  }

  function all() {
    document.querySelectorAll("[data-unit-picker]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  document.addEventListener("htmx:afterSwap", all);
})();
