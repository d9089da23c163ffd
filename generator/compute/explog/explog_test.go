package explog

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// mv is the moments of n values with the given mean and variance.
func mv(n int64, mean, variance float64) experiments.Moments {
	fn := float64(n)
	return experiments.FromSums(n, fn*mean, (fn-1)*variance+fn*mean*mean, false)
}

// exp is an experiment whose treatment moves the primary by diff (10,000
// units per arm, variance 1: 0.1 is significant, 0.01 is not).
func exp(id, start, end, decision string, diff float64, units ...int64) Input {
	d := &expdoc.Doc{ID: id, Path: "content/experiments/" + id + ".md", Control: "c", Alpha: 0.05,
		Primary: expdoc.Metric{Name: "p"}, Decision: decision}
	if start != "" {
		d.Start = day(start)
	}
	if end != "" {
		d.End = day(end)
	}
	n := []int64{10000, 10000}
	copy(n, units)
	return Input{Doc: d, Data: experiments.Data{Variants: []string{"c", "t"}, Units: n, Metrics: []string{"p"},
		M: [][]experiments.Moments{{mv(n[0], 10, 1)}, {mv(n[1], 10+diff, 1)}}}}
}

func TestLogFlagsDecisionsAgainstVerdictsAndCountsQuarters(t *testing.T) {
	asOf := day("2024-07-10")
	log, ds := Build([]Input{
		exp("won-shipped", "2024-01-05", "2024-02-01", "shipped", 0.1),
		exp("flat-shipped", "2024-02-05", "2024-03-01", "shipped", 0.01),
		exp("won-rolled-back", "2024-03-05", "2024-04-01", "rolled back", 0.1),
		exp("lost-rolled-back", "2024-04-05", "2024-05-01", "rolled back", -0.1),
		exp("srm-iterate", "2024-04-06", "2024-05-02", "iterate", 0.1, 11000, 9000),
		exp("undecided", "2024-05-05", "2024-06-01", "", 0.1),
		exp("running-shipped", "2024-07-01", "", "shipped", 0.1),
		exp("planned", "", "", "", 0),
		exp("later", "2024-08-01", "2024-09-01", "", 0),
	}, asOf)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	var got []string
	for _, e := range log.Experiments {
		got = append(got, fmt.Sprintf("%s %s %q", e.Doc.ID, e.Verdict, e.Disagrees))
	}
	// Planned first (no start before a start after as_of), then by start,
	// newest first.
	want := []string{
		`planned planned ""`,
		`later planned ""`,
		`running-shipped running "shipped before the experiment ended"`,
		`undecided won ""`,
		`srm-iterate invalid ""`,
		`lost-rolled-back lost ""`,
		`won-rolled-back won "rolled back, but it won"`,
		`flat-shipped inconclusive "shipped, but the verdict is inconclusive"`,
		`won-shipped won ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// By the quarter of the last instant before end (end is exclusive):
	// won-rolled-back ends 2024-04-01, so in Q1. Undecided and running ones
	// are not counted.
	var qs []string
	for _, q := range log.Quarters {
		qs = append(qs, fmt.Sprintf("%s decided %d won %d (%.2f) disagree %d %v", q.Quarter, q.Decided, q.Won, q.WonShare, q.Disagreements, q.IDs))
	}
	wantQ := []string{
		"2024-Q2 decided 2 won 0 (0.00) disagree 0 [srm-iterate lost-rolled-back]",
		"2024-Q1 decided 3 won 2 (0.67) disagree 2 [won-rolled-back flat-shipped won-shipped]",
	}
	if strings.Join(qs, "\n") != strings.Join(wantQ, "\n") {
		t.Errorf("quarters\n%s\nwant\n%s", strings.Join(qs, "\n"), strings.Join(wantQ, "\n"))
	}
}

func TestCSVLeavesTheControlsEffectsEmpty(t *testing.T) {
	log, _ := Build([]Input{exp("a", "2024-01-01", "2024-02-01", "", 0.1), exp("p", "", "", "", 0)}, day("2024-03-01"))
	var b bytes.Buffer
	if err := WriteCSV(&b, log); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\r\n")
	if len(lines) != 3 || lines[0] != strings.Join(CSVHeader, ",") {
		t.Fatalf("%q", lines)
	}
	if !strings.HasPrefix(lines[1], "a,c,p,10000,10,,,,,,,,,1,won") {
		t.Errorf("control row %q", lines[1])
	}
	// diff 0.1, SE sqrt(2e-4): z = 7.07, p = 1.5e-12
	f := strings.Split(lines[2], ",")
	if f[1] != "t" || !strings.HasPrefix(f[5], "0.09999999") || f[12] != "true" || f[13] != "1" || f[14] != "won" || !strings.Contains(f[11], "e-12") {
		t.Errorf("treatment row %q", lines[2])
	}
}

func TestNum(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 1.5: "1.5", -0.25: "-0.25", 4.3231e-05: "4.3231e-05", 1050994: "1050994", 1e20: "1e+20", 0.0001: "0.0001"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}

// An SLO over an experiment's window: SLI and burn rate from its events in
// [start, end), end at as_of while it runs.
func TestSLOsOverTheWindow(t *testing.T) {
	h := func(d, hour int) time.Time { return time.Date(2024, 3, d, hour, 0, 0, 0, time.UTC) }
	// 1,000 events an hour on 1-9 March; 5 bad an hour on 3 March.
	var bs []slo.Bucket
	for d := 1; d <= 9; d++ {
		for hour := range 24 {
			b := slo.Bucket{T: h(d, hour), Total: 1000}
			if d == 3 {
				b.Bad = 5
			}
			bs = append(bs, b)
		}
	}
	rs := []slo.Result{{Name: "api", Target: 0.999, Events: slo.NewEvents(bs, time.Hour)}, {Name: "none", Target: 0.99}}
	log, _ := Build([]Input{exp("a", "2024-03-02", "2024-03-04", "", 0), exp("b", "2024-03-05", "", "", 0)}, h(8, 0))
	log.WithSLOs(rs, h(8, 0))
	byID := map[string][]SLOWhile{}
	for _, e := range log.Experiments {
		byID[e.Doc.ID] = e.SLOs
	}
	// a: 2-3 March, 48,000 events, 120 bad: SLI 0.9975, burn 0.0025/0.001 = 2.5.
	if a := byID["a"][0]; !a.HasData || !near(a.SLI, 0.9975) || !near(a.BurnRate, 2.5) {
		t.Errorf("a: %+v", a)
	}
	// b: running, 5 March to as_of 8 March: no bad events.
	if b := byID["b"][0]; !b.HasData || b.SLI != 1 || b.BurnRate != 0 {
		t.Errorf("b: %+v", b)
	}
	if n := byID["a"][1]; n.HasData || n.Name != "none" {
		t.Errorf("an SLO without events: %+v", n)
	}
}
