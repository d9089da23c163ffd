package model

import (
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
