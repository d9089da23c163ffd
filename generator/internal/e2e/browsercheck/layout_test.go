package browsercheck

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/chromedp/chromedp"
)

// What a reader sees of the charts and tables: axis labels that do not
// collide and always name the latest period, tables with every column in
// view on a phone, tooltips at the precision of the chart's table, and
// anchors named after what they point at.

// axisLabelsJS lists, for every drawn chart in view, the category-axis
// labels ECharts drew (text and box in canvas pixels), the last category,
// and the canvas's box in the page. It reads the axis view's group, where
// ECharts names each label "label_<tick>"; labels hidden for overlap are
// "ignore"d and left out.
const axisLabelsJS = `(() => Array.from(document.querySelectorAll('.chart')).filter(el => el._vitals && el.offsetParent !== null).map(el => {
  const c = el._vitals, opt = c.getOption(), xa = (opt.xAxis || [])[0] || {};
  const data = xa.data || [];
  const last = data.length ? (data[data.length - 1] !== null && typeof data[data.length - 1] === 'object' ? data[data.length - 1].value : data[data.length - 1]) : '';
  const labels = [];
  let found = false;
  (c._componentsViews || []).forEach(v => {
    if (!v || !v.__model || v.__model.mainType !== 'xAxis') return;
    found = true;
    v.group.traverse(t => {
      if (!t.anid || String(t.anid).indexOf('label_') !== 0 || t.ignore || t.invisible || !t.style || t.style.text === undefined) return;
      const own = t.getBoundingRect(), r = own.clone();
      r.applyTransform(t.getComputedTransform());
      labels.push({text: String(t.style.text), x: r.x, y: r.y, w: r.width, h: r.height, rot: t.rotation || 0, ow: own.width, oh: own.height});
    });
  });
  const cv = el.querySelector('canvas').getBoundingClientRect();
  return {id: el.id, category: xa.type === 'category', found: found, last: String(last), labels: labels,
    width: c.getWidth(), left: cv.left, right: cv.right};
}))()`

type axisLabel struct {
	Text string  `json:"text"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
	// Rot is the label's turn (radians), OW and OH its own size before
	// it: turned labels collide by their text, not by the upright boxes
	// around them.
	Rot float64 `json:"rot"`
	OW  float64 `json:"ow"`
	OH  float64 `json:"oh"`
}

// collide reports whether two labels' text overlaps (by more than a
// pixel). Labels turned alike are compared in their own frame: the
// distance between their centres, turned back, against their sizes.
func (l axisLabel) collide(m axisLabel) bool {
	if l.Rot == 0 || l.Rot != m.Rot || l.OW == 0 || m.OW == 0 {
		return l.X < m.X+m.W-1 && m.X < l.X+l.W-1 && l.Y < m.Y+m.H-1 && m.Y < l.Y+l.H-1
	}
	dx, dy := (m.X+m.W/2)-(l.X+l.W/2), (m.Y+m.H/2)-(l.Y+l.H/2)
	c, s := math.Cos(l.Rot), math.Sin(l.Rot)
	u, v := dx*c-dy*s, dx*s+dy*c
	return math.Abs(u) < (l.OW+m.OW)/2-1 && math.Abs(v) < (l.OH+m.OH)/2-1
}

type chartAxis struct {
	ID       string      `json:"id"`
	Category bool        `json:"category"`
	Found    bool        `json:"found"`
	Last     string      `json:"last"`
	Labels   []axisLabel `json:"labels"`
	Width    float64     `json:"width"`
	Left     float64     `json:"left"`
	Right    float64     `json:"right"`
}

// axisProblems reports, at the tab's present width, category axes whose
// labels overlap, run off the chart, or leave out the latest period; with
// pageWidth > 0, canvases that reach past it (print).
func axisProblems(tb *tab, where string, pageWidth float64) ([]string, error) {
	raw, err := eval[[]byte](tb, axisLabelsJS)
	if err != nil {
		return nil, err
	}
	var axes []chartAxis
	if err := json.Unmarshal(raw, &axes); err != nil {
		return nil, err
	}
	var probs []string
	for _, a := range axes {
		if pageWidth > 0 && (a.Right > pageWidth+1 || a.Left < -1) {
			probs = append(probs, fmt.Sprintf("%s: chart %s spans %.0f..%.0f px, outside the page's %.0f px", where, a.ID, a.Left, a.Right, pageWidth))
		}
		if !a.Category {
			continue
		}
		if !a.Found {
			probs = append(probs, fmt.Sprintf("%s: chart %s: no x axis found to check its labels", where, a.ID))
			continue
		}
		if len(a.Labels) == 0 {
			probs = append(probs, fmt.Sprintf("%s: chart %s draws no axis labels", where, a.ID))
			continue
		}
		lastShown := false
		for i, l := range a.Labels {
			if l.Text == a.Last {
				lastShown = true
			}
			if l.X < -1 || l.X+l.W > a.Width+1 {
				probs = append(probs, fmt.Sprintf("%s: chart %s: label %q runs off the chart (%.0f..%.0f of %.0f px)", where, a.ID, l.Text, l.X, l.X+l.W, a.Width))
			}
			for _, m := range a.Labels[i+1:] {
				if l.collide(m) {
					probs = append(probs, fmt.Sprintf("%s: chart %s: axis labels %q and %q collide", where, a.ID, l.Text, m.Text))
				}
			}
		}
		if !lastShown {
			probs = append(probs, fmt.Sprintf("%s: chart %s does not label its latest period %q", where, a.ID, a.Last))
		}
	}
	return probs, nil
}

// tablesJS lists the tables in view that are wider than their place, so a
// column is cut off or hidden in a scroll the reader may not notice.
const tablesJS = `(() => Array.from(document.querySelectorAll('table')).filter(t => t.offsetParent !== null).flatMap(t => {
  const box = t.parentElement.getBoundingClientRect(), r = t.getBoundingClientRect();
  // A stacked table's header row is hidden on purpose: each cell names its column.
  const cells = Array.from(t.querySelectorAll('th, td')).filter(c => !(t.classList.contains('stacked') && c.closest('thead')));
  const cut = cells.filter(c => { const b = c.getBoundingClientRect(); return b.width > 0 && (b.right > Math.min(box.right, innerWidth) + 1 || b.left < Math.max(box.left, 0) - 1); });
  if (r.width <= box.width + 1 && !cut.length) return [];
  const head = t.closest('section, figure, details') ? (t.closest('section, figure, details').querySelector('h2, h3, figcaption, summary') || {}).textContent : '';
  return [(head || 'table').trim().slice(0, 60) + ': ' + Math.round(r.width) + ' px in ' + Math.round(box.width) + ' px' + (cut.length ? ', ' + cut.length + ' cells out of view' : '')];
}))()`

// stackedJS lists, in stacked tables, cells that waste a phone's width on a
// label: a group's heading across columns labelled with the first column's
// name, or an action item's text pushed right of an empty label column.
const stackedJS = `(() => Array.from(document.querySelectorAll('table.stacked')).filter(t => t.offsetParent !== null).flatMap(t =>
  Array.from(t.querySelectorAll('tbody th, tbody td')).flatMap(c => {
    const cs = getComputedStyle(c), text = c.textContent.trim().slice(0, 40);
    if (c.colSpan > 1 && c.getAttribute('data-label')) return ['heading "' + text + '" labelled "' + c.getAttribute('data-label') + '"'];
    if (c.getAttribute('data-label') === 'Item' && parseFloat(cs.paddingLeft) > 0) return ['item "' + text + '" starts ' + cs.paddingLeft + ' in'];
    return [];
  })))()`

// stackedProblems reports stacked-table cells that waste the width on a label.
func stackedProblems(tb *tab, where string) ([]string, error) {
	ts, err := eval[[]string](tb, stackedJS)
	if err != nil {
		return nil, err
	}
	var probs []string
	for i, s := range ts {
		if i == 3 {
			probs = append(probs, fmt.Sprintf("%s: %d more stacked cells like these", where, len(ts)-3))
			break
		}
		probs = append(probs, where+": a stacked table wastes the width on a label: "+s)
	}
	return probs, nil
}

// tableProblems reports tables with a column out of view.
func tableProblems(tb *tab, where string) ([]string, error) {
	ts, err := eval[[]string](tb, tablesJS)
	if err != nil {
		return nil, err
	}
	var probs []string
	for _, s := range ts {
		probs = append(probs, where+": a table does not fit, so a column is hidden: "+s)
	}
	return probs, nil
}

// tooltipPrecisionJS shows the tooltip of each drawn chart in view at its
// last period with a value, and returns the value its table shows there
// with the tooltip's text.
const tooltipPrecisionJS = `(async () => {
  const out = [];
  for (const el of Array.from(document.querySelectorAll('.chart')).filter(el => el._vitals && el.offsetParent !== null)) {
    const c = el._vitals, fig = el.closest('figure');
    const rows = fig ? Array.from(fig.querySelectorAll('table tbody tr')) : [];
    let k = -1, want = '';
    for (let i = rows.length - 1; i >= 0; i--) {
      // The table's last complete period with a value.
      const td = rows[i].querySelector('td'), th = rows[i].querySelector('th');
      if (th && / \(to date\)$/.test(th.textContent)) continue;
      if (td && td.textContent.trim() !== '' && parseFloat(td.textContent) > 0) { k = i; want = td.textContent.trim(); break; }
    }
    if (k < 0) continue;
    // Periods drawn apart (unfinished, or provisional: counts that may
    // still rise) are drawn by an overlay: point at the first series
    // that draws period k.
    const drawn = v => { const x = v !== null && typeof v === 'object' ? v.value : v; return x !== undefined && x !== null && x !== '-'; };
    const si = Math.max(0, (c.getOption().series || []).findIndex(s => s.type === 'line' || s.type === 'bar' ? drawn((s.data || [])[k]) : false));
    c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: k});
    let got = '';
    for (const t0 = performance.now(); !got && performance.now() - t0 < %d;) { // ECharts shows it on a later frame
      await new Promise(r => requestAnimationFrame(r));
      got = Array.from(el.children).filter(x => !x.querySelector('canvas') && x.style.display !== 'none').map(x => x.textContent).join(' ').trim();
    }
    out.push({id: el.id, want: want, got: got});
    c.dispatchAction({type: 'hideTip'});
  }
  return out;
})()`

// tooltipProblems reports tooltips that do not show a value as its chart's
// table does (44.633796296296296 where the table says 44.63).
func tooltipProblems(tb *tab, where string) ([]string, error) {
	raw, err := eval[[]byte](tb, fmt.Sprintf(tooltipPrecisionJS, patience.Milliseconds()))
	if err != nil {
		return nil, err
	}
	var tips []struct{ ID, Want, Got string }
	if err := json.Unmarshal(raw, &tips); err != nil {
		return nil, err
	}
	var probs []string
	for _, t := range tips {
		if !containsNumber(t.Got, t.Want) {
			probs = append(probs, fmt.Sprintf("%s: chart %s: tooltip %q does not show the table's %s", where, t.ID, t.Got, t.Want))
		}
	}
	return probs, nil
}

// containsNumber reports whether s holds the number n as written, not as
// the start of a longer number (44.63 in 44.633...).
func containsNumber(s, n string) bool {
	for i := 0; i+len(n) <= len(s); i++ {
		if s[i:i+len(n)] != n {
			continue
		}
		before := i == 0 || !isNumChar(s[i-1])
		after := i+len(n) == len(s) || !isNumChar(s[i+len(n)])
		if before && after {
			return true
		}
	}
	return false
}

func isNumChar(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

// positionAnchorsJS lists ids and in-page links that are a position
// ("slo-1", "kpi-5", "3"): a link pasted into chat breaks when the order
// changes.
const positionAnchorsJS = `(() => {
  const pos = /^([a-z]+-)?\d+$/i;
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id).filter(id => pos.test(id));
  const links = Array.from(document.querySelectorAll('a[href*="#"]')).map(a => a.getAttribute('href').split('#')[1]).filter(f => pos.test(f));
  return ids.map(i => 'id ' + i).concat(links.map(l => 'link #' + l));
})()`

func anchorProblems(tb *tab) ([]string, error) {
	bad, err := eval[[]string](tb, positionAnchorsJS)
	if err != nil {
		return nil, err
	}
	var probs []string
	for _, b := range bad {
		probs = append(probs, "an anchor that is a position, not a name: "+b)
	}
	return probs, nil
}

// atWidth sets the viewport and lets charts and tables refit.
func atWidth(tb *tab, w, h int64, opts ...chromedp.EmulateViewportOption) error {
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, opts...)); err != nil {
		return err
	}
	return tb.settle()
}
