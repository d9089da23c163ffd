package slo

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/demo"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// The demo metrics tell the story demo.WriteMetrics promises: June 2025 is
// the one month that breaks both SLOs, and at as_of the uptime SLO has a
// little budget left (warning) while the API is fine.
func TestDemoStoryOneBreachMonthAndAWarning(t *testing.T) {
	dir := t.TempDir()
	paths, err := demo.WriteMetrics(dir, demo.MetricsOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var all []model.Series
	for i, name := range []string{"api", "uptime", "analytics"} {
		ss, ds := metricsrc.LoadFile(metricsrc.Options{Name: name, Path: paths[i]})
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		all = append(all, ss...)
	}
	asOf := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	specs := []Spec{
		{Name: "API availability", Target: 0.999, Window: 30 * 24 * time.Hour, Bad: sel(t, "api:code=5xx"), Total: sel(t, "api")},
		{Name: "API uptime", Target: 0.995, Window: 30 * 24 * time.Hour, Checks: sel(t, "uptime:api")},
	}
	wantState := []State{OK, Warning}
	for i, s := range specs {
		r, err := Compute(s, all, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var broken []string
		for _, m := range r.Months {
			if !m.Compliant {
				broken = append(broken, m.Period)
			}
		}
		if len(broken) != 1 || broken[0] != "2025-06" {
			t.Errorf("%s: months out of SLO %q, want [2025-06]", s.Name, broken)
		}
		if len(r.Months) != 36 {
			t.Errorf("%s: %d months, want 36", s.Name, len(r.Months))
		}
		if r.State != wantState[i] {
			t.Errorf("%s: state %s (%s), want %s", s.Name, r.State, r.Reason, wantState[i])
		}
		t.Logf("%s: %s; %s; notes %q", s.Name, r.State, r.Reason, r.Notes)
	}
}
