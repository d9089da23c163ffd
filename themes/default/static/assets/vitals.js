// vitals: charts from option JSON, sortable tables, filters and the period
// switcher. Everything works from file:// and without a server. Option JSON
// comes from a data attribute and is only ever parsed, never evaluated.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var charts = [];
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  function initChart(el) {
    if (el._vitals || typeof echarts === "undefined") return;
    if (el.offsetParent === null) return; // hidden: drawn when shown
    var option;
    try { option = JSON.parse(el.getAttribute("data-option")); } catch (e) { return; }
    var c = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    if (dark) option.backgroundColor = "transparent";
    c.setOption(option);
    el._vitals = c;
    charts.push(c);
  }
  function initCharts() {
    document.querySelectorAll(".chart[data-option]").forEach(initChart);
  }
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  // Print: draw charts at the print width, then back.
  // Print: draw charts at the print width without their zoom sliders, then back.
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (c) {
      if ((c.getOption().dataZoom || []).length) c.setOption({ dataZoom: [{ show: false }] });
      c.resize({ width: 640, height: 300 });
    });
  });
  window.addEventListener("afterprint", function () {
    charts.forEach(function (c) {
      if ((c.getOption().dataZoom || []).length) c.setOption({ dataZoom: [{ show: true }] });
      c.resize();
    });
  });

  // Period switcher: buttons [data-period] show panels [data-period-panel].
  function setPeriod(p) {
    var found = false;
    document.querySelectorAll("[data-period-panel]").forEach(function (el) {
      var on = el.getAttribute("data-period-panel") === p;
      if (on) found = true;
      el.hidden = !on;
    });
    if (!found) return false;
    document.querySelectorAll(".period-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-period") === p ? "true" : "false");
    });
    initCharts();
    resizeAll();
    return true;
  }
  document.querySelectorAll(".period-switch button").forEach(function (b) {
    b.addEventListener("click", function () {
      var p = b.getAttribute("data-period");
      if (setPeriod(p)) history.replaceState(null, "", "#" + p);
    });
  });
  var first = document.querySelector(".period-switch button");
  if (first) {
    // A link may carry any fragment; one that is not valid percent-encoding
    // must not stop the rest of this script (charts, sorting, filters).
    var want = "";
    try { want = decodeURIComponent(location.hash.slice(1)); } catch (e) { want = ""; }
    var def = first.parentNode.getAttribute("data-default");
    if (!want || !setPeriod(want)) {
      if (!def || !setPeriod(def)) setPeriod(first.getAttribute("data-period"));
    }
  }

  // Sortable tables: click a header; cells may carry data-sort.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, i) { r._i = i; });
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var d = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
          return (asc ? d : -d) || a._i - b._i;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  function key(cell) {
    if (!cell) return "";
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var n = parseFloat(v.replace(/,/g, ""));
    return (v !== "" && !isNaN(n) && /^-?[\d.,]+(e-?\d+)?\s*\S*$/.test(v)) ? n : v;
  }

  // Filters: <form data-filter-table=ID> with <select data-filter=KEY>; rows
  // carry data-KEY with values separated by "|".
  document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) return;
    var out = form.querySelector(".filter-count");
    function apply() {
      var sels = form.querySelectorAll("select[data-filter]");
      var shown = 0, rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        sels.forEach(function (s) {
          if (!s.value) return;
          var vals = (rows[i].getAttribute("data-" + s.getAttribute("data-filter")) || "").split("|");
          if (vals.indexOf(s.value) < 0) ok = false;
        });
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      if (out) out.textContent = shown + " of " + rows.length + " shown";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  });

  initCharts();
})();
