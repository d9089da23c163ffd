package slo

import (
	"fmt"
	"sort"
	"time"

	"github.com/vitals-dev/vitals/generator/metricsrc"
	"github.com/vitals-dev/vitals/generator/model"
)

// Bucket is what one point (occurrences) or one time slice contributes:
// Total events of which Bad were bad. A slice is Total 1, Bad 0 or 1.
// A point's events count at its timestamp: a window [a, b) holds the
// points stamped in it (a Prometheus increase over the hour before T is
// counted at T).
type Bucket struct {
	T          time.Time
	Bad, Total float64
	// Known is when the bucket's outcome became known, in Unix
	// nanoseconds, when later than T (an issue is decided at its response
	// or deadline); 0 means T. An integer, not a time.Time, so that millions
	// of buckets hold no pointers for the garbage collector to scan.
	Known int64
}

// Events are an SLO's buckets in time order, with prefix sums so that any
// window's error ratio is two binary searches.
type Events struct {
	Buckets    []Bucket
	Resolution time.Duration // median step between buckets, or the slice
	cumBad     []float64     // cumBad[i] = sum of Bad over Buckets[:i]
	cumTotal   []float64
}

// NewEvents sorts buckets by time and indexes them.
func NewEvents(bs []Bucket, resolution time.Duration) *Events {
	if !sort.SliceIsSorted(bs, func(i, j int) bool { return bs[i].T.Before(bs[j].T) }) {
		sort.SliceStable(bs, func(i, j int) bool { return bs[i].T.Before(bs[j].T) })
	}
	e := &Events{Buckets: bs, Resolution: resolution, cumBad: make([]float64, len(bs)+1), cumTotal: make([]float64, len(bs)+1)}
	for i, b := range bs {
		e.cumBad[i+1] = e.cumBad[i] + b.Bad
		e.cumTotal[i+1] = e.cumTotal[i] + b.Total
	}
	if e.Resolution == 0 {
		e.Resolution = medianStep(bs)
	}
	return e
}

func (e *Events) index(t time.Time) int {
	return sort.Search(len(e.Buckets), func(i int) bool { return !e.Buckets[i].T.Before(t) })
}

// Sum is the bad and total events stamped in [from, to).
func (e *Events) Sum(from, to time.Time) (bad, total float64) {
	i, j := e.index(from), e.index(to)
	if j <= i {
		return 0, 0
	}
	return e.cumBad[j] - e.cumBad[i], e.cumTotal[j] - e.cumTotal[i]
}

func medianStep(bs []Bucket) time.Duration {
	if len(bs) < 2 {
		return 0
	}
	d := make([]time.Duration, 0, len(bs)-1)
	for i := 1; i < len(bs); i++ {
		if s := bs[i].T.Sub(bs[i-1].T); s > 0 {
			d = append(d, s)
		}
	}
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

// pick selects and sums the series of a selector, before asOf.
func pick(sel metricsrc.Selector, series []model.Series, asOf time.Time) (model.Series, error) {
	ss := sel.Select(series)
	if len(ss) == 0 {
		return model.Series{}, fmt.Errorf("%s selects no series", sel)
	}
	return metricsrc.Before(metricsrc.Sum(sel.String(), ss), asOf), nil
}

// occurrenceEvents pairs good (or bad) with total point by point. Only
// times where total has a point count: a good or bad point without a total
// at its time is left out and noted, and bad is kept within [0, total].
func occurrenceEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	total, err := pick(*s.Total, series, asOf)
	if err != nil {
		return nil, nil, err
	}
	partSel, isGood := s.Good, true
	if partSel == nil {
		partSel, isGood = s.Bad, false
	}
	part, err := pick(*partSel, series, asOf)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	bs := make([]Bucket, 0, len(total.Points))
	j, orphan, clamped := 0, 0, 0
	for _, tp := range total.Points {
		for j < len(part.Points) && part.Points[j].T.Before(tp.T) {
			orphan++
			j++
		}
		v := 0.0
		if j < len(part.Points) && part.Points[j].T.Equal(tp.T) {
			v = part.Points[j].V
			j++
		} else if isGood {
			// No good count at this time: nothing known to be good. Treat it
			// as all bad would be harsh; leave the point out instead.
			orphan++
			continue
		}
		bad := v
		if isGood {
			bad = tp.V - v
		}
		if bad < 0 || bad > tp.V {
			clamped++
			bad = max(0, min(bad, tp.V))
		}
		bs = append(bs, Bucket{T: tp.T, Bad: bad, Total: tp.V})
	}
	orphan += len(part.Points) - j
	if orphan > 0 {
		notes = append(notes, fmt.Sprintf("%d points of %s and %s do not line up in time and are left out", orphan, partSel, s.Total))
	}
	if clamped > 0 {
		notes = append(notes, fmt.Sprintf("%d points have more good or bad events than total; kept within 0..total", clamped))
	}
	return NewEvents(bs, 0), notes, nil
}

// ratioEvents: each point of an error-ratio series is one equal-weight
// bucket with Bad = the ratio (kept within 0..1).
func ratioEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	r, err := pick(*s.ErrorRatio, series, asOf)
	if err != nil {
		return nil, nil, err
	}
	bs := make([]Bucket, len(r.Points))
	clamped := 0
	for i, p := range r.Points {
		v := p.V
		if v < 0 || v > 1 {
			clamped++
			v = max(0, min(v, 1))
		}
		bs[i] = Bucket{T: p.T, Bad: v, Total: 1}
	}
	var notes []string
	if clamped > 0 {
		notes = append(notes, fmt.Sprintf("%d error ratios outside 0..1 were kept within it", clamped))
	}
	return NewEvents(bs, 0), notes, nil
}

// checkEvents turns up/down checks into time slices. A check's status holds
// until its next check (Upptime records only changes), so a slice is bad
// when the check was down at any moment in it, and counted from the slice
// of the check's first result up to as_of. Several checks are counted
// side by side: each check's slices are slices of the whole.
func checkEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	ss := s.Checks.Select(series)
	if len(ss) == 0 {
		return nil, nil, fmt.Errorf("%s selects no series", s.Checks)
	}
	var per [][]Bucket
	for _, x := range ss {
		pts := metricsrc.Before(x, asOf).Points
		if len(pts) == 0 {
			continue
		}
		var bs []Bucket
		i := 0
		known, down := false, false
		for a := pts[0].T.Truncate(s.Slice); a.Before(asOf); a = a.Add(s.Slice) {
			b := a.Add(s.Slice)
			bad := known && down
			for i < len(pts) && pts[i].T.Before(b) {
				known, down = true, pts[i].V == 0
				bad = bad || down
				i++
			}
			bk := Bucket{T: a, Total: 1}
			if bad {
				bk.Bad = 1
			}
			bs = append(bs, bk)
		}
		per = append(per, bs)
	}
	if len(per) == 1 {
		return NewEvents(per[0], s.Slice), nil, nil
	}
	acc := map[int64]*Bucket{}
	for _, bs := range per {
		for _, b := range bs {
			k := b.T.UnixNano()
			if acc[k] == nil {
				acc[k] = &Bucket{T: b.T}
			}
			acc[k].Bad += b.Bad
			acc[k].Total += b.Total
		}
	}
	return NewEvents(flatten(acc), s.Slice), nil, nil
}

// latencyEvents: time slices of a latency (or any "lower is better")
// series; a slice is bad when its highest value is above Threshold. Slices
// without a point are not counted (no measurement is not an outage).
func latencyEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	ss := s.Latency.Select(series)
	if len(ss) == 0 {
		return nil, nil, fmt.Errorf("%s selects no series", s.Latency)
	}
	acc := map[int64]*Bucket{}
	worst := map[int64]float64{}
	for _, x := range ss {
		for _, p := range metricsrc.Before(x, asOf).Points {
			a := p.T.Truncate(s.Slice)
			k := a.UnixNano()
			if w, ok := worst[k]; !ok || p.V > w {
				worst[k] = p.V
			}
			if acc[k] == nil {
				acc[k] = &Bucket{T: a, Total: 1}
			}
		}
	}
	for k, b := range acc {
		if worst[k] > s.Threshold {
			b.Bad = 1
		}
	}
	return NewEvents(flatten(acc), s.Slice), nil, nil
}

func flatten(acc map[int64]*Bucket) []Bucket {
	bs := make([]Bucket, 0, len(acc))
	for _, b := range acc {
		bs = append(bs, *b)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].T.Before(bs[j].T) })
	return bs
}
