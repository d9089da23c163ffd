package issuestats

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Bugs count by their current labels, so how late labels come says how
// far the recent months may still rise. Of the bugs opened in the last 12
// months: #1 labelled 10 h after creation (and once more at 4 h: the last
// event counts), #2 after 100 h, #3 without a labeled event. The feature
// #4 and the year-old bug #5 do not count; a label after as_of neither.
// The 90th percentile of [10, 100] by nearest rank is 100.
func TestLabelLagIsTheLastLabeledEventOfRecentBugs(t *testing.T) {
	asOf := at("2025-01-01T00:00:00Z")
	created := at("2024-11-01T00:00:00Z")
	issue := func(n int, c time.Time, labels ...string) model.Issue {
		return model.Issue{Repo: "acme/app", Number: n, State: "open", Labels: labels, CreatedAt: c, UpdatedAt: c}
	}
	label := func(id int64, n int, t time.Time) model.Event {
		return model.Event{Repo: "acme/app", ID: id, IssueNumber: n, Event: "labeled", CreatedAt: t}
	}
	d := &model.Dataset{AsOf: asOf, Repos: []string{"acme/app"},
		Issues: []model.Issue{issue(1, created, "bug"), issue(2, created, "bug"), issue(3, created, "bug"),
			issue(4, created, "feature"), issue(5, at("2023-06-01T00:00:00Z"), "bug")},
		Events: []model.Event{label(1, 1, created.Add(4*time.Hour)), label(2, 1, created.Add(10*time.Hour)),
			label(3, 2, created.Add(100*time.Hour)), label(4, 2, asOf.Add(time.Hour)),
			label(5, 4, created.Add(900*time.Hour)), label(6, 5, at("2023-09-01T00:00:00Z"))}}
	r := Compute(d, Options{AsOf: asOf})
	for _, rs := range []*RepoStats{r.Repo("acme/app"), r.All} {
		ll := rs.LabelLag
		if ll.Bugs != 2 || ll.NoEvents != 1 || ll.P90Hours == nil || *ll.P90Hours != 100 {
			t.Errorf("%s: %+v (p90 %v); want 2 bugs, 1 without events, p90 100 h", rs.Repo, ll, ll.P90Hours)
		}
	}
	d.NoEvents = map[string]bool{"acme/app": true}
	if ll := Compute(d, Options{AsOf: asOf}).All.LabelLag; ll.Bugs != 0 || ll.NoEvents != 3 || ll.P90Hours != nil {
		t.Errorf("without events: %+v; want no sample, 3 left out", ll)
	}
}
