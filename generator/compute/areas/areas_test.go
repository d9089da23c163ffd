package areas

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atp(s string) *time.Time { t := at(s); return &t }

var spec = Spec{
	Prefixes: []string{"area/"},
	Labels:   map[string][]string{"Docs": {"docs", "documentation"}},
	Teams:    map[string][]string{"Core": {"loading", "o/api"}, "Writers": {"Docs"}},
}

func TestAreasOfLabels(t *testing.T) {
	cases := []struct {
		name   string
		labels []string
		want   []string
	}{
		{"prefix label", []string{"area/loading", "bug"}, []string{"loading"}},
		{"prefix and mapped label count in both", []string{"AREA/loading", "Documentation"}, []string{"Docs", "loading"}},
		{"a prefix label naming a mapped area is that area", []string{"area/docs"}, []string{"Docs"}},
		{"the bare prefix is no area", []string{"area/"}, []string{Unassigned}},
		{"no area label is unassigned", []string{"question"}, []string{Unassigned}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := spec.AreasOf(c.labels)
			if len(got) != len(c.want) {
				t.Fatalf("%q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("%q, want %q", got, c.want)
				}
			}
		})
	}
}

// fixture, as of 2024-04-01, no events in the store (closed_at counts):
//
//	#1 o/app area/loading bug, created 03-01, open; answered within target.
//	#2 o/app area/Loading + docs (two areas), created 03-05, closed 03-10; answered late.
//	#3 o/app question (unassigned), created 03-06, open.
//	#4 o/api no labels (unassigned; team Core by repo), created 03-07, open.
//	#5 o/app area/streaming bug, created 2023-01-01, open.
func fixture() (*model.Dataset, Options) {
	u := model.User{Login: "a", Type: "User"}
	iss := func(repo string, n int, created string, closed *time.Time, labels ...string) model.Issue {
		st := "open"
		if closed != nil {
			st = "closed"
		}
		return model.Issue{Repo: repo, Number: n, State: st, Author: u, Labels: labels, CreatedAt: at(created), UpdatedAt: at(created), ClosedAt: closed}
	}
	d := &model.Dataset{AsOf: at("2024-04-01T00:00:00Z"), Repos: []string{"o/api", "o/app"}, NoEvents: map[string]bool{"o/api": true, "o/app": true}}
	d.Issues = []model.Issue{
		iss("o/app", 1, "2024-03-01T00:00:00Z", nil, "area/loading", "bug"),
		iss("o/app", 2, "2024-03-05T00:00:00Z", atp("2024-03-10T00:00:00Z"), "area/Loading", "docs"),
		iss("o/app", 3, "2024-03-06T00:00:00Z", nil, "question"),
		iss("o/api", 4, "2024-03-07T00:00:00Z", nil),
		iss("o/app", 5, "2023-01-01T00:00:00Z", nil, "area/streaming", "bug"),
	}
	d.Comments = []model.Comment{{Repo: "o/app", ID: 1, IssueNumber: 1, User: model.User{Login: "b", Type: "User"}, CreatedAt: at("2024-03-01T06:00:00Z")}}
	o := Options{AsOf: d.AsOf, BugLabels: []string{"bug"}, Facts: issuestats.FactsOf(issuestats.Times(d, d.AsOf, nil)), ResponseSLO: "answered"}
	// The facts are in dataset order: #1, #2, #3 answered good, bad, not yet.
	o.Verdicts = make([]slo.Verdict, len(o.Facts))
	for i, f := range o.Facts {
		o.Verdicts[i] = map[int]slo.Verdict{1: slo.Good, 2: slo.Bad}[f.Number]
	}
	return d, o
}

func TestGroupsCountIssuesInEveryAreaTheyBelongTo(t *testing.T) {
	d, o := fixture()
	r := Compute(spec, d, o)
	if r.InSeveral != 1 {
		t.Errorf("in several areas: %d, want 1 (#2)", r.InSeveral)
	}
	want := []struct {
		name, team        string
		issues, open, bug int
	}{
		{"Docs", "Writers", 1, 0, 0},
		{"loading", "Core", 2, 1, 1},
		{"streaming", "", 1, 1, 1},
		{Unassigned, "", 2, 2, 0},
	}
	if len(r.Areas) != len(want) {
		t.Fatalf("%d areas, want %d", len(r.Areas), len(want))
	}
	total := 0
	for i, w := range want {
		g := r.Areas[i]
		total += g.Issues
		if g.Name != w.name || g.Team != w.team || g.Issues != w.issues || g.Stats.Open != w.open || g.Stats.BugsOpen != w.bug {
			t.Errorf("area %d: %s team %q issues %d open %d bugs %d; want %+v", i, g.Name, g.Team, g.Issues, g.Stats.Open, g.Stats.BugsOpen, w)
		}
	}
	// Invariant: areas hold every issue, the ones in two areas twice.
	if total != len(d.Issues)+r.InSeveral {
		t.Errorf("areas hold %d issue counts, want %d", total, len(d.Issues)+r.InSeveral)
	}
	loading := r.Areas[1]
	if loading.Opened != 2 || loading.Closed != 1 || loading.BugsOpened != 1 || *loading.CloseMedianDays != 5 || *loading.FirstResponseMedianHours != 6 {
		t.Errorf("loading recent: opened %d closed %d bugs %d close %v resp %v", loading.Opened, loading.Closed, loading.BugsOpened, loading.CloseMedianDays, loading.FirstResponseMedianHours)
	}
	if s := loading.ResponseShare(); s == nil || *s != 0.5 {
		t.Errorf("loading response share %v, want 0.5", s)
	}
	if p := loading.Per100Open(loading.Opened); p == nil || *p != 200 {
		t.Errorf("opened per 100 open %v, want 200 (2 opened, 1 open)", p)
	}
	var march *Month
	for i := range loading.Months {
		if loading.Months[i].Point.Period.String() == "2024-03" {
			march = &loading.Months[i]
		}
	}
	if march == nil || march.WithinTarget == nil || *march.WithinTarget != 0.5 || march.Point.Opened != 2 || march.Point.OpenAtEnd != 1 {
		t.Errorf("loading March %+v", march)
	}
	if r.Areas[2].Months[0].WithinTarget != nil {
		t.Error("streaming has no judged issue: within target must be empty")
	}
	if len(r.Teams) != 2 || r.Teams[0].Name != "Core" || r.Teams[0].Issues != 3 || r.Teams[1].Issues != 1 {
		t.Errorf("teams %s %d, %s %d; want Core 3 (#1, #2, #4 by repo), Writers 1", r.Teams[0].Name, r.Teams[0].Issues, r.Teams[1].Name, r.Teams[1].Issues)
	}
}

func weeks(asOf time.Time, backlog int, open ...int) *issuestats.RepoStats {
	st := &issuestats.RepoStats{BugsOpen: backlog}
	p := period.Of(period.Week, asOf).Prev()
	for i := len(open) - 1; i >= 0; i-- {
		st.Series[period.Week].Points = append([]issuestats.Point{{Period: p, BugsOpenAtEnd: open[i]}}, st.Series[period.Week].Points...)
		p = p.Prev()
	}
	// The week of as_of is not complete: it must be left out.
	st.Series[period.Week].Points = append(st.Series[period.Week].Points, issuestats.Point{Period: period.Of(period.Week, asOf), BugsOpenAtEnd: 0})
	return st
}

func TestForecastRangeFromWeeklyRates(t *testing.T) {
	asOf := at("2024-04-01T00:00:00Z") // a Monday
	// 13 week-ends alternating rates 1 and 3 from 100 down: mean 2, standard
	// error sqrt(12/11)/sqrt(12) = 0.3015. Backlog 60: 30 weeks (10-28); 60/2.3015
	// = 26.07 weeks (09-30); 60/1.6985 = 35.33 weeks (12-04).
	open := []int{100}
	for i := 0; i < 12; i++ {
		open = append(open, open[len(open)-1]-1-2*(i%2))
	}
	f := forecast(weeks(asOf, 60, open...), asOf)
	if f.Status != "shrinking" || f.Rate != 2 || len(f.Weeks) != 12 || f.Start != 100 {
		t.Fatalf("%+v", f)
	}
	for _, c := range []struct {
		got  time.Time
		want string
	}{{f.At, "2024-10-28"}, {f.Early, "2024-09-30"}, {f.Late, "2024-12-04"}} {
		if c.got.Format("2006-01-02") != c.want {
			t.Errorf("got %s, want %s", c.got.Format("2006-01-02"), c.want)
		}
	}
	grow := forecast(weeks(asOf, 60, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 59, 60, 60), asOf)
	if grow.Status != "not-shrinking" || grow.Rate >= 0 {
		t.Errorf("growing backlog: %+v", grow)
	}
	if s := forecast(weeks(asOf, 5, 9, 7), asOf).Status; s != "short-history" {
		t.Errorf("two weeks: %s", s)
	}
	if s := forecast(weeks(asOf, 0, 9, 7, 5, 3, 1, 0), asOf).Status; s != "no-bugs" {
		t.Errorf("no open bugs: %s", s)
	}
}

func TestAreasCSV(t *testing.T) {
	d, o := fixture()
	var b strings.Builder
	if err := WriteCSV(&b, Compute(spec, d, o)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(b.String(), "\r\n", "\n")), "\n")
	if lines[0] != "area,team,month,opened,closed,bugs_opened,open_at_end,bugs_open_at_end,close_median_days,first_response_within_target" {
		t.Fatalf("header %q", lines[0])
	}
	want := map[string]bool{
		"Docs,Writers,2024-03,1,1,0,0,0,5.00,0.0000": true,
		"loading,Core,2024-03,2,1,1,1,1,5.00,0.5000": true,
		"unassigned,,2024-03,2,0,0,2,0,,":            true,
		"all,Core,2024-03,3,1,1,2,1,5.00,0.5000":     true,
		"streaming,,2023-01,1,0,1,1,1,,":             true,
	}
	for _, l := range lines[1:] {
		delete(want, l)
	}
	if len(want) > 0 {
		t.Errorf("missing rows %v in\n%s", want, b.String())
	}
}
