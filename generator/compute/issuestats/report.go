package issuestats

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/base/quantile"
)

// report turns the per-repo accumulators into RepoStats, and merges them
// into the figures of all repos together.
func (c *computer) report() *Report {
	rep := &Report{AsOf: c.asOf, BugLabels: slices.Clone(c.bugLabels)}
	all := &acc{repo: AllRepos, labels: map[string]*labelAgg{}}
	allFirst := int64(noTime)
	for _, a := range c.acc {
		if a.has {
			allFirst = min(allFirst, a.first)
		}
	}
	if allFirst != noTime {
		all.alloc(allFirst, c.asOfNs)
	}
	n := 0
	for _, a := range c.acc {
		n += max(len(a.closes), len(a.resp)+a.noResp)
	}
	all.closes = make([]closeRec, 0, n)
	all.resp = make([]closeRec, 0, n)
	for _, a := range c.acc {
		rep.Repos = append(rep.Repos, c.stats(a))
		all.merge(a)
		// Sorted again by stats: a radix sort costs what merging the
		// repositories' sorted runs cost, without a copy at each level.
		all.closes, all.resp = append(all.closes, a.closes...), append(all.resp, a.resp...)
	}
	rep.All = c.stats(all)
	return rep
}

// merge adds a repo's figures to the all-repos accumulator. Series of a repo
// end at the same period (that of as_of) as all's, so they align at the end.
func (all *acc) merge(a *acc) {
	if a.has {
		for k := range all.n {
			off := all.n[k] - a.n[k]
			for col := range nCols {
				dst := all.col(k, col)[off:]
				for i, v := range a.col(k, col) {
					dst[i] += v
				}
			}
		}
	}
	all.open += a.open
	all.bugsOpen += a.bugsOpen
	all.open30 += a.open30
	all.bugsOpen30 += a.bugsOpen30
	all.open365 += a.open365
	all.bugsOpen365 += a.bugsOpen365
	all.cohort += a.cohort
	all.cohortClosed += a.cohortClosed
	all.cohortP += a.cohortP
	all.cohortPClosed += a.cohortPClosed
	all.bugs12 += a.bugs12
	all.bugsPrev12 += a.bugsPrev12
	all.bugs30 += a.bugs30
	all.bugsPrev30 += a.bugsPrev30
	all.bugs30YearAgo += a.bugs30YearAgo
	for i := range all.ages {
		all.ages[i] += a.ages[i]
		all.bugsAges[i] += a.bugsAges[i]
	}
	all.prsMerged += a.prsMerged
	all.noResp += a.noResp
	all.noRespUnder2d += a.noRespUnder2d
	all.noComments = append(all.noComments, a.noComments...)
	all.labelLags = append(all.labelLags, a.labelLags...)
	all.labelNoEvents += a.labelNoEvents
	all.withComments += a.withComments
	all.oldestBugs = append(all.oldestBugs, a.oldestBugs...)
	for key, g := range a.labels {
		h := all.labels[key]
		if h == nil {
			h = &labelAgg{spellings: map[string]int{}}
			all.labels[key] = h
		}
		h.open += g.open
		h.recent += g.recent
		for s, n := range g.spellings {
			h.spellings[s] += n
		}
	}
}

// byDuration orders durations, ties by instant.
func byDuration(x, y closeRec) int {
	// days is a difference of instants over a constant, never NaN: plain
	// comparisons order it as cmp.Compare does, without its NaN checks
	// (a third of the sort's time at 1M issues).
	switch {
	case x.days < y.days:
		return -1
	case x.days > y.days:
		return 1
	}
	return cmp.Compare(x.t, y.t)
}

func (c *computer) stats(a *acc) *RepoStats {
	s := &RepoStats{
		Repo:         a.repo,
		Open:         a.open,
		BugsOpen:     a.bugsOpen,
		PRsMerged:    a.prsMerged,
		Cohort:       a.cohort,
		CohortClosed: a.cohortClosed,
		BugsLast12m:  a.bugs12,
		BugsPrev12m:  a.bugsPrev12,
		Ages:         a.ages,
		BugsAges:     a.bugsAges,
	}
	if a.has {
		s.First = time.Unix(0, a.first).UTC()
	}
	s.BacklogClosure = ratio(a.cohortClosed, a.cohort)
	s.BugRateChangePct = pctChange(a.bugs12, a.bugsPrev12)

	// Time to close and to first response: sort by duration once; bucketing
	// by period in that order keeps every bucket sorted.
	sortByDays(a.closes)
	sortByDays(a.resp)
	closes, resps := bucketAll(a.closes, a), bucketAll(a.resp, a)
	for k := range a.n {
		s.Series[k] = series(a, period.Kind(k), closes[k], resps[k])
	}

	hours := make([]float64, len(a.resp))
	within := 0
	for i, r := range a.resp {
		hours[i] = r.days
		if r.days <= 48 {
			within++
		}
	}
	s.FirstResponse = FirstResponse{Responded: len(hours), NoResponse: a.noResp, Within2Days: within, Under2Days: a.noRespUnder2d}
	if len(a.noComments) > 0 {
		s.FirstResponse.NoComments = slices.Sorted(slices.Values(a.noComments))
		s.FirstResponse.Unknown = a.withComments == 0
	}
	if len(hours) > 0 {
		mh, ph := median(hours), p90(hours)
		md, pd := mh/24, ph/24
		s.FirstResponse.MedianHours, s.FirstResponse.P90Hours = &mh, &ph
		s.FirstResponse.MedianDays, s.FirstResponse.P90Days = &md, &pd
	}

	s.LabelLag = LabelLag{Bugs: len(a.labelLags), NoEvents: a.labelNoEvents}
	if len(a.labelLags) > 0 {
		lags := slices.Clone(a.labelLags)
		slices.Sort(lags)
		v := p90(lags)
		s.LabelLag.P90Hours = &v
	}

	slices.SortFunc(a.oldestBugs, func(x, y IssueRef) int {
		if d := x.CreatedAt.Compare(y.CreatedAt); d != 0 {
			return d
		}
		if d := strings.Compare(x.Repo, y.Repo); d != 0 {
			return d
		}
		return cmp.Compare(x.Number, y.Number)
	})
	s.OldestOpenBugs = slices.Clone(a.oldestBugs[:min(len(a.oldestBugs), c.topN)])
	s.TopLabelsOpen = topLabels(a.labels, c.topN, func(g *labelAgg) int { return g.open })
	s.TopLabelsRecent = topLabels(a.labels, c.topN, func(g *labelAgg) int { return g.recent })
	s.Headlines = c.headlines(a, s)
	return s
}

// series builds the points of one kind; nil columns when the repo has no issue.
func series(a *acc, k period.Kind, closes, resps buckets) Series {
	out := Series{Kind: k}
	n := a.n[k]
	if !a.has || n == 0 {
		return out
	}
	opened, closed, reopened := a.col(int(k), cOpened), a.col(int(k), cClosed), a.col(int(k), cReopened)
	bugsOpened, dOpen, dBugs := a.col(int(k), cBugsOpened), a.col(int(k), cDOpen), a.col(int(k), cDBugs)

	start, days := closes.start, closes.vals
	rstart, rhours := resps.start, resps.vals
	noResp := a.col(int(k), cNoResp)

	// One backing array for every optional value of the series, so a long
	// day series costs a handful of allocations, not one per point.
	vals := make([]float64, 0, 6*n)
	keep := func(v float64) *float64 {
		vals = append(vals, v)
		return &vals[len(vals)-1]
	}
	out.Points = make([]Point, n)
	var openEnd, bugsEnd int
	for i := range n {
		p := &out.Points[i]
		p.Period = period.P{Kind: k, Start: startOf(k, a.base[k]+int64(i))}
		p.Opened, p.Closed, p.Reopened = int(opened[i]), int(closed[i]), int(reopened[i])
		p.BugsOpened = int(bugsOpened[i])
		openEnd += int(dOpen[i])
		bugsEnd += int(dBugs[i])
		p.OpenAtEnd, p.BugsOpenAtEnd = openEnd, bugsEnd
		if p.Opened > 0 {
			p.FlowRatio = keep(float64(p.Closed) / float64(p.Opened))
		}
		if b := days[start[i]:start[i+1]]; len(b) > 0 {
			p.Closes = len(b)
			p.CloseMedianDays = keep(median(b))
			p.CloseP90Days = keep(p90(b))
		}
		p.NoResponse = int(noResp[i])
		if h := rhours[rstart[i]:rstart[i+1]]; len(h) > 0 {
			p.Responses = len(h)
			p.FirstResponseMedianHours = keep(median(h))
			p.FirstResponseP90Hours = keep(p90(h))
		}
		ya := numsOf(p.Period.YearAgo().Start)[k] - a.base[k]
		if ya >= 0 {
			p.BugsOpenedYearAgo = int(bugsOpened[ya])
		}
		if p.BugsOpenedYearAgo > 0 {
			p.BugRateChangePct = keep(100 * float64(p.BugsOpened-p.BugsOpenedYearAgo) / float64(p.BugsOpenedYearAgo))
		}
	}
	return out
}

func median(sorted []float64) float64 { return quantile.Median(sorted) }

func p90(sorted []float64) float64 { return quantile.P90(sorted) }

func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	v := float64(a) / float64(b)
	return &v
}

// pctChange is the percentage change from prev to now; nil when prev is 0.
func pctChange(now, prev int) *float64 {
	if prev == 0 {
		return nil
	}
	v := 100 * float64(now-prev) / float64(prev)
	return &v
}

// topLabels sorts by count (descending), then by the case-folded name, which
// is unique; labels with a zero count are left out.
func topLabels(labels map[string]*labelAgg, n int, count func(*labelAgg) int) []LabelCount {
	type row struct {
		key string
		lc  LabelCount
	}
	var rows []row
	for key, g := range labels {
		if v := count(g); v > 0 {
			rows = append(rows, row{key, LabelCount{Name: spelling(g.spellings), Count: v}})
		}
	}
	slices.SortFunc(rows, func(x, y row) int {
		if d := cmp.Compare(y.lc.Count, x.lc.Count); d != 0 {
			return d
		}
		return strings.Compare(x.key, y.key)
	})
	out := make([]LabelCount, 0, min(n, len(rows)))
	for _, r := range rows[:min(n, len(rows))] {
		out = append(out, r.lc)
	}
	return out
}

// spelling picks the spelling most issues use; ties go to the smallest string.
func spelling(sp map[string]int) string {
	best, bn := "", -1
	for s, n := range sp {
		if n > bn || (n == bn && s < best) {
			best, bn = s, n
		}
	}
	return best
}

// buckets holds duration-sorted values grouped by period: the values of
// period i are vals[start[i]:start[i+1]].
type buckets struct {
	start []int32
	vals  []float64
}

// bucketAll groups duration-sorted records by the period of their t, for
// every kind at once (a counting sort, stable, one calendar lookup per record).
func bucketAll(recs []closeRec, a *acc) [4]buckets {
	var out [4]buckets
	if !a.has {
		return out
	}
	idx := make([]nums, len(recs))
	for i, x := range recs {
		idx[i] = numsOfNs(x.t)
	}
	for k := range out {
		out[k] = bucketKind(recs, a, k, idx)
	}
	return out
}

// bucketKind is bucketAll for kind k; idx holds the period numbers of recs,
// or is nil to look them up.
func bucketKind(recs []closeRec, a *acc, k int, idx []nums) buckets {
	if idx == nil {
		idx = make([]nums, len(recs))
		for i, x := range recs {
			idx[i] = numsOfNs(x.t)
		}
	}
	n := a.n[k]
	start := make([]int32, n+1)
	for i := range recs {
		start[idx[i][k]-a.base[k]+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	vals := make([]float64, len(recs))
	pos := slices.Clone(start[:n])
	for i, x := range recs {
		j := idx[i][k] - a.base[k]
		vals[pos[j]] = x.days
		pos[j]++
	}
	return buckets{start, vals}
}
