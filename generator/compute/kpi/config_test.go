package kpi

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/config"
)

func fromText(t *testing.T, src string) ([]Spec, []string, diag.List) {
	t.Helper()
	c, err := config.Parse("site.toml", []byte(src), "/site")
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return FromConfig(c)
}

func TestFromConfigReadsKPIsAndTheDefaultFunnel(t *testing.T) {
	specs, stages, ds := fromText(t, `[[metrics.source]]
name = "ga"
file = "ga.csv"
[[kpi]]
name = "Signups"
series = "ga:signups"
direction = "down"
target = 10
warning = 20
period = "quarter"
aggregate = "last"
stage = "activation"
[funnel]
`)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	s := specs[0]
	if s.Series.String() != "ga:signups" || !s.Down || *s.Target != 10 || *s.Warning != 20 || s.Period.String() != "quarter" || s.Aggregate != Last || s.Stage != "activation" {
		t.Errorf("spec %+v", s)
	}
	if strings.Join(stages, ",") != strings.Join(AARRR, ",") {
		t.Errorf("stages %q", stages)
	}
	if _, stages, _ := fromText(t, ""); stages != nil {
		t.Errorf("no [funnel], stages %q", stages)
	}
}

func TestFromConfigWarnsOfASecondKPIOfAStage(t *testing.T) {
	_, _, ds := fromText(t, `[[metrics.source]]
name = "ga"
file = "ga.csv"
[funnel]
stages = ["a", "b", "a"]
[[kpi]]
name = "One"
series = "ga:x"
stage = "a"
[[kpi]]
name = "Two"
series = "ga:y"
stage = "a"
period = "year"
`)
	got := ds.Error()
	for _, want := range []string{
		`site.toml:5:1: funnel stages must be distinct and not empty (got "a")`,
		`site.toml:13:1: warning: kpi "Two": stage "a" already has kpi "One", which the funnel shows`,
		`site.toml:14:1: kpi "Two": period "year" must be day, week, month or quarter`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if !ds.HasErrors() || len(ds) != 3 {
		t.Errorf("want 2 errors and a warning, got %d:\n%s", len(ds), got)
	}
}

// Without [funnel], a KPI's stage is one of AARRR's five: the funnel is
// AARRR by default. Without stages there is no funnel; a stage outside
// AARRR says which stages there are.
func TestStagesWithoutFunnelTableAreAARRR(t *testing.T) {
	src := "[[metrics.source]]\nname = \"ga\"\nfile = \"ga.csv\"\n[[kpi]]\nname = \"Signups\"\nseries = \"ga:signups\"\nstage = \"activation\"\n"
	_, stages, ds := fromText(t, src)
	if len(ds) > 0 || strings.Join(stages, ",") != strings.Join(AARRR, ",") {
		t.Errorf("stages %q, problems %v; want AARRR and none", stages, ds)
	}
	_, stages, ds = fromText(t, strings.Replace(src, "stage = \"activation\"\n", "", 1))
	if len(ds) > 0 || stages != nil {
		t.Errorf("no stage: stages %q, problems %v; want no funnel", stages, ds)
	}
	_, _, ds = fromText(t, strings.Replace(src, "activation", "awareness", 1))
	if len(ds) != 1 || !strings.Contains(ds[0].Msg, `stage "awareness" is not one of`) || !strings.Contains(ds[0].Msg, "acquisition") {
		t.Errorf("a stage outside AARRR: %v", ds)
	}
}
