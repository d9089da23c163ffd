package issuestats

import (
	"math/rand"
	"slices"
	"testing"
)

// sortByDays gives the records that sorting byDuration gives, in an order
// whose days are the same, for short and long slices, negative and equal
// durations, and input already in order of days.
func TestSortByDaysOrdersAsByDuration(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := range 60 {
		n := rng.Intn(3000)
		recs := make([]closeRec, n)
		for i := range recs {
			d := rng.Int63n(4000*int64(day)) - 10*int64(day) // some closed "before" they opened
			if trial%3 == 0 {
				d = rng.Int63n(40) * int64(day) // many equal durations
			}
			recs[i] = closeRec{t: rng.Int63n(1 << 50), days: float64(d) / float64(day)}
		}
		if trial%5 == 0 { // in order of days, not of instants
			slices.SortFunc(recs, func(x, y closeRec) int { return byDuration(closeRec{days: x.days}, closeRec{days: y.days}) })
		}
		want := slices.Clone(recs)
		slices.SortFunc(want, byDuration)
		got := slices.Clone(recs)
		sortByDays(got)
		for i := range got {
			if got[i].days != want[i].days {
				t.Fatalf("trial %d (%d records): position %d has %v days, want %v", trial, n, i, got[i].days, want[i].days)
			}
		}
		slices.SortFunc(got, byDuration)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: the records changed, not only their order", trial)
		}
	}
}
