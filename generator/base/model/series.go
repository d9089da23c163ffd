package model

import (
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
// some of them sums what is there. The result is sorted by time.
func Sum(name string, ss []Series) Series {
	if len(ss) == 1 {
		out := ss[0]
		out.Name = name
		return out
	}
	n := 0
	for _, s := range ss {
		n += len(s.Points)
	}
	all := make([]Point, 0, n)
	for _, s := range ss {
		all = append(all, s.Points...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].T.Before(all[j].T) })
	var pts []Point
	for _, p := range all {
		if k := len(pts) - 1; k >= 0 && pts[k].T.Equal(p.T) {
			pts[k].V += p.V
			continue
		}
		pts = append(pts, p)
	}
	return Series{Name: name, Points: pts}
}

// Before returns the points of s stamped before asOf (docs/metrics.md: anything
// at or after as_of is ignored). s must be sorted.
func Before(s Series, asOf time.Time) Series {
	i := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].T.Before(asOf) })
	s.Points = s.Points[:i]
	return s
}
