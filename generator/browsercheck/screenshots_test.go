package browsercheck

import (
	"fmt"
	"github.com/vitals-dev/vitals/generator/fixture"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshotsInBrowser saves a full-page PNG of every page of the demo
// site at phone (390px) and desktop (1280px) widths, in light and dark
// colour schemes, into $VITALS_SCREENSHOTS/screens, for a person to look
// at. The same checks as TestDemoSiteInBrowser run in each state, so a
// page that breaks only in dark mode or on a phone fails here.
//
//	VITALS_SCREENSHOTS=/tmp/shots go test ./generator/browsercheck/ -run ScreenshotsInBrowser -v
func TestScreenshotsInBrowser(t *testing.T) {
	if os.Getenv("VITALS_SCREENSHOTS") == "" {
		t.Skip("set VITALS_SCREENSHOTS to a folder to take screenshots of every page")
	}
	browser(t)
	dir := shotsDir(t, "screens")
	out := buildSite(t, fixture.RepoRoot(t))
	srv := serve(t, out)
	pages := htmlPages(t, out)
	views := []struct {
		name   string
		width  int64
		height int64
		opts   []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{"desktop", 1280, 800, nil},
	}
	n := 0
	for _, p := range pages {
		for _, v := range views {
			for _, scheme := range []string{"light", "dark"} {
				name := fmt.Sprintf("%s-%s-%s", fileName(p), v.name, scheme)
				t.Run(name, func(t *testing.T) {
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
					n++
				})
			}
		}
	}
	t.Logf("%d screenshots in %s", n, dir)
}
