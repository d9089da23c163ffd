package model

import (
	"testing"
	"time"
)

func TestNoteDemandAddsAPointOnlyWhenTheCountIsNewOrChanged(t *testing.T) {
	d0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	d1, d2 := d0.Add(7*24*time.Hour), d0.Add(14*24*time.Hour)
	issues := func(a, b int) []Issue {
		return []Issue{
			{Repo: "o/r", Number: 1, Reactions: &Reactions{ThumbsUp: a}},
			{Repo: "o/r", Number: 2, Reactions: &Reactions{ThumbsUp: b, Heart: 3}},
			{Repo: "o/r", Number: 3}, // unknown: no point
		}
	}
	var p []DemandPoint
	p = NoteDemand(p, issues(0, 2), d0) // first sight: a point each, 0 included
	p = NoteDemand(p, issues(0, 2), d1) // nothing changed
	p = NoteDemand(p, issues(4, 2), d2) // #1 gained 4
	want := []DemandPoint{{"o/r", 1, d0, 0}, {"o/r", 1, d2, 4}, {"o/r", 2, d0, 2}}
	if len(p) != len(want) {
		t.Fatalf("points %+v, want %+v", p, want)
	}
	for i := range want {
		if p[i] != want[i] {
			t.Errorf("point %d: %+v, want %+v", i, p[i], want[i])
		}
	}
	// An older observation (an import of an earlier export) adds nothing
	// after a newer point.
	if q := NoteDemand(append([]DemandPoint(nil), p...), issues(1, 2), d1); len(q) != len(p) {
		t.Errorf("an observation older than the latest point was added: %+v", q)
	}
}

func TestThumbsUpAtTakesTheLatestPointAndIsUnknownBeforeTheFirst(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }
	pts := []DemandPoint{{"o/r", 1, d(5), 2}, {"o/r", 1, d(12), 6}}
	cases := []struct {
		created, at time.Time
		n           int
		ok          bool
	}{
		{d(1), d(4), 0, false}, // existed, history begins later
		{d(1), d(5), 2, true},  // a point at t counts
		{d(1), d(11), 2, true},
		{d(1), d(20), 6, true},
		{d(8), d(6), 0, true}, // created after t: none then
	}
	for _, c := range cases {
		n, ok := ThumbsUpAt(pts, c.created, c.at)
		if n != c.n || ok != c.ok {
			t.Errorf("created %v, at %v: %d %v, want %d %v", c.created, c.at, n, ok, c.n, c.ok)
		}
	}
}
