package issuestats

import (
	"fmt"
	"math/rand"
	"syscall"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/demo"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// synth builds a dataset of nIssues issues over 10 repos and five years,
// with nComments comments and nEvents events (about a third of them closed or
// reopened, the rest other kinds), a pull request for every fourth number,
// from a fixed seed. Records are sorted per repo by number, events and
// comments by time, as store.RepoData.Sort leaves them.
func synth(nIssues, nComments, nEvents int) *model.Dataset {
	rng := rand.New(rand.NewSource(1))
	const nRepos = 10
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(5 * 365 * day)
	d := &model.Dataset{AsOf: t0.Add(time.Duration(span)), NoEvents: map[string]bool{"org/repo9": true}}
	users := make([]model.User, 500)
	for i := range users {
		users[i] = model.User{Login: fmt.Sprintf("user%d", i), Type: "User"}
	}
	users[0] = model.User{Login: "ci[bot]", Type: "Bot"}
	labels := [][]string{nil, {"bug"}, {"enhancement"}, {"Bug", "ui"}, {"docs"}, {"question"}}
	perRepo := nIssues / nRepos
	for r := range nRepos {
		repo := fmt.Sprintf("org/repo%d", r)
		d.Repos = append(d.Repos, repo)
		for i := range perRepo {
			num := i + 1 + i/3 // every fourth number is a pull request
			created := t0.Add(time.Duration(span * int64(i) / int64(perRepo)))
			is := model.Issue{Repo: repo, Number: num, Title: "t", Author: users[rng.Intn(len(users))],
				Labels: labels[rng.Intn(len(labels))], CreatedAt: created, UpdatedAt: created, State: "open"}
			if rng.Intn(10) < 7 {
				c := created.Add(time.Duration(rng.Int63n(int64(200 * day))))
				is.State, is.ClosedAt, is.UpdatedAt = "closed", &c, c
			}
			d.Issues = append(d.Issues, is)
			if i%3 == 0 {
				m := created.Add(time.Hour)
				d.PullRequests = append(d.PullRequests, model.PullRequest{Repo: repo, Number: num + 1, CreatedAt: created, MergedAt: &m})
			}
		}
	}
	kinds := []string{"closed", "reopened", "labeled", "assigned", "mentioned", "subscribed"}
	for i := range nEvents {
		is := &d.Issues[rng.Intn(len(d.Issues))]
		d.Events = append(d.Events, model.Event{Repo: is.Repo, ID: int64(i), IssueNumber: is.Number, Event: kinds[rng.Intn(len(kinds))],
			CreatedAt: is.CreatedAt.Add(time.Duration(rng.Int63n(int64(300 * day))))})
	}
	for i := range nComments {
		is := &d.Issues[rng.Intn(len(d.Issues))]
		d.Comments = append(d.Comments, model.Comment{Repo: is.Repo, ID: int64(i), IssueNumber: is.Number, User: users[rng.Intn(len(users))],
			CreatedAt: is.CreatedAt.Add(time.Duration(rng.Int63n(int64(30 * day))))})
	}
	return d
}

func benchCompute(b *testing.B, scale int) {
	d := synth(300_000/scale, 1_000_000/scale, 500_000/scale)
	b.ReportAllocs()
	b.ResetTimer()
	before := cpuTime()
	for range b.N {
		Compute(d, Options{BugLabels: []string{"bug"}})
	}
	// CPU time (user+sys, all threads, GC included) is steadier than wall
	// time on a shared, loaded machine.
	b.ReportMetric(float64(cpuTime()-before)/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCompute300k: 300,000 issues, 1,000,000 comments, 500,000 events.
func BenchmarkCompute300k(b *testing.B) { benchCompute(b, 1) }

// BenchmarkCompute100k is a third of it, to show that the cost is linear.
func BenchmarkCompute100k(b *testing.B) { benchCompute(b, 3) }

func TestSyntheticDatasetKeepsInvariant(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	checkInvariant(t, Compute(synth(30_000, 100_000, 50_000), Options{}))
}

// BenchmarkComputeDemoStore300k runs the analytics over the demo
// generator's benchmark dataset (`vitals gen --size 300000`): 300,000
// issues, about 1,000,000 comments and 500,000 events in two repositories.
func BenchmarkComputeDemoStore300k(b *testing.B) {
	o := demo.Options{Issues: 300_000}.WithDefaults()
	st := &store.Store{Manifest: store.Manifest{SyncedAt: o.AsOf}, Repos: map[string]*store.RepoData{}}
	for _, rd := range demo.Generate(o) {
		st.Repos[rd.Repo] = rd
	}
	d := st.Dataset(nil)
	b.ReportAllocs()
	b.ResetTimer()
	before := cpuTime()
	for range b.N {
		Compute(d, Options{BugLabels: []string{"bug"}})
	}
	b.ReportMetric(float64(cpuTime()-before)/float64(b.N), "cpu-ns/op")
}
