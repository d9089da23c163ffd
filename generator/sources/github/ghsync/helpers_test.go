package ghsync

import (
	"bytes"
	"context"
	"path"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// clock is a settable Now for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// sleeper records waits instead of sleeping, and advances the clock.
type sleeper struct {
	mu     sync.Mutex
	clock  *clock
	waits  []time.Duration
	onWait func(d time.Duration)
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	f := s.onWait
	s.mu.Unlock()
	if s.clock != nil {
		s.clock.Add(d)
	}
	if f != nil {
		f(d)
	}
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// fixedBackoff makes retry n wait n seconds, so tests can see the attempts.
func fixedBackoff(n int) time.Duration { return time.Duration(n) * time.Second }

type env struct {
	srv   *fakegh.Server
	dir   string
	clock *clock
	sl    *sleeper
}

func newEnv(t *testing.T, o fakegh.Options) *env {
	t.Helper()
	srv := fakegh.New(o)
	t.Cleanup(srv.Close)
	c := &clock{t: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	return &env{srv: srv, dir: t.TempDir(), clock: c, sl: &sleeper{clock: c}}
}

func (e *env) opts(repos ...string) Options {
	return Options{
		APIURL: e.srv.APIURL(), Repos: repos, StoreDir: e.dir, MaxRateWait: 15 * time.Minute,
		Now: e.clock.Now, Sleep: e.sl.Sleep, Backoff: fixedBackoff,
	}
}

func (e *env) run(t *testing.T, repos ...string) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), e.opts(repos...))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum
}

// shape is a generated repository: items 1..Items (every 10th a pull
// request), even-numbered issues closed 10 minutes after creation with a
// "closed" event then, one "labeled" event per item a minute after creation,
// Comments comments spread over the items, and Releases releases.
type shape struct {
	Items, Comments, Releases int
}

// counts of a shape: closed issues = even numbers that are not multiples of
// 10; events = Items labeled + closed issues.
func (s shape) closed() int { return s.Items/2 - s.Items/10 }
func (s shape) events() int { return s.Items + s.closed() }

func created(i int) time.Time { return t0.Add(time.Duration(i) * time.Hour) }

func load(srv *fakegh.Server, repo string, sh shape) {
	srv.AddRepo(repo)
	for i := 1; i <= sh.Items; i++ {
		c := created(i)
		if i%10 == 0 {
			m := c.Add(10 * time.Minute)
			srv.AddPullRequest(repo, model.PullRequest{Number: i, Title: "pr", State: "closed", Author: model.User{Login: "dev"},
				CreatedAt: c, UpdatedAt: m, ClosedAt: &m, MergedAt: &m})
		} else if i%2 == 0 {
			cl := c.Add(10 * time.Minute)
			srv.AddIssue(repo, model.Issue{Number: i, Title: "closed issue", State: "closed", StateReason: "completed",
				Author: model.User{Login: "user"}, Labels: []string{"bug"}, CreatedAt: c, UpdatedAt: cl, ClosedAt: &cl})
			srv.AddEvent(repo, model.Event{ID: eventID(i, 2), IssueNumber: i, Event: "closed", Actor: model.User{Login: "dev"}, CreatedAt: cl})
		} else {
			srv.AddIssue(repo, model.Issue{Number: i, Title: "open issue", State: "open", Author: model.User{Login: "user"},
				CreatedAt: c, UpdatedAt: c.Add(time.Minute)})
		}
		srv.AddEvent(repo, model.Event{ID: eventID(i, 1), IssueNumber: i, Event: "labeled", Actor: model.User{Login: "dev"}, CreatedAt: c.Add(time.Minute)})
	}
	for j := 0; j < sh.Comments; j++ {
		n := j%max(sh.Items, 1) + 1
		at := created(n).Add(time.Duration(2+j/max(sh.Items, 1)) * time.Minute)
		srv.AddComment(repo, model.Comment{ID: int64(500000 + j), IssueNumber: n, User: model.User{Login: "helper"}, CreatedAt: at, UpdatedAt: at})
	}
	for k := 1; k <= sh.Releases; k++ {
		at := t0.Add(time.Duration(k) * 24 * time.Hour)
		srv.AddRelease(repo, model.Release{ID: int64(k), Tag: "v1." + string(rune('0'+k%10)), CreatedAt: at, PublishedAt: &at})
	}
}

// eventID grows with time: item i's events come after item i-1's.
func eventID(i, k int) int64 { return int64(100000 + i*10 + k) }

func sameFiles(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("store has %d files, want %d", len(b), len(a))
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			t.Fatalf("store file %s changed", k)
		}
	}
}

func readRepo(t *testing.T, dir, repo string) *store.RepoData {
	t.Helper()
	rd, err := store.ReadRepo(dir, repo)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func repoSummary(t *testing.T, s *Summary, repo string) RepoSummary {
	t.Helper()
	for _, r := range s.Repos {
		if r.Repo == repo {
			return r
		}
	}
	t.Fatalf("no summary for %s", repo)
	return RepoSummary{}
}

// storeTree reads the store's files but the syncs' notes of what they
// checked (.verified.json: sizes and modification times, which differ
// between two stores of the same records).
func storeTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := fixture.ReadTree(t, dir)
	for k := range files {
		if path.Base(k) == ".verified.json" {
			delete(files, k)
		}
	}
	return files
}
