package slo

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/quantile"
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
	// Lanes is how many slices each slice time can hold (checks side by
	// side) for time-slice SLOs, 0 for occurrences: slices not counted in a
	// window of Lanes × its slices had no known status.
	Lanes    int
	cumBad   []float64 // cumBad[i] = sum of Bad over Buckets[:i]
	cumTotal []float64
}

// NewEvents sorts buckets by time and indexes them.
func NewEvents(bs []Bucket, resolution time.Duration) *Events {
	byTime := func(a, b Bucket) int { return a.T.Compare(b.T) }
	if !slices.IsSortedFunc(bs, byTime) {
		slices.SortStableFunc(bs, byTime) // not sort.SliceStable: its reflection was most of the time
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

// medianStep is the median (METRICS.md: of an even number, the mean of
// the two middle values) of the positive steps between buckets; 0 for
// fewer than two.
func medianStep(bs []Bucket) time.Duration {
	if len(bs) < 2 {
		return 0
	}
	d := make([]float64, 0, len(bs)-1)
	for i := 1; i < len(bs); i++ {
		if s := bs[i].T.Sub(bs[i-1].T); s > 0 {
			d = append(d, float64(s))
		}
	}
	if len(d) == 0 {
		return 0
	}
	sort.Float64s(d)
	return time.Duration(quantile.Median(d))
}

// pick selects and sums the series of a selector, before asOf.
func pick(sel model.Selector, series []model.Series, asOf time.Time) (model.Series, error) {
	ss := sel.Select(series)
	if len(ss) == 0 {
		return model.Series{}, model.NoMatch(sel, series)
	}
	return model.Before(model.Sum(sel.String(), ss), asOf), nil
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

// StaleOff is Spec.StaleAfter for checks whose status never goes stale.
const StaleOff time.Duration = -1

// sliceStart is the start of the slice holding t, slices being aligned to
// multiples of their length from the Unix epoch (time.Truncate aligns from
// year 1, which differs for lengths that do not divide a day).
func sliceStart(t time.Time, slice time.Duration) time.Time {
	ns := t.UnixNano()
	k := ns / int64(slice)
	if ns < 0 && ns%int64(slice) != 0 {
		k--
	}
	return time.Unix(0, k*int64(slice)).UTC()
}

// staleAfter is how long a check's status holds without a new result
// (METRICS.md): the setting, else 6 times the median interval between its
// results, at least an hour; an hour for a single result.
func staleAfter(setting time.Duration, pts []model.Point) time.Duration {
	if setting != 0 {
		return setting
	}
	d := 6 * medianStep(pointBuckets(pts))
	return max(d, time.Hour)
}

func pointBuckets(pts []model.Point) []Bucket {
	bs := make([]Bucket, len(pts))
	for i, p := range pts {
		bs[i].T = p.T
	}
	return bs
}

// checkEvents turns up/down checks into time slices, each check's slices
// as slices of the whole (several checks count side by side). The slices
// are counted in place, one count per slice from the data's first to as_of
// whatever the number of checks, and that span may hold at most MaxSlices
// slices (a *TooManySlicesError otherwise): time and memory stay bounded
// whatever the slice and the data.
func checkEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	ss := s.Checks.Select(series)
	if len(ss) == 0 {
		return nil, nil, model.NoMatch(*s.Checks, series)
	}
	var first time.Time
	for _, x := range ss {
		if pts := model.Before(x, asOf).Points; len(pts) > 0 && (first.IsZero() || pts[0].T.Before(first)) {
			first = pts[0].T
		}
	}
	var sl *sliceCounts
	if !first.IsZero() {
		base := sliceStart(first, s.Slice)
		n := int64(asOf.Sub(base)/s.Slice) + 1
		if n > MaxSlices {
			return nil, nil, &TooManySlicesError{Slice: s.Slice, From: first, AsOf: asOf, N: n}
		}
		sl = &sliceCounts{base: base.UnixNano(), step: int64(s.Slice), bad: make([]uint32, n), total: make([]uint32, n)}
	}
	var notes []string
	stale, lanes := 0, 0
	for _, x := range ss {
		pts := model.Before(x, asOf).Points
		if len(pts) == 0 {
			continue
		}
		st := staleAfter(s.StaleAfter, pts)
		if st > 0 && asOf.Sub(pts[len(pts)-1].T) > st {
			stale++
		}
		sl.addCheck(pts, st, asOf)
		lanes++
	}
	if stale > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d checks sent no result for longer than stale_after before as_of; their status since is unknown and left out", stale, lanes))
	}
	ev := NewEvents(sl.buckets(), s.Slice)
	ev.Lanes = lanes
	return ev, notes, nil
}

// sliceCounts count, per time slice from base on, the checks whose status was
// known in it (total) and those down in it (bad).
type sliceCounts struct {
	base, step int64 // Unix nanoseconds of the first slice; the slice
	bad, total []uint32
}

// addCheck counts one check's slices (METRICS.md, Time slices): each
// result's status holds from its timestamp until the next result, as_of, or
// stale_after, whichever comes first; a slice that meets such a stretch
// counts once, and is bad when a down stretch meets it. Slices meeting no
// known stretch are not counted.
func (sl *sliceCounts) addCheck(pts []model.Point, stale time.Duration, asOf time.Time) {
	last, lastBad := -1, false // this check's latest slice, and whether it is bad
	for i, p := range pts {
		end := asOf
		if i+1 < len(pts) && pts[i+1].T.Before(end) {
			end = pts[i+1].T
		}
		if stale > 0 && p.T.Add(stale).Before(end) {
			end = p.T.Add(stale)
		}
		if !end.After(p.T) {
			continue // replaced at the same instant
		}
		down := p.V == 0
		// Slices from the one holding p.T to the one holding the stretch's last instant.
		k := int((sliceStart(p.T, time.Duration(sl.step)).UnixNano() - sl.base) / sl.step)
		for a := sl.base + int64(k)*sl.step; a < end.UnixNano(); a, k = a+sl.step, k+1 {
			if k == last {
				if down && !lastBad {
					sl.bad[k]++
					lastBad = true
				}
				continue
			}
			sl.total[k]++
			if down {
				sl.bad[k]++
			}
			last, lastBad = k, down
		}
	}
}

// buckets are the slices that any check counted, in time order.
func (sl *sliceCounts) buckets() []Bucket {
	if sl == nil {
		return nil
	}
	n := 0
	for _, t := range sl.total {
		if t > 0 {
			n++
		}
	}
	bs := make([]Bucket, 0, n)
	for k, t := range sl.total {
		if t > 0 {
			bs = append(bs, Bucket{T: time.Unix(0, sl.base+int64(k)*sl.step).UTC(), Bad: float64(sl.bad[k]), Total: float64(t)})
		}
	}
	return bs
}

// latencyEvents: time slices of a latency (or any "lower is better")
// series; a slice is bad when its highest value is above Threshold. Slices
// without a point are not counted (no measurement is not an outage).
func latencyEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	ss := s.Latency.Select(series)
	if len(ss) == 0 {
		return nil, nil, model.NoMatch(*s.Latency, series)
	}
	acc := map[int64]*Bucket{}
	worst := map[int64]float64{}
	for _, x := range ss {
		for _, p := range model.Before(x, asOf).Points {
			a := sliceStart(p.T, s.Slice)
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
	ev := NewEvents(flatten(acc), s.Slice)
	if len(ss) > 0 {
		ev.Lanes = 1 // the selected series count as one
	}
	return ev, nil, nil
}

func flatten(acc map[int64]*Bucket) []Bucket {
	bs := make([]Bucket, 0, len(acc))
	for _, b := range acc {
		bs = append(bs, *b)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].T.Before(bs[j].T) })
	return bs
}
