package releasestats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Lead time found by binary search in the sorted merge times equals every
// merge scanned for every release, with merges at the very instant of a
// release, prereleases and several repositories.
func TestLeadTimeEqualsScanningEveryMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) *time.Time { t := base.Add(time.Duration(n) * 24 * time.Hour); return &t }
	asOf := *day(200)
	for round := range 30 {
		var rels []model.Release
		var prs []model.PullRequest
		for i := range 40 {
			rels = append(rels, model.Release{Repo: fmt.Sprint("o/r", r.IntN(3)), ID: int64(i), PublishedAt: day(r.IntN(220)), Prerelease: r.IntN(5) == 0})
		}
		for range 300 {
			prs = append(prs, model.PullRequest{Repo: fmt.Sprint("o/r", r.IntN(3)), MergedAt: day(r.IntN(220))})
		}
		rows := Rows(rels, prs, asOf, nil)
		for i, row := range rows {
			var prev *time.Time
			if i > 0 && rows[i-1].Repo == row.Repo {
				prev = rows[i-1].PublishedAt
			}
			var hours []float64
			for _, p := range prs {
				if p.Repo == row.Repo && p.MergedAt.Before(asOf) && (prev == nil || p.MergedAt.After(*prev)) && !p.MergedAt.After(*row.PublishedAt) {
					hours = append(hours, row.PublishedAt.Sub(*p.MergedAt).Hours())
				}
			}
			want := median(hours)
			if row.PRs != len(hours) || !(want == row.LeadTimeMedianHours || math.IsNaN(want) && math.IsNaN(row.LeadTimeMedianHours)) {
				t.Fatalf("round %d release %d: %d PRs, median %v; want %d, %v", round, row.ID, row.PRs, row.LeadTimeMedianHours, len(hours), want)
			}
		}
	}
}
