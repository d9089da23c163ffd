package slo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Issue 23: slice = "1s" passed vitals check and its build ran past 90 s
// and 15 GB. A 30-day window of 1-second slices is 2,592,000 slices.
func TestASliceMakingTooManySlicesInTheWindowIsRefusedAtItsLine(t *testing.T) {
	_, errs := fromText(t, `[[metrics.source]]
name = "uptime"
file = "u.csv"
[[slo]]
name = "Up"
target = 0.99
window = "30d"
checks = "uptime:api"
slice = "1s"
[[slo]]
name = "Up fine"
target = 0.99
window = "30d"
checks = "uptime:api"
slice = "2s"
`)
	want := `site.toml:9:1: slo "Up": slice 1s makes 2,592,000 time slices in its 30d window, more than 2,000,000 (docs/limits.md): use a slice of at least 2s`
	if errs != want {
		t.Errorf("got\n%s\nwant\n%s", errs, want)
	}
}

// checkSeries is one up/down check every 6 hours from from to to, down
// every tenth result.
func checkSeries(name string, from, to time.Time) model.Series {
	s := model.Series{Name: name}
	for i, at := 0, from; at.Before(to); i, at = i+1, at.Add(6*time.Hour) {
		v := 1.0
		if i%10 == 9 {
			v = 0
		}
		s.Points = append(s.Points, model.Point{T: at, V: v})
	}
	return s
}

// Three years of a 6-hourly check at 10-second slices is 9,469,440 slices:
// the build stops with the SLO's slice named rather than hold them.
func TestDataSpanningTooManySlicesStopsTheSLONamingTheSmallestSliceThatFits(t *testing.T) {
	asOf := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	series := []model.Series{checkSeries("uptime:api", asOf.AddDate(-3, 0, 0), asOf)}
	sel := model.Selector{Source: "uptime"}
	_, err := Compute(Spec{Name: "Up", Target: 0.99, Window: 30 * 24 * time.Hour, Checks: &sel, Slice: 10 * time.Second}, series, asOf)
	var tm *TooManySlicesError
	if !errors.As(err, &tm) || tm.Key() != "slice" {
		t.Fatalf("got %v, want a TooManySlicesError", err)
	}
	// 1096 days (2024 is a leap year) of 8640 slices, and the one at as_of's instant.
	want := `slo "Up": slice 10s over the data from 2023-10-01 to 2026-10-01 (1096d) makes 9,469,441 time slices, more than 5,000,000 (docs/limits.md): use a slice of at least 19s`
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
	if testing.Short() {
		return
	}
	// The slice it names fits (4,984,969 slices: 5 s here).
	if _, err := Compute(Spec{Name: "Up", Target: 0.99, Window: 30 * 24 * time.Hour, Checks: &sel, Slice: 19 * time.Second}, series, asOf); err != nil {
		t.Errorf("at 19s: %v", err)
	}
}

// Merging the checks one at a time gives what adding up each slice time
// gives: two checks side by side, one down where the other is up.
func TestChecksSideBySideAddUpPerSlice(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a := model.Series{Name: "u:a", Points: []model.Point{{T: at, V: 1}, {T: at.Add(10 * time.Minute), V: 0}}}
	b := model.Series{Name: "u:b", Points: []model.Point{{T: at.Add(5 * time.Minute), V: 0}}}
	ev, _, err := checkEvents(Spec{Checks: &model.Selector{Source: "u"}, Slice: 5 * time.Minute, StaleAfter: StaleOff}, []model.Series{a, b}, at.Add(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, bk := range ev.Buckets {
		got = append(got, bk.T.Format("15:04")+"="+strings.Repeat("x", int(bk.Bad))+strings.Repeat("o", int(bk.Total-bk.Bad)))
	}
	// 00:00 a up; 00:05 a up, b down; 00:10 a down, b down.
	if want := "00:00=o 00:05=xo 00:10=xx"; strings.Join(got, " ") != want || ev.Lanes != 2 {
		t.Errorf("slices %s (lanes %d), want %s (lanes 2)", strings.Join(got, " "), ev.Lanes, want)
	}
}
