package browsercheck

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// canvasClockJS runs before a page's own scripts: it notes when each
// canvas is added (ECharts adds one per chart as it draws it).
const canvasClockJS = `window.__vitalsCanvases = [];
new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
  if (n.nodeName === 'CANVAS' || (n.querySelector && n.querySelector('canvas'))) window.__vitalsCanvases.push(performance.now());
}))).observe(document, {childList: true, subtree: true});`

// TestPageLoadTimes measures, in one headless Chromium, how long pages
// take to load: from navigation to the load event, and to the last chart
// drawn on first view (the last canvas added, within a second of quiet
// after load), median of 5 visits with the cache off. On a machine shared
// by others these wall times mostly measure the wait for a core, so it
// also reports the page's main-thread CPU time over the same visit
// (Chromium's Performance metrics in thread time: every task, and of it
// script, and style and layout), which the wait leaves out. It is a measurement,
// not a check: it runs only with VITALS_LOAD_TIMES set, to "demo" (build
// the demo here) or to built site folders separated by commas, and logs
// the figures; VITALS_LOAD_PAGES names the pages (default
// slo/index.html,index.html). State the machine's load with the figures.
//
//	VITALS_LOAD_TIMES=demo go test ./generator/internal/e2e/browsercheck/ -run LoadTimes -v
func TestPageLoadTimes(t *testing.T) {
	spec := os.Getenv("VITALS_LOAD_TIMES")
	if spec == "" {
		t.Skip("a measurement: set VITALS_LOAD_TIMES=demo or to built site folders")
	}
	browser(t)
	var dirs []string
	for _, d := range strings.Split(spec, ",") {
		if d == "demo" {
			d = buildSite(t, fixture.RepoRoot(t))
		}
		dirs = append(dirs, d)
	}
	pages := []string{"slo/index.html", "index.html"}
	if p := os.Getenv("VITALS_LOAD_PAGES"); p != "" {
		pages = strings.Split(p, ",")
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average: %s", strings.TrimSpace(string(b)))
	}
	const runs = 5
	type key struct{ dir, page string }
	type result struct {
		loads, charts, cpu, script, layout []float64
		n                                  int
	}
	res := map[key]*result{}
	srvs := map[string]string{}
	for _, dir := range dirs {
		srvs[dir] = serve(t, dir).URL
	}
	// Visits alternate between the sites, so a change in the machine's
	// load falls on all of them alike.
	for i := 0; i < runs; i++ {
		for _, p := range pages {
			for _, dir := range dirs {
				m, err := visit(srvs[dir] + "/" + p)
				if err != nil {
					t.Fatal(err)
				}
				if os.Getenv("VITALS_LOAD_DETAIL") != "" {
					t.Logf("%s %s: %s", dir, p, m.Detail)
				}
				r := res[key{dir, p}]
				if r == nil {
					r = &result{}
					res[key{dir, p}] = r
				}
				r.loads, r.charts, r.n = append(r.loads, m.Load), append(r.charts, m.Chart), m.N
				r.cpu, r.script, r.layout = append(r.cpu, m.CPU), append(r.script, m.Script), append(r.layout, m.Layout)
			}
		}
	}
	for _, p := range pages {
		for _, dir := range dirs {
			r := res[key{dir, p}]
			info, _ := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
			t.Logf("%s %s (%d bytes): load event %s ms, last chart drawn %s ms (%d charts drawn on first view); median of %d: %.0f and %.0f ms; main-thread CPU %s ms, median %.0f (script %.0f, style and layout %.0f)",
				dir, p, info.Size(), ms(r.loads), ms(r.charts), r.n, runs, median(r.loads), median(r.charts),
				ms(r.cpu), median(r.cpu), median(r.script), median(r.layout))
		}
	}
}

// visit opens u in a tab of its own (closed after) with the cache off, and
// returns its timings.
func visit(u string) (visitTimes, error) {
	var m visitTimes
	tabCtx, closeTab := chromedp.NewContext(shared.ctx)
	defer closeTab()
	tb := &tab{ctx: tabCtx, watch: &watch{}}
	ctx, cancel := tb.timeout(60 * time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{TimeDomain: performance.EnableTimeDomainThreadTicks}); err != nil {
				return err
			}
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: canvasClockJS})
			return err
		}),
		chromedp.Navigate(u))
	if err != nil {
		return m, err
	}
	// Quiet: no canvas added for a second after load.
	s, err := eval[string](tb, `new Promise(r => { let last = -1; const tick = () => {
	  const n = window.__vitalsCanvases.length; if (n === last) return r(JSON.stringify({
	    load: performance.getEntriesByType('navigation')[0].loadEventEnd,
	    chart: n ? window.__vitalsCanvases[n - 1] : 0, n: n,
	    detail: (() => { const e = performance.getEntriesByType('navigation')[0]; return ['responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd'].map(k => k + ' ' + Math.round(e[k])).join(', ') + '; ' + performance.getEntriesByType('resource').map(r => r.name.split('/').pop() + ' ' + Math.round(r.responseEnd)).join(', ') + '; ' + performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime)).join(', '); })()}));
	  last = n; setTimeout(tick, 1000); }; tick(); })`)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, err
	}
	// The tab is new, so its metrics are this visit's (and about:blank's).
	return m, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, x := range res.Metrics {
			switch x.Name {
			case "TaskDuration":
				m.CPU = x.Value * 1000
			case "ScriptDuration":
				m.Script = x.Value * 1000
			case "LayoutDuration", "RecalcStyleDuration":
				m.Layout += x.Value * 1000
			}
		}
		return nil
	}))
}

// visitTimes is what one visit measured: Load and Chart in ms from
// navigation, CPU, Script and Layout in ms of main-thread time.
type visitTimes struct {
	Load, Chart         float64
	N                   int
	Detail              string
	CPU, Script, Layout float64 `json:"-"`
}

func ms(v []float64) string {
	var s []string
	for _, x := range v {
		s = append(s, fmt.Sprintf("%.0f", x))
	}
	return strings.Join(s, " ")
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
