package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// launchFixture: hourly requests from 1 to 11 March 2024, one error in
// 1000 except on 6 March (30); an SLO on them; three launches: one at 50%
// since 6 March (degraded there, under way), one rolled back to 0% on 5
// March, one complete with no guardrails; a postmortem on 6 March.
func launchFixture() string {
	var csv strings.Builder
	csv.WriteString("time,total,errors\n")
	for t := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC); t.Before(time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)); t = t.Add(time.Hour) {
		errs := 1
		if t.Day() == 6 {
			errs = 30
		}
		fmt.Fprintf(&csv, "%s,1000,%d\n", t.Format(time.RFC3339), errs)
	}
	return `-- site.toml --
title = "Launches"
[[metrics.source]]
name = "api"
file = "content/metrics/req.csv"
[[slo]]
name = "API availability"
target = 0.99
window = "30d"
total = "api:total"
bad = "api:errors"
-- content/metrics/req.csv --
` + csv.String() + `-- content/launches/a-degraded.md --
---
title: "Faster <sync>"
flag: faster-sync
stages:
  - at: 2024-03-04 00:00
    percent: 10
  - at: 2024-03-06 00:00
    percent: 50
---
# Faster sync

## Risks

- Sync storms. Likelihood: low.
-- content/launches/b-rolled-back.md --
---
flag: old-thing
stages:
  - at: 2024-03-02 00:00
    percent: 10
  - at: 2024-03-03 00:00
    percent: 25
  - at: 2024-03-05 00:00
    percent: 0
---
# Old thing
-- content/launches/c-complete.md --
---
flag: done-thing
guardrails: []
stages:
  - at: 2024-03-02 00:00
    percent: 50
  - at: 2024-03-03 00:00
    percent: 100
---
# Done thing
-- content/launches/README.md --
# About our launches

Every flag goes out in stages.
-- content/postmortems/2024-03-06-errors.md --
---
title: "Errors on 6 March"
severity: SEV2
started: 2024-03-06T02:00:00Z
resolved: 2024-03-06T23:00:00Z
---
# Errors on 6 March
`
}

func TestLaunchPages(t *testing.T) {
	dir := fixture.WriteSite(t, launchFixture())
	res := mustBuild(t, dir, Options{AsOf: time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)})
	states := map[string]string{}
	for _, s := range res.States {
		if s.Kind == "launch" {
			states[s.Name] = s.State + "|" + s.Detail
		}
	}
	if states["a-degraded"] != "degraded|degraded at 50%" || states["b-rolled-back"] != "rolled back|rolled back" || states["c-complete"] != "complete|complete" {
		t.Errorf("states %v", states)
	}

	list := readOut(t, dir, "launches/index.html")
	under, rest, ok := strings.Cut(list, `id="all"`)
	if !ok || !strings.Contains(under, "Faster &lt;sync&gt;") || strings.Contains(rest, "Faster &lt;sync&gt;") {
		t.Error("the launch under way is not listed first, under its own heading")
	}
	for _, want := range []string{"degraded at 50%", "Old thing", "rolled back", "Done thing", "Every flag goes out in stages.", "data/launches.csv"} {
		if !strings.Contains(list, want) {
			t.Errorf("launches page lacks %q", want)
		}
	}

	page := readOut(t, dir, "launches/a-degraded/index.html")
	for _, want := range []string{
		"degraded at 50%", "The 50% stage, from 6 March 2024, 00:00 UTC, breached API availability. Now at 50%.",
		`<span class="state state-breach">breach</span>`, // the stage's heading
		"Errors on 6 March", "../../postmortems/2024-03-06-errors/index.html", // an incident during the launch, linked
		"<h2 id=\"risks\">Risks</h2>", "Sync storms", // the body, pre-mortem included
		"../../slo/index.html#slo-api-availability", "rollout-a-degraded", // the guardrail's link and the chart
	} {
		if !strings.Contains(page, want) {
			t.Errorf("launch page lacks %q", want)
		}
	}
	if strings.Contains(page, "<sync>") {
		t.Error("the launch title is markup")
	}
	if p := readOut(t, dir, "launches/b-rolled-back/index.html"); !strings.Contains(p, "Not judged: at 0% nobody sees the flag.") || strings.Contains(p, "Errors on 6 March") {
		t.Error("rolled-back launch: the 0% stage is judged, or an incident after the rollback is listed")
	}

	dash := readOut(t, dir, "index.html")
	for _, want := range []string{"launches/a-degraded/index.html", "launches/b-rolled-back/index.html", "card state-breach", "card state-warning"} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if strings.Contains(dash, "launches/c-complete/index.html") {
		t.Error("the dashboard names a complete launch")
	}
	if slo := readOut(t, dir, "slo/index.html"); !strings.Contains(slo, "../launches/a-degraded/index.html") || !strings.Contains(slo, "launch stages") {
		t.Error("the SLO charts do not mark the launches' stages")
	}
	if hc := readOut(t, dir, "how-we-count/index.html"); !strings.Contains(hc, `id="launches-breach"`) {
		t.Error("How we count lacks the launches' definitions")
	}
	// The 50% stage, 6 March to as_of: 720 + 4 × 24 = 816 errors of 120,000
	// (0.68%, burn 0.68) against the baseline's 48 of 48,000 (2 and 3 March,
	// as long as the first stage): significantly higher.
	if csv := readOut(t, dir, "data/launches.csv"); !strings.Contains(csv, "a-degraded,faster-sync,2,2024-03-06T00:00:00Z,50,API availability,0.00680000,0.00100000,0.6800,true,degraded\r\n") {
		t.Errorf("launches.csv:\n%s", csv)
	}
}
