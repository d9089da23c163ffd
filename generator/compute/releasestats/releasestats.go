// Package releasestats computes release cadence and lead time (docs/metrics.md,
// Releases) and writes releases.csv. Pure functions, no I/O.
package releasestats

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/base/quantile"
)

// Row is one release with its figures.
type Row struct {
	model.Release
	// DaysSincePrevious is from the repo's previous release that is not a
	// prerelease (NaN for the first, and for prereleases, which cadence
	// leaves out).
	DaysSincePrevious float64
	// LeadTimeMedianHours over pull requests merged after the repo's
	// previous release (of any kind) and at or before this one (NaN when none).
	LeadTimeMedianHours float64
	PRs                 int
	Failed              bool
}

// Rows lists published, non-draft releases before asOf, per repo in
// publication order; repos sorted. failed reports a release pinned by a postmortem.
func Rows(releases []model.Release, prs []model.PullRequest, asOf time.Time, failed func(model.Release) bool) []Row {
	var rs []model.Release
	for _, r := range releases {
		if r.Draft || r.PublishedAt == nil || !r.PublishedAt.Before(asOf) {
			continue
		}
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b model.Release) int {
		if c := cmp.Compare(a.Repo, b.Repo); c != 0 {
			return c
		}
		if c := a.PublishedAt.Compare(*b.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	merged := map[string][]time.Time{}
	for _, p := range prs {
		if p.MergedAt != nil && p.MergedAt.Before(asOf) {
			merged[p.Repo] = append(merged[p.Repo], *p.MergedAt)
		}
	}
	for _, l := range merged {
		slices.SortFunc(l, func(a, b time.Time) int { return a.Compare(b) })
	}
	out := make([]Row, 0, len(rs))
	var prev, prevAny *model.Release
	for i := range rs {
		r := rs[i]
		if prev != nil && prev.Repo != r.Repo {
			prev, prevAny = nil, nil
		}
		row := Row{Release: r, DaysSincePrevious: math.NaN(), LeadTimeMedianHours: math.NaN()}
		if failed != nil {
			row.Failed = failed(r)
		}
		// Lead time: a prerelease is a release too, so it takes the pull
		// requests merged since the previous release of any kind.
		// Those merged after the previous release and not after this one: a
		// run of the repository's sorted merge times (found by binary search;
		// scanning them all for every release took 0.9 s at 5,000 releases).
		ms := merged[r.Repo]
		lo := 0
		if prevAny != nil {
			lo = firstAfter(ms, *prevAny.PublishedAt)
		}
		hi := max(lo, firstAfter(ms, *r.PublishedAt))
		var hours []float64
		for _, m := range ms[lo:hi] {
			hours = append(hours, r.PublishedAt.Sub(m).Hours())
		}
		row.PRs = len(hours)
		row.LeadTimeMedianHours = median(hours)
		prevAny = &rs[i]
		// Cadence leaves prereleases out.
		if !r.Prerelease {
			if prev != nil {
				row.DaysSincePrevious = r.PublishedAt.Sub(*prev.PublishedAt).Hours() / 24
			}
			prev = &rs[i]
		}
		out = append(out, row)
	}
	return out
}

// firstAfter is the index of the first of sorted ts after t.
func firstAfter(ts []time.Time, t time.Time) int {
	i, _ := slices.BinarySearchFunc(ts, t, func(m, t time.Time) int {
		if m.After(t) {
			return 1
		}
		return -1
	})
	return i
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	return quantile.Median(v)
}

// Cadence is releases per period, and the median days between consecutive
// counted releases of each repo (over the whole history before as_of).
type Cadence struct {
	Periods    []period.P
	Counts     []int
	MedianDays map[string]float64 // per repo; NaN with fewer than two releases
}

// CadenceOf counts counted releases (not prereleases) per period from from to asOf.
func CadenceOf(rows []Row, k period.Kind, from, asOf time.Time) Cadence {
	c := Cadence{MedianDays: map[string]float64{}}
	if asOf.IsZero() || !from.Before(asOf) {
		return c
	}
	c.Periods = period.Range(k, from, asOf.Add(-time.Nanosecond))
	c.Counts = make([]int, len(c.Periods))
	idx := map[time.Time]int{}
	for i, p := range c.Periods {
		idx[p.Start] = i
	}
	gaps := map[string][]float64{}
	for _, r := range rows {
		if r.Prerelease {
			continue
		}
		if _, ok := gaps[r.Repo]; !ok {
			gaps[r.Repo] = nil
		}
		if !math.IsNaN(r.DaysSincePrevious) {
			gaps[r.Repo] = append(gaps[r.Repo], r.DaysSincePrevious)
		}
		if i, ok := idx[period.Of(k, *r.PublishedAt).Start]; ok {
			c.Counts[i]++
		}
	}
	for repo, g := range gaps {
		c.MedianDays[repo] = median(g)
	}
	return c
}

// WriteCSV writes releases.csv (docs/metrics.md, Downloads).
func WriteCSV(w io.Writer, rows []Row) error {
	cw, err := csvout.New(w, "repo", "tag", "name", "published_at", "prerelease", "days_since_previous", "lead_time_median_hours", "failed")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Row(r.Repo, r.Tag, r.Name, r.PublishedAt.UTC().Format(time.RFC3339), strconv.FormatBool(r.Prerelease),
			fixed2(r.DaysSincePrevious), fixed2(r.LeadTimeMedianHours), strconv.FormatBool(r.Failed)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func fixed2(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// PeriodRow is the release figures of one period of published_at.
type PeriodRow struct {
	Period period.P
	// Releases and Failed count releases that are not prereleases.
	Releases, Failed int
	// ChangeFailure is Failed / Releases; NaN (n/a) without releases in
	// the period or without any postmortem at all.
	ChangeFailure float64
	// LeadTimeMedianHours is the median over the period's releases
	// (prereleases too, as they ship pull requests) of each release's
	// lead-time median; NaN when none has one.
	LeadTimeMedianHours float64
}

// ByPeriod gives the release figures of every period of kind k from from
// up to asOf. hasPostmortems says whether any postmortem exists: without
// one, change failure rate is unknown, not 0.
func ByPeriod(rows []Row, k period.Kind, from, asOf time.Time, hasPostmortems bool) []PeriodRow {
	if asOf.IsZero() || !from.Before(asOf) {
		return nil
	}
	ps := period.Range(k, from, asOf.Add(-time.Nanosecond))
	out := make([]PeriodRow, len(ps))
	idx := map[time.Time]int{}
	for i, p := range ps {
		out[i] = PeriodRow{Period: p}
		idx[p.Start] = i
	}
	leads := make([][]float64, len(ps))
	for _, r := range rows {
		i, ok := idx[period.Of(k, *r.PublishedAt).Start]
		if !ok {
			continue
		}
		if !math.IsNaN(r.LeadTimeMedianHours) {
			leads[i] = append(leads[i], r.LeadTimeMedianHours)
		}
		if r.Prerelease {
			continue
		}
		out[i].Releases++
		if r.Failed {
			out[i].Failed++
		}
	}
	for i := range out {
		out[i].LeadTimeMedianHours = median(leads[i])
		out[i].ChangeFailure = math.NaN()
		if hasPostmortems && out[i].Releases > 0 {
			out[i].ChangeFailure = float64(out[i].Failed) / float64(out[i].Releases)
		}
	}
	return out
}

// Summary is the release figures over all time and the last 12 months.
type Summary struct {
	// Releases and Failed count releases that are not prereleases.
	Releases, Failed int
	// Last12Months counts releases published in the 365 days before as_of,
	// Prev12Months in the 365 days before those; Failed12 and FailedPrev12
	// the failed ones among them.
	Last12Months, Prev12Months, Failed12, FailedPrev12 int
	// ChangeFailure over all releases, ChangeFailure12 and
	// ChangeFailurePrev12 over the two windows; NaN without releases or
	// postmortems.
	ChangeFailure, ChangeFailure12, ChangeFailurePrev12 float64
	// First is the earliest publication, zero without rows.
	First time.Time
}

// Summarize totals rows as of asOf.
func Summarize(rows []Row, asOf time.Time, hasPostmortems bool) Summary {
	s := Summary{ChangeFailure: math.NaN(), ChangeFailure12: math.NaN(), ChangeFailurePrev12: math.NaN()}
	for _, r := range rows {
		if s.First.IsZero() || r.PublishedAt.Before(s.First) {
			s.First = *r.PublishedAt
		}
		if r.Prerelease {
			continue
		}
		s.Releases++
		if r.Failed {
			s.Failed++
		}
		switch age := asOf.Sub(*r.PublishedAt); {
		case age < 365*24*time.Hour:
			s.Last12Months++
			if r.Failed {
				s.Failed12++
			}
		case age < 2*365*24*time.Hour:
			s.Prev12Months++
			if r.Failed {
				s.FailedPrev12++
			}
		}
	}
	rate := func(failed, n int) float64 {
		if !hasPostmortems || n == 0 {
			return math.NaN()
		}
		return float64(failed) / float64(n)
	}
	s.ChangeFailure = rate(s.Failed, s.Releases)
	s.ChangeFailure12 = rate(s.Failed12, s.Last12Months)
	s.ChangeFailurePrev12 = rate(s.FailedPrev12, s.Prev12Months)
	return s
}
