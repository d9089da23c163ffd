// Package incidents joins postmortems to releases and issues (docs/metrics.md,
// Releases and Incidents): time to detect, mitigate and resolve, action items
// done, failed releases and change failure rate. Pure functions, no I/O.
package incidents

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/base/quantile"
)

// Incident is a postmortem with its derived figures.
type Incident struct {
	model.Postmortem
	// Minutes from started; NaN when either end is missing.
	TTD, TTM, TTR float64
	// ActionsDone counts items whose status is done or whose linked issue is
	// closed in the store.
	Actions, ActionsDone int
	// ItemStates parallels ActionItems: "done", "open" or "overdue".
	ItemStates []string
	// Items parallels ActionItems with each item's state and its link.
	Items []Item
	// FailedRelease is the release this incident is pinned to: the one it
	// names, else the last release of its repo published before started.
	FailedRelease *model.Release
}

// Late reports whether the incident's impact starts after as_of. Figures
// describe the data as of as_of, so such an incident is listed but left
// out of every rate and chart (ByPeriod, Summarize); with a zero as_of
// none is late.
func (in Incident) Late(asOf time.Time) bool {
	return in.Started != nil && !asOf.IsZero() && in.Started.After(asOf)
}

// IssueState looks up "owner/repo#N" in the store at as_of.
type IssueState func(ref string) Linked

// Linked is an issue or pull request as the store has it at as_of.
type Linked struct {
	Known bool   // in the store
	Done  bool   // a closed issue or a merged pull request
	State string // "open", "closed", "merged", "closed unmerged"
	URL   string
}

// Item is an action item with its state at as_of.
type Item struct {
	model.ActionItem
	State string // "done", "open" or "overdue"
	// DaysLate is, for an overdue item, the whole days from its due date
	// to as_of (due 2026-05-01, as of 2026-10-01: 153).
	DaysLate int
	// Linked is the state of the issue it names (Known false when the
	// store does not have it); a link to another tracker has no state.
	Linked Linked
}

// Build computes incidents. releases are all releases of the store;
// only published, non-draft ones count. Items are sorted by date desc, id.
func Build(pms []model.Postmortem, releases []model.Release, issue IssueState, asOf time.Time) []Incident {
	byRepo := publishedByRepo(releases, asOf)
	out := make([]Incident, 0, len(pms))
	for _, pm := range pms {
		in := Incident{Postmortem: pm, TTD: duration(pm, "detected", pm.Detected), TTM: duration(pm, "mitigated", pm.Mitigated), TTR: duration(pm, "resolved", pm.Resolved)}
		for _, it := range pm.ActionItems {
			in.Actions++
			state := "open"
			var ln Linked
			if it.Issue != "" && issue != nil {
				ln = issue(it.Issue)
			}
			if strings.EqualFold(strings.TrimSpace(it.Status), "done") || ln.Done {
				state = "done"
			}
			late := 0
			if state == "open" && it.Due != "" {
				if due, err := time.Parse("2006-01-02", it.Due); err == nil && !asOf.IsZero() && due.AddDate(0, 0, 1).Before(asOf) {
					state, late = "overdue", int(asOf.Sub(due)/(24*time.Hour))
				}
			}
			if state == "done" {
				in.ActionsDone++
			}
			in.ItemStates = append(in.ItemStates, state)
			in.Items = append(in.Items, Item{ActionItem: it, State: state, DaysLate: late, Linked: ln})
		}
		in.FailedRelease = pin(pm, byRepo[strings.ToLower(pm.Repo)])
		out = append(out, in)
	}
	slices.SortStableFunc(out, func(a, b Incident) int {
		ta, tb := date(a.Postmortem), date(b.Postmortem)
		if c := tb.Compare(ta); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return out
}

func date(pm model.Postmortem) time.Time {
	if pm.Started != nil {
		return *pm.Started
	}
	if pm.Date != nil {
		return *pm.Date
	}
	return time.Time{}
}

// publishedByRepo lists counted releases per repo (lower-cased), oldest first.
func publishedByRepo(rs []model.Release, asOf time.Time) map[string][]model.Release {
	m := map[string][]model.Release{}
	for _, r := range rs {
		if r.Draft || r.PublishedAt == nil || (!asOf.IsZero() && !r.PublishedAt.Before(asOf)) {
			continue
		}
		k := strings.ToLower(r.Repo)
		m[k] = append(m[k], r)
	}
	for _, l := range m {
		slices.SortFunc(l, func(a, b model.Release) int {
			if c := a.PublishedAt.Compare(*b.PublishedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
	}
	return m
}

// pin finds the failed release of a postmortem.
func pin(pm model.Postmortem, rs []model.Release) *model.Release {
	if pm.Release != "" {
		for i := range rs {
			if rs[i].Tag == pm.Release {
				return &rs[i]
			}
		}
		return nil
	}
	if pm.Started == nil {
		return nil
	}
	// Any release counts here, prereleases too (docs/metrics.md: a release is a
	// published, non-draft item); a prerelease pinned this way is then left
	// out of the failure rate like every prerelease.
	var last *model.Release
	for i := range rs {
		if rs[i].PublishedAt.Before(*pm.Started) {
			last = &rs[i]
		}
	}
	return last
}

// duration is the minutes from started to the value of key, only between
// values of the same precision (docs/metrics.md, Incidents): two times of
// day give minutes, two dates whole days (as minutes, 1440 a day); a date
// and a time give none.
func duration(pm model.Postmortem, key string, to *time.Time) float64 {
	if pm.Started == nil || to == nil || pm.Day("started") != pm.Day(key) {
		return math.NaN()
	}
	if pm.Day(key) {
		return math.Round(to.Sub(*pm.Started).Hours()/24) * 24 * 60
	}
	return to.Sub(*pm.Started).Minutes()
}

// WriteCSV writes postmortems.csv (docs/metrics.md, Downloads).
func WriteCSV(w io.Writer, ins []Incident) error {
	cw, err := csvout.New(w, "id", "title", "severity", "status", "repo", "release", "started", "detected", "mitigated", "resolved",
		"ttd_minutes", "ttm_minutes", "ttr_minutes", "action_items", "action_items_done")
	if err != nil {
		return err
	}
	for _, in := range ins {
		// release is the postmortem's own field; the release it is pinned to
		// when it names none shows as failed in releases.csv.
		if err := cw.Row(in.ID, in.Title, in.Severity, in.Status, in.Repo, in.Release,
			ts(in.Started, in.Day("started")), ts(in.Detected, in.Day("detected")), ts(in.Mitigated, in.Day("mitigated")), ts(in.Resolved, in.Day("resolved")),
			num(in.TTD), num(in.TTM), num(in.TTR), strconv.Itoa(in.Actions), strconv.Itoa(in.ActionsDone)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ts writes a time as RFC 3339 UTC, or YYYY-MM-DD when it was stated as a
// date only (day precision).
func ts(t *time.Time, day bool) string {
	if t == nil {
		return ""
	}
	if day {
		return t.UTC().Format("2006-01-02")
	}
	return t.UTC().Format(time.RFC3339)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Stat is a median and p90 over n values (docs/metrics.md: nearest-rank p90).
type Stat struct {
	N           int
	Median, P90 float64 // NaN when N is 0
}

// Stats computes median and p90 of vs (which it sorts).
func Stats(vs []float64) Stat {
	s := Stat{N: len(vs), Median: math.NaN(), P90: math.NaN()}
	if len(vs) == 0 {
		return s
	}
	slices.Sort(vs)
	s.Median, s.P90 = quantile.Median(vs), quantile.P90(vs)
	return s
}

// PeriodRow is the incident figures of one period of `started`.
type PeriodRow struct {
	Period         period.P
	Incidents      int
	TTD, TTM, TTR  Stat
	Releases       int
	FailedReleases int
	ChangeFailure  float64 // NaN: n/a (no releases, or no postmortems at all)
	HasPostmortems bool
}

// ByPeriod groups incidents by the period of started and counts releases
// and failed releases per period of published_at. Change failure rate is
// "n/a" (NaN) where no postmortems exist at all, or no release in P.
func ByPeriod(k period.Kind, ins []Incident, releases []model.Release, from, asOf time.Time) []PeriodRow {
	if asOf.IsZero() || asOf.Before(from) {
		return nil
	}
	end := asOf.Add(-time.Nanosecond)
	if end.Before(from) { // as_of is the only incident's start
		end = from
	}
	ps := period.Range(k, from, end)
	idx := map[time.Time]int{}
	rows := make([]PeriodRow, len(ps))
	for i, p := range ps {
		rows[i] = PeriodRow{Period: p, HasPostmortems: len(ins) > 0}
		idx[p.Start] = i
	}
	ttd := make([][]float64, len(ps))
	ttm := make([][]float64, len(ps))
	ttr := make([][]float64, len(ps))
	failed := map[string]bool{}
	for _, in := range ins {
		if in.FailedRelease != nil {
			failed[fmt.Sprintf("%s\x00%d", strings.ToLower(in.FailedRelease.Repo), in.FailedRelease.ID)] = true
		}
		// Inclusive: a site of postmortems alone is as of its newest one.
		if in.Started == nil || in.Started.After(asOf) {
			continue
		}
		i, ok := idx[period.Of(k, *in.Started).Start]
		if !ok {
			continue
		}
		rows[i].Incidents++
		add := func(dst *[]float64, v float64) {
			if !math.IsNaN(v) {
				*dst = append(*dst, v)
			}
		}
		add(&ttd[i], in.TTD)
		add(&ttm[i], in.TTM)
		add(&ttr[i], in.TTR)
	}
	for _, r := range releases {
		if r.Draft || r.Prerelease || r.PublishedAt == nil || !r.PublishedAt.Before(asOf) {
			continue
		}
		i, ok := idx[period.Of(k, *r.PublishedAt).Start]
		if !ok {
			continue
		}
		rows[i].Releases++
		if failed[fmt.Sprintf("%s\x00%d", strings.ToLower(r.Repo), r.ID)] {
			rows[i].FailedReleases++
		}
	}
	for i := range rows {
		rows[i].TTD, rows[i].TTM, rows[i].TTR = Stats(ttd[i]), Stats(ttm[i]), Stats(ttr[i])
		rows[i].ChangeFailure = math.NaN()
		if rows[i].HasPostmortems && rows[i].Releases > 0 {
			rows[i].ChangeFailure = float64(rows[i].FailedReleases) / float64(rows[i].Releases)
		}
	}
	return rows
}

// OpenItem is an action item not done at as_of, with its postmortem.
type OpenItem struct {
	Item
	Postmortem model.Postmortem
	Index      int // the item's place in its postmortem
}

// OpenItems lists every item not done across incidents, oldest first: by
// the postmortem's start (else its date; undated last), then its due date,
// then path and place, so the order is total.
func OpenItems(ins []Incident) []OpenItem {
	var out []OpenItem
	for _, in := range ins {
		for i, it := range in.Items {
			if it.State != "done" {
				out = append(out, OpenItem{Item: it, Postmortem: in.Postmortem, Index: i})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b OpenItem) int {
		ta, tb := date(a.Postmortem), date(b.Postmortem)
		if ta.IsZero() != tb.IsZero() {
			if ta.IsZero() {
				return 1
			}
			return -1
		}
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		if a.Due != b.Due {
			if a.Due == "" {
				return 1
			}
			if b.Due == "" {
				return -1
			}
			return cmp.Compare(a.Due, b.Due)
		}
		if c := cmp.Compare(a.Postmortem.Path, b.Postmortem.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	return out
}

// Summary is the incident figures of the last 12 months against the 12
// before, and the state of every action item, as of one instant.
type Summary struct {
	// Last12Months and Prev12Months count incidents by started.
	Last12Months, Prev12Months int
	// TTRLast and TTRPrev are time to resolve (minutes) over the same windows.
	TTRLast, TTRPrev Stat
	// Actions, Done and Overdue count action items over every postmortem.
	Actions, Done, Overdue int
	// Undated counts postmortems without a start, left out of the rest;
	// NearMisses those without a start because they had no impact,
	// counted apart (not in Undated).
	Undated, NearMisses int
}

// Summarize counts ins as of asOf (zero asOf: action items only).
func Summarize(ins []Incident, asOf time.Time) Summary {
	const year = 365 * 24 * time.Hour
	var s Summary
	var last, prev []float64
	for _, in := range ins {
		s.Actions += in.Actions
		s.Done += in.ActionsDone
		for _, st := range in.ItemStates {
			if st == "overdue" {
				s.Overdue++
			}
		}
		switch {
		case in.Started == nil && in.NearMiss:
			s.NearMisses++
		case in.Started == nil:
			s.Undated++
		}
		if in.Started == nil || asOf.IsZero() {
			continue
		}
		switch age := asOf.Sub(*in.Started); {
		case age >= 0 && age <= year: // as_of may be the newest postmortem's own start
			s.Last12Months++
			if !math.IsNaN(in.TTR) {
				last = append(last, in.TTR)
			}
		case age > year && age <= 2*year:
			s.Prev12Months++
			if !math.IsNaN(in.TTR) {
				prev = append(prev, in.TTR)
			}
		}
	}
	s.TTRLast, s.TTRPrev = Stats(last), Stats(prev)
	return s
}
