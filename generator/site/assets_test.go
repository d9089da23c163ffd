package site

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/render/assets"
)

// Pages load the ECharts runtime every site carries, from their own host,
// and say in a <noscript> that each chart's numbers are in its table.
func TestChartPagesLoadTheSitesOwnRuntime(t *testing.T) {
	dir := fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV())
	mustBuild(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	if js := readOut(t, dir, "assets/echarts.min.js"); js != string(assets.ECharts()) {
		t.Error("assets/echarts.min.js is not the pinned runtime")
	}
	for _, f := range []string{"assets/echarts.LICENSE.txt", "assets/echarts.NOTICE.txt", "assets/echarts.LICENSE-d3.txt", "assets/echarts.LICENSE-zrender.txt"} {
		if readOut(t, dir, f) == "" {
			t.Errorf("%s is empty", f)
		}
	}
	page := readOut(t, dir, "slo/index.html")
	if !strings.Contains(page, `<script src="../assets/echarts.min.js"></script>`) {
		t.Error("slo page does not load ../assets/echarts.min.js")
	}
	if strings.Contains(page, "integrity=") || strings.Contains(page, "cdn.") {
		t.Error("own-host runtime needs no integrity and no CDN")
	}
	charts, notes := strings.Count(page, `<div class="chart" `), strings.Count(page, `<noscript><p class="chart-noscript">`)
	if charts == 0 || notes != charts {
		t.Errorf("%d charts, %d noscript notes: want one per chart", charts, notes)
	}
	if got := strings.Count(page, `<details class="chart-data">`); got != charts {
		t.Errorf("%d collapsed number tables for %d charts", got, charts)
	}
}

// A site that names another host for the runtime gets the pinned file's
// integrity and crossorigin on the script tag.
func TestExplicitAssetsHostCarriesIntegrity(t *testing.T) {
	dir := fixture.WriteSite(t, strings.Replace(metricsFixture, "[[metrics.source]]",
		"[assets]\nhost = \"https://static.example.org/echarts/5.6.0/\"\n[[metrics.source]]", 1)+
		"-- content/metrics/req.csv --\n"+reqCSV())
	mustBuild(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	page := readOut(t, dir, "slo/index.html")
	want := `<script src="https://static.example.org/echarts/5.6.0/echarts.min.js" integrity="` + assets.EChartsIntegrity() + `" crossorigin="anonymous"></script>`
	// html/template writes the base64 '+' as &#43;, which browsers decode.
	if !strings.Contains(html.UnescapeString(page), want) {
		t.Errorf("slo page lacks\n%s", want)
	}
}
