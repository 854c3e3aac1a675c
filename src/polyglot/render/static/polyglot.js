/* polyglot: layout switches, machine-translation marking toggle, counterpart highlighting.
   Works without it: the page then stays side by side with the marking shown. */
(function () {
  "use strict";
  var body = document.body;
  var LAYOUTS = ["side", "inter", "src", "tgt"];

  function load(key) {
    try { return window.localStorage.getItem("polyglot." + key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { window.localStorage.setItem("polyglot." + key, value); } catch (e) { /* private mode, file:// */ }
  }
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function setLayout(name) {
    if (LAYOUTS.indexOf(name) < 0) { return; }
    LAYOUTS.forEach(function (l) { body.classList.toggle("layout-" + l, l === name); });
    each("[data-layout]", function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-layout") === name));
    });
  }
  function setMarks(on) {
    body.classList.toggle("marks", on);
    each("[data-marks]", function (b) { b.setAttribute("aria-pressed", String(on)); });
  }

  each("[data-js][hidden]", function (el) { el.hidden = false; });
  if (body.classList.contains("bilingual")) { setLayout(load("layout") || "side"); }
  if (load("marks") === "off") { setMarks(false); }

  each("[data-layout]", function (b) {
    b.addEventListener("click", function () {
      var name = b.getAttribute("data-layout");
      setLayout(name);
      store("layout", name);
    });
  });
  each("[data-marks]", function (b) {
    b.addEventListener("click", function () {
      var on = !body.classList.contains("marks");
      setMarks(on);
      store("marks", on ? "on" : "off");
    });
  });

  var lit = [];
  function highlight(id) {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = id ? Array.prototype.slice.call(document.querySelectorAll('.seg[data-seg="' + id + '"]')) : [];
    lit.forEach(function (el) { el.classList.add("hl"); });
  }
  function segOf(target) {
    return target && target.closest ? target.closest(".seg[data-seg]") : null;
  }
  document.addEventListener("mouseover", function (e) {
    var seg = segOf(e.target);
    if (seg) { highlight(seg.getAttribute("data-seg")); }
  });
  document.addEventListener("mouseout", function (e) {
    if (segOf(e.target) && !segOf(e.relatedTarget)) {
      var focused = segOf(document.activeElement);
      highlight(focused ? focused.getAttribute("data-seg") : null);
    }
  });
  document.addEventListener("focusin", function (e) {
    var seg = segOf(e.target);
    highlight(seg ? seg.getAttribute("data-seg") : null);
  });
  document.addEventListener("focusout", function (e) {
    if (!segOf(e.relatedTarget)) { highlight(null); }
  });
  /* Enter on a sentence moves the focus to its counterpart. */
  document.addEventListener("keydown", function (e) {
    var seg = segOf(e.target);
    if (!seg || e.key !== "Enter") { return; }
    var id = seg.getAttribute("data-seg");
    var pair = document.querySelectorAll('.seg[data-seg="' + id + '"]');
    for (var i = 0; i < pair.length; i++) {
      if (pair[i] !== seg && pair[i].offsetParent !== null) { pair[i].focus(); e.preventDefault(); return; }
    }
  });
}());
