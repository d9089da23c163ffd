package issuestats

import (
	"slices"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

// Two repositories as of 2024-01-10: acme/with has its comments,
// acme/import (an import of the issues list) has none (Dataset.NoComments).
//
//	acme/with #1 created 01-01 00:00, bob at 10:00: 10 h.
//	acme/with #2 created 01-02 00:00, bob on 01-05 00:00: 72 h.
//	acme/with #3 created 01-03 00:00, no response (7 days old).
//	acme/import #1, #2: first responses unknown.
//
// acme/with: 2 responded, 1 without, 1 within 2 days, median 41 h.
// acme/import: unknown (nothing counted). All: acme/with's figures, with
// acme/import named as left out. Were acme/import counted, all would say 3
// without a response.
func TestFirstResponsesLeaveOutRepositoriesWithoutComments(t *testing.T) {
	const with, imp = "acme/with", "acme/import"
	d := &model.Dataset{AsOf: at("2024-01-10T00:00:00Z"), Repos: []string{imp, with},
		NoEvents: map[string]bool{with: true, imp: true}, NoComments: map[string]bool{imp: true}}
	alice := human("alice")
	iss := func(repo string, n int, created string) model.Issue {
		return model.Issue{Repo: repo, Number: n, State: "open", Author: alice, CreatedAt: at(created), UpdatedAt: at(created)}
	}
	d.Issues = []model.Issue{
		iss(imp, 1, "2024-01-01T00:00:00Z"), iss(imp, 2, "2024-01-04T00:00:00Z"),
		iss(with, 1, "2024-01-01T00:00:00Z"), iss(with, 2, "2024-01-02T00:00:00Z"), iss(with, 3, "2024-01-03T00:00:00Z"),
	}
	d.Comments = []model.Comment{
		cmt(with, 1, 1, human("bob"), "2024-01-01T10:00:00Z"),
		cmt(with, 2, 2, human("bob"), "2024-01-05T00:00:00Z"),
	}
	r := Compute(d, Options{})
	type want struct {
		responded, none, within int
		median                  float64 // -1: nil
		noComments              []string
		unknown                 bool
	}
	for _, c := range []struct {
		repo string
		want want
	}{
		{with, want{2, 1, 1, 41, nil, false}},
		{imp, want{0, 0, 0, -1, []string{imp}, true}},
		{AllRepos, want{2, 1, 1, 41, []string{imp}, false}},
	} {
		fr := r.Repo(c.repo).FirstResponse
		median := -1.0
		if fr.MedianHours != nil {
			median = *fr.MedianHours
		}
		got := want{fr.Responded, fr.NoResponse, fr.Within2Days, median, fr.NoComments, fr.Unknown}
		if got.responded != c.want.responded || got.none != c.want.none || got.within != c.want.within || got.median != c.want.median ||
			!slices.Equal(got.noComments, c.want.noComments) || got.unknown != c.want.unknown {
			t.Errorf("%s: %+v, want %+v", c.repo, got, c.want)
		}
	}
	// The month's points: acme/with's 2 responses and 1 without in all's too.
	for _, repo := range []string{with, AllRepos} {
		pts := r.Repo(repo).SeriesOf(period.Month).Points
		if p := pts[len(pts)-1]; p.Responses != 2 || p.NoResponse != 1 {
			t.Errorf("%s %s: %d responses, %d without; want 2, 1", repo, p.Period, p.Responses, p.NoResponse)
		}
	}
	if p := r.Repo(imp).SeriesOf(period.Month).Points[0]; p.Responses != 0 || p.NoResponse != 0 || p.FirstResponseMedianHours != nil {
		t.Errorf("%s %s: %+v, want no first-response figures", imp, p.Period, p)
	}
	// The other figures still count acme/import: 5 open issues.
	if r.All.Open != 5 {
		t.Errorf("all: %d open, want 5", r.All.Open)
	}
	// Times marks acme/import's issues, whose first response is unknown.
	for _, it := range Times(d, d.AsOf, nil) {
		if it.NoComments != (it.Issue.Repo == imp) || (it.Issue.Repo == imp && it.FirstResponse != nil) {
			t.Errorf("%s#%d: NoComments %v, first response %v", it.Issue.Repo, it.Issue.Number, it.NoComments, it.FirstResponse)
		}
	}
}
