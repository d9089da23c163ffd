package model

import (
	"math/rand"
	"slices"
	"sort"
	"testing"
	"time"
)

func pt(s string, v float64) Point {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return Point{T: t, V: v}
}

func samePoints(t *testing.T, s Series, want ...Point) {
	t.Helper()
	if len(s.Points) != len(want) {
		t.Fatalf("%s: %d points %v, want %d %v", s.Name, len(s.Points), s.Points, len(want), want)
	}
	for i := range want {
		if !s.Points[i].T.Equal(want[i].T) || s.Points[i].V != want[i].V {
			t.Errorf("%s point %d = %v %v, want %v %v", s.Name, i, s.Points[i].T, s.Points[i].V, want[i].T, want[i].V)
		}
	}
}

func TestSumAddsAtEqualTimes(t *testing.T) {
	a := Series{Points: []Point{pt("2024-03-01T00:00:00Z", 1), pt("2024-03-01T01:00:00Z", 2)}}
	b := Series{Points: []Point{pt("2024-03-01T01:00:00Z", 10), pt("2024-03-01T02:00:00Z", 20)}}
	samePoints(t, Sum("s", []Series{a, b}), pt("2024-03-01T00:00:00Z", 1), pt("2024-03-01T01:00:00Z", 12), pt("2024-03-01T02:00:00Z", 20))
}

// A point stamped at as_of is not before it (docs/metrics.md: anything at
// or after as_of is ignored).
func TestBeforeLeavesOutPointsAtAndAfterAsOf(t *testing.T) {
	s := Series{Name: "s", Points: []Point{pt("2024-03-01T00:00:00Z", 1), pt("2024-03-01T01:00:00Z", 2), pt("2024-03-01T02:00:00Z", 3)}}
	samePoints(t, Before(s, pt("2024-03-01T01:00:00Z", 0).T), pt("2024-03-01T00:00:00Z", 1))
	samePoints(t, Before(s, pt("2024-03-01T00:00:00Z", 0).T))
	if len(s.Points) != 3 {
		t.Errorf("Before changed its argument: %v", s.Points)
	}
}

// Sum gives what a stable sort of all the points followed by the sums
// gives (its first version), point for point and bit for bit: the same
// additions in the same order, also for a series that is not sorted.
func TestSumAsAStableSortOfAllPoints(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for trial := range 300 {
		var ss []Series
		for range rng.Intn(7) {
			var s Series
			for range rng.Intn(50) {
				s.Points = append(s.Points, Point{T: base.Add(time.Duration(rng.Intn(40)) * time.Minute), V: rng.Float64() * 1e6})
			}
			if rng.Intn(4) > 0 {
				sort.SliceStable(s.Points, func(i, j int) bool { return s.Points[i].T.Before(s.Points[j].T) })
			}
			ss = append(ss, s)
		}
		var all []Point
		for _, s := range ss {
			all = append(all, s.Points...)
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].T.Before(all[j].T) })
		var want []Point
		for _, p := range all {
			if k := len(want) - 1; k >= 0 && want[k].T.Equal(p.T) {
				want[k].V += p.V
				continue
			}
			want = append(want, p)
		}
		got := Sum("s", ss)
		if len(ss) == 1 {
			continue // returned as it is
		}
		if !slices.Equal(got.Points, want) {
			t.Fatalf("trial %d: %v, want %v", trial, got.Points, want)
		}
	}
}
