// Forms that ask before they submit, with no inline script:
// - data-confirm="Question?": an irreversible step (approve, finalise, issue, close,
//   cancel) asks for confirmation in a <dialog>;
// - data-note="Label": an urge asks for an optional note, sent as the form's "message".
// The button labels come from this script tag's data-ok / data-cancel (translated in
// base.html). Without JavaScript the forms submit as they are.
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = {
    ok: (script && script.dataset.ok) || "OK",
    cancel: (script && script.dataset.cancel) || "Cancel",
  };

  function ask(form, submitter) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    var body = document.createElement("form");
    body.method = "dialog";
    var question = form.dataset.confirm;
    var note = form.dataset.note;
    if (question) {
      var p = document.createElement("p");
      p.textContent = question;
      body.appendChild(p);
    }
    var area = null;
    if (note) {
      var label = document.createElement("label");
      label.textContent = note;
      area = document.createElement("textarea");
      area.rows = 3;
      area.maxLength = 1000;
      label.appendChild(area);
      body.appendChild(label);
    }
    var buttons = document.createElement("div");
    buttons.className = "actions";
    var ok = document.createElement("button");
    ok.className = "btn";
    ok.value = "ok";
    ok.textContent = (submitter && submitter.textContent.trim()) || labels.ok;
    var cancel = document.createElement("button");
    cancel.className = "btn btn-secondary";
    cancel.value = "cancel";
    cancel.textContent = labels.cancel;
    buttons.appendChild(ok);
    buttons.appendChild(cancel);
    body.appendChild(buttons);
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var accepted = dialog.returnValue === "ok";
      if (accepted && area) {
        var field = form.querySelector('input[name="message"]');
        if (!field) {
          field = document.createElement("input");
          field.type = "hidden";
          field.name = "message";
          form.appendChild(field);
        }
        field.value = area.value;
      }
      dialog.remove();
      if (accepted) {
        form.dataset.asked = "1";
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      }
    });
    dialog.showModal();
    (area || ok).focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (!form.dataset.confirm && !form.dataset.note) return;
    if (form.dataset.asked) {
      delete form.dataset.asked;
      return;
    }
    if (typeof HTMLDialogElement === "undefined") {
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(form, event.submitter);
  }, true); // capture: ask before any other handler of the form (htmx) sends it
})();
