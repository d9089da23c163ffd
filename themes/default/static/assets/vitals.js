// vitals: charts from option JSON, sortable tables, filters and the period
// switcher. Everything works from file:// and without a server. Option JSON
// comes from a data attribute and is only ever parsed, never evaluated.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var charts = [];
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function gap(v) { return v === "-" || v === null || v === undefined || (typeof v === "number" && isNaN(v)); }

  // The axis tooltip, at the precision of the chart's table, with the
  // count behind each value. Every text in it is escaped: series names and
  // labels come from data.
  function tooltip(meta, names) {
    var d = meta.decimals || 0, unit = meta.unit ? " " + meta.unit : "";
    return function (ps) {
      if (!Array.isArray(ps)) ps = [ps];
      if (!ps.length) return "";
      var head = ps[0].axisValueLabel != null ? ps[0].axisValueLabel : ps[0].name;
      if (meta.periods === "week") head = "week of " + head; // a week is named by its Monday
      var out = [esc(head)], seen = {};
      ps.forEach(function (p) {
        // A marker (incident, missed target, launch stage) says its label.
        if (p.seriesType === "scatter" && p.data && p.data.name !== undefined) {
          out.push(p.marker + esc(p.seriesName) + ": " + esc(p.data.name));
          return;
        }
        var v = Array.isArray(p.value) ? p.value[1] : p.value;
        if (gap(v) || seen[p.seriesName]) return;
        seen[p.seriesName] = true; // a partial period's overlay repeats its series
        var line = p.marker + esc(p.seriesName) + ": <span class=\"tip-value\">" + esc(Number(v).toFixed(d) + unit) + "</span>";
        var i = names.indexOf(p.seriesName);
        var c = meta.counts && i >= 0 && meta.counts[i] ? meta.counts[i][p.dataIndex] : null;
        if (c !== null && c !== undefined) line += " (" + esc(c + (meta.countOf ? " " + meta.countOf : "")) + ")";
        out.push(line);
      });
      return out.join("<br>");
    };
  }

  // Category labels a whole label apart, counted back from the last
  // period, so they never collide and the latest is always named.
  function fitLabels(c) {
    var xa = (c.getOption().xAxis || [])[0];
    if (!xa || xa.type !== "category" || !xa.data || !xa.data.length) return;
    // Widths as the canvas measures them in ECharts' label font (digits
    // are wider than an average letter, which an estimate per character
    // took them for, and neighbours touched).
    var n = xa.data.length, longest = 1, last = 1;
    measure.font = "12px sans-serif";
    xa.data.forEach(function (v, i) {
      // A label on two lines (a funnel stage and its conversion) is as
      // wide as its longer line.
      var w = String(v !== null && typeof v === "object" ? v.value : v).split("\n").reduce(function (a, b) { return Math.max(a, measure.measureText(b).width); }, 1);
      if (i === n - 1) last = w; else longest = Math.max(longest, w);
    });
    // Room: the chart less the value axis; a label: its width and a gap.
    // Each category has a band of the axis (slot); the last label stays
    // centred on its band where half of it fits beside the band's half and
    // the chart's margin, else it is right-aligned at its period and the
    // one before must clear all of it.
    var avail = Math.max(c.getWidth() - 70, 60);
    var zoom = (c.getOption().dataZoom || [])[0], shown = n;
    if (zoom && zoom.end !== undefined) shown = Math.max(1, Math.round(n * (zoom.end - zoom.start) / 100));
    var slot = avail / shown;
    var centred = last / 2 <= slot / 2 + 10;
    var per = centred ? Math.max(longest, last) + 14 : Math.max(longest + 14, last + longest / 2 + 14);
    var step = Math.max(1, Math.ceil(shown * per / avail)), rotate = 0;
    // A short axis (up to 16 periods: four years of quarters, a year of
    // months) names every period, its labels turned where they would not
    // fit flat; a long one names every step-th, counted back from the
    // latest (two years of months turned were a fence of labels).
    // Turned 40 degrees, labels clear each other where a band is 26 px
    // (their height across the turn); 65 degrees from 19 px.
    if (step > 1 && shown <= 16 && slot >= 19) { step = 1; rotate = slot >= 26 ? 40 : 65; centred = true; }
    // Every category axis (a chart with a lower pane has two) alike.
    // A turned label hangs left of its period, the last one too (centred,
    // it would reach past the chart's right edge).
    var fit = { axisLabel: { hideOverlap: false, showMaxLabel: true, rotate: rotate, alignMaxLabel: rotate ? null : centred ? "center" : "right",
      interval: function (i) { return (n - 1 - i) % step === 0; } } };
    var more = { xAxis: (c.getOption().xAxis || []).map(function () { return fit; }) };
    // A turned first label reaches left of its band, past what the grid
    // keeps for labels: the grid starts far enough in.
    if ((c.getOption().grid || []).length === 1) {
      var reach = rotate ? Math.ceil(Math.max(longest, last) * Math.cos(rotate * Math.PI / 180) - slot / 2 + 4) : 0;
      more.grid = [{ left: Math.max(reach, Math.round(c.getWidth() * 0.03)) }];
    }
    c.setOption(more);
  }

  // The legend wraps onto as many rows as it needs; the plot starts below
  // them and below the value axis's name, so the two never overlap. Rows
  // are counted as ECharts lays them out: icon, gap, text, item gap.
  var measure = document.createElement("canvas").getContext("2d");
  function fitLegend(c) {
    var o = c.getOption(), lg = (o.legend || [])[0], grids = o.grid || [];
    if (!lg || lg.show === false || grids.length !== 1) return;
    measure.font = "12px sans-serif";
    var room = c.getWidth() - 10, x = 0, rows = 1;
    (lg.data || []).forEach(function (n) {
      var w = 25 + 5 + measure.measureText(String(n && n.name !== undefined ? n.name : n)).width + 10;
      if (x > 0 && x + w > room) { rows++; x = 0; }
      x += w;
    });
    var ya = (o.yAxis || [])[0], named = ya && ya.name;
    c.setOption({ grid: [{ top: 14 + rows * 22 + (named ? 22 : 0) }] });
  }

  function initChart(el) {
    if (el._vitals || typeof echarts === "undefined") return;
    if (el.offsetParent === null) return; // hidden: drawn when shown
    var option, meta = {};
    try { option = JSON.parse(el.getAttribute("data-option")); } catch (e) { return; }
    try { meta = JSON.parse(el.getAttribute("data-meta") || "{}") || {}; } catch (e) { meta = {}; }
    var names = (option.series || []).map(function (s) { return s.name; });
    option.tooltip = option.tooltip || {};
    option.tooltip.formatter = tooltip(meta, names);
    if (meta.valueLabels) {
      // Each bar's value on it, as the table writes it (thousands grouped).
      var d = meta.decimals || 0;
      (option.series || []).forEach(function (s) {
        if (s.label) s.label.formatter = function (p) {
          var v = Array.isArray(p.value) ? p.value[1] : p.value;
          if (gap(v)) return "";
          var note = meta.valueNotes && meta.valueNotes[p.dataIndex];
          return Number(v).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) + (note ? "\n" + note : "");
        };
      });
    }
    var miss = missingParts(option);
    if (miss.length) console.error("vitals: chart " + el.id + " uses what this ECharts build leaves out: " + miss.join(", ") +
      " (add it to generator/render/assets/fetch/entry.js)");
    var c = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    if (dark) option.backgroundColor = "transparent";
    c.setOption(option);
    fitLegend(c);
    fitLabels(c);
    c.on("datazoom", function () { fitLabels(c); });
    // A marker (release, incident) opens its page; only relative links.
    c.on("click", function (p) {
      if (p.seriesType !== "scatter" || !p.data || p.data.marker === undefined || !meta.markers) return;
      var m = meta.markers[p.data.marker];
      if (m && m.url && !/^[a-z][a-z0-9+.-]*:/i.test(m.url) && m.url.indexOf("//") !== 0) location.href = m.url;
    });
    el._vitals = c;
    charts.push(c);
    if (window.performance && performance.mark) performance.mark("vitals:chart"); // for timing a page's charts
  }

  // vitals' ECharts build carries only the series types and components
  // its charts use (generator/render/assets/fetch/entry.js); a production
  // build drops an option's other parts without a word, or throws on an
  // unknown series type. Name them, from ECharts' own class registry, and
  // leave such series out so the rest of the chart still draws.
  var notComponents = ["textStyle", "stateAnimation", "media", "baseOption", "options"];
  function missingParts(option) {
    var M = echarts.ComponentModel, out = [];
    if (!M || !M.getClass || !M.hasClass) return out;
    function add(what) { if (out.indexOf(what) < 0) out.push(what); }
    option.series = (option.series || []).filter(function (s) {
      ["markLine", "markArea", "markPoint"].forEach(function (m) { if (s[m] && !M.hasClass(m)) add(m); });
      if (!s.type || M.getClass("series", s.type)) return true;
      add("series type " + s.type);
      return false;
    });
    Object.keys(option).forEach(function (k) {
      var v = option[k], items = (Array.isArray(v) ? v : [v]).filter(function (x) {
        return x !== null && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length > 0;
      });
      if (k === "series" || notComponents.indexOf(k) >= 0 || !items.length) return;
      if (!M.hasClass(k)) return add(k);
      items.forEach(function (x) {
        if (typeof x.type === "string" && !M.getClass(k, x.type)) add(k + " type " + x.type);
      });
    });
    return out;
  }

  // A chart is redrawn only when it is shown and its box changed size:
  // one in a hidden period panel waits until its panel is shown
  // (setPeriod), and a period switch leaves charts that kept their size
  // as they are; print draws only the charts it prints.
  function shown(c) { return c.getDom().offsetParent !== null; }
  function stale(c) {
    var el = c.getDom();
    return shown(c) && (el.clientWidth !== c.getWidth() || el.clientHeight !== c.getHeight());
  }

  // Charts are drawn as they come near the screen: a page of thirty charts
  // costs the reader only those in view. Print draws them all (toPrint).
  var lazy = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      initChart(e.target);
      if (e.target._vitals) lazy.unobserve(e.target);
    });
  }, { rootMargin: "300px 0px" }) : null;
  function initCharts() {
    document.querySelectorAll(".chart[data-option]").forEach(function (el) {
      if (el._vitals) return;
      if (lazy) lazy.observe(el); else initChart(el);
    });
  }
  function drawAll() {
    document.querySelectorAll(".chart[data-option]").forEach(function (el) {
      initChart(el);
      if (lazy && el._vitals) lazy.unobserve(el);
    });
  }
  function resizeAll() { charts.forEach(function (c) { if (!stale(c)) return; c.resize(); fitLegend(c); fitLabels(c); }); }
  window.addEventListener("resize", resizeAll);
  // Print: draw every chart (those not yet scrolled to as well) without
  // its zoom slider, then back.
  // A chart prints at the size the print stylesheet gives it: the full
  // text width, half of it in a grid of pairs (.print-pairs), a third in
  // a row of three (.print-threes).
  function printSize(c) {
    var el = c.getDom();
    if (el.closest(".print-threes")) return { width: 200, height: 151 };
    if (el.closest(".print-pairs")) return { width: 310, height: 190 };
    if (el.closest(".kind-slos")) return { width: 640, height: 128 };
    return { width: 640, height: el.classList.contains("tall") ? 460 : 300 };
  }
  // Links print as numbered notes at the page's end, never as addresses
  // inside the text or a table: prose links get a number, links in
  // tables, cards, charts and navigation none (what they name is there).
  function toPrint() {
    drawAll();
    charts.filter(shown).forEach(function (c) {
      // Without its slider a chart gives the slider's room to the plot.
      if ((c.getOption().dataZoom || []).length) c.setOption({ dataZoom: [{ show: false }], grid: (c.getOption().grid || []).length === 1 ? [{ bottom: 10 }] : undefined });
      c.resize(printSize(c));
      fitLegend(c);
      fitLabels(c);
    });
    var main = document.querySelector("main"), urls = [];
    if (!main || main.querySelector(".print-notes")) return;
    main.querySelectorAll("a[href]").forEach(function (a) {
      var h = a.getAttribute("href");
      if (!h || h.charAt(0) === "#" || a.closest("table, figure, nav, .tile, .card, .actions, .period-switch, .crumbs, .downloads, .no-print, .no-print-url")) return;
      var i = urls.indexOf(a.href);
      if (i < 0) { urls.push(a.href); i = urls.length - 1; }
      a.setAttribute("data-print-note", String(i + 1));
    });
    if (!urls.length) return;
    var list = document.createElement("ol");
    list.className = "print-notes";
    urls.forEach(function (u) { var li = document.createElement("li"); li.textContent = u; list.appendChild(li); });
    main.appendChild(list);
  }
  function toScreen() {
    charts.filter(shown).forEach(function (c) {
      if ((c.getOption().dataZoom || []).length) c.setOption({ dataZoom: [{ show: true }], grid: (c.getOption().grid || []).length === 1 ? [{ bottom: 60 }] : undefined });
      c.resize();
      fitLegend(c);
      fitLabels(c);
    });
    document.querySelectorAll("a[data-print-note]").forEach(function (a) { a.removeAttribute("data-print-note"); });
    document.querySelectorAll(".print-notes").forEach(function (l) { l.remove(); });
  }
  window.addEventListener("beforeprint", toPrint);
  window.addEventListener("afterprint", toScreen);

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
    if (tables) fitTables();
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
      th.addEventListener("click", function () {
        sort();
        // A table with an id keeps its order in the address: ?sort=ID.COL.asc
        if (!table.id) return;
        var q = new URLSearchParams(location.search);
        q.set("sort", table.id + "." + col + "." + (th.getAttribute("aria-sort") === "ascending" ? "asc" : "desc"));
        history.replaceState(null, "", location.pathname + "?" + q.toString() + location.hash);
      });
      th._vitalsSort = sort;
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  (function () {
    var m = /^([A-Za-z][\w-]*)\.(\d+)\.(asc|desc)$/.exec(new URLSearchParams(location.search).get("sort") || "");
    var table = m && document.getElementById(m[1]);
    var th = table && table.tHead && table.tHead.rows[0].cells[+m[2]];
    if (!th || !th._vitalsSort) return;
    th._vitalsSort();
    if (m[3] === "desc") th._vitalsSort();
  })();
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
    // The filters live in the address (?severity=SEV1&service=api), so a
    // filtered list can be shared; only values the list offers are taken.
    var params = new URLSearchParams(location.search);
    form.querySelectorAll("select[data-filter]").forEach(function (sel) {
      var want = params.get(sel.getAttribute("data-filter"));
      if (want !== null && Array.prototype.some.call(sel.options, function (o) { return o.value === want; })) sel.value = want;
    });
    function remember() {
      var q = new URLSearchParams(location.search);
      form.querySelectorAll("select[data-filter]").forEach(function (sel) {
        if (sel.value) q.set(sel.getAttribute("data-filter"), sel.value); else q.delete(sel.getAttribute("data-filter"));
      });
      var qs = q.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    }
    form.addEventListener("change", function () { apply(); remember(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  });

  // Tables: each cell knows its column's name, so a table too wide for
  // its place can stack (CSS) instead of hiding columns off screen.
  var tables = [];
  document.querySelectorAll("table.data").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!heads.length) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (r) {
        Array.prototype.forEach.call(r.cells, function (c, i) {
          // A cell across columns (a group's heading) names no one column.
          if (heads[i]) c.setAttribute("data-label", c.colSpan > 1 ? "" : heads[i].textContent.trim());
        });
      });
    });
    tables.push(table);
  });
  // Each phase reads or writes every table at once, so the page is laid
  // out a few times in all rather than three times a table (the demo's SLO
  // page, forty tables, spent a third of its load here).
  function fitTables() {
    tables.forEach(function (t) { t.classList.remove("stacked"); });
    var m = tables.filter(function (t) { return t.parentNode.offsetParent !== null; }) // hidden: fitted when shown
      .map(function (t) { return { t: t, room: t.parentNode.clientWidth, natural: t.scrollWidth }; });
    // On a narrow screen a table whose columns would be squeezed below
    // their natural width stacks too: a column of one word a line is
    // as hard to read as a hidden one.
    var narrow = m.filter(function (x) { return x.room < 600; });
    narrow.forEach(function (x) { x.t.style.width = "max-content"; });
    narrow.forEach(function (x) { x.natural = Math.max(x.natural, x.t.scrollWidth); });
    narrow.forEach(function (x) { x.t.style.width = ""; });
    m.forEach(function (x) { if (x.natural > x.room + 1) x.t.classList.add("stacked"); });
    var scrolls = m.map(function (x) { return x.t.scrollWidth > x.room + 1; });
    m.forEach(function (x, i) { x.t.parentNode.classList.toggle("scrolls", scrolls[i]); });
  }
  fitTables();
  window.addEventListener("resize", fitTables);
  // Paper is narrower than most screens: tables are fitted again when
  // print media applies (and back after), so a wide one stacks instead of
  // being cut at the sheet's edge.
  var printMedia = window.matchMedia && window.matchMedia("print");
  if (printMedia && printMedia.addEventListener) printMedia.addEventListener("change", fitTables);
  document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", fitTables); });

  initCharts();
})();
