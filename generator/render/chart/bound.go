package chart

import (
	"fmt"
	"math"
	"sort"
)

// A page's weight must not grow with the data (issue 22): a chart draws at
// most MaxPoints categories and MaxMarkers markers, whatever the history.

// MaxPoints is the most categories a chart draws. A longer axis (three
// years of days, five of weeks) is drawn in buckets of consecutive
// categories, counted back from the last so that the latest period stays
// a point of its own: a bucket is drawn at its last category, with the
// value there (a level: a backlog, a budget left) or, for a Series with
// Sum, the sum over the bucket (counts per period). The chart's table on
// the page shows the same buckets; Chart.Full keeps every category, for
// the download beside the page.
const MaxPoints = 250

// MaxMarkers is the most markers of one kind a chart draws and lists
// under it (incidents, months that missed the target, launch stages). Past
// it, the markers of one category become one ("SEV2 2024-03-05 and 11
// more"), and then neighbouring categories' markers are merged in runs.
const MaxMarkers = 60

// bucket draws a long axis in buckets (MaxPoints). It returns the spec to
// draw, every category's table (nil when the axis is short enough) and
// the bucket size (1 when not bucketed).
func bucket(s Spec) (Spec, *Table, int) {
	n := len(s.X)
	if n <= MaxPoints {
		return s, nil, 1
	}
	full := table(s)
	k := (n + MaxPoints - 1) / MaxPoints
	// Buckets end at categories n-1, n-1-k, ...; the first may be short.
	var ends []int
	for e := n - 1; e >= 0; e -= k {
		ends = append(ends, e)
	}
	for i, j := 0, len(ends)-1; i < j; i, j = i+1, j-1 {
		ends[i], ends[j] = ends[j], ends[i]
	}
	at := make([]int, n) // category -> its bucket
	start := 0
	for b, e := range ends {
		for i := start; i <= e; i++ {
			at[i] = b
		}
		start = e + 1
	}
	out := s
	out.X = make([]string, len(ends))
	for b, e := range ends {
		out.X[b] = s.X[e]
	}
	squash := func(ss []Series) []Series {
		var res []Series
		for _, se := range ss {
			v := make([]float64, len(ends))
			var c []int
			if se.Counts != nil {
				c = make([]int, len(ends))
			}
			from := 0
			for b, e := range ends {
				if se.Sum {
					sum, any := 0.0, false
					for i := from; i <= e; i++ {
						if !math.IsNaN(se.Values[i]) {
							sum, any = sum+se.Values[i], true
						}
						if c != nil {
							c[b] += se.Counts[i]
						}
					}
					v[b] = sum
					if !any {
						v[b] = math.NaN()
					}
				} else {
					v[b] = se.Values[e]
					if c != nil {
						c[b] = se.Counts[e]
					}
				}
				from = e + 1
			}
			se.Values, se.Counts = v, c
			res = append(res, se)
		}
		return res
	}
	out.Series, out.Lower = squash(s.Series), squash(s.Lower)
	index := make(map[string]int, n)
	for i, x := range s.X {
		index[x] = i
	}
	out.Markers = nil
	for _, m := range s.Markers {
		if i, ok := index[m.X]; ok {
			m.X = out.X[at[i]]
			out.Markers = append(out.Markers, m)
		}
	}
	return out, &full, k
}

// boundMarkers keeps a chart's markers (in axis order within each
// category, as given) to MaxMarkers: first one per category, then runs of
// neighbouring categories, each drawn at its first category. A merged
// marker names its first event and how many more; it links nowhere (the
// events' own list does).
func boundMarkers(ms []Marker, x []string) []Marker {
	if len(ms) <= MaxMarkers {
		return ms
	}
	pos := make(map[string]int, len(x))
	for i, v := range x {
		pos[v] = i
	}
	// Group by category, in axis order (stable within a category).
	type group struct {
		first Marker
		n     int
		at    int
	}
	var gs []group
	byAt := map[int]int{}
	for _, m := range ms {
		i := pos[m.X]
		if g, ok := byAt[i]; ok {
			gs[g].n++
			continue
		}
		byAt[i] = len(gs)
		gs = append(gs, group{first: m, n: 1, at: i})
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].at < gs[j].at })
	// Runs of neighbouring groups, as few as fit.
	run := (len(gs) + MaxMarkers - 1) / MaxMarkers
	var out []Marker
	for i := 0; i < len(gs); i += run {
		g := gs[i]
		n := g.n
		for _, h := range gs[i+1 : min(i+run, len(gs))] {
			n += h.n
		}
		m := g.first
		if n > 1 {
			m.Label = fmt.Sprintf("%s and %d more", m.Label, n-1)
			m.URL = ""
		}
		out = append(out, m)
	}
	return out
}

// summed says whether any series draws a bucket's total.
func summed(s Spec) bool {
	for _, se := range append(append([]Series(nil), s.Series...), s.Lower...) {
		if se.Sum {
			return true
		}
	}
	return false
}
