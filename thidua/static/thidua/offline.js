// Working offline (thidua/core/offline.py), with no inline script:
// - registers the service worker (/sw.js) and asks it to keep the user's pages;
// - checks a report's figures as they are typed, with the server's own checks and
//   messages (the page's "offline-report" data), online and offline alike;
// - while offline, keeps a report (draft or to submit) or a progress update (with one
//   small evidence file) in an outbox in the browser (IndexedDB), which survives closing
//   the browser and restarting the device;
// - when the connection returns, or on "Send now", replays the outbox in order through
//   the API, each entry once under its own Idempotency-Key; a report changed on the
//   server meanwhile is not applied: both versions are shown side by side to choose;
// - signing out deletes the kept pages and the outbox (after a warning if entries wait).
(function () {
  "use strict";
  var script = document.currentScript;
  var WORKER = script.dataset.worker;
  var USER = script.dataset.user || "";
  var T = {};
  var DB = "thidua-offline";
  var STORE = "outbox";
  var syncing = false;
  var panelNote = "";

  // --- storage -----------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        var store = req.result.createObjectStore(STORE, { keyPath: "key" });
        store.createIndex("user", "user");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function entries() {
    return withStore("readonly", function (store) {
      return store.index("user").getAll(USER);
    }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  function save(entry) {
    return withStore("readwrite", function (store) { store.put(entry); });
  }

  function drop(key) {
    return withStore("readwrite", function (store) { store.delete(key); });
  }

  function dropAll() {
    return entries().then(function (rows) {
      return withStore("readwrite", function (store) {
        rows.forEach(function (r) { store.delete(r.key); });
      });
    });
  }

  function newKey() {
    if (self.crypto && crypto.randomUUID) return "offline-" + crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return "offline-" + Array.prototype.map.call(a, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // --- words -------------------------------------------------------------------------

  function say(name, values) {
    var text = T[name] || name;
    Object.keys(values || {}).forEach(function (k) {
      text = text.split("{" + k + "}").join(values[k]);
    });
    return text;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function when(iso) {
    var d = new Date(iso);
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " +
      two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // --- the server's checks, as data ---------------------------------------------------

  var THOUSANDS = /^-?\d{1,3}([., \u00a0]\d{3})+$/;

  function figure(text, checks) {
    // The reader's way of writing a figure, as core.figures writes it.
    var neg = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, checks.thousands);
    return (neg ? "-" : "") + whole + (parts[1] ? checks.decimal + parts[1] : "");
  }

  function parseCell(spec, raw) {
    // A cell's value as thidua.reporting.values.parse_value reads it: {number} or {error}.
    var text = (raw || "").trim();
    if (text === "") return { empty: true };
    var m = spec.messages;
    if (spec.type === "text") return { text: text };
    if (spec.type === "yesno") {
      var word = text.toLowerCase();
      if (["1", "x", "có", "co", "yes", "y", "true", "đạt"].indexOf(word) !== -1) return { number: 1 };
      if (["0", "không", "khong", "no", "n", "false", "chưa"].indexOf(word) !== -1) return { number: 0 };
      return { error: m.yesno.replace("{v}", raw) };
    }
    var t = spec.type === "percent" ? text.replace(/%/g, "") : text;
    if (THOUSANDS.test(t)) t = t.replace(/[., \u00a0]/g, "");
    t = t.replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return { error: m.number.replace("{v}", raw) };
    var n = Number(t);
    if (!isFinite(n)) return { error: m.number.replace("{v}", raw) };
    if (spec.type === "integer" && Math.floor(n) !== n) return { error: m.whole.replace("{v}", raw) };
    if (spec.type === "percent" && (n < 0 || n > 100)) return { error: m.percent.replace("{v}", raw) };
    if (Math.abs(n) >= 1e15) return { error: m.large.replace("{v}", raw) };
    if (spec.min !== null && n < Number(spec.min)) return { error: m.low.replace("{v}", raw) };
    if (spec.max !== null && n > Number(spec.max)) return { error: m.high.replace("{v}", raw) };
    return { number: n };
  }

  var OPS = {
    ">=": function (a, b) { return a >= b; },
    "<=": function (a, b) { return a <= b; },
    "==": function (a, b) { return a === b; },
    ">": function (a, b) { return a > b; },
    "<": function (a, b) { return a < b; },
  };

  // Every refusal of validate_values at once: [{cell, message}].
  function check(checks, raw, complete) {
    var errors = [];
    var read = {};
    var unread = {};
    Object.keys(checks.cells).forEach(function (cell) {
      var got = parseCell(checks.cells[cell], raw[cell]);
      if (got.error) {
        errors.push({ cell: cell, message: got.error });
        unread[cell.split(":")[0]] = true;
      } else {
        read[cell] = got;
      }
    });
    function num(cell) { return read[cell] && read[cell].number !== undefined ? read[cell].number : null; }
    function fine(cell) { return !unread[cell.split(":")[0]]; }
    if (complete) {
      Object.keys(checks.cells).forEach(function (cell) {
        var spec = checks.cells[cell];
        if (spec.required && read[cell] && read[cell].empty && fine(cell)) {
          errors.push({ cell: cell, message: spec.messages.required });
        }
      });
    }
    checks.rules.forEach(function (rule) {
      var a = num(rule.left);
      var b = num(rule.right);
      if (a !== null && b !== null && !OPS[rule.op](a, b) && fine(rule.left)) {
        errors.push({
          cell: rule.left,
          message: rule.message.replace("{a}", figure(String(a), checks)).replace("{b}", figure(String(b), checks)),
        });
      }
    });
    checks.sums.forEach(function (sum) {
      var total = num(sum.total);
      var parts = sum.parts.map(num);
      if (total === null || !parts.length || parts.some(function (p) { return p === null; })) return;
      var s = parts.reduce(function (x, y) { return x + y; }, 0);
      if (Math.abs(s - total) > 1e-9 && fine(sum.total)) {
        errors.push({
          cell: sum.total,
          message: sum.message.replace("{v}", figure(String(total), checks)).replace("{s}", figure(String(s), checks)),
        });
      }
    });
    return errors;
  }

  // --- the fill page ---------------------------------------------------------------------

  function reportForm(form, info) {
    var byCell = {};
    info.cells.forEach(function (c) { byCell[c.cell] = form.elements[c.field]; });
    var box = el("div", { class: "msg msg-error", role: "alert", id: "offline-errors", hidden: "" });
    form.insertBefore(box, form.firstChild);
    var note = form.querySelector("textarea[name$=note]");

    function raw() {
      var out = {};
      Object.keys(byCell).forEach(function (cell) { out[cell] = byCell[cell] ? byCell[cell].value : ""; });
      return out;
    }

    function show(errors, lead) {
      Object.keys(byCell).forEach(function (cell) {
        if (byCell[cell]) byCell[cell].removeAttribute("aria-invalid");
      });
      box.textContent = "";
      if (!errors.length) { box.hidden = true; return; }
      box.appendChild(el("p", {}, lead || T.fix));
      var list = el("ul");
      errors.forEach(function (e) {
        list.appendChild(el("li", {}, e.message));
        if (byCell[e.cell]) byCell[e.cell].setAttribute("aria-invalid", "true");
      });
      box.appendChild(list);
      box.hidden = false;
    }

    form.addEventListener("change", function () { show(check(info.checks, raw(), false), T.check); });

    form.addEventListener("submit", function (event) {
      var submit = event.submitter && event.submitter.value === "submit";
      var errors = check(info.checks, raw(), submit);
      if (errors.length) {
        event.preventDefault();
        show(errors);
        box.scrollIntoView({ block: "nearest" });
        return;
      }
      if (navigator.onLine) return; // the page's own post, as always
      event.preventDefault();
      var values = raw();
      keepReport(info, values, note ? note.value : "", submit).then(function () {
        show([]);
        flash(T.kept_report);
      }, function () { flash(T.storage, true); });
    });

    // An entry kept for this report and not yet sent: the form shows it.
    entries().then(function (rows) {
      var mine = rows.filter(function (r) {
        return r.kind === "report" && r.state === "waiting" &&
          r.report.period === info.period && r.report.unit === info.unit;
      }).pop();
      if (!mine) return;
      mine.report.values.forEach(function (v) {
        var field = byCell[v.indicator + ":" + v.key];
        if (field) field.value = v.value === null ? "" : v.value;
      });
      if (note) note.value = mine.report.note || "";
      flash(say("pending_here", { when: when(mine.created) }));
    });
  }

  function nextSeq() {
    return entries().then(function (rows) {
      return rows.reduce(function (m, r) { return Math.max(m, r.seq || 0); }, 0) + 1;
    });
  }

  function keepReport(info, raw, note, submit) {
    var values = Object.keys(raw).map(function (cell) {
      var i = cell.indexOf(":");
      var v = raw[cell].trim();
      return { indicator: cell.slice(0, i), key: cell.slice(i + 1), value: v === "" ? null : v };
    });
    return entries().then(function (rows) {
      // A later entry for the same report replaces one never sent; after one that may
      // have reached the server (sent without an answer), it follows it.
      var earlier = rows.filter(function (r) {
        return r.kind === "report" && r.state === "waiting" &&
          r.report.period === info.period && r.report.unit === info.unit;
      });
      var unsent = earlier.filter(function (r) { return !r.tried; });
      return Promise.all(unsent.map(function (r) { return drop(r.key); })).then(function () {
        return nextSeq();
      }).then(function (seq) {
        var follows = earlier.length > unsent.length;
        requestPersistence();
        return save({
          key: newKey(),
          seq: seq,
          user: USER,
          kind: "report",
          state: "waiting",
          created: new Date().toISOString(),
          title: info.title,
          report: {
            period: info.period,
            unit: info.unit,
            submission: info.submission,
            version: info.version,
            follows: follows,
            values: values,
            note: note,
            submit: submit,
            create: info.create,
            labels: info.labels,
            statuses: info.statuses,
            separators: { thousands: info.checks.thousands, decimal: info.checks.decimal },
          },
        });
      });
    }).then(render);
  }

  // --- the progress form -----------------------------------------------------------------

  function progressForm(form, info) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      var data = new FormData(form);
      var files = (data.getAll("files") || []).filter(function (f) { return f && f.size; });
      if (files.length > 1) { flash(T.one_file, true); return; }
      var file = files[0] || null;
      if (file && file.size > info.maxBytes) {
        flash(say("too_big", { name: file.name, max: Math.round(info.maxBytes / 1048576) + " MB" }), true);
        return;
      }
      var unit = info.units[String(data.get("assignment"))];
      if (!unit || !form.reportValidity()) return;
      nextSeq().then(function (seq) {
        requestPersistence();
        return save({
          key: newKey(),
          seq: seq,
          user: USER,
          kind: "progress",
          state: "waiting",
          created: new Date().toISOString(),
          title: info.title,
          progress: {
            post: info.post,
            unit: unit,
            text: String(data.get("text") || ""),
            percent: String(data.get("percent") || ""),
            file: file,
            fileName: file ? file.name : "",
          },
        });
      }).then(function () {
        form.reset();
        flash(T.kept_progress);
        render();
      }, function () { flash(T.storage, true); });
    });
  }

  function requestPersistence() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
  }

  // --- the outbox panel ---------------------------------------------------------------------

  function flash(text, error) {
    panelNote = text;
    panelNoteError = !!error;
    render();
  }
  var panelNoteError = false;

  function render() {
    var panel = document.getElementById("outbox");
    if (!panel) return Promise.resolve();
    return entries().then(function (rows) {
      panel.textContent = "";
      var waiting = rows.filter(function (r) { return r.state === "waiting"; });
      var unsent = rows.filter(function (r) { return r.state === "waiting" || r.state === "conflict"; });
      if (panelNote) {
        panel.appendChild(el("p", { class: panelNoteError ? "outbox-note error" : "outbox-note" }, panelNote));
      }
      if (!navigator.onLine) panel.appendChild(el("p", { class: "outbox-offline" }, T.offline));
      if (waiting.length) {
        var head = el("p", { class: "outbox-count", "data-count": String(waiting.length) },
          say(waiting.length === 1 ? "waiting_one" : "waiting_other",
            { n: waiting.length, since: when(waiting[0].created) }));
        var send = el("button", { type: "button", class: "btn btn-secondary", "data-outbox": "send" },
          syncing ? T.sending : T.send);
        send.disabled = syncing || !navigator.onLine;
        send.addEventListener("click", function () { sync(); });
        head.appendChild(document.createTextNode(" "));
        head.appendChild(send);
        panel.appendChild(head);
      }
      var list = el("ul", { class: "outbox-list" });
      rows.forEach(function (r) { list.appendChild(item(r)); });
      if (rows.length) panel.appendChild(list);
      panel.hidden = !panel.childNodes.length;
      var signout = document.querySelector("form[data-signout]");
      if (signout) {
        if (unsent.length) signout.dataset.confirm = T.signout_warn;
        else delete signout.dataset.confirm;
      }
    }).catch(function () {});
  }

  function item(r) {
    var li = el("li", { "data-entry": r.key, "data-state": r.state });
    if (r.state === "sent") {
      li.appendChild(el("span", {}, say("sent", { title: r.title })));
      li.appendChild(button(T.dismiss, function () { return drop(r.key); }));
      return li;
    }
    if (r.state === "refused") {
      li.appendChild(el("span", {}, say("refused", { title: r.title, detail: r.message })));
      li.appendChild(button(T.dismiss, function () { return drop(r.key); }));
      return li;
    }
    if (r.state === "conflict") return conflict(li, r);
    li.appendChild(el("span", {}, r.title + " — " + when(r.created) + (r.message ? " — " + r.message : "")));
    return li;
  }

  function button(label, action, name) {
    var b = el("button", { type: "button", class: "btn btn-secondary", "data-outbox": name || "dismiss" }, label);
    b.addEventListener("click", function () {
      b.disabled = true;
      Promise.resolve(action()).then(render, render);
    });
    return b;
  }

  function conflict(li, r) {
    var s = r.server;
    var statuses = r.report.statuses || {};
    li.appendChild(el("p", {}, say("conflict", {
      title: r.title, status: statuses[s.status] || s.status, version: s.version,
    })));
    var table = el("table", { class: "table outbox-compare" });
    var head = el("tr");
    [T.figure, T.mine, T.theirs].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    var theirs = {};
    (s.values || []).forEach(function (v) { theirs[v.indicator + ":" + (v.key || "")] = v.value; });
    var checks = r.report.separators || { thousands: ",", decimal: "." };
    var specs = ((pageReport() || {}).checks || {}).cells || {};
    r.report.values.forEach(function (v) {
      var cell = v.indicator + ":" + v.key;
      var spec = specs[cell];
      var mine = v.value === null ? "" : String(v.value);
      var other = theirs[cell] === undefined || theirs[cell] === null ? "" : String(theirs[cell]);
      // Both read as figures where they are figures: "3.0000" from the API is "3".
      var a = spec ? parseCell(spec, mine) : {};
      var b = /^-?\d+(\.\d+)?$/.test(other) ? { number: Number(other) } : { text: other };
      var same = a.number !== undefined ? a.number === b.number : mine === other;
      var row = el("tr", same ? {} : { class: "differs" });
      row.appendChild(el("td", {}, (r.report.labels || {})[cell] || cell));
      row.appendChild(el("td", {}, a.number !== undefined ? figure(String(a.number), checks) : mine));
      row.appendChild(el("td", {}, b.number !== undefined ? figure(String(b.number), checks) : other));
      body.appendChild(row);
    });
    table.appendChild(body);
    li.appendChild(table);
    var actions = el("p", { class: "actions" });
    actions.appendChild(button(T.keep_mine, function () { return keepMine(r); }, "keep-mine"));
    actions.appendChild(button(T.take_theirs, function () {
      return drop(r.key).then(function () {
        var info = pageReport();
        if (info && info.period === r.report.period && info.unit === r.report.unit) location.reload();
      });
    }, "take-theirs"));
    li.appendChild(actions);
    return li;
  }

  function pageReport() {
    var data = document.getElementById("offline-report");
    return data ? JSON.parse(data.textContent) : null;
  }

  // --- sending ------------------------------------------------------------------------------

  function call(method, url, body, key) {
    var headers = { "X-CSRFToken": csrf(), Accept: "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    var options = { method: method, headers: headers, credentials: "same-origin" };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        return { status: r.status, data: data };
      });
    });
  }

  function reportUrl(rep, id) { return rep.create + id + "/"; }

  function sendReport(r) {
    var rep = r.report;
    var body = { values: rep.values, note: rep.note, submit: rep.submit };
    if (rep.submission) {
      body.version = rep.version;
      return call("PATCH", reportUrl(rep, rep.submission), body, r.key);
    }
    body.period = rep.period;
    body.unit = rep.unit;
    return call("POST", rep.create, body, r.key);
  }

  function sendProgress(r) {
    var p = r.progress;
    var data = new FormData();
    data.append("unit", p.unit);
    data.append("text", p.text);
    data.append("percent", p.percent);
    if (p.file) data.append("files", p.file, p.fileName);
    return call("POST", p.post, data, r.key);
  }

  // What one answer means for its entry: "done", "stop" (try later) or the entry changed.
  function settle(r, answer, rows) {
    var status = answer.status;
    if (status === 200 || status === 201) {
      var followers = r.kind === "report" ? rows.filter(function (o) {
        return o !== r && o.kind === "report" && o.state === "waiting" && o.report.follows &&
          o.report.period === r.report.period && o.report.unit === r.report.unit;
      }) : [];
      followers.forEach(function (o) {
        o.report.submission = answer.data.id;
        o.report.version = answer.data.version;
        o.report.follows = false;
      });
      r.state = "sent";
      return Promise.all(followers.map(save)).then(function () { return save(r); }).then(function () {
        return "done";
      });
    }
    if (status === 409 && r.kind === "report") {
      var id = r.report.submission || answer.data.current_id;
      return call("GET", reportUrl(r.report, id)).then(function (got) {
        if (got.status !== 200) return "stop";
        r.state = "conflict";
        r.server = got.data;
        return save(r).then(function () { return "done"; });
      });
    }
    var code = answer.data.code || "";
    if (status === 401 || code === "not_authenticated" || /CSRF/.test(answer.data.detail || "")) {
      r.message = T.signed_out;
      return save(r).then(function () { return "stop"; });
    }
    if (status === 400 || status === 403 || status === 404 || status === 422) {
      r.state = "refused";
      r.message = answer.data.detail || String(status);
      return save(r).then(function () { return "done"; });
    }
    r.message = status === 503 ? T.busy : T.not_sent;
    return save(r).then(function () { return "stop"; });
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    panelNote = "";
    render();
    return entries().then(function (rows) {
      var queue = rows.filter(function (r) { return r.state === "waiting"; });
      return queue.reduce(function (chain, r) {
        return chain.then(function (go) {
          if (go === "stop") return "stop";
          if (r.kind === "report" && r.report.follows) return "next"; // waits for the first
          r.tried = true;
          return save(r).then(function () {
            return r.kind === "report" ? sendReport(r) : sendProgress(r);
          }).then(function (answer) {
            return settle(r, answer, rows);
          }, function () {
            r.message = T.not_sent;
            return save(r).then(function () { return "stop"; });
          });
        });
      }, Promise.resolve("next"));
    }).then(function () {
      syncing = false;
      return render();
    }, function () {
      syncing = false;
      return render();
    });
  }

  function keepMine(r) {
    // The officer's figures become a new draft over the server's current version: a
    // submitted or approved report is first reopened as a correction.
    var s = r.server;
    var rep = r.report;
    var reopen = s.status === "submitted" || s.status === "approved"
      ? call("POST", reportUrl(rep, s.id) + "correct/", { version: s.version }, newKey())
      : Promise.resolve({ status: 200, data: s });
    return reopen.then(function (opened) {
      if (opened.status !== 200 && opened.status !== 201) {
        r.message = opened.data.detail || String(opened.status);
        return save(r);
      }
      var body = { version: opened.data.version, values: rep.values, note: rep.note, submit: false };
      return call("PATCH", reportUrl(rep, opened.data.id), body, newKey()).then(function (answer) {
        if (answer.status === 200) {
          r.state = "sent";
          r.server = null;
          return save(r);
        }
        r.message = answer.data.detail || String(answer.status);
        return save(r);
      });
    });
  }

  // --- start ----------------------------------------------------------------------------------

  function worker() {
    if (!("serviceWorker" in navigator) || !WORKER) return Promise.resolve(null);
    return navigator.serviceWorker.register(WORKER, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).catch(function () { return null; });
  }

  function tell(reg, message) {
    if (!reg || !reg.active) return Promise.resolve({});
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { resolve(e.data || {}); };
      reg.active.postMessage(message, [channel.port2]);
    });
  }

  function signOut(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.leaving) return;
      event.preventDefault();
      form.dataset.leaving = "1";
      var reg = null;
      worker().then(function (r) { reg = r; return dropAll(); }).then(function () {
        return tell(reg, { type: "forget" });
      }).then(function () {
        // Every kept page and file but the application's own (which hold nobody's data).
        if (!self.caches) return null;
        return caches.keys().then(function (names) {
          return Promise.all(names.filter(function (n) {
            return n.indexOf("thidua-") === 0 && n.indexOf("thidua-shell-") !== 0;
          }).map(function (n) { return caches.delete(n); }));
        });
      }).catch(function () {}).then(function () { form.submit(); });
    });
  }

  function ready() {
    var words = document.getElementById("offline-text");
    if (words) T = JSON.parse(words.textContent);
    var reg = worker();
    if (script.dataset.signedOut) {
      // Nobody is signed in: the worker drops the pages it kept (the outbox stays, for
      // its officer to send after signing in again).
      reg.then(function (r) { return tell(r, { type: "forget" }); });
      return;
    }
    var report = document.querySelector("form[data-offline=offline-report]");
    var reportInfo = pageReport();
    if (report && reportInfo) reportForm(report, reportInfo);
    var progress = document.querySelector("form[data-offline=offline-progress]");
    var progressData = document.getElementById("offline-progress");
    if (progress && progressData) progressForm(progress, JSON.parse(progressData.textContent));
    var out = document.querySelector("form[data-signout]");
    if (out) signOut(out);
    window.addEventListener("online", function () { render(); sync(); });
    window.addEventListener("offline", render);
    render();
    if (navigator.onLine) {
      sync();
      reg.then(function (r) { return tell(r, { type: "keep" }); });
    }
  }

  // For the browser tests and the curious: the outbox as it stands, and a replay.
  window.thiduaOffline = {
    entries: entries, keep: save, render: render, sync: sync, check: check, parse: parseCell,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
