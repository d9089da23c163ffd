package browsercheck

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Hostile strings from issue titles, content files and exports: each must
// reach the page as text and never run.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
	`<svg onload=alert(1)>`,
	`'-alert(1)-'`,
	`</title><script>alert(1)</script>`,
}

// writeFiles writes a site from path -> content into a temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// quote writes s as a double-quoted string that TOML and YAML read back
// byte for byte (the payloads are ASCII).
func quote(s string) string { return strconv.Quote(s) }

// TestHostileSiteInBrowser builds a site whose title, description and
// content pages carry script, HTML-attribute and javascript: payloads,
// opens every built page and fails on any dialog, console error or
// javascript: link; the payload must show as plain text in the title.
func TestHostileSiteInBrowser(t *testing.T) {
	t.Parallel()
	browser(t)
	title := `Health <script>alert(1)</script> "><img src=x onerror=alert(1)>`
	body := strings.Join([]string{
		"# " + hostile[0] + " " + hostile[1],
		"",
		"Raw HTML: " + hostile[0] + " " + hostile[1] + " " + hostile[3],
		"",
		"<script>alert(1)</script>",
		"",
		`<a href="javascript:alert(1)">raw link</a> <img src=x onerror=alert(1)>`,
		"",
		"[a link](javascript:alert(1)) [another](JaVaScRiPt:alert(1)) ![img](javascript:alert(1)) <javascript:alert(1)>",
		"",
		"[ref][r] and " + hostile[4] + " and " + hostile[5],
		"",
		"[r]: javascript:alert(1)",
		"",
	}, "\n")
	dir := writeFiles(t, map[string]string{
		"site.toml": "title = " + quote(title) + "\n" +
			"description = " + quote(hostile[2]+" "+hostile[3]+" "+hostile[4]) + "\n",
		"content/_index.md": body,
		"content/hostile.md": "+++\ntitle = " + quote(hostile[0]+hostile[1]) + "\n" +
			"description = " + quote(hostile[5]) + "\n+++\n" + body,
		"content/postmortems/2025-01-02-hostile.md": "---\ntitle: " + quote(hostile[1]+hostile[0]) + "\n---\n" + body,
	})
	out := buildSite(t, dir)
	srv := serve(t, out)
	shots := shotsDir(t, "hostile")
	eachPage(t, htmlPages(t, out), func(t *testing.T, p string) {
		tb := newTab(t, srv)
		probs, err := checkPage(tb, srv.URL+"/"+p)
		if err != nil {
			t.Fatalf("check %s: %v", p, err)
		}
		for _, pr := range probs {
			t.Errorf("%s: %s", p, pr)
		}
		if tb.watch.dialogCount() > 0 {
			t.Errorf("%s: %d dialogs opened: a hostile string ran", p, tb.watch.dialogCount())
		}
		// The site title is in every page's <title> and header: it
		// must be there as the very text that was written.
		brand, err := eval[string](tb, `(document.querySelector('.brand') || {}).textContent || ''`)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(brand) != title {
			t.Errorf("%s: site title shows as %q, want the text %q", p, brand, title)
		}
		docTitle, err := eval[string](tb, `document.title`)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(docTitle, title) {
			t.Errorf("%s: document title %q does not hold the site title %q as text", p, docTitle, title)
		}
		// No element may carry an inline event handler: the themes
		// attach handlers from vitals.js, so any on* attribute came
		// from data.
		handlers, err := eval[[]string](tb, `Array.from(document.querySelectorAll('*')).flatMap(el =>
			  Array.from(el.attributes).filter(a => /^on/i.test(a.name)).map(a => el.tagName.toLowerCase() + ' ' + a.name + '=' + a.value))`)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range handlers {
			t.Errorf("%s: inline event handler in the page: %s", p, h)
		}
		if shots != "" {
			ctx, cancel := tb.timeout(60 * time.Second)
			defer cancel()
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fileName(p)+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestCheckerCatchesProblemsInBrowser proves the checks can fail: a page
// that alerts, logs an error, throws, loads a missing file, asks another
// host, links javascript:, has an undrawn chart and a chart not at its
// box's size is reported for each, in a tab that pages before and after
// it use without seeing its problems.
func TestCheckerCatchesProblemsInBrowser(t *testing.T) {
	t.Parallel()
	browser(t)
	dir := writeFiles(t, map[string]string{
		"bad.html": `<!DOCTYPE html><html><head><title>bad</title></head><body>
<a href="javascript:void(0)">x</a>
<div class="chart" id="undrawn" style="width:300px;height:200px"></div>
<div data-period-panel="week" hidden><div class="chart" id="hidden-chart" style="width:300px;height:200px"></div></div>
<div class="chart" id="stale" style="width:300px;height:200px;overflow:hidden"><canvas width="600" height="200" style="width:600px;height:200px"></canvas></div>
<script>document.querySelector('#stale canvas').getContext('2d').fillRect(0, 0, 50, 50);</script>
<img src="missing.png" alt="">
<img src="http://vitals-check.invalid/x.png" alt="">
<script>console.error("boom"); alert("ran");</script>
<script>throw new Error("thrown")</script>
</body></html>`,
		"good.html": `<!DOCTYPE html><html><head><title>good</title></head><body>
<div class="chart" id="drawn" style="width:300px;height:200px"><canvas width="300" height="200"></canvas></div>
<script>const c = document.querySelector('canvas').getContext('2d'); c.fillRect(10, 10, 50, 50);</script>
</body></html>`,
	})
	srv := serve(t, dir)

	// Pages share idle tabs (newTab): each page here takes the tab the
	// one before left, and sees only its own problems.
	var first *tab
	clean := func(t *testing.T) {
		tb := newTab(t, srv)
		if first == nil {
			first = tb
		} else if tb != first {
			t.Fatal("a new tab: the idle one was not taken")
		}
		probs, err := checkPage(tb, srv.URL+"/good.html")
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) > 0 || tb.watch.dialogCount() > 0 {
			t.Errorf("a clean page with a painted chart reported: %q, %d dialogs", probs, tb.watch.dialogCount())
		}
	}
	t.Run("clean", clean)
	t.Run("bad", func(t *testing.T) { badPage(t, srv, first) })
	t.Run("clean after bad", clean)
}

func badPage(t *testing.T, srv *httptest.Server, idle *tab) {
	tb := newTab(t, srv)
	if tb != idle {
		t.Error("a new tab: the idle one was not taken")
	}
	probs, err := checkPage(tb, srv.URL+"/bad.html")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(probs, "\n")
	for _, want := range []string{
		`JavaScript alert dialog opened: "ran"`,
		"console.error: \"boom\"",
		"uncaught exception",
		"HTTP 404 for " + srv.URL + "/missing.png",
		"request to another host: http://vitals-check.invalid/x.png",
		"request failed: http://vitals-check.invalid/x.png",
		"chart undrawn (after load) is visible but has no <canvas>",
		"chart hidden-chart is never visible",
		"chart stale (after load) is visible but has a canvas of 600x200 px in its box of 300x200 px",
		"script URL in the page: a javascript:void(0)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problem %q not reported; got:\n%s", want, all)
		}
	}

	if tb.watch.dialogCount() == 0 {
		t.Error("the alert's dialog not counted")
	}
}
