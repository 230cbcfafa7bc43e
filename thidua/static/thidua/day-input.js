// Date fields typed as officers write them, dd/mm/yyyy (thidua/core/forms.py DayInput),
// with a button beside each that opens the browser's own calendar and writes the chosen
// day back as dd/mm/yyyy (a Buddhist-era year on a Thai page). Without this script, or
// in a browser without a calendar to open, the field is typed as it is.
(function () {
  "use strict";

  var script = document.currentScript;
  var label = (script && script.dataset.open) || "Choose a date";
  var thai = (document.documentElement.lang || "").indexOf("th") === 0;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function iso(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (m) {
      var year = +m[3];
      if (year > 2400) year -= 543;
      return year + "-" + pad(+m[2]) + "-" + pad(+m[1]);
    }
    m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || "");
    return m ? m[1] + "-" + m[2] + "-" + m[3] : "";
  }

  function typed(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return "";
    return m[3] + "/" + m[2] + "/" + (+m[1] + (thai ? 543 : 0));
  }

  function setup(input) {
    if (input.dataset.dayReady) return;
    input.dataset.dayReady = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    if (typeof picker.showPicker !== "function") return;
    picker.className = "day-picker";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "day-button";
    button.setAttribute("aria-label", label);
    button.title = label;
    button.innerHTML =
      '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">' +
      '<rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor"/>' +
      '<path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor"/></svg>';
    var wrap = document.createElement("span");
    wrap.className = "day-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(picker);
    button.addEventListener("click", function () {
      picker.value = iso(input.value);
      try {
        picker.showPicker();
      } catch (e) {
        input.focus();
      }
    });
    picker.addEventListener("change", function () {
      if (!picker.value) return;
      input.value = typed(picker.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }

  function all(event) {
    var root = (event && event.target && event.target.querySelectorAll) ? event.target : document;
    Array.prototype.forEach.call(root.querySelectorAll("input[data-day]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  document.addEventListener("htmx:afterSwap", all);
})();
