// Package feedback computes the figures of feature requests: issues with a
// label of [feedback] labels (docs/metrics.md, Feedback). The most-wanted
// list ranks the open requests by demand, their 👍 reactions at as_of, with
// the demand gained over the last 90 days from the store's 👍 history; per
// label, requests' time to first response and to close as for issues.
// Pure functions of the store's records, no I/O.
package feedback

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/quantile"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

// Gained is the span over which demand gained is counted.
const Gained = 90 * 24 * time.Hour

// Year is the span of the per-label response and close times.
const Year = 365 * 24 * time.Hour

// Options configure the computation.
type Options struct {
	AsOf   time.Time
	Labels []string // [feedback] labels, compared case-insensitively
	Bots   []string // [issues] bots
}

// Request is one feature request: an issue created before as_of with a
// feedback label.
type Request struct {
	Repo    string
	Number  int
	Title   string // hostile text from GitHub
	URL     string
	Labels  []string
	Created time.Time
	// Open at as_of; Closed is closed_at when closed before as_of.
	Open   bool
	Closed *time.Time
	// FirstResponse as for issues; ResponseUnknown when the store lacks the
	// repository's comments (an import), so that none is not "no response".
	FirstResponse   *time.Time
	ResponseUnknown bool
	// ThumbsUp is the demand at as_of, ThumbsUp90 at as_of - 90 days; nil
	// when unknown (no reactions in the store yet, or a history that
	// begins later).
	ThumbsUp, ThumbsUp90 *int
	// Reactions are the other counts as last read (nil: unknown).
	Reactions *model.Reactions
}

// Gain is the demand gained over the last 90 days; nil when either end is unknown.
func (r *Request) Gain() *int {
	if r.ThumbsUp == nil || r.ThumbsUp90 == nil {
		return nil
	}
	g := *r.ThumbsUp - *r.ThumbsUp90
	return &g
}

// AgeDays is the request's age at asOf in whole days.
func (r *Request) AgeDays(asOf time.Time) int { return int(asOf.Sub(r.Created) / (24 * time.Hour)) }

// ResponseHours is the time to first response in hours; nil when none (or unknown).
func (r *Request) ResponseHours() *float64 {
	if r.FirstResponse == nil {
		return nil
	}
	h := r.FirstResponse.Sub(r.Created).Hours()
	return &h
}

// Acc gathers the requests one repository at a time (the loader's Each).
type Acc struct {
	o Options
	// reqs are each repository's requests, a slice each: one grown over
	// twenty repositories was copied whole for each.
	reqs [][]Request
	// first is the earliest point of the 👍 history of any repository.
	first time.Time
}

// NewAcc starts an empty accumulation.
func NewAcc(o Options) *Acc { return &Acc{o: o} }

// Add takes the requests of one repository's records. It copies neither
// the comments nor the 👍 history: at 100,000 issues the copies were most
// of its time and memory.
func (a *Acc) Add(d *model.Dataset) {
	asOf := a.o.AsOf
	n := 0
	for i := range d.Issues {
		if a.isRequest(&d.Issues[i]) {
			n++
		}
	}
	for _, p := range d.Demand {
		if !p.At.After(asOf) && (a.first.IsZero() || p.At.Before(a.first)) {
			a.first = p.At
		}
	}
	if n == 0 {
		return
	}
	kept := make([]model.Issue, 0, n)
	for i := range d.Issues {
		if a.isRequest(&d.Issues[i]) {
			kept = append(kept, d.Issues[i])
		}
	}
	// Each issue's history is a run of d.Demand (sorted by issue, then time).
	type span struct{ from, to int }
	hist := make(map[int]span, n)
	for i := 0; i < len(d.Demand); {
		j := i
		for j < len(d.Demand) && d.Demand[j].Issue == d.Demand[i].Issue {
			j++
		}
		hist[d.Demand[i].Issue] = span{i, j}
		i = j
	}
	reqs := make([]Request, 0, n)
	// The requests' own reactions: is.Reactions points into the store's slab
	// of every issue of the repository, which one request would keep whole
	// (57 MB over the 1M bench site's 20 repositories).
	own := make([]model.Reactions, 0, n)
	// Times reads only the comments of the issues it is given.
	sub := &model.Dataset{AsOf: asOf, Repos: d.Repos, Issues: kept, Comments: d.Comments, NoComments: d.NoComments}
	for _, it := range issuestats.Times(sub, asOf, a.o.Bots) {
		is := it.Issue
		r := Request{Repo: is.Repo, Number: is.Number, Title: is.Title, URL: is.URL, Labels: is.Labels, Created: is.CreatedAt,
			Open: it.Closed == nil, Closed: it.Closed, FirstResponse: it.FirstResponse, ResponseUnknown: it.NoComments}
		if is.Reactions != nil {
			own = append(own, *is.Reactions)
			r.Reactions = &own[len(own)-1]
		}
		sp := hist[is.Number]
		pts := d.Demand[sp.from:sp.to]
		if n, ok := model.ThumbsUpAt(pts, is.CreatedAt, asOf); ok && len(pts) > 0 {
			r.ThumbsUp = &n
		} else if len(pts) == 0 && is.Reactions != nil {
			// Counts known but no history (a store built by hand): the
			// count as last read.
			n := is.Reactions.ThumbsUp
			r.ThumbsUp = &n
		}
		if n, ok := model.ThumbsUpAt(pts, is.CreatedAt, asOf.Add(-Gained)); ok {
			r.ThumbsUp90 = &n
		}
		reqs = append(reqs, r)
	}
	a.reqs = append(a.reqs, reqs)
}

func (a *Acc) isRequest(is *model.Issue) bool {
	return is.CreatedAt.Before(a.o.AsOf) && model.HasLabel(is.Labels, a.o.Labels)
}

// Report is the feedback figures.
type Report struct {
	AsOf   time.Time
	Labels []string
	// Requests are every request, by repository and number (feedback.csv).
	Requests []Request
	// MostWanted are the open requests by demand (unknown last), then
	// demand gained, then oldest first, then repository and number.
	MostWanted []Request
	// ByLabel has a row per configured label, then one for every request.
	ByLabel []LabelRow
	// DemandUnknown counts open requests whose 👍 are unknown (a store
	// written before vitals kept reactions, until the next sync).
	DemandUnknown int
	// HistoryFrom is the first point of the 👍 history (zero: none), and
	// GainKnown whether any open request's demand 90 days ago is known:
	// demand gained is empty until the store has syncs 90 days apart.
	HistoryFrom time.Time
	GainKnown   bool
}

// LabelRow is the response and close times of the requests with one label
// (or of all requests: Label ""), over the 365 days before as_of.
type LabelRow struct {
	Label string
	Open  int // open at as_of
	// Opened and Closed in [as_of - 365 days, as_of).
	Opened, Closed int
	// Time to first response of the requests opened in the year that have
	// one, in hours; NoResponse counts those without one yet.
	Responded                     int
	ResponseMedian, ResponseP90   *float64
	NoResponse                    int
	ResponseUnknown               bool // some repository's comments are not in the store
	CloseMedianDays, CloseP90Days *float64
}

// Report computes the figures of what was added.
func (a *Acc) Report() *Report {
	asOf := a.o.AsOf
	rep := &Report{AsOf: asOf, Labels: a.o.Labels, HistoryFrom: a.first}
	// Sorted through pointers: a Request is large, and moving it
	// about dominated the report's time at 100,000 issues.
	n := 0
	for _, rs := range a.reqs {
		n += len(rs)
	}
	ix := make([]*Request, 0, n)
	for _, rs := range a.reqs {
		for i := range rs {
			ix = append(ix, &rs[i])
		}
	}
	slices.SortFunc(ix, func(x, y *Request) int {
		return cmp.Or(cmp.Compare(x.Repo, y.Repo), cmp.Compare(x.Number, y.Number))
	})
	reqs := make([]Request, len(ix))
	for k, r := range ix {
		reqs[k] = *r
	}
	rep.Requests = reqs
	type ranked struct {
		i          int
		demand, up *int
	}
	var open []ranked
	for i := range reqs {
		r := &reqs[i]
		if !r.Open {
			continue
		}
		open = append(open, ranked{i, r.ThumbsUp, r.Gain()})
		if r.ThumbsUp == nil {
			rep.DemandUnknown++
		}
		if r.ThumbsUp90 != nil && !r.Created.After(asOf.Add(-Gained)) {
			rep.GainKnown = true
		}
	}
	// Every order ends on repository and number: a total order.
	slices.SortFunc(open, func(p, q ranked) int {
		if c := cmpDesc(p.demand, q.demand); c != 0 {
			return c
		}
		if c := cmpDesc(p.up, q.up); c != 0 {
			return c
		}
		x, y := &reqs[p.i], &reqs[q.i]
		return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.Repo, y.Repo), cmp.Compare(x.Number, y.Number))
	})
	for _, o := range open {
		rep.MostWanted = append(rep.MostWanted, reqs[o.i])
	}
	for _, l := range a.o.Labels {
		rep.ByLabel = append(rep.ByLabel, labelRow(l, reqs, func(r Request) bool { return model.HasLabel(r.Labels, []string{l}) }, asOf))
	}
	rep.ByLabel = append(rep.ByLabel, labelRow("", reqs, func(Request) bool { return true }, asOf))
	return rep
}

// cmpDesc orders larger first and unknown (nil) last.
func cmpDesc(a, b *int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*b, *a)
}

func labelRow(label string, reqs []Request, in func(Request) bool, asOf time.Time) LabelRow {
	from := asOf.Add(-Year)
	row := LabelRow{Label: label}
	var resp, closeDays []float64
	for _, r := range reqs {
		if !in(r) {
			continue
		}
		if r.Open {
			row.Open++
		}
		if !r.Created.Before(from) {
			row.Opened++
			switch {
			case r.ResponseUnknown:
				row.ResponseUnknown = true
			case r.FirstResponse != nil:
				resp = append(resp, *r.ResponseHours())
			default:
				row.NoResponse++
			}
		}
		if r.Closed != nil && !r.Closed.Before(from) {
			row.Closed++
			closeDays = append(closeDays, r.Closed.Sub(r.Created).Hours()/24)
		}
	}
	row.Responded = len(resp)
	row.ResponseMedian, row.ResponseP90 = medianP90(resp)
	row.CloseMedianDays, row.CloseP90Days = medianP90(closeDays)
	return row
}

func medianP90(v []float64) (*float64, *float64) {
	if len(v) == 0 {
		return nil, nil
	}
	slices.Sort(v)
	m, p := quantile.Median(v), quantile.P90(v)
	return &m, &p
}

// LabelsText joins a request's labels for the download.
func LabelsText(ls []string) string { return strings.Join(ls, ";") }
