package slo

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/config"
)

func TestStaleAfterReadsLengthsAndOff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{{"", 0, false}, {"off", StaleOff, false}, {"2h", 2 * time.Hour, false}, {"1d", 24 * time.Hour, false}, {"soon", 0, true}} {
		got, err := parseStaleAfter(tc.in)
		if (err != nil) != tc.err || (err == nil && got != tc.want) {
			t.Errorf("stale_after %q: %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func fromText(t *testing.T, src string) ([]Spec, string) {
	t.Helper()
	c, err := config.Parse("site.toml", []byte(src), "/site")
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	specs, ds := FromConfig(c)
	return specs, ds.Error()
}

func TestFromConfigReadsEachWayOfCounting(t *testing.T) {
	specs, errs := fromText(t, `[[metrics.source]]
name = "api"
file = "a.json"
[[slo]]
name = "Occurrences"
description = "d"
target = 0.99
total = "api"
good = "api:code!=5xx"
[[slo]]
name = "Latency"
target = 0.9
window = "7d"
latency = "api:p99"
threshold = 300
slice = "1m"
warning_budget = 0.5
[[slo]]
name = "Checks"
target = 0.9
checks = "api"
stale_after = "off"
`)
	if errs != "" {
		t.Fatal(errs)
	}
	o, l, c := specs[0], specs[1], specs[2]
	if o.Description != "d" || o.Window != 30*24*time.Hour || o.Good.String() != "api:code!=5xx" || o.Total.String() != "api" || o.Bad != nil {
		t.Errorf("occurrences %+v", o)
	}
	if l.Window != 7*24*time.Hour || l.Latency.String() != "api:p99" || l.Threshold != 300 || l.Slice != time.Minute || l.WarningBudget != 0.5 {
		t.Errorf("latency %+v", l)
	}
	if c.Checks.String() != "api" || c.StaleAfter != StaleOff {
		t.Errorf("checks %+v", c)
	}
}

func TestFromConfigPutsEachProblemAtItsKeyInItsTable(t *testing.T) {
	_, errs := fromText(t, `[[slo]]
name = "A"
target = 0.9
total = "api"
bad = "api:x=1"
[[slo]]
name = "a"
target = 2
checks = "up"
slice = "2d"
stale_after = "soon"
within = "1h"
`)
	for _, want := range []string{
		`site.toml:4:1: total "api": no [[metrics.source]] is named "api"`,
		`site.toml:5:1: bad "api:x=1": no [[metrics.source]] is named "api"`,
		`site.toml:7:1: every [[slo]] needs a name of its own (got "a")`,
		`site.toml:8:1: slo "a": target 2 must be a share between 0 and 1`,
		`site.toml:9:1: checks "up": no [[metrics.source]] is named "up"`,
		`site.toml:10:1: slo "a": slice 2d is longer than a day`,
		`site.toml:11:1: slo "a": stale_after "soon" is not a length`,
		`site.toml:12:1: slo "a": within applies to issue SLOs only`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("missing %q in\n%s", want, errs)
		}
	}
}
