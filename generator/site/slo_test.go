package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// A metrics-only site: hourly requests with a bad hour, checks, a KPI and a funnel.
// Requests: 24 hours of 1000 on 2024-03-30, 30 bad in the hour at 12:00.
// Target 0.99 over 1d: E = 30/24000 = 0.00125, SLI 99.875%, budget left 87.5%.
const metricsFixture = `-- site.toml --
title = "Metrics <b>fixture</b>"
[[metrics.source]]
name = "api"
file = "content/metrics/req.csv"
[[metrics.source]]
name = "up"
file = "content/metrics/checks.csv"
[[slo]]
name = "API <script>alert(1)</script>"
target = 0.99
window = "1d"
total = "api:total"
bad = "api:errors"
[[slo]]
name = "Uptime"
target = 0.999
window = "1d"
checks = "up"
[[kpi]]
name = "Requests"
series = "api:total"
period = "day"
target = 30000
stage = "acquisition"
[[kpi]]
name = "Errors"
series = "api:errors"
period = "day"
direction = "down"
stage = "activation"
[funnel]
stages = ["acquisition", "activation"]
-- content/metrics/checks.csv --
time,status
2024-03-30T00:00:00Z,up
2024-03-30T10:02:00Z,down
2024-03-30T10:30:00Z,up
`

func reqCSV() string {
	var b strings.Builder
	b.WriteString("time,total,errors\n")
	t := time.Date(2024, 3, 30, 0, 0, 0, 0, time.UTC)
	for h := 0; h < 24; h++ {
		bad := 0
		if h == 12 {
			bad = 30
		}
		b.WriteString(t.Add(time.Duration(h)*time.Hour).Format(time.RFC3339) + ",1000," + itoa(bad) + "\n")
	}
	return b.String()
}

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestSLOAndKPIPagesFromMetricExports(t *testing.T) {
	dir := fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV())
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	res := mustBuild(t, dir, Options{AsOf: asOf})
	page := readOut(t, dir, "slo/index.html")
	for _, want := range []string{"99.875%", "87.5%", "API &lt;script&gt;alert(1)&lt;/script&gt;", `id="slo-api-script-alert-1-script"`, "slo-api-script-alert-1-script-budget"} {
		if !strings.Contains(page, want) {
			t.Errorf("slo page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("SLO name rendered as markup")
	}
	csv := readOut(t, dir, "data/slo.csv")
	if !strings.Contains(csv, "\"API <script>alert(1)</script>\",rolling-1d,2024-03-30T00:00:00Z,2024-03-31T00:00:00Z,0.99,0.998750,0.875000,true") &&
		!strings.Contains(csv, "API <script>alert(1)</script>,rolling-1d,2024-03-30T00:00:00Z,2024-03-31T00:00:00Z,0.99,0.998750,0.875000,true") {
		t.Errorf("slo.csv:\n%s", csv)
	}
	// Uptime: down from 10:02 to 10:30 in 5m slices: [10:00, 10:30) is 6 bad of 288.
	// E = 6/288 = 2.08% > 0.1%: breach.
	states := map[string]string{}
	for _, s := range res.States {
		states[s.Kind+":"+s.Name] = s.State
	}
	if states["slo:Uptime"] != "breach" || states["slo:API <script>alert(1)</script>"] != "ok" {
		t.Errorf("states %v", states)
	}
	// KPIs: 2024-03-30 is the last complete day; 24000 requests < 30000 target: breach.
	if states["kpi:Requests"] != "breach" || states["kpi:Errors"] != "ok" {
		t.Errorf("kpi states %v", states)
	}
	kp := readOut(t, dir, "kpis/index.html")
	for _, want := range []string{"24,000", "Funnel, 2024-03-30", "0.1%"} {
		if !strings.Contains(kp, want) {
			t.Errorf("kpi page lacks %q", want)
		}
	}
	if !strings.Contains(res.StepSummary, "| Uptime | **breach** |") || strings.Contains(res.StepSummary, "<script>") {
		t.Errorf("step summary:\n%s", res.StepSummary)
	}
	dash := readOut(t, dir, "index.html")
	if !strings.Contains(dash, "Service levels") || !strings.Contains(dash, "slo/index.html#slo-uptime") {
		t.Error("dashboard lacks the SLO cards")
	}
}

func TestBadMetricRowsAreWarningsAndBadShareFailsTheBuild(t *testing.T) {
	site := metricsFixture + "-- content/metrics/req.csv --\n" + strings.Replace(reqCSV(), "2024-03-30T05:00:00Z,1000,0", "2024-03-30T05:00:00Z,lots,0", 1)
	dir := fixture.WriteSite(t, site)
	res := mustBuild(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	if !strings.Contains(res.Warnings.Error(), `content/metrics/req.csv:7: warning: column "total": value "lots" is not a number`) {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	bad := strings.Repeat("2024-03-30T23:59:59Z,x,y\n", 5)
	dir = fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV()+bad)
	_, err := build(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	if err == nil || !strings.Contains(err.Error(), "content/metrics/req.csv: 5 of 29 rows") {
		t.Errorf("want the bad share to fail the build, got %v", err)
	}
}

func TestMetricPagesAreByteIdenticalAcrossBuilds(t *testing.T) {
	dir := fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV())
	o := Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)}
	o.Dest = dir + "/out1"
	mustBuild(t, dir, o)
	o.Dest = dir + "/out2"
	mustBuild(t, dir, o)
	sameTree(t, fixture.ReadTree(t, dir+"/out1"), fixture.ReadTree(t, dir+"/out2"))
}

// Metric exports are read alongside the store: their errors are still
// reported with every other source's, and stop the build before compute.
func TestMetricErrorsAreReportedWithContentErrors(t *testing.T) {
	bad := strings.Repeat("2024-03-30T23:59:59Z,x,y\n", 5)
	dir := fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV()+bad+
		"-- content/postmortems/x.md --\n---\ntitle: [unclosed\n---\nBody.\n")
	_, err := build(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	if err == nil || !strings.Contains(err.Error(), "content/metrics/req.csv: 5 of 29 rows") || !strings.Contains(err.Error(), "content/postmortems/x.md") {
		t.Errorf("want the metric and the postmortem errors, got %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "public")); statErr == nil {
		t.Error("a failed build wrote the site")
	}
}
