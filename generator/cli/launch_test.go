package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// launchSite is a metrics-only site: hourly requests from 1 to 5 March
// 2024, one error in 1000 an hour except on 3 March (50 an hour), and a
// launch at 10% on 2 March and 50% on 3 March. The 50% stage burns the
// SLO's budget at 5 while the baseline burned at 0.1: degraded at 50%.
func launchSite(t *testing.T) string {
	t.Helper()
	dir := siteDir(t, `title = "t"
[[metrics.source]]
name = "api"
file = "content/metrics/req.csv"
[[slo]]
name = "API availability"
target = 0.99
window = "30d"
total = "api:total"
bad = "api:errors"
`)
	var csv strings.Builder
	csv.WriteString("time,total,errors\n")
	for t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC); t0.Before(time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)); t0 = t0.Add(time.Hour) {
		errs := 1
		if t0.Day() == 3 {
			errs = 50
		}
		fmt.Fprintf(&csv, "%s,1000,%d\n", t0.Format(time.RFC3339), errs)
	}
	launch := `---
flag: new-sync
stages:
  - at: 2024-03-02 00:00
    percent: 10
  - at: 2024-03-03 00:00
    percent: 50
---
# New sync
`
	for p, body := range map[string]string{"content/metrics/req.csv": csv.String(), "content/launches/new-sync.md": launch} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFailOnDegradedExitsThree(t *testing.T) {
	dir := launchSite(t)
	code, out, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "degraded")
	if code != ExitAlert || !strings.Contains(errs, `vitals build: --fail-on degraded: launch "new-sync" is degraded at 50%`) {
		t.Fatalf("exit %d, want 3\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// degraded asks only launches: the SLO, in breach too, is not named.
	if strings.Contains(errs, `slo "`) {
		t.Errorf("--fail-on degraded names an SLO:\n%s", errs)
	}
	// Before the 50% stage started the launch is healthy: exit 0.
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "degraded", "--as-of", "2024-03-03"); code != ExitOK {
		t.Fatalf("before the 50%% stage: exit %d: %s", code, errs)
	}
	// breach asks only SLOs and KPIs: the degraded launch is not named.
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "breach"); code != ExitAlert || strings.Contains(errs, "launch") {
		t.Errorf("--fail-on breach: exit %d\n%s", code, errs)
	}
}

// A rolled-back launch no longer exposes anyone: degraded does not fail on it.
func TestFailOnDegradedPassesARolledBackLaunch(t *testing.T) {
	dir := launchSite(t)
	p := filepath.Join(dir, "content", "launches", "new-sync.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rolled := strings.Replace(string(b), "---\n# New sync", "  - at: 2024-03-04 00:00\n    percent: 0\n---\n# New sync", 1)
	if err := os.WriteFile(p, []byte(rolled), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "degraded"); code != ExitOK {
		t.Errorf("rolled back: exit %d\n%s", code, errs)
	}
}

// vitals new launch writes a document that checks and builds as it is.
func TestNewLaunch(t *testing.T) {
	dir := launchSite(t)
	code, out, errs := run(t, "new", "launch", "Offline search", "-s", dir, "--started", "2024-03-04 09:00")
	if code != ExitOK || !strings.Contains(out, "wrote content/launches/2024-03-04-offline-search.md") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "check", "-s", dir); code != ExitOK || strings.Contains(errs, "launches") {
		t.Errorf("the new launch does not check: %s %s", out, errs)
	}
	if code, _, _ := run(t, "new", "launch", "Offline search", "-s", dir, "--started", "2024-03-04 09:00"); code != ExitError {
		t.Error("overwrote an existing launch")
	}
}

// A launch naming an SLO the site does not have stops the build at the line.
func TestLaunchErrorsStopTheBuild(t *testing.T) {
	dir := launchSite(t)
	p := filepath.Join(dir, "content", "launches", "new-sync.md")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "flag: new-sync\n", "flag: new-sync\nguardrails: [\"API availabilty\"]\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "build", "-s", dir, "--offline")
	if code != ExitError || !strings.Contains(errs, `content/launches/new-sync.md:3:14: guardrails[0]: "API availabilty" is not an SLO or KPI of site.toml (did you mean "API availability"?)`) {
		t.Errorf("exit %d\n%s", code, errs)
	}
}
