package issuestats

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Of the issues with no response yet, those created less than 48 hours
// before as_of are not late: #3 (47 h old) counts as under 2 days, #2 (49 h)
// and #4 (10 days) do not; #1 was answered in 3 h.
func TestUnansweredIssuesUnderTwoDaysOldAreCountedApart(t *testing.T) {
	const app = "acme/app"
	d := &model.Dataset{AsOf: at("2024-04-10T00:00:00Z"), Repos: []string{app}, NoEvents: map[string]bool{app: true}}
	alice := human("alice")
	d.Issues = []model.Issue{
		{Repo: app, Number: 1, State: "open", Author: alice, CreatedAt: at("2024-04-01T00:00:00Z"), UpdatedAt: at("2024-04-01T03:00:00Z")},
		{Repo: app, Number: 2, State: "open", Author: alice, CreatedAt: at("2024-04-07T23:00:00Z"), UpdatedAt: at("2024-04-07T23:00:00Z")},
		{Repo: app, Number: 3, State: "open", Author: alice, CreatedAt: at("2024-04-08T01:00:00Z"), UpdatedAt: at("2024-04-08T01:00:00Z")},
		{Repo: app, Number: 4, State: "open", Author: alice, CreatedAt: at("2024-03-31T00:00:00Z"), UpdatedAt: at("2024-03-31T00:00:00Z")},
	}
	d.Comments = []model.Comment{cmt(app, 1, 1, human("bob"), "2024-04-01T03:00:00Z")}
	fr := Compute(d, Options{}).Repo(app).FirstResponse
	if fr.Responded != 1 || fr.NoResponse != 3 || fr.Within2Days != 1 || fr.Under2Days != 1 {
		t.Errorf("responded %d, no response %d, within 2 days %d, under 2 days %d; want 1, 3, 1, 1",
			fr.Responded, fr.NoResponse, fr.Within2Days, fr.Under2Days)
	}
	if all := Compute(d, Options{}).Repo("all").FirstResponse; all.Under2Days != 1 {
		t.Errorf("all: under 2 days %d, want 1 (merged from the repository)", all.Under2Days)
	}
}
