package browsercheck

import (
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/render/assets"
	"github.com/vitals-dev/vitals/generator/render/chart"
)

// chartPage is a page of charts with the site's own runtime and vitals.js,
// as a built site serves them.
func chartPage(t *testing.T, charts ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>charts</title>
<style>.chart { width: 600px; height: 300px; margin-bottom: 40px; }</style></head><body>`)
	b.WriteString(strings.Join(charts, "\n"))
	b.WriteString(`<script src="assets/echarts.min.js"></script><script src="assets/vitals.js"></script></body></html>`)
	return b.String()
}

// chartDiv is a chart container carrying option JSON, as the chart
// partial writes it.
func chartDiv(id, option string) string {
	return fmt.Sprintf(`<div class="chart" id="%s" data-option="%s"></div>`, id, html.EscapeString(option))
}

func runtimeFiles(t *testing.T) map[string]string {
	t.Helper()
	js, err := os.ReadFile(filepath.Join(fixture.RepoRoot(t), "themes", "default", "static", "assets", "vitals.js"))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"assets/echarts.min.js": string(assets.ECharts()), "assets/vitals.js": string(js)}
}

// TestEChartsBuildDrawsWhatChartsUseAndNamesWhatItLacks proves the site's
// ECharts build, which carries only the parts vitals uses, draws every
// kind of chart that generator/render/chart makes without a word, and that
// an option asking for a part the build leaves out (a pie, a markPoint, a
// title) is named on the console, which fails the browser check.
func TestEChartsBuildDrawsWhatChartsUseAndNamesWhatItLacks(t *testing.T) {
	browser(t)
	x := []string{"2024-01", "2024-02", "2024-03", "2024-04"}
	var divs []string
	for _, s := range []chart.Spec{
		// A line with an area, a dashed and a step line, a zoom slider,
		// markers and a second pane.
		{ID: "line", Title: "line", Kind: chart.Line, X: x, Zoom: true,
			Series:  []chart.Series{{Name: "a", Values: []float64{1, 2, math.NaN(), 4}, Area: true}, {Name: "b", Values: []float64{2, 2, 3, 3}, Dashed: true, Step: true}},
			Lower:   []chart.Series{{Name: "burn", Values: []float64{0.5, 1, 2, 1}}},
			Markers: []chart.Marker{{X: "2024-02", Label: "SEV1 2024-02-03", URL: "pm.html"}}},
		// Stacked bars with an unfinished period (a hatched decal).
		{ID: "bar", Title: "bar", Kind: chart.Bar, X: x, Partial: true, Integer: true,
			Series: []chart.Series{{Name: "a", Values: []float64{1, 2, 3, 4}, Stack: "s"}, {Name: "b", Values: []float64{1, 1, 1, 1}, Stack: "s"}}},
		// A log axis and a partial period's dotted overlay.
		{ID: "log", Title: "log", Kind: chart.Line, X: x, Log: true, Partial: true,
			Series: []chart.Series{{Name: "median", Values: []float64{1, 10, 100, 5}}, {Name: "p90", Values: []float64{3, 300, 1000, 9}}}},
	} {
		c, err := chart.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		divs = append(divs, chartDiv("chart-"+c.ID, c.Option))
	}
	files := runtimeFiles(t)
	files["good.html"] = chartPage(t, divs...)
	files["missing.html"] = chartPage(t, chartDiv("chart-missing",
		`{"title":{"text":"a title"},"xAxis":[{"type":"category","data":["a","b"]}],"yAxis":[{"type":"value"}],`+
			`"series":[{"type":"pie","data":[1,2]},{"type":"line","data":[1,2],"markPoint":{"data":[{"coord":["a",1]}]}}]}`))
	srv := serve(t, writeFiles(t, files))

	tb := newTab(t, srv)
	probs, err := checkPage(tb, srv.URL+"/good.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("good.html: %s", p)
	}

	tb = newTab(t, srv)
	probs, err = checkPage(tb, srv.URL+"/missing.html")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(probs, "\n")
	for _, want := range []string{"chart-missing uses what this ECharts build leaves out", "series type pie", "markPoint", "title"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing.html: %q not reported; got:\n%s", want, all)
		}
	}
}

// TestChartsAreDrawnWhenScrolledToAndAllForPrint: a page of many charts
// draws those near the screen at load, the others as the reader scrolls
// to them, and every one before printing.
func TestChartsAreDrawnWhenScrolledToAndAllForPrint(t *testing.T) {
	browser(t)
	x := []string{"2024-01", "2024-02", "2024-03"}
	var divs []string
	for i := 0; i < 12; i++ {
		c, err := chart.Build(chart.Spec{ID: fmt.Sprintf("c%02d", i), Kind: chart.Line, X: x,
			Series: []chart.Series{{Name: "v", Values: []float64{1, float64(i), 3}}}})
		if err != nil {
			t.Fatal(err)
		}
		divs = append(divs, chartDiv("chart-"+c.ID, c.Option))
	}
	files := runtimeFiles(t)
	files["many.html"] = chartPage(t, divs...)
	srv := serve(t, writeFiles(t, files))
	tb := newTab(t, srv)
	if err := tb.open(srv.URL + "/many.html"); err != nil {
		t.Fatal(err)
	}
	drawn := func() int {
		t.Helper()
		if err := tb.settle(); err != nil {
			t.Fatal(err)
		}
		n, err := eval[int](tb, `document.querySelectorAll('.chart').length - Array.from(document.querySelectorAll('.chart')).filter(el => !el._vitals).length`)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// 800 px of window and 300 px more below it: the first three charts
	// (340 px apart) are near the screen, the last nine are not.
	if n := drawn(); n < 1 || n > 4 {
		t.Errorf("after load %d of 12 charts are drawn; want those near the screen only (1 to 4)", n)
	}
	if _, err := eval[chromedp.Void](tb, `window.scrollTo(0, document.body.scrollHeight)`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for drawn() < 5 && time.Now().Before(deadline) {
	}
	if n := drawn(); n < 5 || n == 12 {
		t.Errorf("scrolled to the end, %d of 12 charts are drawn; want the last ones drawn, the middle ones not", n)
	}
	if _, err := eval[chromedp.Void](tb, `window.dispatchEvent(new Event('beforeprint'))`); err != nil {
		t.Fatal(err)
	}
	if n := drawn(); n != 12 {
		t.Errorf("before printing %d of 12 charts are drawn; want all", n)
	}
	for _, p := range tb.watch.take() {
		t.Error(p)
	}
}
