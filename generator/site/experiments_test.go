package site

import (
	"errors"
	"fmt"
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
	// The import prompt runs over the API outage of 21 September 2026: its
	// page shows the uptime SLO burning faster than its budget allows.
	page, err := os.ReadFile(filepath.Join(dest, "experiments", "import-prompt", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The checklist was rolled out by the launch that names it.
	checklist, err := os.ReadFile(filepath.Join(dest, "experiments", "onboarding-checklist", "index.html"))
	if err != nil || !strings.Contains(string(checklist), `Rolled out as <a href="../../launches/2025-03-17-onboarding-checklist/index.html">`) {
		t.Errorf("the checklist's page does not link its launch (%v)", err)
	}
	if !strings.Contains(string(page), `<th scope="row">API uptime</th><td class="num">99.408%</td><td class="num">99.500%</td><td class="num exp-burn-bad">1.18×</td>`) {
		t.Error("the import prompt's page does not show the uptime SLO's burn over its window")
	}
}

// The pages say what the figures mean: the log flags a shipped experiment
// that did not win; an SRM experiment's effects are struck through with the
// reason and have no chart over time; a running one warns against stopping
// early; an inconclusive one says what it could have detected.
func TestExperimentPagesSayWhatTheFiguresMean(t *testing.T) {
	dir := fixture.WriteSite(t, expSite+`-- content/experiments/srm.md --
---
data: content/experiments/srm.csv
exposure: at
primary: m
start: 2024-03-01
end: 2024-03-08
decision: shipped
---
-- content/experiments/live.md --
---
data: content/experiments/srm.csv
exposure: at
weights: {control: 3, treatment: 2}
primary: m
start: 2024-03-01
---
`+srmData())
	mustBuild(t, dir, Options{AsOf: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)})
	log := readOut(t, dir, "experiments/index.html")
	for _, want := range []string{
		`⚑ shipped, but the verdict is inconclusive`, // cta: two units a variant
		`<del class="exp-void">m`,                    // srm: its effect is no result
		`<span class="exp-badge exp-badge-invalid">invalid</span>`,
		`<span class="exp-badge exp-badge-running">running</span>`,
		`<h2 id="planned">Planned</h2>`,
		`A green button gets more clicks.`, // the hypothesis
	} {
		if !strings.Contains(log, want) {
			t.Errorf("experiments/index.html lacks %q", want)
		}
	}
	srm := readOut(t, dir, "experiments/srm/index.html")
	for _, want := range []string{`<strong>No result.</strong> Sample ratio mismatch`, `Effects, no result`, `<del>`, `class="srm srm-bad"`} {
		if !strings.Contains(srm, want) {
			t.Errorf("experiments/srm/index.html lacks %q", want)
		}
	}
	if strings.Contains(srm, "The effect as it built up") {
		t.Error("an invalid experiment's effect over time is drawn as a result")
	}
	// Units and the SRM check come before the effects.
	if u, e := strings.Index(srm, `id="units"`), strings.Index(srm, `id="effects"`); u < 0 || e < u {
		t.Errorf("units at %d, effects at %d: want the units first", u, e)
	}
	// The same units with weights 3:2 match: running, no end set.
	live := readOut(t, dir, "experiments/live/index.html")
	for _, want := range []string{`<strong>Interim figures.</strong>`, `Interim effects`, `The effect as it built up`} {
		if !strings.Contains(live, want) {
			t.Errorf("experiments/live/index.html lacks %q", want)
		}
	}
	sums := readOut(t, dir, "experiments/sums/index.html")
	if !strings.Contains(sums, "where this experiment could only detect a change of ±") {
		t.Errorf("an inconclusive experiment does not say its MDE")
	}
	// Its document is the experiment's page, not a content page of its own.
	if _, err := os.Stat(filepath.Join(dir, "public", "experiments", "cta", "index.html")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "experiments", "readme", "index.html")); err != nil {
		t.Errorf("content/experiments/README.md is a content page: %v", err)
	}
}

// srmData is 300 units in control and 200 in treatment over a week, 50/50
// intended: chi-square 20, p 8e-6.
func srmData() string {
	var b strings.Builder
	b.WriteString("-- content/experiments/srm.csv --\nunit,variant,at,m\n")
	for i := range 500 {
		v := "control"
		if i%5 >= 3 {
			v = "treatment"
		}
		fmt.Fprintf(&b, "u%d,%s,2024-03-0%d 10:00,%d\n", i, v, 1+i%7, i%4)
	}
	return b.String()
}
