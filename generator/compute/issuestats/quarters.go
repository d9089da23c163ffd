package issuestats

import (
	"slices"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

// Quarterly reviews count every complete quarter as of its own end. Rather
// than computing the dataset once per quarter, each issue's history is
// replayed once: the figures as of a quarter's end depend on an issue only
// through which of its events, its closed_at and its updated_at come before
// that end, so between two such instants its contribution to every
// quarter-end snapshot is the same. It is computed once per such stretch
// and added to all the snapshots of the stretch through a difference array.

// quarterLags are the quarters a review compares, before the quarter itself:
// the quarter, the one before and the same quarter a year earlier. Time to
// close (median, p90) is kept for those only.
var quarterLags = [3]int64{0, 1, 4}

// quarterPart is one repository's quarter-end snapshots.
type quarterPart struct {
	base int64 // quarter number of the repository's first issue; snapshot j is quarter base+j
	// snaps[j] are the counters as of the end of quarter base+j, for the
	// quarters base..base+j, column-major (nCols columns of j+1).
	snaps [][]int32
	// closes[j][l] are the final closes as of the end of quarter base+j
	// that fall in quarter base+j-quarterLags[l].
	closes [][3][]closeRec
}

// lastComplete is the number of the last quarter that ends at or before asOf.
func lastComplete(asOfNs int64) int64 { return numsOfNs(asOfNs)[period.Quarter] - 1 }

func quarterEnd(n int64) int64 { return startOf(period.Quarter, n+1).UnixNano() }

// quarterReplay computes the snapshots of repository r.
func (c *computer) quarterReplay(r int, opts Options) *quarterPart {
	a := c.acc[r]
	if !a.has {
		return &quarterPart{}
	}
	base := a.base[period.Quarter]
	S := int(lastComplete(c.asOfNs) - base + 1)
	if S <= 0 {
		return &quarterPart{base: base}
	}
	if c.dups[r] {
		return c.quarterRecompute(r, opts, base, S)
	}
	q := &quarterPart{base: base, closes: make([][3][]closeRec, S)}
	// diff[j] holds what changes between snapshot j-1 and j: S+1 rows of
	// S quarters by nCols counters.
	diff := make([]int32, (S+1)*S*nCols)
	add := func(from, to, qi, col int, v int32) {
		diff[(from*S+qi)*nCols+col] += v
		diff[(to*S+qi)*nCols+col] -= v
	}
	var buf []trans
	var starts []int
	for k := range c.kept {
		if int(c.keptRep[k]) != r {
			continue
		}
		is := &c.d.Issues[c.kept[k]]
		created := is.CreatedAt.UnixNano()
		j0 := int(numsOfNs(created)[period.Quarter] - base)
		if j0 >= S {
			continue
		}
		bug := c.isBug(is.Labels)
		starts = c.stretches(starts, k, j0, base, S)
		for si, s := range starts {
			next := S
			if si+1 < len(starts) {
				next = starts[si+1]
			}
			var open bool
			var fc int64
			buf, open, fc = c.historyAt(buf, k, quarterEnd(base+int64(s)))
			for _, x := range buf {
				qi := int(numsOfNs(x.t)[period.Quarter] - base)
				for _, m := range movesOf(x, bug) {
					add(s, next, qi, m.col, m.d)
				}
			}
			if !open {
				qf := int(numsOfNs(fc)[period.Quarter] - base)
				rec := closeRec{fc, float64(fc-created) / float64(day)}
				for l, lag := range quarterLags {
					if j := qf + int(lag); j >= s && j < next {
						q.closes[j][l] = append(q.closes[j][l], rec)
					}
				}
			}
		}
	}
	q.snaps = snapshots(diff, S)
	return q
}

// stretches are the snapshots (quarter indexes from base, below S) where
// the contribution of kept issue k can change: the quarter it was created
// in (j0), then each quarter after it in which one of its events, its
// closed_at or its updated_at falls, before as_of. It reuses starts.
func (c *computer) stretches(starts []int, k, j0 int, base int64, S int) []int {
	is := &c.d.Issues[c.kept[k]]
	created := is.CreatedAt.UnixNano()
	starts = append(starts[:0], j0)
	cut := func(t int64) {
		if t > created && t < c.asOfNs {
			if j := int(numsOfNs(t)[period.Quarter] - base); j > j0 && j < S {
				starts = append(starts, j)
			}
		}
	}
	for _, e := range c.evs[c.evOff[k]:c.evOff[k+1]] {
		cut(e.t)
	}
	if is.ClosedAt != nil {
		cut(is.ClosedAt.UnixNano())
	}
	cut(nsOf(is.UpdatedAt))
	slices.Sort(starts)
	return slices.Compact(starts)
}

// snapshots sums the difference array (S+1 rows of S quarters by nCols
// counters) into the S snapshots, each column-major over its j+1 quarters.
func snapshots(diff []int32, S int) [][]int32 {
	snaps := make([][]int32, S)
	cur := make([]int32, S*nCols)
	for j := range S {
		row := diff[j*S*nCols : (j+1)*S*nCols]
		for i, v := range row {
			cur[i] += v
		}
		n := j + 1
		snap := make([]int32, nCols*n)
		for qi := range n {
			for col := range nCols {
				snap[col*n+qi] = cur[qi*nCols+col]
			}
		}
		snaps[j] = snap
	}
	return snaps
}

// quarterRecompute counts repository r as of each quarter end separately.
// It serves repositories with two records of one issue number, where which
// record counts can change with the instant counted at; a synced store
// never has those.
func (c *computer) quarterRecompute(r int, opts Options, base int64, S int) *quarterPart {
	q := &quarterPart{base: base, snaps: make([][]int32, S), closes: make([][3][]closeRec, S)}
	for j := range S {
		o := opts
		o.AsOf = time.Unix(0, quarterEnd(base+int64(j))).UTC()
		c2 := newComputer(c.d, o)
		c2.indexIssues()
		c2.indexComments()
		c2.indexEvents()
		c2.replay()
		a := c2.acc[r]
		n := j + 1
		snap := make([]int32, nCols*n)
		if a.has {
			off := int(a.base[period.Quarter] - base)
			for col := range nCols {
				src := a.col(int(period.Quarter), col)
				for qi := off; qi < n; qi++ {
					snap[col*n+qi] = src[qi-off]
				}
			}
		}
		for _, x := range a.closes {
			qf := int(numsOfNs(x.t)[period.Quarter] - base)
			for l, lag := range quarterLags {
				if qf+int(lag) == j {
					q.closes[j][l] = append(q.closes[j][l], x)
				}
			}
		}
		q.snaps[j] = snap
	}
	return q
}

// QuarterReports gives, for every complete quarter of the parts (from the
// quarter of the first issue of any repository to the last quarter that
// ends at or before as_of), the issue figures counted as of that quarter's
// end, as Compute with that as_of would count them. The parts must have
// been computed with Options.Quarterly.
//
// Only what a quarterly review reads is filled in: the quarter series of
// all repositories and of each, running from the first issue's quarter to
// the quarter itself, with every count, open_at_end and flow ratio, and
// the time to close (closes, median, p90) of the quarter, the quarter
// before and the same quarter a year earlier. Other kinds, first-response
// figures and the instant figures are left empty.
func QuarterReports(parts []*Part, opts Options) []*Report {
	if opts.AsOf.IsZero() && len(parts) > 0 {
		opts.AsOf = parts[0].asOf
	}
	opts = opts.resolve(&model.Dataset{})
	first, last := int64(noTime), lastComplete(opts.AsOf.UnixNano())
	for _, p := range parts {
		if p.q != nil && len(p.q.snaps) > 0 {
			first = min(first, p.q.base)
		}
	}
	var out []*Report
	for Q := first; first != noTime && Q <= last; Q++ {
		rep := &Report{AsOf: time.Unix(0, quarterEnd(Q)).UTC(), BugLabels: slices.Clone(opts.BugLabels)}
		all := &acc{repo: AllRepos}
		var allCloses []closeRec
		var in []*quarterPart
		for _, p := range parts {
			rs := &RepoStats{Repo: p.Repo()}
			for k := range rs.Series {
				rs.Series[k].Kind = period.Kind(k)
			}
			rep.Repos = append(rep.Repos, rs)
			qp := p.q
			if qp == nil || len(qp.snaps) == 0 || Q < qp.base {
				continue
			}
			in = append(in, qp)
			j := int(Q - qp.base)
			a := &acc{repo: p.Repo(), has: true}
			a.base[period.Quarter], a.n[period.Quarter], a.cols[period.Quarter] = qp.base, j+1, qp.snaps[j]
			var cl []closeRec
			for l := range quarterLags {
				cl = append(cl, qp.closes[j][l]...)
			}
			allCloses = append(allCloses, cl...)
			rs.Series[period.Quarter] = quarterSeries(a, cl)
		}
		if len(in) == 0 {
			continue
		}
		gb := in[0].base
		for _, qp := range in {
			gb = min(gb, qp.base)
		}
		n := int(Q - gb + 1)
		cols := make([]int32, nCols*n)
		for _, qp := range in {
			j := int(Q - qp.base)
			off := int(qp.base - gb)
			snap := qp.snaps[j]
			for col := range nCols {
				for qi := range j + 1 {
					cols[col*n+off+qi] += snap[col*(j+1)+qi]
				}
			}
		}
		all.has = true
		all.base[period.Quarter], all.n[period.Quarter], all.cols[period.Quarter] = gb, n, cols
		rep.All = &RepoStats{Repo: AllRepos}
		for k := range rep.All.Series {
			rep.All.Series[k].Kind = period.Kind(k)
		}
		rep.All.Series[period.Quarter] = quarterSeries(all, allCloses)
		out = append(out, rep)
	}
	return out
}

// quarterSeries is the quarter series of a, with the time to close over closes.
func quarterSeries(a *acc, closes []closeRec) Series {
	sortByDays(closes)
	k := int(period.Quarter)
	return series(a, period.Quarter, bucketKind(closes, a, k, nil), bucketKind(nil, a, k, nil))
}
