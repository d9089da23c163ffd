package browsercheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/vitals-dev/vitals/generator/site"
)

// One Chromium serves every test of the package; TestMain closes it.
var shared struct {
	once    sync.Once
	ctx     context.Context
	cancel  func()
	err     error
	profile string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.profile != "" {
		os.RemoveAll(shared.profile)
	}
	os.Exit(code)
}

// chromiumPath finds Debian's chromium. Without it the test skips, except
// under CI, which must run the browser check.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	msg := "no Chromium: /usr/bin/chromium is missing and chromium is not on PATH (apt-get install -y chromium)"
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI is set, and CI must run the browser check", msg)
	}
	t.Skip(msg + "; skipping the browser check")
	return ""
}

// browser returns the context of the shared browser, starting it on first
// use. Tabs are children of it.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "vitals-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		shared.profile = dir
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe),
			chromedp.UserDataDir(dir),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("no-default-browser-check", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-breakpad", true),
			chromedp.Flag("disable-client-side-phishing-detection", true),
			chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater"),
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("metrics-recording-only", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("mute-audio", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("font-render-hinting", "none"),
			// No name resolves but the loopback address of the test
			// server: a request for any other host fails inside the
			// browser (and is reported), it never leaves the machine.
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
			chromedp.WindowSize(1280, 800),
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		shared.ctx = ctx
		shared.cancel = func() { cancelCtx(); cancelAlloc() }
		shared.err = chromedp.Do(ctx) // starts the browser
	})
	if shared.err != nil {
		t.Fatalf("start %s: %v", exe, shared.err)
	}
	return shared.ctx
}

// buildSite builds the site at src into a temporary folder.
func buildSite(t *testing.T, src string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("build %s: %v", src, err)
	}
	t.Logf("built %d pages, %d charts, %d files from %s", res.Pages, res.Charts, res.Files, src)
	return dest
}

// serve serves dir on 127.0.0.1 for the rest of the test.
func serve(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(func() {
		closeIdleTabs(srv.URL)
		srv.Close()
	})
	return srv
}

// htmlPages lists the built pages, slash-separated and sorted.
func htmlPages(t *testing.T, dir string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		t.Fatalf("no *.html in %s", dir)
	}
	return pages
}

// watch records what a reader would notice going wrong in one tab.
type watch struct {
	host string // host:port of the test server

	mu       sync.Mutex
	problems []string
	urls     map[network.RequestID]string
	dialogs  int
}

func (w *watch) addf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

// dialogCount is how many JavaScript dialogs the tab opened.
func (w *watch) dialogCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dialogs
}

// take returns the problems so far and starts a new list.
func (w *watch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}

// listen runs in the tab's message loop: it must return fast and send no
// command, so dialogs are dismissed from another goroutine.
func (w *watch) listen(tab context.Context) func(ev any) {
	return func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				w.addf("console.%s: %s", ev.Type, argsText(ev.Args))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			w.addf("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text)
		case *log.EventEntryAdded:
			if ev.Entry != nil && ev.Entry.Level == log.EntryLevelError && !isIcon(ev.Entry.URL) {
				w.addf("console error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			w.mu.Lock()
			if w.urls == nil {
				w.urls = map[network.RequestID]string{}
			}
			w.urls[ev.RequestID] = u
			w.mu.Unlock()
			if !w.local(u) {
				w.addf("request to another host: %s", u)
			}
		case *network.EventResponseReceived:
			if ev.Response != nil && ev.Response.Status >= 400 && !isIcon(ev.Response.URL) {
				w.addf("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		case *network.EventLoadingFailed:
			w.mu.Lock()
			u := w.urls[ev.RequestID]
			w.mu.Unlock()
			if isIcon(u) {
				return
			}
			w.addf("request failed: %s (%s%s)", u, ev.ErrorText, blocked(ev))
		case *page.EventJavascriptDialogOpening:
			w.mu.Lock()
			w.dialogs++
			w.mu.Unlock()
			w.addf("JavaScript %s dialog opened: %q", ev.Type, ev.Message)
			go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}
}

// isIcon says whether u is the site icon the browser asks for by itself,
// once per browser: TestDemoSiteInBrowser checks it once per site, so the
// first page opened is not blamed for it.
func isIcon(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && pu.Path == "/favicon.ico"
}

func blocked(ev *network.EventLoadingFailed) string {
	if ev.BlockedReason != "" {
		return ", blocked: " + string(ev.BlockedReason)
	}
	return ""
}

// local says whether u stays on the test server. data: and blob: URLs are
// made in the page and never reach a network.
func (w *watch) local(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch pu.Scheme {
	case "data", "blob", "about":
		return true
	case "http":
		return pu.Host == w.host
	}
	return false
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// tabSlots bounds the tabs open at once across the package's tests, which
// run in parallel: pages are checked side by side in tabs of the one
// browser, so one page's wait for a frame is another's work. Four keep two
// cores busy; VITALS_BROWSER_TABS sets another number.
var tabSlots = make(chan struct{}, tabsAtOnce())

func tabsAtOnce() int {
	if n, err := strconv.Atoi(os.Getenv("VITALS_BROWSER_TABS")); err == nil && n > 0 {
		return n
	}
	return 4
}

// eachPage runs check as a subtest named by each of names, in parallel tabs
// (at most cap(tabSlots) open at once in the package), and returns when
// all have run. Names are taken in the order given: put the slowest first.
func eachPage(t *testing.T, names []string, check func(t *testing.T, name string)) {
	t.Helper()
	next := make(chan string, len(names))
	for _, n := range names {
		next <- n
	}
	close(next)
	var wg sync.WaitGroup
	for range min(cap(tabSlots), len(names)) {
		wg.Go(func() {
			for n := range next {
				tabSlots <- struct{}{}
				t.Run(n, func(t *testing.T) { check(t, n) })
				<-tabSlots
			}
		})
	}
	wg.Wait()
}

// bySize orders built pages by size, largest first: the pages with the
// most charts and tables take longest, and started first they do not
// leave one tab working alone at the end.
func bySize(t *testing.T, dir string, pages []string) []string {
	t.Helper()
	size := map[string]int64{}
	for _, p := range pages {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		size[p] = fi.Size()
	}
	out := slices.Clone(pages)
	sort.SliceStable(out, func(i, j int) bool { return size[out[i]] > size[out[j]] })
	return out
}

// tab is one browser tab with a watch on it.
type tab struct {
	ctx   context.Context
	close func()
	watch *watch
}

// idleTabs holds, per test server, tabs whose test passed, for the next
// page: a new tab costs a renderer process and the first load of the
// site's scripts, which was about half of the demo check's CPU. serve
// closes them with its server.
var idleTabs struct {
	mu   sync.Mutex
	free map[string][]*tab
}

// newTab gives a tab of the shared browser, for the test server srv: an
// idle one, back at a 1280px screen with no emulation, or a new one. It is
// idle again when the test ends, if the test passed; else it is closed.
func newTab(t *testing.T, srv *httptest.Server) *tab {
	t.Helper()
	tb := idleTab(srv.URL)
	if tb == nil {
		tb = openTab(t, srv)
	} else if err := tb.reset(); err != nil {
		t.Fatalf("reset tab: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			tb.close()
			return
		}
		idleTabs.mu.Lock()
		defer idleTabs.mu.Unlock()
		if idleTabs.free == nil {
			idleTabs.free = map[string][]*tab{}
		}
		idleTabs.free[srv.URL] = append(idleTabs.free[srv.URL], tb)
	})
	return tb
}

func idleTab(key string) *tab {
	idleTabs.mu.Lock()
	defer idleTabs.mu.Unlock()
	l := idleTabs.free[key]
	if len(l) == 0 {
		return nil
	}
	idleTabs.free[key] = l[:len(l)-1]
	return l[len(l)-1]
}

// closeIdleTabs closes the idle tabs of the test server key.
func closeIdleTabs(key string) {
	idleTabs.mu.Lock()
	l := idleTabs.free[key]
	delete(idleTabs.free, key)
	idleTabs.mu.Unlock()
	for _, tb := range l {
		tb.close()
	}
}

// openTab opens a tab in the shared browser.
func openTab(t *testing.T, srv *httptest.Server) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t))
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	u, err := url.Parse(srv.URL)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	w := &watch{host: u.Host}
	if err := chromedp.Listen(ctx, w.listen(ctx)); err != nil {
		cancel()
		t.Fatal(err)
	}
	return &tab{ctx: ctx, close: cancel, watch: w}
}

// reset readies an idle tab for another page: what the last page left in
// the watch is dropped (its test has read it), and the viewport and media
// are the browser's own again.
func (tb *tab) reset() error {
	tb.watch.mu.Lock()
	tb.watch.problems, tb.watch.urls, tb.watch.dialogs = nil, nil, 0
	tb.watch.mu.Unlock()
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	return chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}),
	)
}

// timeout bounds one step on a tab without closing the tab when it fires.
func (tb *tab) timeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, d)
}

// colorScheme emulates prefers-color-scheme ("light" or "dark") and, when
// media is set, a media type ("print").
func colorScheme(scheme, media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// open navigates to u and waits for the load event.
func (tb *tab) open(u string) error {
	ctx, cancel := tb.timeout(60 * time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate(u))
}

// eval evaluates a JavaScript expression (promises are awaited) into T.
func eval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, func(p *runtime.EvaluateParams) { p.AwaitPromise = new(true) }))
}

// chartState is what chartsJS says about one .chart container.
type chartState struct {
	ID      string  `json:"id"`
	Panel   string  `json:"panel"`
	Visible bool    `json:"visible"`
	Canvas  bool    `json:"canvas"`
	Width   float64 `json:"w"`
	Height  float64 `json:"h"`
	BoxW    float64 `json:"bw"`
	BoxH    float64 `json:"bh"`
	Painted bool    `json:"painted"`
}

func (c chartState) drawn() bool { return c.Canvas && c.Width > 0 && c.Height > 0 && c.Painted }

// fits says whether the canvas has its box's size: a chart left at an old
// size (not redrawn after a resize, or when its period panel was shown) is
// cut off by its box or leaves part of it empty.
func (c chartState) fits() bool {
	return math.Abs(c.Width-c.BoxW) <= 1 && math.Abs(c.Height-c.BoxH) <= 1
}

// chartsJS is a function of a WeakSet of canvases seen painted that
// describes every .chart: whether it is visible (not in a hidden panel or
// otherwise not rendered), whether it holds a canvas of non-zero size, the
// size of its box (inside its border), and,
// when visible, whether any pixel of that canvas was painted (a canvas in
// the set was: reading every pixel again each frame is most of the wait's
// work).
const chartsJS = `((seen) => Array.from(document.querySelectorAll('.chart')).map((el, i) => {
  const panel = el.closest('[data-period-panel]');
  const s = {id: el.id || ('chart #' + (i + 1)), panel: panel ? panel.getAttribute('data-period-panel') : '',
    visible: el.getClientRects().length > 0 && el.offsetParent !== null, canvas: false, w: 0, h: 0,
    bw: el.clientWidth, bh: el.clientHeight, painted: false};
  const c = el.querySelector('canvas');
  if (!c) return s;
  s.canvas = true;
  const r = c.getBoundingClientRect();
  s.w = r.width; s.h = r.height;
  if (!s.visible || seen.has(c)) {
    s.painted = seen.has(c);
  } else if (c.width > 0 && c.height > 0) {
    try {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let k = 3; k < d.length; k += 4) { if (d[k] !== 0) { s.painted = true; break; } }
    } catch (e) { s.painted = true; /* not a 2d canvas: ECharts drew into it */ }
    if (s.painted) seen.add(c);
  }
  return s;
}))`

// patience bounds each wait on a condition in a page (charts drawn, the
// page still). A wait ends at the first frame where its condition holds, so
// the bound costs nothing on a page that works; it is generous because a
// machine shared by several builds and browsers draws slowly, and a bound
// that a slow machine reaches fails a page that works.
const patience = 15 * time.Second

// waitChartsJS first scrolls each visible chart that is not drawn yet into
// view, as a reader scrolling down the page would, one animation frame
// apart (vitals.js draws a chart when it comes near the screen), and back
// to the top. Then it resolves, on the first animation frame at which
// every visible chart is drawn at its box's size (ECharts paints on a
// frame after setOption), or after %d ms, with chartsJS's states.
const waitChartsJS = `(async () => {
  for (const el of document.querySelectorAll('.chart[data-option]')) {
    if (el._vitals || el.offsetParent === null) continue;
    el.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  window.scrollTo(0, 0);
})().then(() => new Promise(resolve => {
  const t0 = performance.now(), seen = new WeakSet();
  const step = () => {
    const states = (` + chartsJS + `)(seen);
    const done = states.every(s => !s.visible || (s.canvas && s.w > 0 && s.h > 0 && s.painted &&
      Math.abs(s.w - s.bw) <= 1 && Math.abs(s.h - s.bh) <= 1));
    if (done || performance.now() - t0 > %d) resolve(states); else requestAnimationFrame(step);
  };
  step();
}))`

// waitCharts waits in the page until every visible chart is drawn or the
// time is up, and returns the last states.
func (tb *tab) waitCharts(limit time.Duration) ([]chartState, error) {
	raw, err := eval[[]byte](tb, fmt.Sprintf(waitChartsJS, limit.Milliseconds()))
	if err != nil {
		return nil, err
	}
	var states []chartState
	if err := json.Unmarshal(raw, &states); err != nil {
		return nil, fmt.Errorf("chart states %s: %w", raw, err)
	}
	return states, nil
}

// quietJS resolves once the page is still: an animation frame has run (so
// a resize or media change of the viewport has reached the page's
// handlers), and no chart has a redraw, update or action pending
// (ECharts' own test before its "finished" event, less its wait for
// animations: vitals' charts run without, and the pointer's and tooltip's
// glide after a hover changes no text or layout a check reads). It gives up after %d ms (patience), which a chart that
// never settles would show in the checks that follow.
const quietJS = `new Promise(resolve => {
  const t0 = performance.now();
  const busy = () => Array.from(document.querySelectorAll('.chart')).some(el => {
    const c = el._vitals, zr = c && c.getZr && c.getZr();
    return zr && (zr._needsRefresh || zr._needsRefreshHover ||
      c.__pendingUpdate || (c._scheduler && c._scheduler.unfinished) || (c._pendingActions || []).length > 0);
  });
  const step = () => {
    const ms = performance.now() - t0;
    if (!busy() || ms > %d) resolve(ms); else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`

// quietExpr is quietJS with its bound: a promise to chain a read to.
func quietExpr() string { return fmt.Sprintf(quietJS, patience.Milliseconds()) }

// settle waits until the page is still (quietJS). Console messages and
// failures the page caused before then have reached the watch: CDP sends
// events and the answer to the evaluation in order.
func (tb *tab) settle() error {
	ms, err := eval[float64](tb, quietExpr())
	if ms > float64(patience.Milliseconds()) {
		trace("a chart did not settle in %s", patience)
	}
	return err
}

// checkPage opens u in tb and returns every problem a reader would meet:
// what the watch saw, javascript: links, and charts that are not drawn,
// for the page as loaded and for each period of its period switcher.
func checkPage(tb *tab, u string) ([]string, error) { return checkOpened(tb, u, true) }

// checkLoad is checkPage for the page as loaded only: the period shown
// at load, no switch.
func checkLoad(tb *tab, u string) ([]string, error) { return checkOpened(tb, u, false) }

func checkOpened(tb *tab, u string, periods bool) ([]string, error) {
	var probs []string
	if err := tb.open(u); err != nil {
		return append(tb.watch.take(), "load: "+err.Error()), nil
	}
	ever := map[string]bool{} // chart id -> visible (and checked) in some state
	seen := []string{}
	reported := map[string]bool{} // once a chart is enough
	record := func(state string, states []chartState) {
		for _, s := range states {
			if _, ok := ever[s.ID]; !ok {
				ever[s.ID] = false
				seen = append(seen, s.ID)
			}
			if s.Visible {
				ever[s.ID] = true
			}
		}
		probs = append(probs, chartProblems(state, states, reported)...)
	}
	t0 := time.Now()
	states, err := tb.waitCharts(patience)
	if err != nil {
		return nil, err
	}
	record("after load", states)
	trace("%s: charts after load %s (%d charts)", u, time.Since(t0), len(states))

	nButtons, err := eval[int](tb, `document.querySelectorAll('.period-switch button').length`)
	if err != nil {
		return nil, err
	}
	if !periods {
		nButtons = 0
	}
	for i := 0; i < nButtons; i++ {
		// The click's handler runs before click() returns: read its result
		// in the same round trip.
		lp, err := eval[[2]string](tb, fmt.Sprintf(`(() => { const b = document.querySelectorAll('.period-switch button')[%d]; b.click();
		  return [b.getAttribute('data-period') || b.textContent, b.getAttribute('aria-pressed') || '']; })()`, i))
		if err != nil {
			return nil, err
		}
		label, pressed := lp[0], lp[1]
		if pressed != "true" {
			probs = append(probs, fmt.Sprintf("period button %q did not switch (aria-pressed=%q)", label, pressed))
		}
		states, err := tb.waitCharts(patience)
		if err != nil {
			return nil, err
		}
		record("period "+label, states)
		trace("%s: period %s %s", u, label, time.Since(t0))
	}
	for _, id := range seen {
		if periods && !ever[id] {
			probs = append(probs, fmt.Sprintf("chart %s is never visible, under any period", id))
		}
	}

	links, err := eval[[]string](tb, `Array.from(document.querySelectorAll('[href],[src],[action],[formaction],[xlink\\:href]')).flatMap(el =>
	  ['href','src','action','formaction','xlink:href'].map(a => el.getAttribute(a)).filter(v => v && /^\s*(javascript|vbscript|data:text\/html)/i.test(v))
	    .map(v => el.tagName.toLowerCase() + ' ' + v))`)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		probs = append(probs, "script URL in the page: "+l)
	}
	if err := tb.settle(); err != nil {
		return nil, err
	}
	return append(tb.watch.take(), probs...), nil
}

// chartProblems reports the visible charts of states that are not drawn,
// or not at their box's size, in the state named; charts in reported are
// left out, and those reported now are added.
func chartProblems(state string, states []chartState, reported map[string]bool) []string {
	var probs []string
	for _, s := range states {
		if !s.Visible || reported[s.ID] || (s.drawn() && s.fits()) {
			continue
		}
		what := "no <canvas>"
		switch {
		case s.Canvas && (s.Width == 0 || s.Height == 0):
			what = fmt.Sprintf("a canvas of %gx%g px", s.Width, s.Height)
		case s.Canvas && !s.Painted:
			what = "a canvas with nothing painted on it"
		case s.Canvas:
			what = fmt.Sprintf("a canvas of %gx%g px in its box of %gx%g px (not redrawn at its size)", s.Width, s.Height, s.BoxW, s.BoxH)
		}
		where := ""
		if s.Panel != "" {
			where = " in period panel " + s.Panel
		}
		probs = append(probs, fmt.Sprintf("chart %s%s (%s) is visible but has %s", s.ID, where, state, what))
		reported[s.ID] = true
	}
	return probs
}

// periodCharts shows each period of the page's period switcher in turn,
// at the tab's present size, and reports charts not drawn at their box's
// size (chartProblems) under where.
func periodCharts(tb *tab, where string) ([]string, error) {
	n, err := eval[int](tb, `document.querySelectorAll('.period-switch button').length`)
	if err != nil {
		return nil, err
	}
	var probs []string
	reported := map[string]bool{}
	for i := 0; i < n; i++ {
		label, err := eval[string](tb, fmt.Sprintf(`(() => { const b = document.querySelectorAll('.period-switch button')[%d]; b.click();
		  return b.getAttribute('data-period') || b.textContent; })()`, i))
		if err != nil {
			return nil, err
		}
		states, err := tb.waitCharts(patience)
		if err != nil {
			return nil, err
		}
		probs = append(probs, chartProblems(where+", period "+label, states, reported)...)
	}
	return probs, nil
}

// trace prints timings when VITALS_BROWSER_TRACE is set.
func trace(format string, args ...any) {
	if os.Getenv("VITALS_BROWSER_TRACE") != "" {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}

// firstPeriod shows the first period of the period switcher, as a reader
// lands on the page (checkPage leaves the last one shown).
func firstPeriod(tb *tab) error {
	_, err := eval[chromedp.Void](tb, `(() => { const b = document.querySelector('.period-switch button'); if (b) b.click(); })()`)
	if err != nil {
		return err
	}
	_, err = tb.waitCharts(patience)
	return err
}

// shotsDir is VITALS_SCREENSHOTS, made when set; "" when unset.
func shotsDir(t *testing.T, sub string) string {
	t.Helper()
	d := os.Getenv("VITALS_SCREENSHOTS")
	if d == "" {
		return ""
	}
	d = filepath.Join(d, sub)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// fileName turns a page path into a flat file name: "issues/index.html" ->
// "issues".
func fileName(page string) string {
	s := strings.TrimSuffix(page, ".html")
	s = strings.TrimSuffix(s, "/index")
	if s == "index" || s == "" {
		return "dashboard"
	}
	return strings.ReplaceAll(s, "/", "_")
}
