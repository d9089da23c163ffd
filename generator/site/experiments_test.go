package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// A whole site with a per-unit experiment, a per-variant one, a planned one
// and a folder description: experiments.csv has the started ones' rows.
const expSite = `-- site.toml --
title = "x"
-- content/experiments/README.md --
# How we run experiments
-- content/experiments/cta.md --
---
title: "Green button"
data: content/experiments/cta.csv
unit: user
exposure: at
primary: clicked:up
start: 2024-03-01
end: 2024-03-08
decision: shipped
---
## Hypothesis
A green button gets more clicks.
-- content/experiments/cta.csv --
user,variant,at,clicked
a,control,2024-03-01 10:00,0
b,control,2024-03-02 10:00,1
c,treatment,2024-03-01 11:00,1
d,treatment,2024-03-03 11:00,1
e,treatment,2024-03-09 11:00,0
-- content/experiments/sums.md --
+++
data = "content/experiments/sums.csv"
format = "variants"
primary = "m"
start = 2024-02-01
end = 2024-03-01
+++
-- content/experiments/sums.csv --
variant,units,m_sum,m_sumsq
control,6,63,679
B,5,52,546
-- content/experiments/next.md --
---
data: content/experiments/next.csv
primary: m
---
`

func TestBuildWritesExperimentsCSV(t *testing.T) {
	dir := fixture.WriteSite(t, expSite)
	mustBuild(t, dir, Options{AsOf: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)})
	got := readOut(t, dir, "data/experiments.csv")
	want := "experiment,variant,metric,units,mean,diff,diff_low,diff_high,lift,lift_low,lift_high,p_value,significant,srm_p_value,verdict\r\n" +
		// e's exposure is after end: left out. control 0 1, treatment 1 1.
		"cta,control,clicked,2,0.5,,,,,,,,,1,inconclusive\r\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("experiments.csv\n%s\nwant it to start\n%s", got, want)
	}
	// The treatment's values are constant and the control's are not:
	// diff 0.5, SE sqrt(0.5/2) = 0.5, z = 1.
	if !strings.Contains(got, "cta,treatment,clicked,2,1,0.5,") || !strings.Contains(got, "sums,control,m,6,10.5,") || !strings.Contains(got, "sums,B,m,5,10.4,-0.0999999") {
		t.Errorf("experiments.csv\n%s", got)
	}
	if strings.Contains(got, "next,") {
		t.Errorf("a planned experiment has rows:\n%s", got)
	}
}

func TestBuildReportsExperimentErrorsAtTheirKeys(t *testing.T) {
	dir := fixture.WriteSite(t, strings.Replace(expSite, "primary: clicked:up", "primary: clicks:up", 1))
	_, err := build(t, dir, Options{AsOf: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)})
	var ds diag.List
	if !errors.As(err, &ds) || !strings.Contains(ds.Error(), `content/experiments/cta.md:6:10: primary: no column "clicks" in the header ("user", "variant", "at", "clicked"); did you mean "clicked"?`) {
		t.Errorf("%v", err)
	}
}

// The demo's four experiments tell the story their documents tell: the
// checklist won and shipped, the discount is invalid (sample ratio
// mismatch), search-as-you-type is inconclusive with about four points
// detectable, the import prompt is running in three variants.
func TestDemoExperimentsTellTheirStory(t *testing.T) {
	root := fixture.RepoRoot(t)
	dest := t.TempDir()
	if _, err := build(t, root, Options{Dest: dest}); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(dest, "data", "experiments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(csv)), "\r\n")[1:] {
		f := strings.Split(l, ",")
		verdicts[f[0]] = f[len(f)-1]
	}
	want := map[string]string{"onboarding-checklist": "won", "annual-plan-discount": "invalid", "search-as-you-type": "inconclusive", "import-prompt": "running"}
	for id, v := range want {
		if verdicts[id] != v {
			t.Errorf("%s: verdict %q, want %q", id, verdicts[id], v)
		}
	}
}
