/* polyglot review: the bilingual page made editable. Every change is saved at once.
   Text from the server is only ever put in the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("rv-data").textContent);
  var TOKEN = DATA.token;
  var STATES = ["untranslated", "machine", "outdated", "needs-work", "reviewed", "missing"];
  var TODO = { untranslated: 1, machine: 1, outdated: 1, "needs-work": 1 };
  var body = document.body;
  var panel = document.querySelector("[data-panel]");
  var segs = Array.prototype.slice.call(document.querySelectorAll(".cell.tgt .seg[data-seg]"));
  var byId = {};
  var current = null;     // the focused target sentence
  var editing = null;     // the sentence being edited
  var detail = null;      // details of the current sentence from /api/entry
  var checkTimer = null;
  var undoDepth = 0;

  /* --- per-sentence state ------------------------------------------------------------- */

  function entryOf(seg) { return DATA.entries[DATA.ids[seg.getAttribute("data-seg")]]; }
  function stateOf(seg) { return entryOf(seg)[0]; }
  function paint(seg) {
    var e = entryOf(seg);
    STATES.forEach(function (s) { seg.classList.toggle("st-" + s, e[0] === s); });
    seg.classList.remove("f-error", "f-warning", "f-info");
    if (e[2]) { seg.classList.add("f-" + e[2]); }
    seg.classList.toggle("machine", e[0] !== "reviewed" && e[0] !== "untranslated" && e[0] !== "missing");
    seg.classList.toggle("untranslated", e[0] === "untranslated");
  }
  segs.forEach(function (seg) {
    byId[seg.getAttribute("data-seg")] = seg;
    paint(seg);
    seg.setAttribute("aria-label", "translation, " + stateOf(seg));
  });

  /* --- placeholder text <-> chips ------------------------------------------------------ */

  function chip(ph) {
    var c = document.createElement("span");
    c.className = "ph";
    c.contentEditable = "false";
    c.setAttribute("data-ph", ph);
    c.textContent = ph;
    return c;
  }
  function fill(el, tokens) {
    el.textContent = "";
    tokens.forEach(function (t) {
      el.appendChild(t[0] === "p" ? chip(t[1]) : document.createTextNode(t[1]));
    });
  }
  function serialize(el) {
    var out = "";
    el.childNodes.forEach(function (n) {
      if (n.nodeType === 3) { out += n.nodeValue.replace(/\{/g, "{{").replace(/\}/g, "}}"); }
      else if (n.nodeType === 1 && n.hasAttribute("data-ph")) { out += n.getAttribute("data-ph"); }
      else if (n.nodeType === 1 && n.nodeName === "BR") { out += " "; }
      else if (n.nodeType === 1) { out += serialize(n); }
    });
    return out;
  }
  function plain(tokens) { return tokens.map(function (t) { return t[1]; }).join(""); }

  /* --- server -------------------------------------------------------------------------- */

  function api(path, payload) {
    var opts = payload === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Polyglot-Token": TOKEN },
      body: JSON.stringify(payload)
    };
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (j) { j._status = r.status; return j; }, function () {
        return { _status: r.status, error: "HTTP " + r.status };
      });
    }, function () { return { _status: 0, error: "the review server is not answering" }; });
  }
  function base(seg) {
    return { doc: DATA.doc, lang: DATA.lang, id: seg.getAttribute("data-seg") };
  }

  /* --- panel ----------------------------------------------------------------------------- */

  function q(sel) { return panel.querySelector(sel); }
  function list(sel, items, render) {
    var box = q(sel), ul = box.querySelector("ul");
    ul.textContent = "";
    items.forEach(function (it) { var li = document.createElement("li"); render(li, it); ul.appendChild(li); });
    box.hidden = items.length === 0;
  }
  function status(text, kind) {
    var s = q("[data-p-status]");
    s.textContent = text || "";
    s.className = "rv-status" + (kind ? " " + kind : "");
  }
  function showFindings(findings) {
    list("[data-p-findings]", findings, function (li, f) {
      li.className = "sev-" + f.severity;
      li.textContent = f.severity + " " + f.code + ": " + f.message;
    });
  }
  function showDetail(seg, d) {
    detail = d;
    panel.hidden = false;
    q("[data-p-state]").textContent = d.state;
    q("[data-p-where]").textContent = "sentence " + (segs.indexOf(seg) + 1) + " of " + segs.length;
    var diff = q("[data-p-diff]"), p = diff.querySelector("p");
    p.textContent = "";
    (d.diff || []).forEach(function (run) {
      var el = document.createElement(run[0] === "-" ? "del" : run[0] === "+" ? "ins" : "span");
      el.textContent = run[1];
      p.appendChild(el);
    });
    diff.hidden = !d.diff;
    showFindings(d.findings);
    list("[data-p-glossary]", d.glossary, function (li, g) {
      var b = document.createElement("b"); b.textContent = g.source; li.appendChild(b);
      li.appendChild(document.createTextNode(
        g.dnt ? " — keep unchanged" : g.required.length ? " → " + g.required.join(" | ") : " — no translation required"));
      if (g.note) { var n = document.createElement("span"); n.className = "rv-note"; n.textContent = " (" + g.note + ")"; li.appendChild(n); }
    });
    list("[data-p-suggestions]", d.suggestions, function (li, s) {
      li.textContent = plain(s.tokens) + " — " + s.origin;
    });
    list("[data-p-comments]", d.comments, function (li, c) { li.textContent = c; });
    var prov = d.provenance, pp = q("[data-p-prov]");
    var bits = [];
    if (prov.engine) { bits.push("engine " + prov.engine + ", route " + prov.route + (prov.versions ? " (" + prov.versions + ")" : "")); }
    if (prov.memory) { bits.push("translation memory, reviewed in " + prov.memory); }
    if (prov.unknown.length) { bits.push("unknown words: " + prov.unknown.join(", ")); }
    prov.problems.forEach(function (x) { bits.push("to check: " + x); });
    pp.querySelector("p").textContent = bits.join(" · ");
    pp.hidden = bits.length === 0;
    q("[data-p-conflict]").hidden = true;
  }
  function loadDetail(seg) {
    var id = seg.getAttribute("data-seg");
    return api("/api/entry?doc=" + encodeURIComponent(DATA.doc) + "&lang=" + encodeURIComponent(DATA.lang) +
               "&id=" + encodeURIComponent(id)).then(function (d) {
      if (d.error) { status(d.error, "bad"); return null; }
      if (current === seg) { showDetail(seg, d); }
      return d;
    });
  }

  /* --- moving around ---------------------------------------------------------------------- */

  function visible(seg) { return !seg.closest(".row").classList.contains("rv-hidden"); }
  function select(seg) {
    if (!seg) { return; }
    if (editing && editing !== seg) { stopEditing(true); }
    seg.focus({ preventScroll: true });
    seg.scrollIntoView({ block: "center" });
  }
  function step(delta, test) {
    var n = segs.length, i = current ? segs.indexOf(current) : -1;
    for (var k = 1; k <= n; k++) {
      var j = ((i + delta * k) % n + n) % n;
      if (!test && (j < 0 || (delta > 0 && i + k >= n) || (delta < 0 && i - k < 0))) { return; }
      var seg = segs[j];
      if (visible(seg) && (!test || test(seg))) { select(seg); return seg; }
    }
    status(test ? "none left" : "", "");
  }
  function hasFinding(seg) { return !!entryOf(seg)[2]; }
  function isTodo(seg) { return !!TODO[stateOf(seg)] || entryOf(seg)[2] === "error"; }
  var JUMPS = {
    n: isTodo,
    u: function (s) { return stateOf(s) === "untranslated"; },
    m: function (s) { return stateOf(s) === "machine"; },
    o: function (s) { return stateOf(s) === "outdated"; },
    f: hasFinding
  };

  function applyFilter(value) {
    var test = value === "all" ? null : value === "todo" ? isTodo : value === "finding" ? hasFinding :
      value === "error" ? function (s) { return entryOf(s)[2] === "error"; } :
      function (s) { return stateOf(s) === value; };
    document.querySelectorAll(".bitext .row").forEach(function (row) {
      var show = !test;
      if (test) {
        row.querySelectorAll(".cell.tgt .seg[data-seg]").forEach(function (s) { if (test(s)) { show = true; } });
      }
      row.classList.toggle("rv-hidden", !show);
    });
  }

  /* --- editing ----------------------------------------------------------------------------- */

  function startEditing(seg) {
    if (entryOf(seg)[0] === "missing") { status("not in the PO file: run polyglot update", "bad"); return; }
    if (editing === seg) { return; }
    if (editing) { stopEditing(true); }
    editing = seg;
    seg.contentEditable = "true";
    seg.classList.add("editing");
    seg.setAttribute("data-before", serialize(seg));
    seg.focus();
    var r = document.createRange();
    r.selectNodeContents(seg);
    r.collapse(false);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }
  function stopEditing(save) {
    var seg = editing;
    if (!seg) { return; }
    editing = null;
    seg.contentEditable = "false";
    seg.removeAttribute("contenteditable");
    seg.classList.remove("editing");
    var text = serialize(seg);
    if (save && text !== seg.getAttribute("data-before") && !seg.classList.contains("conflict")) {
      send(seg, "edit", text);
    }
  }
  function liveCheck(seg) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(function () {
      var payload = base(seg);
      payload.text = serialize(seg);
      api("/api/check", payload).then(function (r) {
        if (r.error) { return; }
        if (current === seg) { showFindings(r.findings); }
        seg.classList.remove("f-error", "f-warning", "f-info");
        if (r.worst) { seg.classList.add("f-" + r.worst); }
      });
    }, 250);
  }

  function send(seg, action, text) {
    var payload = base(seg);
    payload.action = action;
    payload.text = text;
    payload.version = entryOf(seg)[1];
    status("saving…", "");
    return api("/api/save", payload).then(function (r) { return afterSave(seg, r, text); });
  }
  function afterSave(seg, r, text) {
    if (r._status === 409) {
      // Someone changed this sentence on disk: keep the reviewer's text, show theirs.
      seg.classList.add("conflict");
      var box = q("[data-p-conflict]");
      box.hidden = false;
      box.textContent = r.error + (r.current ? " On disk now: “" + plain(r.current.tokens) + "” (" + r.current.state +
        "). Press the same key again to save your text over it." : "");
      if (r.current) { entryOf(seg)[1] = r.current.version; }
      status("not saved", "bad");
      return r;
    }
    if (r.error) { status(r.error, "bad"); return r; }
    seg.classList.remove("conflict");
    q("[data-p-conflict]").hidden = true;
    update(r.entry, seg);
    progress(r.stats);
    undoDepth += r.written ? 1 : 0;
    status(r.written ? "saved" : "unchanged", "ok");
    return r;
  }
  function update(entry, origin) {
    entry.ids.forEach(function (id) {
      var s = byId[id];
      if (!s) { return; }
      var e = entryOf(s);
      e[0] = entry.state; e[1] = entry.version; e[2] = entry.worst;
      if (s !== editing) { fill(s, entry.tokens); }
      paint(s);
    });
    if (current && entry.ids.indexOf(current.getAttribute("data-seg")) >= 0) {
      q("[data-p-state]").textContent = entry.state;
      showFindings(entry.findings);
    }
  }
  function progress(s) {
    document.querySelector("[data-progress]").textContent =
      s.reviewed_words + " / " + s.words + " words reviewed (" + s.percent + "%)";
    document.querySelector("[data-meter]").value = s.percent;
  }

  function act(name) {
    var seg = current;
    if (name === "undo") {
      if (editing) { stopEditing(true); }
      return api("/api/undo", {}).then(function (r) {
        if (r.error) { status(r.error, "bad"); return; }
        var s = byId[r.entry.ids[0]];
        update(r.entry, s);
        progress(r.stats);
        status("undone", "ok");
        if (s) { select(s); }
      });
    }
    if (!seg) { return; }
    if (name === "revert") {
      var go = function (d) {
        if (!d || !d.suggestions.length) { status("no suggestion to revert to", "bad"); return; }
        if (editing === seg) { stopEditing(false); }
        send(seg, "revert", d.suggestions[0].text);
      };
      return detail && current === seg ? go(detail) : loadDetail(seg).then(go);
    }
    var text = serialize(seg);
    if (editing === seg) { stopEditing(false); }
    if (stateOf(seg) === "untranslated" && !seg.classList.contains("dirty") && name !== "needs-work") {
      status("type a translation first (Enter to edit)", "bad");
      return;
    }
    return send(seg, name, text).then(function (r) {
      if (name === "accept" && r && !r.error) { step(1, isTodo); }
    });
  }

  /* --- events ------------------------------------------------------------------------------- */

  document.addEventListener("focusin", function (e) {
    var seg = e.target.closest && e.target.closest(".cell.tgt .seg[data-seg]");
    if (!seg || seg === current) { return; }
    current = seg;
    segs.forEach(function (s) { s.classList.remove("current"); });
    seg.classList.add("current");
    loadDetail(seg);
  });
  document.addEventListener("focusout", function (e) {
    if (editing && e.target === editing && !panel.contains(e.relatedTarget)) { stopEditing(true); }
  });
  document.addEventListener("click", function (e) {
    var seg = e.target.closest && e.target.closest(".cell.tgt .seg[data-seg]");
    if (seg && seg === current && seg !== editing) { startEditing(seg); }
  });
  document.addEventListener("input", function (e) {
    if (editing && e.target === editing) { editing.classList.add("dirty"); liveCheck(editing); }
  });
  document.addEventListener("paste", function (e) {
    if (!editing) { return; }
    e.preventDefault();
    var text = (e.clipboardData || window.clipboardData).getData("text/plain").replace(/\s*\n\s*/g, " ");
    document.execCommand("insertText", false, text);
  });
  panel.addEventListener("click", function (e) {
    var b = e.target.closest("[data-act]");
    if (b) { act(b.getAttribute("data-act")); }
  });
  panel.addEventListener("mousedown", function (e) {
    if (e.target.closest("[data-act]")) { e.preventDefault(); }  // keep the sentence focused
  });
  document.querySelector("[data-filter]").addEventListener("change", function (e) { applyFilter(e.target.value); });
  var help = document.querySelector("[data-helpbox]"), helpBtn = document.querySelector("[data-help]");
  function toggleHelp() { help.hidden = !help.hidden; helpBtn.setAttribute("aria-expanded", String(!help.hidden)); }
  helpBtn.addEventListener("click", toggleHelp);
  document.querySelector("[data-build]").addEventListener("click", function (e) {
    var btn = e.target, link = document.querySelector("[data-built]");
    btn.disabled = true; btn.textContent = "Building…";
    api("/api/build", { doc: DATA.doc, lang: DATA.lang }).then(function (r) {
      btn.disabled = false; btn.textContent = "Build";
      if (r.error) { status(r.error, "bad"); return; }
      link.href = r.href; link.hidden = false;
    });
  });

  window.addEventListener("keydown", function (e) {
    var k = e.key;
    var inForm = e.target.closest && e.target.closest("select, input, textarea, button");
    var handled = true;
    if ((e.ctrlKey || e.metaKey) && k === "Enter") { act("accept"); }
    else if (e.altKey && (k === "w" || k === "W")) { act("needs-work"); }
    else if (e.altKey && (k === "r" || k === "R")) { act("revert"); }
    else if (e.altKey && (k === "z" || k === "Z")) { act("undo"); }
    else if (e.altKey && k === "ArrowDown") { step(1); }
    else if (e.altKey && k === "ArrowUp") { step(-1); }
    else if (editing) {
      if (k === "Escape") { var s = editing; stopEditing(true); s.focus(); }
      else if (k === "Enter") { var t = editing; stopEditing(true); t.focus(); }
      else { handled = false; }
    }
    else if (inForm || e.ctrlKey || e.metaKey || e.altKey) { handled = false; }
    else if (k === "j" || k === "ArrowDown") { step(1); }
    else if (k === "k" || k === "ArrowUp") { step(-1); }
    else if (k === "Enter" && current && document.activeElement === current) { startEditing(current); }
    else if (JUMPS[k]) { step(1, JUMPS[k]); }
    else if (k === "?") { toggleHelp(); }
    else { handled = false; }
    if (handled) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);

  body.classList.add("rv-ready");
}());
