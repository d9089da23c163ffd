package issuestats

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atp(s string) *time.Time { t := at(s); return &t }

func human(login string) model.User { return model.User{Login: login, Type: "User"} }

func evt(repo string, id int64, num int, kind, ts string) model.Event {
	return model.Event{Repo: repo, ID: id, IssueNumber: num, Event: kind, CreatedAt: at(ts)}
}

func cmt(repo string, id int64, num int, u model.User, ts string) model.Comment {
	return model.Comment{Repo: repo, ID: id, IssueNumber: num, User: u, CreatedAt: at(ts)}
}

// fixture is three repos, as of 2024-04-01T00:00:00Z:
//
// acme/app (with events):
//
//	#1 "Bug" (label case differs from bug_labels): created 01-10, closed 01-15,
//	   reopened 01-20, closed 02-05, reopened 02-10, closed 02-20 (reopened and
//	   closed again twice); comment by bob at 01-10T12:00 (12 h).
//	#2 enhancement: created 01-25, closed 01-31T23:00, reopened 02-01T01:00
//	   (across the month boundary), open.
//	#3 "bug" and "BUG": created 02-03T12:00, closed 02-04, closed again 02-06
//	   (a close of a closed issue: not counted), closed_at 02-04.
//	#4 no label: created 03-01, open; comments by the author, a Bot-type user,
//	   a "[bot]" login, then carol at 03-02 (24 h). A stale duplicate row of #4
//	   labelled bug (older updated_at) must lose.
//	#5 bug: created 03-20, open; a close at 04-02 and a comment at 04-01 are at
//	   or after as_of and ignored.
//	#6 created 04-05, after as_of: ignored.
//	PR #7 merged 03-10 (its closed event and comment are ignored), PR #8
//	merged 04-03 (after as_of). An event of #99, not in the store, is ignored.
//
// acme/empty: no issues at all.
//
// acme/legacy (no events in the store): #1 created 02-15 open; #2 created
// 03-10 with closed_at 04-10, after as_of, so open at as_of. A stray closed
// event of #1 is ignored because the store has no events for the repo.
func fixture() *model.Dataset {
	const app, legacy = "acme/app", "acme/legacy"
	alice := human("alice")
	d := &model.Dataset{
		AsOf:     at("2024-04-01T00:00:00Z"),
		Repos:    []string{"acme/app", "acme/empty", "acme/legacy"},
		NoEvents: map[string]bool{"acme/empty": true, legacy: true},
	}
	d.Issues = []model.Issue{
		{Repo: app, Number: 1, State: "closed", Author: alice, Labels: []string{"Bug"}, Title: "one",
			CreatedAt: at("2024-01-10T00:00:00Z"), UpdatedAt: at("2024-02-20T00:00:00Z"), ClosedAt: atp("2024-02-20T00:00:00Z")},
		{Repo: app, Number: 2, State: "open", Author: alice, Labels: []string{"enhancement"},
			CreatedAt: at("2024-01-25T00:00:00Z"), UpdatedAt: at("2024-02-01T01:00:00Z")},
		{Repo: app, Number: 3, State: "closed", Author: alice, Labels: []string{"bug", "BUG"},
			CreatedAt: at("2024-02-03T12:00:00Z"), UpdatedAt: at("2024-02-06T00:00:00Z"), ClosedAt: atp("2024-02-04T00:00:00Z")},
		{Repo: app, Number: 4, State: "open", Author: alice,
			CreatedAt: at("2024-03-01T00:00:00Z"), UpdatedAt: at("2024-03-02T00:00:00Z")},
		{Repo: app, Number: 5, State: "closed", Author: alice, Labels: []string{"bug"}, Title: "five", URL: "https://example.invalid/5",
			CreatedAt: at("2024-03-20T00:00:00Z"), UpdatedAt: at("2024-04-02T00:00:00Z"), ClosedAt: atp("2024-04-02T00:00:00Z")},
		{Repo: app, Number: 6, State: "open", Author: alice, Labels: []string{"bug"},
			CreatedAt: at("2024-04-05T00:00:00Z"), UpdatedAt: at("2024-04-05T00:00:00Z")},
		// stale duplicate of #4: older updated_at, loses although it comes later
		{Repo: app, Number: 4, State: "open", Author: alice, Labels: []string{"bug"},
			CreatedAt: at("2024-03-01T00:00:00Z"), UpdatedAt: at("2024-03-01T00:00:00Z")},
		{Repo: legacy, Number: 1, State: "open", Author: alice,
			CreatedAt: at("2024-02-15T00:00:00Z"), UpdatedAt: at("2024-02-15T00:00:00Z")},
		{Repo: legacy, Number: 2, State: "closed", Author: alice,
			CreatedAt: at("2024-03-10T00:00:00Z"), UpdatedAt: at("2024-04-10T00:00:00Z"), ClosedAt: atp("2024-04-10T00:00:00Z")},
	}
	d.PullRequests = []model.PullRequest{
		{Repo: app, Number: 7, State: "closed", CreatedAt: at("2024-03-01T00:00:00Z"), MergedAt: atp("2024-03-10T00:00:00Z")},
		{Repo: app, Number: 8, State: "closed", CreatedAt: at("2024-03-01T00:00:00Z"), MergedAt: atp("2024-04-03T00:00:00Z")},
	}
	d.Events = []model.Event{
		evt(app, 1, 1, "closed", "2024-01-15T00:00:00Z"),
		evt(app, 2, 1, "reopened", "2024-01-20T00:00:00Z"),
		evt(app, 3, 2, "labeled", "2024-01-25T00:00:00Z"),
		evt(app, 4, 2, "closed", "2024-01-31T23:00:00Z"),
		evt(app, 5, 2, "reopened", "2024-02-01T01:00:00Z"),
		evt(app, 6, 3, "closed", "2024-02-04T00:00:00Z"),
		evt(app, 7, 1, "closed", "2024-02-05T00:00:00Z"),
		evt(app, 8, 3, "closed", "2024-02-06T00:00:00Z"),
		evt(app, 9, 1, "reopened", "2024-02-10T00:00:00Z"),
		evt(app, 10, 1, "closed", "2024-02-20T00:00:00Z"),
		evt(app, 11, 7, "closed", "2024-03-10T00:00:00Z"),
		evt(app, 12, 99, "closed", "2024-03-11T00:00:00Z"),
		evt(app, 13, 5, "closed", "2024-04-02T00:00:00Z"),
		evt(legacy, 14, 1, "closed", "2024-03-01T00:00:00Z"),
	}
	d.Comments = []model.Comment{
		cmt(app, 1, 1, human("bob"), "2024-01-10T12:00:00Z"),
		cmt(app, 2, 1, human("carol"), "2024-01-11T00:00:00Z"),
		cmt(app, 3, 4, human("Alice"), "2024-03-01T01:00:00Z"), // the author, other case
		cmt(app, 4, 4, model.User{Login: "ci", Type: "Bot"}, "2024-03-01T02:00:00Z"),
		cmt(app, 5, 4, human("dependabot[bot]"), "2024-03-01T03:00:00Z"),
		cmt(app, 6, 4, human("carol"), "2024-03-02T00:00:00Z"),
		cmt(app, 7, 5, human("bob"), "2024-04-01T00:00:00Z"), // at as_of: ignored
		cmt(app, 8, 7, human("bob"), "2024-03-02T00:00:00Z"), // a pull request's
	}
	return d
}

type row struct {
	period                                                         string
	opened, closed, reopened, bugsOpened, openAtEnd, bugsOpenAtEnd int
}

func rowsOf(s *Series) []row {
	var out []row
	for _, p := range s.Points {
		out = append(out, row{p.Period.String(), p.Opened, p.Closed, p.Reopened, p.BugsOpened, p.OpenAtEnd, p.BugsOpenAtEnd})
	}
	return out
}

func eqRows(t *testing.T, name string, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d periods %v, want %d %v", name, len(got), got, len(want), want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: period %d = %+v, want %+v", name, i, got[i], want[i])
		}
	}
}

func eqf(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %v", name, want)
	} else if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}

func isNil(t *testing.T, name string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want nil", name, *got)
	}
}

func TestMonthlyCountsReopensAcrossMonthsAndSkipsRedundantClose(t *testing.T) {
	r := Compute(fixture(), Options{BugLabels: []string{"bug"}})
	app := r.Repo("acme/app")
	// Jan: opened #1 #2; closed #1(01-15) #2(01-31T23); reopened #1(01-20);
	//      open at end: #1 -> 1 (bug 1).
	// Feb: opened #3; closed #3(02-04) #1(02-05) #1(02-20), not #3(02-06);
	//      reopened #2(02-01T01) #1(02-10); open at end: #2 -> 1 (bugs 0).
	// Mar: opened #4 #5 (bug #5; the stale bug copy of #4 loses); open: #2 #4 #5.
	// Apr: the period of as_of, nothing before as_of in it.
	eqRows(t, "acme/app month", rowsOf(app.SeriesOf(period.Month)), []row{
		{"2024-01", 2, 2, 1, 1, 1, 1},
		{"2024-02", 1, 3, 2, 1, 1, 0},
		{"2024-03", 2, 0, 0, 1, 3, 1},
		{"2024-04", 0, 0, 0, 0, 3, 1},
	})
	// Quarter: Q1 = Jan+Feb+Mar: opened 5, closed 5, reopened 3, bugs 3; open 3.
	eqRows(t, "acme/app quarter", rowsOf(app.SeriesOf(period.Quarter)), []row{
		{"2024-Q1", 5, 5, 3, 3, 3, 1},
		{"2024-Q2", 0, 0, 0, 0, 3, 1},
	})
	// Legacy, no events: #1 Feb, #2 Mar (closed_at after as_of -> open).
	eqRows(t, "acme/legacy month", rowsOf(r.Repo("acme/legacy").SeriesOf(period.Month)), []row{
		{"2024-02", 1, 0, 0, 0, 1, 0},
		{"2024-03", 1, 0, 0, 0, 2, 0},
		{"2024-04", 0, 0, 0, 0, 2, 0},
	})
	eqRows(t, "all month", rowsOf(r.All.SeriesOf(period.Month)), []row{
		{"2024-01", 2, 2, 1, 1, 1, 1},
		{"2024-02", 2, 3, 2, 1, 2, 0},
		{"2024-03", 3, 0, 0, 1, 5, 1},
		{"2024-04", 0, 0, 0, 0, 5, 1},
	})
	if n := len(r.Repo("acme/empty").SeriesOf(period.Month).Points); n != 0 {
		t.Errorf("empty repo has %d month points, want 0", n)
	}
	// Flow ratio: Jan 2/2, Feb 3/1, Mar 0/2, Apr nil.
	m := app.SeriesOf(period.Month).Points
	eqf(t, "flow Jan", m[0].FlowRatio, 1)
	eqf(t, "flow Feb", m[1].FlowRatio, 3)
	eqf(t, "flow Mar", m[2].FlowRatio, 0)
	isNil(t, "flow Apr", m[3].FlowRatio)
}

func TestTimeToCloseUsesFinalClose(t *testing.T) {
	r := Compute(fixture(), Options{})
	m := r.Repo("acme/app").SeriesOf(period.Month).Points
	// Final closes: #1 02-20 - 01-10 = 41 days; #3 02-04T00 - 02-03T12 = 0.5 days.
	// Feb median (0.5+41)/2 = 20.75; p90 rank ceil(0.9*2) = 2 -> 41.
	if m[1].Closes != 2 {
		t.Errorf("Feb closes = %d, want 2", m[1].Closes)
	}
	eqf(t, "Feb median", m[1].CloseMedianDays, 20.75)
	eqf(t, "Feb p90", m[1].CloseP90Days, 41)
	isNil(t, "Jan median (#1 was reopened, its final close is in Feb)", m[0].CloseMedianDays)
}

func TestFirstResponseSkipsAuthorBotsAndLateComments(t *testing.T) {
	r := Compute(fixture(), Options{})
	fr := r.Repo("acme/app").FirstResponse
	// #1: bob at +12 h. #4: author (any case), Bot type and [bot] login skipped,
	// carol at +24 h. #2, #3, #5 have none (bob's comment on #5 is at as_of).
	// median (12+24)/2 = 18 h; p90 rank 2 -> 24 h = 1 day.
	if fr.Responded != 2 || fr.NoResponse != 3 {
		t.Errorf("responded %d, no response %d; want 2, 3", fr.Responded, fr.NoResponse)
	}
	eqf(t, "median hours", fr.MedianHours, 18)
	eqf(t, "p90 hours", fr.P90Hours, 24)
	eqf(t, "median days", fr.MedianDays, 0.75)
	eqf(t, "p90 days", fr.P90Days, 1)
	if r.Repo("acme/legacy").FirstResponse.MedianHours != nil {
		t.Error("legacy has no comments: median must be nil")
	}
}

func TestInstantFiguresAtAsOf(t *testing.T) {
	r := Compute(fixture(), Options{})
	app := r.Repo("acme/app")
	// Open at as_of: #2 #4 #5; bugs: #5. PRs merged before as_of: #7.
	if app.Open != 3 || app.BugsOpen != 1 || app.PRsMerged != 1 {
		t.Errorf("open %d bugs %d prs %d; want 3 1 1", app.Open, app.BugsOpen, app.PRsMerged)
	}
	// Ages at 2024-04-01: #2 67 d, #4 31 d -> [30,90); #5 12 d -> [7,30).
	if app.Ages != [5]int{0, 1, 2, 0, 0} || app.BugsAges != [5]int{0, 1, 0, 0, 0} {
		t.Errorf("ages %v bugs %v", app.Ages, app.BugsAges)
	}
	if len(app.OldestOpenBugs) != 1 || app.OldestOpenBugs[0].Number != 5 || app.OldestOpenBugs[0].AgeDays != 12 {
		t.Errorf("oldest open bugs %+v, want #5 aged 12 days", app.OldestOpenBugs)
	}
	// Cohort: issues open at 2023-04-02: none.
	if app.Cohort != 0 || app.BacklogClosure != nil {
		t.Errorf("cohort %d closure %v; want 0, nil", app.Cohort, app.BacklogClosure)
	}
	// Bugs in [2023-04-02, 2024-04-01): #1 #3 #5; none the year before.
	if app.BugsLast12m != 3 || app.BugsPrev12m != 0 || app.BugRateChangePct != nil {
		t.Errorf("bugs 12m %d prev %d pct %v", app.BugsLast12m, app.BugsPrev12m, app.BugRateChangePct)
	}
	all := r.All
	if all.Open != 5 || all.BugsOpen != 1 || all.PRsMerged != 1 {
		t.Errorf("all: open %d bugs %d prs %d; want 5 1 1", all.Open, all.BugsOpen, all.PRsMerged)
	}
	empty := r.Repo("acme/empty")
	if empty.Open != 0 || empty.FirstResponse.Responded != 0 || empty.BacklogClosure != nil {
		t.Errorf("empty repo: %+v", empty)
	}
}

func TestLabelsGroupCaseInsensitively(t *testing.T) {
	r := Compute(fixture(), Options{})
	app := r.Repo("acme/app")
	// Open: #2 enhancement, #5 bug -> 1 each, sorted by name.
	want := []LabelCount{{"bug", 1}, {"enhancement", 1}}
	if !equalLabels(app.TopLabelsOpen, want) {
		t.Errorf("open labels %v, want %v", app.TopLabelsOpen, want)
	}
	// Opened since 2024-01-02: #1 "Bug", #3 "bug"+"BUG" (once), #5 "bug" -> bug 3
	// (spelling "bug": 2 issues against 1); #2 enhancement 1.
	want = []LabelCount{{"bug", 3}, {"enhancement", 1}}
	if !equalLabels(app.TopLabelsRecent, want) {
		t.Errorf("recent labels %v, want %v", app.TopLabelsRecent, want)
	}
}

func equalLabels(a, b []LabelCount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBugLabelsMatchCaseInsensitively(t *testing.T) {
	r := Compute(fixture(), Options{BugLabels: []string{"BUG"}})
	// #1 is labelled "Bug": with bug_labels ["BUG"] it is still a bug.
	if got := r.Repo("acme/app").SeriesOf(period.Month).Points[0].BugsOpened; got != 1 {
		t.Errorf("Jan bugs opened = %d, want 1", got)
	}
	r = Compute(fixture(), Options{BugLabels: []string{"enhancement"}})
	if got := r.Repo("acme/app").SeriesOf(period.Month).Points[0].BugsOpened; got != 1 {
		t.Errorf("with bug_labels [enhancement], Jan bugs opened = %d, want 1 (#2)", got)
	}
}

func TestHeadlines(t *testing.T) {
	r := Compute(fixture(), Options{})
	h := map[string]Headline{}
	for _, x := range r.Repo("acme/app").Headlines {
		h[x.Key] = x
	}
	// Open bugs now #5; at 03-02 none (#1 #3 closed, #5 not created); a year
	// ago is before the first issue (2024-01-10): unknown, not 0.
	eqf(t, "open_bugs", h["open_bugs"].Value, 1)
	eqf(t, "open_bugs prev", h["open_bugs"].Prev, 0)
	if y := h["open_bugs"].YearAgo; y != nil {
		t.Errorf("open_bugs year = %v, want nil: the data begins 2024-01-10", *y)
	}
	if d := h["open_bugs"].Trend(); d != Up {
		t.Errorf("open bugs trend %v, want up", d)
	}
	if good, ok := h["open_bugs"].Good(Up); !ok || good {
		t.Error("more open bugs must not be good")
	}
	// Bugs opened [03-02,04-01): #5; [02-01,03-02): #3.
	eqf(t, "bugs_opened_30d", h["bugs_opened_30d"].Value, 1)
	eqf(t, "bugs_opened_30d prev", h["bugs_opened_30d"].Prev, 1)
	if d := h["bugs_opened_30d"].Trend(); d != Flat {
		t.Errorf("bugs opened trend %v, want flat", d)
	}
	// Backlog now #2 #4 #5; at 03-02: #2 (reopened 02-01), #4 (created 03-01).
	eqf(t, "backlog", h["backlog"].Value, 3)
	eqf(t, "backlog prev", h["backlog"].Prev, 2)
	isNil(t, "backlog_closure", h["backlog_closure"].Value)
	// Final closes in [01-02, 04-01): 0.5 and 41 days.
	eqf(t, "ttc", h["time_to_close_median_days"].Value, 20.75)
	isNil(t, "ttc prev", h["time_to_close_median_days"].Prev)
	if d := h["time_to_close_median_days"].Trend(); d != Unknown {
		t.Errorf("ttc trend %v, want unknown", d)
	}
}

func TestBacklogClosureAndBugRate(t *testing.T) {
	// As of 2025-01-01 (365 days after 2024-01-02, leap year): cohort = open
	// at 2024-01-02 = #1 (closed 2024-06) and #2 (still open) -> closure 1/2.
	// Bugs: [2024-01-02, 2025-01-01): #4 #5 #6 = 3; [2023-01-02, 2024-01-02): #1 = 1 -> +200%.
	const repo = "o/r"
	u := human("u")
	d := &model.Dataset{AsOf: at("2025-01-01T00:00:00Z"), Repos: []string{repo}, NoEvents: map[string]bool{repo: true}}
	iss := func(n int, created string, closed *time.Time, labels ...string) model.Issue {
		st := "open"
		if closed != nil {
			st = "closed"
		}
		return model.Issue{Repo: repo, Number: n, State: st, Author: u, Labels: labels,
			CreatedAt: at(created), UpdatedAt: at(created), ClosedAt: closed}
	}
	d.Issues = []model.Issue{
		iss(1, "2023-06-01T00:00:00Z", atp("2024-06-01T00:00:00Z"), "bug"),
		iss(2, "2023-12-01T00:00:00Z", nil),
		iss(3, "2023-12-15T00:00:00Z", atp("2023-12-20T00:00:00Z")), // closed before the cohort instant
		iss(4, "2024-02-01T00:00:00Z", nil, "bug"),
		iss(5, "2024-03-01T00:00:00Z", nil, "bug"),
		iss(6, "2024-12-31T00:00:00Z", nil, "bug"),
	}
	s := Compute(d, Options{}).Repo(repo)
	if s.Cohort != 2 || s.CohortClosed != 1 {
		t.Errorf("cohort %d closed %d, want 2 1", s.Cohort, s.CohortClosed)
	}
	eqf(t, "closure", s.BacklogClosure, 0.5)
	if s.BugsLast12m != 3 || s.BugsPrev12m != 1 {
		t.Errorf("bugs %d prev %d, want 3 1", s.BugsLast12m, s.BugsPrev12m)
	}
	eqf(t, "bug rate change", s.BugRateChangePct, 200)
	// Per month against a year earlier: 2024-06 has 0 bugs, 2023-06 had 1 -> -100%.
	for _, p := range s.SeriesOf(period.Month).Points {
		switch p.Period.String() {
		case "2024-06":
			if p.BugsOpenedYearAgo != 1 {
				t.Errorf("2024-06 year-ago bugs %d, want 1", p.BugsOpenedYearAgo)
			}
			eqf(t, "2024-06 change", p.BugRateChangePct, -100)
		case "2024-02":
			isNil(t, "2024-02 change (2023-02 had none)", p.BugRateChangePct)
		}
	}
	// Ages at 2025-01-01: #2 397 d, #4 335, #5 306, #6 1.
	if s.Ages != [5]int{1, 0, 0, 2, 1} {
		t.Errorf("ages %v", s.Ages)
	}
}

func TestEventsDisagreeingWithRecord(t *testing.T) {
	const repo = "o/r"
	u := human("u")
	base := func() *model.Dataset {
		return &model.Dataset{AsOf: at("2024-04-01T00:00:00Z"), Repos: []string{repo}, NoEvents: map[string]bool{}}
	}
	cases := []struct {
		name   string
		issue  model.Issue
		events []model.Event
		asOf   time.Time
		// want month rows from 2024-01
		want []row
	}{
		{
			name: "closed record without close event gets its close at closed_at",
			issue: model.Issue{Repo: repo, Number: 1, State: "closed", Author: u, CreatedAt: at("2024-01-10T00:00:00Z"),
				UpdatedAt: at("2024-02-10T00:00:00Z"), ClosedAt: atp("2024-02-10T00:00:00Z")},
			want: []row{{"2024-01", 1, 0, 0, 0, 1, 0}, {"2024-02", 0, 1, 0, 0, 0, 0}, {"2024-03", 0, 0, 0, 0, 0, 0}, {"2024-04", 0, 0, 0, 0, 0, 0}},
		},
		{
			name: "open record whose events end closed gets a reopen at updated_at",
			issue: model.Issue{Repo: repo, Number: 1, State: "open", Author: u, CreatedAt: at("2024-01-10T00:00:00Z"),
				UpdatedAt: at("2024-03-05T00:00:00Z")},
			events: []model.Event{evt(repo, 1, 1, "closed", "2024-01-20T00:00:00Z")},
			want:   []row{{"2024-01", 1, 1, 0, 0, 0, 0}, {"2024-02", 0, 0, 0, 0, 0, 0}, {"2024-03", 0, 0, 1, 0, 1, 0}, {"2024-04", 0, 0, 0, 0, 1, 0}},
		},
		{
			name: "as_of before the record's last update: the events decide",
			issue: model.Issue{Repo: repo, Number: 1, State: "open", Author: u, CreatedAt: at("2024-01-10T00:00:00Z"),
				UpdatedAt: at("2024-03-05T00:00:00Z")},
			events: []model.Event{evt(repo, 1, 1, "closed", "2024-01-20T00:00:00Z")},
			asOf:   at("2024-02-15T00:00:00Z"),
			want:   []row{{"2024-01", 1, 1, 0, 0, 0, 0}, {"2024-02", 0, 0, 0, 0, 0, 0}},
		},
		{
			name: "event before created_at is taken at created_at",
			issue: model.Issue{Repo: repo, Number: 1, State: "closed", Author: u, CreatedAt: at("2024-02-10T00:00:00Z"),
				UpdatedAt: at("2024-02-10T00:00:00Z"), ClosedAt: atp("2024-02-10T00:00:00Z")},
			events: []model.Event{evt(repo, 1, 1, "closed", "2024-01-20T00:00:00Z")},
			want:   []row{{"2024-02", 1, 1, 0, 0, 0, 0}, {"2024-03", 0, 0, 0, 0, 0, 0}, {"2024-04", 0, 0, 0, 0, 0, 0}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := base()
			d.Issues = []model.Issue{tc.issue}
			d.Events = tc.events
			r := Compute(d, Options{AsOf: tc.asOf})
			eqRows(t, "month", rowsOf(r.Repo(repo).SeriesOf(period.Month)), tc.want)
			checkInvariant(t, r)
		})
	}
}

func TestAsOfOverrideIgnoresLaterRecords(t *testing.T) {
	// As of 2024-02-15: #1 open (closed 01-15, reopened 01-20, closed 02-05,
	// reopened 02-10; its closed_at 02-20 is after as_of), #2 open, #3 closed.
	// #4, #5, legacy #2 not yet created; legacy #1 created 02-15 = as_of: ignored.
	r := Compute(fixture(), Options{AsOf: at("2024-02-15T00:00:00Z")})
	app := r.Repo("acme/app")
	if app.Open != 2 || app.BugsOpen != 1 {
		t.Errorf("open %d bugs %d, want 2 1", app.Open, app.BugsOpen)
	}
	if n := len(r.Repo("acme/legacy").SeriesOf(period.Month).Points); n != 0 {
		t.Errorf("legacy has %d month points, want 0 (its first issue is at as_of)", n)
	}
	if !r.AsOf.Equal(at("2024-02-15T00:00:00Z")) {
		t.Errorf("as_of %v", r.AsOf)
	}
}

func TestWriteMonthlyCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMonthlyCSV(&b, Compute(fixture(), Options{})); err != nil {
		t.Fatal(err)
	}
	// Rows from TestMonthlyCountsReopensAcrossMonthsAndSkipsRedundantClose and
	// TestTimeToCloseUsesFinalClose; acme/empty has no issue and so no row.
	want := `repo,month,opened,closed,reopened,bugs_opened,open_at_end,bugs_open_at_end,close_median_days,close_p90_days
acme/app,2024-01,2,2,1,1,1,1,,
acme/app,2024-02,1,3,2,1,1,0,20.75,41.00
acme/app,2024-03,2,0,0,1,3,1,,
acme/app,2024-04,0,0,0,0,3,1,,
acme/legacy,2024-02,1,0,0,0,1,0,,
acme/legacy,2024-03,1,0,0,0,2,0,,
acme/legacy,2024-04,0,0,0,0,2,0,,
all,2024-01,2,2,1,1,1,1,,
all,2024-02,2,3,2,1,2,0,20.75,41.00
all,2024-03,3,0,0,1,5,1,,
all,2024-04,0,0,0,0,5,1,,
`
	want = strings.ReplaceAll(want, "\n", "\r\n") // RFC 4180: records end in CRLF
	if b.String() != want {
		t.Errorf("issues-monthly.csv:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteSummaryJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSummaryJSON(&b, Compute(fixture(), Options{})); err != nil {
		t.Fatal(err)
	}
	// Figures from TestInstantFiguresAtAsOf and TestFirstResponseSkipsAuthorBotsAndLateComments; keys sorted.
	want := `{
  "as_of": "2024-04-01T00:00:00Z",
  "repos": {
    "acme/app": {
      "backlog_closure": null,
      "bug_rate_change_pct": null,
      "bugs_last_12m": 3,
      "bugs_open": 1,
      "bugs_prev_12m": 0,
      "first_response_median_hours": 18,
      "open": 3,
      "prs_merged": 1
    },
    "acme/empty": {
      "backlog_closure": null,
      "bug_rate_change_pct": null,
      "bugs_last_12m": 0,
      "bugs_open": 0,
      "bugs_prev_12m": 0,
      "first_response_median_hours": null,
      "open": 0,
      "prs_merged": 0
    },
    "acme/legacy": {
      "backlog_closure": null,
      "bug_rate_change_pct": null,
      "bugs_last_12m": 0,
      "bugs_open": 0,
      "bugs_prev_12m": 0,
      "first_response_median_hours": null,
      "open": 2,
      "prs_merged": 0
    },
    "all": {
      "backlog_closure": null,
      "bug_rate_change_pct": null,
      "bugs_last_12m": 3,
      "bugs_open": 1,
      "bugs_prev_12m": 0,
      "first_response_median_hours": 18,
      "open": 5,
      "prs_merged": 1
    }
  }
}
`
	if b.String() != want {
		t.Errorf("summary.json:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWritersAreDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	for _, w := range []*bytes.Buffer{&a, &b} {
		r := Compute(fixture(), Options{})
		if err := WriteMonthlyCSV(w, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummaryJSON(w, r); err != nil {
			t.Fatal(err)
		}
	}
	if a.String() != b.String() {
		t.Error("two runs wrote different bytes")
	}
}

func TestMedianAndP90(t *testing.T) {
	cases := []struct {
		in       []float64
		med, p90 float64
	}{
		{[]float64{5}, 5, 5},
		{[]float64{1, 3}, 2, 3},                               // p90 rank ceil(1.8)=2
		{[]float64{1, 2, 3}, 2, 3},                            // rank ceil(2.7)=3
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},    // rank 9
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // rank ceil(9.9)=10
	}
	for _, c := range cases {
		if m := median(c.in); m != c.med {
			t.Errorf("median(%v) = %v, want %v", c.in, m, c.med)
		}
		if p := p90(c.in); p != c.p90 {
			t.Errorf("p90(%v) = %v, want %v", c.in, p, c.p90)
		}
	}
}

func TestPeriodNumbersMatchPeriodPackage(t *testing.T) {
	ts := []string{"1969-12-28T23:59:59Z", "1970-01-01T00:00:00Z", "2000-02-29T12:00:00Z",
		"2020-12-31T23:59:59Z", "2021-01-04T00:00:00Z", "2024-03-31T23:59:59Z", "2024-04-01T00:00:00Z"}
	for _, s := range ts {
		tm := at(s)
		n := numsOf(tm)
		for _, k := range Kinds {
			if got, want := startOf(k, n[k]), period.Of(k, tm).Start; !got.Equal(want) {
				t.Errorf("%s %v: start %v, want %v", s, k, got, want)
			}
		}
	}
}

func TestIssueWithoutCreatedAtIsLeftOut(t *testing.T) {
	d := fixture()
	d.Issues = append(d.Issues, model.Issue{Repo: "acme/empty", Number: 1, State: "open"})
	r := Compute(d, Options{})
	if n := len(r.All.SeriesOf(period.Day).Points); n != 83 { // 2024-01-10 .. 2024-04-01
		t.Errorf("all has %d day points, want 83", n)
	}
	if e := r.Repo("acme/empty"); e.Open != 0 || len(e.SeriesOf(period.Month).Points) != 0 {
		t.Errorf("empty repo counted an issue without created_at: open %d", e.Open)
	}
}

func TestFirstResponsePerPeriodOfCreation(t *testing.T) {
	r := Compute(fixture(), Options{})
	// acme/app by month of creation: January #1 (bob, 12 h) and #2 (none);
	// February #3 (none); March #4 (carol, 24 h) and #5 (none).
	// acme/legacy has no comments: its February and March issues have none.
	type want struct {
		month           string
		responses, none int
		median          float64 // -1: nil
	}
	check := func(repo string, ws []want) {
		t.Helper()
		pts := map[string]Point{}
		for _, p := range r.Repo(repo).SeriesOf(period.Month).Points {
			pts[p.Period.String()] = p
		}
		for _, w := range ws {
			p := pts[w.month]
			if p.Responses != w.responses || p.NoResponse != w.none {
				t.Errorf("%s %s: responses %d, none %d; want %d, %d", repo, w.month, p.Responses, p.NoResponse, w.responses, w.none)
			}
			if w.median < 0 {
				if p.FirstResponseMedianHours != nil {
					t.Errorf("%s %s: median %v, want nil", repo, w.month, *p.FirstResponseMedianHours)
				}
				continue
			}
			eqf(t, repo+" "+w.month+" median hours", p.FirstResponseMedianHours, w.median)
			eqf(t, repo+" "+w.month+" p90 hours", p.FirstResponseP90Hours, w.median)
		}
	}
	check("acme/app", []want{{"2024-01", 1, 1, 12}, {"2024-02", 0, 1, -1}, {"2024-03", 1, 1, 24}, {"2024-04", 0, 0, -1}})
	check("acme/legacy", []want{{"2024-02", 0, 1, -1}, {"2024-03", 0, 1, -1}})
	check(AllRepos, []want{{"2024-01", 1, 1, 12}, {"2024-02", 0, 2, -1}, {"2024-03", 1, 2, 24}})
	// Per period the counts add up to the whole.
	for _, rs := range append([]*RepoStats{r.All}, r.Repos...) {
		for _, k := range Kinds {
			var resp, none int
			for _, p := range rs.SeriesOf(k).Points {
				resp += p.Responses
				none += p.NoResponse
			}
			if resp != rs.FirstResponse.Responded || none != rs.FirstResponse.NoResponse {
				t.Errorf("%s %v: periods sum to %d/%d, whole is %d/%d", rs.Repo, k, resp, none, rs.FirstResponse.Responded, rs.FirstResponse.NoResponse)
			}
		}
	}
}
