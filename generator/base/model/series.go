package model

import (
	"slices"
	"sort"
	"time"
)

// Point is one sample of a metric series.
type Point struct {
	T time.Time
	V float64
}

// Series is a named metric series, sorted by time.
type Series struct {
	Name   string
	Labels map[string]string
	Points []Point
	Source string // file it came from, for messages
}

// Sum adds series point by point at equal times: the series of a selector
// that matches several (e.g. every status code). A time present in only
// some of them sums what is there. The result is sorted by time; points of
// one time are added in the order of ss (then of each series).
func Sum(name string, ss []Series) Series {
	if len(ss) == 1 {
		out := ss[0]
		out.Name = name
		return out
	}
	runs := make([][]Point, len(ss))
	for i, s := range ss {
		runs[i] = s.Points
		if !slices.IsSortedFunc(runs[i], byTime) { // not from metricsrc, which sorts
			runs[i] = slices.Clone(runs[i])
			slices.SortStableFunc(runs[i], byTime)
		}
	}
	// The series are sorted: merging them is a stable sort of them all.
	for len(runs) > 1 {
		next := runs[:0:0]
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				next = append(next, runs[i])
				continue
			}
			a, b := runs[i], runs[i+1]
			m := make([]Point, 0, len(a)+len(b))
			for len(a) > 0 && len(b) > 0 {
				if b[0].T.Before(a[0].T) {
					m, b = append(m, b[0]), b[1:]
				} else {
					m, a = append(m, a[0]), a[1:]
				}
			}
			next = append(next, append(append(m, a...), b...))
		}
		runs = next
	}
	var all []Point
	if len(runs) == 1 {
		all = runs[0]
	}
	n := 0
	for i := range all {
		if i == 0 || !all[i].T.Equal(all[i-1].T) {
			n++
		}
	}
	var pts []Point
	if n > 0 {
		pts = make([]Point, 0, n)
	}
	for _, p := range all {
		if k := len(pts) - 1; k >= 0 && pts[k].T.Equal(p.T) {
			pts[k].V += p.V
			continue
		}
		pts = append(pts, p)
	}
	return Series{Name: name, Points: pts}
}

func byTime(a, b Point) int { return a.T.Compare(b.T) }

// Before returns the points of s stamped before asOf (docs/metrics.md: anything
// at or after as_of is ignored). s must be sorted.
func Before(s Series, asOf time.Time) Series {
	i := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].T.Before(asOf) })
	s.Points = s.Points[:i]
	return s
}
