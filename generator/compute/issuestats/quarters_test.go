package issuestats

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// checkQuarterReports compares QuarterReports, from one replay, with
// Compute counted as of each quarter end, the way reviews were first made:
// every quarter of every series up to the quarter, with time to close where
// QuarterReports keeps it. It returns the number of quarters compared.
func checkQuarterReports(t *testing.T, name string, d *model.Dataset, opts Options) int {
	t.Helper()
	opts.Quarterly = true
	got := QuarterReports(ComputeParts(d, opts), opts)
	final := Compute(d, opts)
	var want []period.P
	for _, p := range final.All.SeriesOf(period.Quarter).Points {
		if !p.Period.End().After(final.AsOf) {
			want = append(want, p.Period)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d quarter reports, want %d (%v)", name, len(got), len(want), want)
	}
	for i, q := range want {
		o := opts
		o.AsOf = q.End()
		old := Compute(d, o)
		g := got[i]
		if !g.AsOf.Equal(q.End()) {
			t.Fatalf("%s %s: as_of %s", name, q, g.AsOf)
		}
		if len(g.Repos) != len(old.Repos) {
			t.Fatalf("%s %s: %d repos, want %d", name, q, len(g.Repos), len(old.Repos))
		}
		for r := range old.Repos {
			compareQuarterSeries(t, fmt.Sprintf("%s %s %s", name, q, old.Repos[r].Repo), q, g.Repos[r], old.Repos[r], false)
		}
		compareQuarterSeries(t, fmt.Sprintf("%s %s all", name, q), q, g.All, old.All, true)
	}
	return len(want)
}

func compareQuarterSeries(t *testing.T, name string, q period.P, got, want *RepoStats, closes bool) {
	t.Helper()
	if got.Repo != want.Repo {
		t.Fatalf("%s: repo %s, want %s", name, got.Repo, want.Repo)
	}
	w := want.SeriesOf(period.Quarter).Points
	// Counted as of the quarter's end, the old series ran on to the quarter
	// that end starts, which holds nothing yet.
	if n := len(w); n > 0 && w[n-1].Period == q.Next() {
		w = w[:n-1]
	}
	g := got.SeriesOf(period.Quarter).Points
	if len(g) != len(w) {
		t.Fatalf("%s: %d points, want %d", name, len(g), len(w))
	}
	for i := range w {
		a, b := g[i], w[i]
		p := b.Period
		if a.Period != p || a.Opened != b.Opened || a.Closed != b.Closed || a.Reopened != b.Reopened || a.BugsOpened != b.BugsOpened ||
			a.OpenAtEnd != b.OpenAtEnd || a.BugsOpenAtEnd != b.BugsOpenAtEnd || a.BugsOpenedYearAgo != b.BugsOpenedYearAgo ||
			!eqPtr(a.FlowRatio, b.FlowRatio) || !eqPtr(a.BugRateChangePct, b.BugRateChangePct) {
			t.Fatalf("%s %s:\n got %+v\nwant %+v", name, p, a, b)
		}
		if closes && (p == q || p == q.Prev() || p == q.YearAgo()) {
			if a.Closes != b.Closes || !eqPtr(a.CloseMedianDays, b.CloseMedianDays) || !eqPtr(a.CloseP90Days, b.CloseP90Days) {
				t.Fatalf("%s %s time to close: got %d %v %v, want %d %v %v", name, p,
					a.Closes, deref(a.CloseMedianDays), deref(a.CloseP90Days), b.Closes, deref(b.CloseMedianDays), deref(b.CloseP90Days))
			}
		}
	}
}

func eqPtr(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestQuarterReportsMatchRecountingOnTheFixture(t *testing.T) {
	d := fixture() // has a duplicate issue record: that repository is recounted per quarter
	for _, asOf := range []string{"2024-04-01T00:00:00Z", "2025-01-01T00:00:00Z", "2026-02-01T00:00:00Z"} {
		if n := checkQuarterReports(t, asOf, d, Options{AsOf: at(asOf)}); n == 0 {
			t.Errorf("%s: no quarter compared", asOf)
		}
	}
}

func TestQuarterReportsMatchRecountingOnRandomHistories(t *testing.T) {
	rng := rand.New(rand.NewSource(20261202))
	quarters := 0
	for i := range 300 {
		d, _ := genData(rng, i%2 == 1)
		for j := range d.Issues {
			if rng.Intn(3) == 0 { // touched later (a comment, a label) than its last event
				d.Issues[j].UpdatedAt = d.Issues[j].UpdatedAt.Add(time.Duration(rng.Int63n(int64(200 * day))))
			}
		}
		// Later as_of values, so that histories span more quarters and some
		// issues were updated after a quarter's end but before as_of.
		opts := Options{AsOf: d.AsOf.Add(time.Duration(rng.Intn(400)) * day)}
		quarters += checkQuarterReports(t, fmt.Sprintf("case %d", i), d, opts)
	}
	if quarters < 600 {
		t.Errorf("only %d quarters compared", quarters)
	}
}

func TestQuarterReportsMatchRecountingOnTheDemoStore(t *testing.T) {
	s, err := store.Open("../../../content/data/store")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Repos) == 0 {
		t.Skip("no demo store")
	}
	d := s.Dataset(nil)
	if n := checkQuarterReports(t, "demo", d, Options{}); n < 8 {
		t.Errorf("only %d quarters", n)
	}
}

// A hand-counted case: one issue closed in 2024Q1, reopened in Q2, closed
// for good in Q3. As of the end of Q1 it is closed after 10 days; as of the
// end of Q2 it is open; as of the end of Q3 its final close is in Q3.
func TestQuarterReportsCountEachQuarterAsOfItsEnd(t *testing.T) {
	const repo = "o/r"
	d := &model.Dataset{AsOf: at("2024-10-01T00:00:00Z"), Repos: []string{repo}, NoEvents: map[string]bool{},
		Issues: []model.Issue{{Repo: repo, Number: 1, State: "closed", Labels: []string{"bug"},
			CreatedAt: at("2024-01-01T00:00:00Z"), UpdatedAt: at("2024-08-01T00:00:00Z"), ClosedAt: atp("2024-08-01T00:00:00Z")}},
		Events: []model.Event{evt(repo, 1, 1, "closed", "2024-01-11T00:00:00Z"), evt(repo, 2, 1, "reopened", "2024-05-01T00:00:00Z"),
			evt(repo, 3, 1, "closed", "2024-08-01T00:00:00Z")},
	}
	reps := QuarterReports(ComputeParts(d, Options{Quarterly: true}), Options{})
	if len(reps) != 3 {
		t.Fatalf("%d reports", len(reps))
	}
	pts := func(i int) []Point { return reps[i].All.SeriesOf(period.Quarter).Points }
	if p := pts(0)[0]; p.Closed != 1 || p.OpenAtEnd != 0 || p.Closes != 1 || *p.CloseMedianDays != 10 {
		t.Errorf("as of Q1: %+v", p)
	}
	if p := pts(1); p[0].Closes != 0 || p[1].Reopened != 1 || p[1].OpenAtEnd != 1 || p[1].BugsOpenAtEnd != 1 {
		t.Errorf("as of Q2: %+v", p)
	}
	if p := pts(2); p[0].Closes != 0 || p[2].Closed != 1 || p[2].OpenAtEnd != 0 || p[2].Closes != 1 || *p[2].CloseMedianDays != 213 {
		t.Errorf("as of Q3: %+v", p)
	}
}
