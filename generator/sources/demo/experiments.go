package demo

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// The demo site's experiments (content/experiments), one data file each.
// The story, with the demo product Lumen (a notes app) and its launches:
//
//   - onboarding-checklist (Feb 2025): a first-day checklist lifts the share
//     of new accounts that finish setting up from about 22% to 27%, with no
//     guardrail worse: won, shipped, then launched in March 2025.
//   - annual-plan-discount (Sep 2025): the new pricing page's redirect lost
//     the exposure of one treatment visitor in six, so the split is about
//     1,200 to 1,000 against 50/50: a sample ratio mismatch, invalid however
//     good the upgrades look. Its file also has what real logs have: units
//     logged in both variants, page reloads, a few broken rows.
//   - search-as-you-type (May 2026): a per-variant summary from the
//     warehouse; +0.6 points on a 41% rate with 2,400 users a variant, where
//     only about 4 points were detectable: inconclusive, rolled back.
//   - import-prompt (from 14 Sep 2026, three variants): running at as_of;
//     interim figures only.
const (
	OnboardingFile = "onboarding-checklist.csv"
	DiscountFile   = "annual-plan-discount.csv"
	SearchFile     = "search-as-you-type.csv"
	ImportFile     = "import-prompt.csv"
)

// ExperimentsSeed is the seed of the committed demo experiment data.
const ExperimentsSeed = 20260401

// WriteExperiments writes the demo experiments' data files into dir and
// returns their paths. The same seed gives the same bytes.
func WriteExperiments(dir string, seed uint64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for i, f := range []struct {
		name  string
		write func(w *bufio.Writer, r *rand.Rand)
	}{
		{OnboardingFile, demoOnboarding},
		{DiscountFile, demoDiscount},
		{SearchFile, demoSearch},
		{ImportFile, demoImport},
	} {
		p := filepath.Join(dir, f.name)
		r := rand.New(rand.NewPCG(seed, uint64(100+i)))
		if err := writeBuffered(p, func(w *bufio.Writer) { f.write(w, r) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// exposedAt is a time within [start, start+days), busier on weekdays and in
// working hours, to the second.
func exposedAt(r *rand.Rand, start time.Time, days int) time.Time {
	for {
		t := start.Add(time.Duration(r.Int64N(int64(days)*86400)) * time.Second)
		w := 1.0
		if d := t.Weekday(); d == time.Saturday || d == time.Sunday {
			w = 0.6
		}
		if h := t.Hour(); h < 7 || h > 21 {
			w *= 0.4
		}
		if r.Float64() < w {
			return t
		}
	}
}

func bern(r *rand.Rand, p float64) int {
	if r.Float64() < p {
		return 1
	}
	return 0
}

// poisson draws a count with mean m (Knuth's method; m is small here).
func poisson(r *rand.Rand, m float64) int {
	l, k, p := math.Exp(-m), 0, 1.0
	for {
		p *= r.Float64()
		if p < l {
			return k
		}
		k++
	}
}

const stamp = "2006-01-02 15:04:05"

// timedRow is a line of a per-unit file and its exposure time.
type timedRow struct {
	at   time.Time
	line string
}

// writeByTime writes rows in order of exposure, as a log would have them.
func writeByTime(w *bufio.Writer, rows []timedRow) {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at.Before(rows[j].at) })
	for _, x := range rows {
		w.WriteString(x.line)
	}
}

func demoOnboarding(w *bufio.Writer, r *rand.Rand) {
	w.WriteString("user_id,variant,exposed_at,set_up,notes_created,support_tickets\n")
	start := time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	var rows []timedRow
	for i := range 3200 {
		v, setUp, notes := "control", 0.22, 3.1
		if r.IntN(2) == 1 {
			v, setUp, notes = "checklist", 0.27, 3.4
		}
		at := exposedAt(r, start, 28)
		s := bern(r, setUp)
		n := poisson(r, notes*(1+1.5*float64(s)))
		rows = append(rows, timedRow{at, fmt.Sprintf("a%05d,%s,%s,%d,%d,%d\n", 10000+i, v, at.Format(stamp), s, n, poisson(r, 0.08))})
	}
	writeByTime(w, rows)
}

func demoDiscount(w *bufio.Writer, r *rand.Rand) {
	w.WriteString("visitor,variant,exposed_at,upgraded,plan_value\n")
	start := time.Date(2025, 9, 8, 0, 0, 0, 0, time.UTC)
	var lines []string
	var both []string
	for i := range 2400 {
		v, p := "control", 0.050
		if r.IntN(2) == 1 {
			// The redirect lost the exposure of one treatment visitor in six.
			if i%6 == 0 {
				continue
			}
			v, p = "annual-20-off", 0.071
		}
		at := exposedAt(r, start, 28)
		up := bern(r, p)
		value := ""
		if up == 1 {
			value = strconv.Itoa([]int{96, 96, 96, 120}[r.IntN(4)])
			if v == "annual-20-off" {
				value = "77"
			}
		} else {
			value = "0"
		}
		id := fmt.Sprintf("v%05d", 50000+i)
		line := fmt.Sprintf("%s,%s,%s,%d,%s\n", id, v, at.Format(stamp), up, value)
		lines = append(lines, line)
		switch {
		case i%90 == 7: // a reload: the same row again, a minute later
			lines = append(lines, fmt.Sprintf("%s,%s,%s,%d,%s\n", id, v, at.Add(time.Minute).Format(stamp), up, value))
		case i%170 == 11: // logged in the other variant too
			other := "control"
			if v == "control" {
				other = "annual-20-off"
			}
			both = append(both, fmt.Sprintf("%s,%s,%s,0,0\n", id, other, at.Add(2*time.Hour).Format(stamp)))
		}
	}
	lines = append(lines, both...)
	// What broken logging leaves behind.
	lines = append(lines, "v99001,annual-20-off,2025-09-19 12:00:00,1\n", ",control,2025-09-20 08:15:00,0,0\n",
		"v99003,control,not logged,0,0\n", "v99004,control,2025-10-07 09:00:00,1,96\n")
	for _, l := range lines {
		w.WriteString(l)
	}
}

func demoSearch(w *bufio.Writer, r *rand.Rand) {
	w.WriteString("variant,units,found_note_count,searches_sum,searches_sumsq,search_ms_sum,search_ms_sumsq\n")
	for _, v := range []struct {
		name        string
		n           int
		found, ms   float64
		searchesPer float64
	}{{"control", 2412, 0.410, 182, 5.2}, {"as-you-type", 2388, 0.416, 186, 6.1}} {
		var found int
		var s1, s2, m1, m2 float64
		for range v.n {
			found += bern(r, v.found)
			s := float64(poisson(r, v.searchesPer))
			s1, s2 = s1+s, s2+s*s
			ms := math.Round(v.ms * math.Exp(0.35*r.NormFloat64()-0.06))
			m1, m2 = m1+ms, m2+ms*ms
		}
		fmt.Fprintf(w, "%s,%d,%d,%s,%s,%s,%s\n", v.name, v.n, found, ftoa(s1), ftoa(s2), ftoa(m1), ftoa(m2))
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func demoImport(w *bufio.Writer, r *rand.Rand) {
	w.WriteString("user_id,variant,exposed_at,imported,api_errors\n")
	start := time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC)
	var rows []timedRow
	for i := range 2700 {
		v := []string{"control", "banner", "checklist-step"}[r.IntN(3)]
		p := map[string]float64{"control": 0.12, "banner": 0.135, "checklist-step": 0.15}[v]
		at := exposedAt(r, start, 17)
		errs := poisson(r, 0.05)
		if at.After(time.Date(2026, 9, 21, 14, 0, 0, 0, time.UTC)) && at.Before(time.Date(2026, 9, 21, 17, 0, 0, 0, time.UTC)) {
			errs += 1 + r.IntN(3) // the API outage of 21 September
		}
		rows = append(rows, timedRow{at, fmt.Sprintf("u%06d,%s,%s,%d,%d\n", 700000+i, v, at.Format(stamp), bern(r, p), errs)})
	}
	writeByTime(w, rows)
}
