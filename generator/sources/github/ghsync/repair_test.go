package ghsync

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Issue 23: a build whose store lost a file, or holds one that does not
// match, now stops and says to run `vitals fetch`; the fetch must repair
// it, by syncing the damaged repositories again in full.
func TestFetchRepairsADamagedStoreBySyncingAgainInFull(t *testing.T) {
	for _, c := range []struct {
		name  string
		harm  func(dir string)
		repos []string // synced again in full
	}{
		{"a table removed", func(dir string) { os.Remove(filepath.Join(dir, "repos", "acme", "b", "events.parquet")) }, []string{"acme/b"}},
		{"repo.json removed", func(dir string) { os.Remove(filepath.Join(dir, "repos", "acme", "a", "repo.json")) }, []string{"acme/a"}},
		{"the manifest removed", func(dir string) { os.Remove(filepath.Join(dir, "manifest.json")) }, []string{"acme/a", "acme/b", "acme/c"}},
		{"a table of another repository copied in", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "repos", "acme", "a", "comments.parquet"))
			os.WriteFile(filepath.Join(dir, "repos", "acme", "c", "comments.parquet"), b, 0o644)
		}, []string{"acme/c"}},
		{"a table changed in place, same size", func(dir string) {
			p := filepath.Join(dir, "repos", "acme", "a", "issues.parquet")
			b, _ := os.ReadFile(p)
			b[len(b)/3] ^= 1
			os.WriteFile(p, b, 0o644)
		}, []string{"acme/a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, repos := steadyEnv(t)
			want := map[string]*store.RepoData{}
			for _, r := range repos {
				want[r] = readRepo(t, e.dir, r)
			}
			c.harm(e.dir)
			if _, err := store.Open(e.dir); err == nil {
				t.Fatal("the harm went unnoticed; the test would prove nothing")
			}
			e.clock.Add(24 * time.Hour)
			sum := e.run(t, repos...)
			for _, r := range repos {
				rs := repoSummary(t, sum, r)
				full := strings.Contains(strings.Join(c.repos, " "), r)
				said := len(rs.Warnings) == 1 && strings.HasSuffix(rs.Warnings[0], "; synced again in full")
				if rs.Cold != full || said != full {
					t.Errorf("%s: cold %v, warnings %q; want synced again in full: %v", r, rs.Cold, rs.Warnings, full)
				}
			}
			st, err := store.Open(e.dir)
			if err != nil {
				t.Fatalf("the store after the fetch: %v", err)
			}
			for _, r := range repos {
				got, w := st.Repos[r], want[r]
				if got == nil || len(got.Issues) != len(w.Issues) || len(got.PullRequests) != len(w.PullRequests) ||
					len(got.Comments) != len(w.Comments) || len(got.Events) != len(w.Events) || len(got.Releases) != len(w.Releases) {
					t.Errorf("%s after the repair is not what it was", r)
				}
			}
		})
	}
}

// Issue 23: a 502 that lasted past the retries ended the repository's line
// with an empty excerpt (a proxy's HTML page has no GitHub message).
func TestPersistent502SaysItsStatusAndThatNoMessageCame(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 5})
	e.srv.Fail(fakegh.Fault{Match: "/repos/acme/r/issues/comments", Kind: fakegh.Status502, Times: 100})
	sum, err := Run(context.Background(), e.opts("acme/r"))
	if err == nil {
		t.Fatal("the sync succeeded")
	}
	got := repoSummary(t, sum, "acme/r").Err.Error()
	want := "GitHub answered 502 Bad Gateway with no error message: its body is 50 bytes of text/html, not GitHub's JSON (a proxy or load balancer answered?)"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got %q\nwant it to end with %q", got, want)
	}
}
