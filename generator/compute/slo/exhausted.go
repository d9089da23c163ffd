package slo

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// Span is a stretch of time (From, To] during which an SLO's rolling
// budget was exhausted.
type Span struct{ From, To time.Time }

// ExhaustedAt reports whether the rolling budget was exhausted at t: the
// window [t-w, t) had bad/total above the budget. At the very instant a
// bad event is stamped it does not count yet (as at as_of), so a release
// at that instant is not "released on an exhausted budget".
func (r Result) ExhaustedAt(t time.Time) bool {
	i := sort.Search(len(r.ExhaustedSpans), func(i int) bool { return !r.ExhaustedSpans[i].To.Before(t) })
	return i < len(r.ExhaustedSpans) && r.ExhaustedSpans[i].From.Before(t)
}

// sweep moves the rolling window over time: a bucket stamped T and known
// at K counts in the window ending at t for K < t <= T + w, so the
// window's error ratio only changes at those instants. Buckets are in T
// order, so the removals are already sorted; the additions are too unless
// outcomes become known out of order (issues), and then only they are
// sorted. The sweep merges the two lists: linear for metric data.
//
// It gives the stretches before asOf during which the window's error
// ratio was above the budget B (exhausted), and the budget remaining of
// the window ending at each of the sorted instants at (1 - E/B; NaN where
// the window holds no event): one computation for both, so a chart of
// the budget and the time it was exhausted never disagree.
func sweep(ev *Events, w time.Duration, B float64, asOf time.Time, at []time.Time) ([]Span, []float64) {
	type change struct {
		t          int64
		bad, total float64
	}
	adds := make([]change, 0, len(ev.Buckets))
	dels := make([]change, 0, len(ev.Buckets))
	for _, b := range ev.Buckets {
		add := b.T.UnixNano()
		if b.Known > add {
			add = b.Known
		}
		end := b.T.UnixNano() + int64(w)
		if end <= add {
			continue
		}
		adds = append(adds, change{add, b.Bad, b.Total})
		dels = append(dels, change{end, -b.Bad, -b.Total})
	}
	byTime := func(x, y change) int { return cmp.Compare(x.t, y.t) }
	if !slices.IsSortedFunc(adds, byTime) {
		slices.SortStableFunc(adds, byTime)
	}
	var (
		spans      []Span
		bad, total float64
		open       int64
		isOpen     bool
		budget     = make([]float64, 0, len(at))
	)
	// sample records the window's budget at every instant up to t: the
	// changes stamped before an instant are in the window then.
	sample := func(t int64) {
		for len(budget) < len(at) && at[len(budget)].UnixNano() <= t {
			v := math.NaN()
			if total > 0 {
				v = 1 - bad/total/B
			}
			budget = append(budget, v)
		}
	}
	stop := asOf.UnixNano()
	i, j := 0, 0
	for i < len(adds) || j < len(dels) {
		t := int64(math.MaxInt64)
		if i < len(adds) {
			t = adds[i].t
		}
		if j < len(dels) && dels[j].t < t {
			t = dels[j].t
		}
		if t >= stop {
			break
		}
		sample(t)
		for ; i < len(adds) && adds[i].t == t; i++ {
			bad += adds[i].bad
			total += adds[i].total
		}
		for ; j < len(dels) && dels[j].t == t; j++ {
			bad += dels[j].bad
			total += dels[j].total
		}
		if total < 1e-9 { // empty window; drop float residue
			bad, total = 0, 0
		}
		ex := total > 0 && bad/total > B+1e-12
		switch {
		case ex && !isOpen:
			open, isOpen = t, true
		case !ex && isOpen:
			spans = append(spans, Span{time.Unix(0, open).UTC(), time.Unix(0, t).UTC()})
			isOpen = false
		}
	}
	sample(stop)
	for len(budget) < len(at) { // instants after asOf: nothing known
		budget = append(budget, math.NaN())
	}
	if isOpen {
		spans = append(spans, Span{time.Unix(0, open).UTC(), asOf})
	}
	return spans, budget
}

// overlap is how long the spans cover within [from, to).
func overlap(spans []Span, from, to time.Time) time.Duration {
	var d time.Duration
	for _, s := range spans {
		a, b := s.From, s.To
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if b.After(a) {
			d += b.Sub(a)
		}
	}
	return d
}
