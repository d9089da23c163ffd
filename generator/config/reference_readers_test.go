package config_test

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// The defaults docs/config.md states for keys that the readers of the
// metric, SLO and KPI tables apply are theirs: read from a site.toml that
// leaves them out.
func TestReferenceDefaultsOfTheReaders(t *testing.T) {
	c, err := config.Parse("site.toml", []byte(`
[[metrics.source]]
name = "m"
file = "m.csv"
[[slo]]
name = "s"
target = 0.9
total = "m"
bad = "m:bad"
[[kpi]]
name = "k"
series = "m:x"
stage = "activation"
`), "/site")
	if err != nil {
		t.Fatal(err)
	}
	slos, ds := slo.FromConfig(c)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	kpis, stages, ds := kpi.FromConfig(c)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	direction := "up"
	if kpis[0].Down {
		direction = "down"
	}
	for key, got := range map[string]any{
		"slo.window":            slo.FormatWindow(slos[0].Window),
		"slo.slice":             slo.FormatWindow(slo.DefaultSlice), // Spec.Slice 0 stands for it
		"slo.warning_budget":    slo.DefaultWarningBudget,           // Spec.WarningBudget 0 stands for it
		"kpi.direction":         direction,
		"kpi.period":            kpis[0].Period.String(),
		"kpi.aggregate":         string(kpis[0].Aggregate),
		"funnel.stages":         stages,
		"metrics.max_bad_share": metricsrc.DefaultMaxBadShare,
	} {
		config.CheckDefault(t, key, got)
	}
	if slos[0].Slice != 0 || slos[0].WarningBudget != 0 {
		t.Errorf("slice %v, warning_budget %v: the defaults stand in for 0 no longer", slos[0].Slice, slos[0].WarningBudget)
	}
}
