package cli

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// check reports on the content its dry-run build read: a warning in
// site.toml (a funnel stage with two KPIs) no longer hides the postmortem
// report, nor lets --strict pass over an unknown front-matter key.
func TestCheckReportsContentWhenSiteTomlHasAWarning(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "W"

[[metrics.source]]
name = "a"
file = "content/metrics/a.csv"

[funnel]
stages = ["acquisition"]

[[kpi]]
name = "Signups"
series = "a:signups"
stage = "acquisition"

[[kpi]]
name = "Signups again"
series = "a:signups"
stage = "acquisition"
-- content/metrics/a.csv --
time,signups
2024-01-01T00:00:00Z,3
-- content/postmortems/x.md --
---
title: X
started: 2024-01-01T10:00:00Z
sevrity: SEV2
---

Body.
`)
	code, out, errs := run(t, "check", "--strict", "-s", dir)
	if !strings.Contains(errs, `warning: kpi "Signups again": stage "acquisition" already has kpi "Signups"`) {
		t.Fatalf("the fixture's site.toml warning is gone:\n%s", errs)
	}
	if !strings.Contains(out, "content/postmortems/x.md: nothing read from the text") {
		t.Errorf("no postmortem report:\n%s", out)
	}
	if code != ExitError || !strings.Contains(errs, `strict: unknown postmortem key "sevrity"`) {
		t.Errorf("--strict with an unknown key exits %d, want %d; stderr:\n%s", code, ExitError, errs)
	}
}
