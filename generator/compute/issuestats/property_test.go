package issuestats

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

// checkInvariant asserts docs/metrics.md's invariant for every kind, per repo and all:
// open_at_end(P) - open_at_end(prev P) = opened(P) + reopened(P) - closed(P),
// (with open_at_end before the first period 0), and the same for bugs where
// every transition of a bug is counted (only opened is split by bug).
func checkInvariant(t *testing.T, r *Report) {
	t.Helper()
	for _, s := range append(slices.Clone(r.Repos), r.All) {
		for _, k := range Kinds {
			prev := 0
			for _, p := range s.SeriesOf(k).Points {
				if got, want := p.OpenAtEnd-prev, p.Opened+p.Reopened-p.Closed; got != want {
					t.Fatalf("%s %s: open_at_end %d - previous %d = %d, want opened %d + reopened %d - closed %d = %d",
						s.Repo, p.Period, p.OpenAtEnd, prev, got, p.Opened, p.Reopened, p.Closed, want)
				}
				if p.OpenAtEnd < 0 || p.BugsOpenAtEnd < 0 || p.BugsOpenAtEnd > p.OpenAtEnd {
					t.Fatalf("%s %s: open_at_end %d bugs %d out of range", s.Repo, p.Period, p.OpenAtEnd, p.BugsOpenAtEnd)
				}
				prev = p.OpenAtEnd
			}
			if pts := s.SeriesOf(k).Points; len(pts) > 0 {
				if last := pts[len(pts)-1]; last.OpenAtEnd != s.Open || last.BugsOpenAtEnd != s.BugsOpen {
					t.Fatalf("%s %v: last open_at_end %d/%d, open at as_of %d/%d", s.Repo, k, last.OpenAtEnd, last.BugsOpenAtEnd, s.Open, s.BugsOpen)
				}
			}
		}
	}
}

func TestInvariantOnFixture(t *testing.T) {
	checkInvariant(t, Compute(fixture(), Options{}))
	checkInvariant(t, Compute(fixture(), Options{AsOf: at("2024-02-15T00:00:00Z")}))
	checkInvariant(t, Compute(fixture(), Options{AsOf: at("2026-01-01T00:00:00Z")}))
}

// hist is a generated issue with its full (hidden) event history.
type hist struct {
	issue  model.Issue
	events []model.Event // in (time, id) order
}

// genData builds random histories: repos with and without stored events,
// redundant closes and reopens, events at equal instants, events after as_of,
// and records consistent with the full history at sync time (as_of + 10 days),
// unless inconsistent is set, which flips some records' state.
func genData(rng *rand.Rand, inconsistent bool) (*model.Dataset, map[string][]hist) {
	t0 := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := t0.Add(time.Duration(300+rng.Intn(200)) * day).Add(time.Duration(rng.Intn(86400)) * time.Second)
	sync := asOf.Add(10 * day)
	nRepos := 1 + rng.Intn(3)
	d := &model.Dataset{AsOf: asOf, NoEvents: map[string]bool{}}
	hs := map[string][]hist{}
	var evID int64
	for r := range nRepos {
		repo := fmt.Sprintf("o/r%d", r)
		d.Repos = append(d.Repos, repo)
		noEv := rng.Intn(3) == 0
		if noEv {
			d.NoEvents[repo] = true
		}
		for n := 1; n <= rng.Intn(25); n++ {
			created := t0.Add(time.Duration(rng.Int63n(int64(480 * day))))
			is := model.Issue{Repo: repo, Number: n, Author: human("a"), CreatedAt: created, UpdatedAt: created, State: "open"}
			if rng.Intn(3) == 0 {
				is.Labels = []string{[]string{"bug", "Bug", "BUG"}[rng.Intn(3)]}
			}
			var evs []model.Event
			tt := created
			open := true
			var lastClose time.Time
			for range rng.Intn(7) {
				if rng.Intn(4) > 0 { // sometimes the same instant
					tt = tt.Add(time.Duration(rng.Int63n(int64(60 * day))))
				}
				kind := "closed"
				if rng.Intn(2) == 0 {
					kind = "reopened"
				}
				evID++
				evs = append(evs, model.Event{Repo: repo, ID: evID, IssueNumber: n, Event: kind, CreatedAt: tt})
				if !tt.Before(sync) {
					continue // not yet happened at the sync
				}
				is.UpdatedAt = tt
				if kind == "closed" && open {
					open, lastClose = false, tt
				} else if kind == "reopened" && !open {
					open = true
				}
			}
			if !open {
				is.State, is.ClosedAt = "closed", &lastClose
			}
			if inconsistent && rng.Intn(4) == 0 {
				if is.State == "open" {
					c := created.Add(time.Duration(rng.Int63n(int64(100 * day))))
					is.State, is.ClosedAt = "closed", &c
				} else {
					is.State, is.ClosedAt = "open", nil
				}
			}
			if created.Before(sync) {
				hs[repo] = append(hs[repo], hist{is, evs})
				d.Issues = append(d.Issues, is)
				if !noEv {
					d.Events = append(d.Events, evs...)
				}
			}
		}
	}
	rng.Shuffle(len(d.Events), func(i, j int) { d.Events[i], d.Events[j] = d.Events[j], d.Events[i] })
	return d, hs
}

// oracleTransitions replays one issue the slow, obvious way: returns its
// valid (time, kind) transitions before as_of.
func oracleTransitions(h hist, asOf time.Time, noEvents bool) []trans {
	c := h.issue.CreatedAt
	out := []trans{{c.UnixNano(), tCreate}}
	if noEvents {
		if h.issue.ClosedAt != nil && h.issue.ClosedAt.Before(asOf) {
			out = append(out, trans{h.issue.ClosedAt.UnixNano(), tClose})
		}
		return out
	}
	open := true
	for _, e := range h.events {
		if !e.CreatedAt.Before(asOf) {
			continue
		}
		switch {
		case e.Event == "closed" && open:
			open = false
			out = append(out, trans{e.CreatedAt.UnixNano(), tClose})
		case e.Event == "reopened" && !open:
			open = true
			out = append(out, trans{e.CreatedAt.UnixNano(), tReopen})
		}
	}
	return out
}

// oracleRows counts periods of kind k from the period of first to that of
// as_of, by testing every issue against every period.
func oracleRows(hs []hist, k period.Kind, first, asOf time.Time, noEv func(string) bool) []row {
	var out []row
	for _, p := range period.Range(k, first, asOf) {
		rw := row{period: p.String()}
		end := p.End().UnixNano()
		for _, h := range hs {
			if !h.issue.CreatedAt.Before(asOf) {
				continue
			}
			bug := model.HasLabel(h.issue.Labels, []string{"bug"})
			open := false
			for _, x := range oracleTransitions(h, asOf, noEv(h.issue.Repo)) {
				if p.Contains(time.Unix(0, x.t)) {
					switch x.kind {
					case tCreate:
						rw.opened++
						if bug {
							rw.bugsOpened++
						}
					case tClose:
						rw.closed++
					case tReopen:
						rw.reopened++
					}
				}
				if x.t < end {
					open = x.kind != tClose
				}
			}
			if open {
				rw.openAtEnd++
				if bug {
					rw.bugsOpenAtEnd++
				}
			}
		}
		out = append(out, rw)
	}
	return out
}

func TestRandomHistoriesMatchOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(20240401))
	for iter := range 300 {
		d, hs := genData(rng, false)
		r := Compute(d, Options{})
		checkInvariant(t, r)
		noEv := func(repo string) bool { return d.NoEvents[repo] }
		var all []hist
		allFirst := time.Time{}
		for _, repo := range d.Repos {
			var first time.Time
			for _, h := range hs[repo] {
				if c := h.issue.CreatedAt; c.Before(d.AsOf) && (first.IsZero() || c.Before(first)) {
					first = c
				}
			}
			all = append(all, hs[repo]...)
			if !first.IsZero() && (allFirst.IsZero() || first.Before(allFirst)) {
				allFirst = first
			}
			for _, k := range Kinds {
				var want []row
				if !first.IsZero() {
					want = oracleRows(hs[repo], k, first, d.AsOf, noEv)
				}
				eqRows(t, fmt.Sprintf("iter %d %s %v", iter, repo, k), rowsOf(r.Repo(repo).SeriesOf(k)), want)
			}
		}
		for _, k := range Kinds {
			var want []row
			if !allFirst.IsZero() {
				want = oracleRows(all, k, allFirst, d.AsOf, noEv)
			}
			eqRows(t, fmt.Sprintf("iter %d all %v", iter, k), rowsOf(r.All.SeriesOf(k)), want)
		}
		if t.Failed() {
			t.Fatalf("iteration %d failed", iter)
		}
	}
}

func TestRandomInconsistentRecordsKeepInvariant(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for range 300 {
		d, _ := genData(rng, true)
		r := Compute(d, Options{})
		checkInvariant(t, r)
		// The record wins at as_of where it is definite: state closed with
		// closed_at before as_of means closed; state open with updated_at
		// before as_of means open.
		for _, s := range r.Repos {
			want := 0
			for _, is := range d.Issues {
				if is.Repo != s.Repo || !is.CreatedAt.Before(d.AsOf) {
					continue
				}
				if is.State == "closed" && is.ClosedAt != nil && is.ClosedAt.Before(d.AsOf) {
					continue
				}
				if is.State == "open" && (is.UpdatedAt.Before(d.AsOf) || d.NoEvents[is.Repo]) {
					want++
					continue
				}
				// Otherwise the events decide (or, without events, closed_at).
				h := hist{issue: is}
				for _, e := range d.Events {
					if e.Repo == is.Repo && e.IssueNumber == is.Number {
						h.events = append(h.events, e)
					}
				}
				slices.SortFunc(h.events, func(a, b model.Event) int {
					if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
						return c
					}
					return int(a.ID - b.ID)
				})
				tr := oracleTransitions(h, d.AsOf, d.NoEvents[is.Repo])
				if tr[len(tr)-1].kind != tClose {
					want++
				}
			}
			if s.Open != want {
				t.Fatalf("%s: open %d, want %d", s.Repo, s.Open, want)
			}
		}
		if t.Failed() {
			return
		}
	}
}
