package browsercheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// TestScreenshotsInBrowser saves a full-page PNG of every page of the demo
// site at phone (390px) and desktop (1400px) widths, in light and dark
// colour schemes, and the first printed page (print media at the printable
// width of A4, one sheet tall), into $VITALS_SCREENSHOTS/screens, for a
// person to look at. The same checks as TestDemoSiteInBrowser run in each
// state, so a page that breaks only in dark mode or on a phone fails here.
// VITALS_SCREENSHOT_PAGES, a regular expression, picks pages.
//
//	VITALS_SCREENSHOTS=/tmp/shots go test ./generator/internal/e2e/browsercheck/ -run ScreenshotsInBrowser -v
func TestScreenshotsInBrowser(t *testing.T) {
	if os.Getenv("VITALS_SCREENSHOTS") == "" {
		t.Skip("set VITALS_SCREENSHOTS to a folder to take screenshots of every page")
	}
	t.Parallel()
	browser(t)
	dir := shotsDir(t, "screens")
	out := buildSite(t, fixture.RepoRoot(t))
	srv := serve(t, out)
	pages := htmlPages(t, out)
	if re := os.Getenv("VITALS_SCREENSHOT_PAGES"); re != "" {
		pick := regexp.MustCompile(re)
		var some []string
		for _, p := range pages {
			if pick.MatchString(p) {
				some = append(some, p)
			}
		}
		pages = some
	}
	views := []struct {
		name   string
		width  int64
		height int64
		opts   []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{"desktop", 1400, 900, nil},
	}
	var n atomic.Int64
	shots := map[string]func(t *testing.T){}
	var names []string
	for _, p := range pages {
		name := fileName(p) + "-print-A4-page1"
		names = append(names, name)
		shots[name] = func(t *testing.T) {
			tb := newTab(t, srv)
			if _, err := checkPage(tb, srv.URL+"/"+p); err != nil {
				t.Fatal(err)
			}
			if err := firstPeriod(tb); err != nil {
				t.Fatal(err)
			}
			// 170 x 261 mm: A4 less the site's @page margins.
			ctx, cancel := tb.timeout(60 * time.Second)
			defer cancel()
			err := chromedp.Do(ctx, chromedp.EmulateViewport(643, 986),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
					return err
				}),
				chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('beforeprint')); window.scrollTo(0, 0)`))
			if err != nil {
				t.Fatal(err)
			}
			if err := tb.settle(); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			n.Add(1)
		}
		for _, v := range views {
			for _, scheme := range []string{"light", "dark"} {
				name := fmt.Sprintf("%s-%s-%s", fileName(p), v.name, scheme)
				names = append(names, name)
				shots[name] = func(t *testing.T) {
					tb := newTab(t, srv)
					ctx, cancel := tb.timeout(30 * time.Second)
					defer cancel()
					// vitals.js picks the chart theme when it loads, so
					// the scheme is set before the page opens.
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, v.height, v.opts...), colorScheme(scheme, "")); err != nil {
						t.Fatal(err)
					}
					probs, err := checkPage(tb, srv.URL+"/"+p)
					if err != nil {
						t.Fatal(err)
					}
					for _, pr := range probs {
						t.Errorf("%s: %s", name, pr)
					}
					// Back to the first period, as a reader lands.
					if err := firstPeriod(tb); err != nil {
						t.Fatal(err)
					}
					o, err := measureOverflow(tb, float64(v.width))
					if err != nil {
						t.Fatal(err)
					}
					if o.Scroll > float64(v.width) {
						t.Errorf("%s: %.0f px wide on a %d px screen: %v", name, o.Scroll, v.width, o.Offenders)
					}
					ctx2, cancel2 := tb.timeout(60 * time.Second)
					defer cancel2()
					png, err := chromedp.Run(ctx2, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatalf("screenshot %s: %v", name, err)
					}
					if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
						t.Fatal(err)
					}
					n.Add(1)
				}
			}
		}
	}
	eachPage(t, names, func(t *testing.T, name string) { shots[name](t) })
	t.Logf("%d screenshots in %s", n.Load(), dir)
}
