package site

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// A selector that selects no series is reported at its key in site.toml,
// for an SLO (checks, bad ...) and a KPI (series).
func TestASelectorThatSelectsNothingIsReportedAtItsKey(t *testing.T) {
	cases := []struct{ name, edit, typo, want string }{
		{"slo checks", `checks = "up"`, `checks = "up:manuel"`,
			`site.toml:18:1: slo "Uptime": up:manuel selects no series; source "up" has one series, selected as "up"`},
		{"slo bad", `bad = "api:errors"`, `bad = "api:eror"`,
			`site.toml:13:1: slo "API <script>alert(1)</script>": api:eror selects no series; source "api" has "errors", "total"`},
		{"kpi series", `series = "api:errors"`, `series = "api:err"`,
			`site.toml:27:1: kpi "Errors": api:err selects no series; source "api" has "errors", "total"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture.WriteSite(t, strings.Replace(metricsFixture, c.edit, c.typo, 1)+"-- content/metrics/req.csv --\n"+reqCSV())
			_, err := build(t, dir, Options{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), DryRun: true})
			var ds diag.List
			if !errors.As(err, &ds) || len(ds) != 1 || !strings.HasPrefix(ds[0].String(), c.want) {
				t.Errorf("want a message beginning\n%s\ngot\n%v", c.want, err)
			}
		})
	}
}

// A metrics source whose data does not meet as_of is a warning at its
// file key.
func TestEraWarningIsAtTheSourcesFileKey(t *testing.T) {
	dir := fixture.WriteSite(t, metricsFixture+"-- content/metrics/req.csv --\n"+reqCSV())
	res := mustBuild(t, dir, Options{AsOf: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), DryRun: true})
	var got []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Msg, "metrics source") {
			got = append(got, w.String())
		}
	}
	want := []string{
		`site.toml:4:1: warning: metrics source "api" (content/metrics/req.csv) has data from 2024-03-30 to 2024-03-30, ending 154 days before as_of 2024-09-01T00:00:00Z: recent figures on it are empty; build with --as-of 2024-03-31 to see its time`,
		`site.toml:7:1: warning: metrics source "up" (content/metrics/checks.csv) has data from 2024-03-30 to 2024-03-30, ending 154 days before as_of 2024-09-01T00:00:00Z: recent figures on it are empty; build with --as-of 2024-03-31 to see its time`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
