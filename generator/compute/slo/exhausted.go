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

// exhaustedSpans sweeps the rolling window over time: a bucket stamped T
// and known at K counts in the window ending at t for K < t <= T + w, so
// the window's error ratio only changes at those instants. Buckets are in
// T order, so the removals are already sorted; the additions are too
// unless outcomes become known out of order (issues), and then only they
// are sorted. The sweep merges the two lists: linear for metric data.
func exhaustedSpans(ev *Events, w time.Duration, B float64, asOf time.Time) []Span {
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
	)
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
	if isOpen {
		spans = append(spans, Span{time.Unix(0, open).UTC(), asOf})
	}
	return spans
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
