package feedback

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

// benchData is one repository of n issues, a third of them feature
// requests, three comments each and a 👍 history of three points per
// request: the shape of a large store.
func benchData(n int) *model.Dataset {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &model.Dataset{AsOf: start.Add(3 * 365 * 24 * time.Hour), Repos: []string{"o/r"}}
	for i := 1; i <= n; i++ {
		created := start.Add(time.Duration(i) * time.Hour / 4)
		is := model.Issue{Repo: "o/r", Number: i, Title: "t", State: "open", Author: model.User{Login: "a"}, CreatedAt: created,
			Reactions: &model.Reactions{ThumbsUp: i % 17}}
		if i%3 == 0 {
			is.Labels = []string{"enhancement"}
			for k := 0; k < 3; k++ {
				d.Demand = append(d.Demand, model.DemandPoint{Repo: "o/r", Issue: i, At: created.Add(time.Duration(k+1) * 30 * 24 * time.Hour), ThumbsUp: k})
			}
		} else {
			is.Labels = []string{"bug"}
		}
		if i%2 == 0 {
			c := created.Add(48 * time.Hour)
			is.State, is.ClosedAt = "closed", &c
		}
		d.Issues = append(d.Issues, is)
		for k := 0; k < 3; k++ {
			d.Comments = append(d.Comments, model.Comment{Repo: "o/r", ID: int64(i*3 + k), IssueNumber: i, User: model.User{Login: "m"}, CreatedAt: created.Add(time.Duration(k+1) * time.Hour)})
		}
	}
	return d
}

// BenchmarkFeedbackAdd is what the feature requests add to a build, per
// repository of 100,000 issues; BenchmarkIssueTimes is the first-response
// pass the build makes anyway for issue SLOs and areas, for the ratio.
func BenchmarkFeedbackAdd(b *testing.B) {
	d := benchData(100_000)
	o := Options{AsOf: d.AsOf, Labels: []string{"enhancement", "feature", "feature request"}}
	b.ResetTimer()
	for b.Loop() {
		a := NewAcc(o)
		a.Add(d)
		a.Report()
	}
}

func BenchmarkIssueTimes(b *testing.B) {
	d := benchData(100_000)
	b.ResetTimer()
	for b.Loop() {
		issuestats.Times(d, d.AsOf, nil)
	}
}
