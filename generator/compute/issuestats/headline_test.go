package issuestats

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// An export of the last months holds no issue a year before as_of: the
// year-ago figures are unknown (nil), not 0, while the 30-day ones, inside
// the data, are counted. With one issue filed long before, they are counted.
func TestYearAgoHeadlinesAreUnknownBeforeTheFirstIssue(t *testing.T) {
	const app = "acme/app"
	alice := human("alice")
	bug := func(n int, created string) model.Issue {
		return model.Issue{Repo: app, Number: n, State: "open", Author: alice, Labels: []string{"bug"},
			CreatedAt: at(created), UpdatedAt: at(created)}
	}
	d := &model.Dataset{AsOf: at("2024-04-10T00:00:00Z"), Repos: []string{app}, NoEvents: map[string]bool{app: true}}
	// #1 200 days and #2 10 days before as_of: 2 open bugs now, 1 of them
	// 30 days earlier, 1 opened in the last 30 days and none in the 30 before.
	d.Issues = []model.Issue{bug(1, "2023-09-23T00:00:00Z"), bug(2, "2024-03-31T00:00:00Z")}
	heads := func() map[string]Headline {
		m := map[string]Headline{}
		for _, h := range Compute(d, Options{}).Repo("all").Headlines {
			m[h.Key] = h
		}
		return m
	}
	val := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	h := heads()
	for _, k := range []string{"open_bugs", "bugs_opened_30d", "backlog"} {
		if h[k].YearAgo != nil {
			t.Errorf("%s: year ago %v, want unknown: the data begins 2023-09-23", k, *h[k].YearAgo)
		}
	}
	if val(h["open_bugs"].Prev) != 1.0 || val(h["bugs_opened_30d"].Prev) != 0.0 || val(h["backlog"].Prev) != 1.0 {
		t.Errorf("30 days earlier: open bugs %v, bugs opened %v, backlog %v; want 1, 0, 1",
			val(h["open_bugs"].Prev), val(h["bugs_opened_30d"].Prev), val(h["backlog"].Prev))
	}

	// #3, filed 2 years before and closed the day after: the data now
	// reaches back, and a year ago no bug was open.
	old := bug(3, "2022-04-10T00:00:00Z")
	old.State, old.ClosedAt = "closed", atp("2022-04-11T00:00:00Z")
	d.Issues = append(d.Issues, old)
	h = heads()
	for _, k := range []string{"open_bugs", "bugs_opened_30d", "backlog"} {
		if val(h[k].YearAgo) != 0.0 {
			t.Errorf("%s: year ago %v, want 0 (the data reaches back to 2022)", k, val(h[k].YearAgo))
		}
	}
}
