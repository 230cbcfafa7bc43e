// The page header's behaviour, with no inline script (the Content-Security-Policy allows
// scripts from thidua's static files only):
// - the "Menu" button opens and closes the main navigation on a narrow screen;
// - choosing a language in the header's select submits its form at once.
(function () {
  "use strict";
  function ready() {
    var toggle = document.querySelector(".nav-toggle[aria-controls]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var nav = document.getElementById(toggle.getAttribute("aria-controls"));
        if (!nav) return;
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) select.form.submit();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
