package ghsync

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// fileState is what tells a rewritten file from an untouched one.
type fileState struct {
	ino   uint64
	mtime time.Time
	body  []byte
}

// tables reads every Parquet file of repo in the store.
func tables(t *testing.T, dir, repo string) map[string]fileState {
	t.Helper()
	rdir, err := store.RepoDir(dir, repo)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(rdir, "*.parquet"))
	if len(paths) != len(store.Tables()) {
		t.Fatalf("%s: %d tables, want %d", repo, len(paths), len(store.Tables()))
	}
	out := map[string]fileState{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = fileState{fi.Sys().(*syscall.Stat_t).Ino, fi.ModTime(), b}
	}
	return out
}

// untouched fails unless every table is the same file with the same bytes.
func untouched(t *testing.T, repo string, before, after map[string]fileState) {
	t.Helper()
	for name, b := range before {
		a := after[name]
		if a.ino != b.ino || !a.mtime.Equal(b.mtime) || !bytes.Equal(a.body, b.body) {
			t.Errorf("%s/%s was rewritten (inode %d → %d, mtime %v → %v, same bytes %v)", repo, name, b.ino, a.ino, b.mtime, a.mtime, bytes.Equal(a.body, b.body))
		}
	}
}

// scramble overwrites every table of repo in place with bytes of the same
// size that no Parquet reader accepts, and puts back its modification time:
// a sync that decoded, or even hashed, one would fail (a table whose time
// moved is hashed, store.CheckRepo).
func scramble(t *testing.T, dir, repo string) {
	t.Helper()
	for name, st := range tables(t, dir, repo) {
		p := filepath.Join(dir, "repos", repo, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte{'x'}, len(st.body)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, st.mtime, st.mtime); err != nil {
			t.Fatal(err)
		}
	}
	// A reader that finds a table changed drops the sync's note of what it
	// checked (so that the next sync looks); put it back: the scramble is
	// meant to be what a sync that reads nothing cannot see.
	note := filepath.Join(dir, "repos", repo, ".verified.json")
	kept, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ReadRepo(dir, repo); err == nil {
		t.Fatalf("%s: scrambled tables still decode; the test would prove nothing", repo)
	}
	if err := os.WriteFile(note, kept, 0o644); err != nil {
		t.Fatal(err)
	}
}

// steadyEnv is three repositories after a cold sync and a first nightly, so
// that every list's ETag is stored and the next nightly is all 304s.
func steadyEnv(t *testing.T) (*env, []string) {
	t.Helper()
	e := newEnv(t, fakegh.Options{})
	repos := []string{"acme/a", "acme/b", "acme/c"}
	for i, r := range repos {
		load(e.srv, r, shape{Items: 120 + 40*i, Comments: 150, Releases: 2 + i})
	}
	for i := 0; i < 2; i++ {
		e.run(t, repos...)
		e.clock.Add(24 * time.Hour)
	}
	return e, repos
}

func TestUnchangedNightlyNeitherDecodesNorRewritesAnyTable(t *testing.T) {
	e, repos := steadyEnv(t)
	before := map[string]map[string]fileState{}
	stored := map[string]*store.RepoData{}
	for _, r := range repos {
		stored[r] = readRepo(t, e.dir, r)
		before[r] = tables(t, e.dir, r)
	}
	e.srv.ResetCounts()
	sum := e.run(t, repos...)

	if sum.Requests != 5*len(repos) || sum.NotModified != 4*len(repos) {
		t.Errorf("%d requests, %d not modified; want %d and %d", sum.Requests, sum.NotModified, 5*len(repos), 4*len(repos))
	}
	for _, r := range repos {
		untouched(t, r, before[r], tables(t, e.dir, r))
		rs := repoSummary(t, sum, r)
		// One conditional request per list, each a 304, and the count probe.
		if rs.Requests != 5 || rs.NotModified != 4 {
			t.Errorf("%s: %d requests, %d not modified; want 5, 4", r, rs.Requests, rs.NotModified)
		}
		for path, want := range map[string]int{"issues": 2, "issues/comments": 1, "issues/events": 1, "releases": 1} {
			if got := e.srv.Count("/repos/" + r + "/" + path); got != want {
				t.Errorf("%s: %d requests to %s, want %d", r, got, path, want)
			}
		}
		// The summary's totals come from repo.json.
		old := stored[r]
		if rs.Issues != len(old.Issues) || rs.PullRequests != len(old.PullRequests) || rs.Comments != len(old.Comments) ||
			rs.Events != len(old.Events) || rs.Releases != len(old.Releases) || !rs.EventsComplete || rs.Added+rs.Updated+rs.Removed != 0 {
			t.Errorf("%s: summary %+v", r, rs)
		}
		// repo.json says when it was synced; the records are the same.
		now := readRepo(t, e.dir, r)
		if !now.SyncedAt.Equal(e.clock.Now()) {
			t.Errorf("%s: synced_at %v, want %v", r, now.SyncedAt, e.clock.Now())
		}
		if len(now.Issues) != len(old.Issues) || len(now.Comments) != len(old.Comments) || len(now.Events) != len(old.Events) {
			t.Errorf("%s: records changed", r)
		}
		if now.Sync.IssuesSince == nil || !now.Sync.IssuesSince.Equal(*old.Sync.IssuesSince) || len(now.Sync.ETags) != 4 {
			t.Errorf("%s: sync state %+v, was %+v", r, now.Sync, old.Sync)
		}
	}
	m, _, err := store.ReadManifest(e.dir)
	if err != nil || !m.SyncedAt.Equal(e.clock.Now()) || len(m.Repos) != len(repos) {
		t.Errorf("manifest %+v (%v), want synced_at %v", m, err, e.clock.Now())
	}

	// The proof that nothing was decoded: tables no reader accepts, and the
	// next unchanged nightly still succeeds and leaves them as they are.
	for _, r := range repos {
		scramble(t, e.dir, r)
		before[r] = tables(t, e.dir, r)
	}
	e.clock.Add(24 * time.Hour)
	e.run(t, repos...)
	for _, r := range repos {
		untouched(t, r, before[r], tables(t, e.dir, r))
	}
}

func TestOneChangedRepositoryIsTheOnlyOneReadAndRewritten(t *testing.T) {
	e, repos := steadyEnv(t)
	// a and c are unchanged; their tables could not be decoded if read.
	before := map[string]map[string]fileState{}
	for _, r := range []string{"acme/a", "acme/c"} {
		scramble(t, e.dir, r)
		before[r] = tables(t, e.dir, r)
	}
	b0 := readRepo(t, e.dir, "acme/b")
	bBefore := tables(t, e.dir, "acme/b")
	at := e.clock.Now().Add(-time.Hour)
	e.srv.AddIssue("acme/b", model.Issue{Number: 1000, Title: "new", State: "open", Author: model.User{Login: "u"}, CreatedAt: at, UpdatedAt: at})
	e.srv.ResetCounts()
	sum := e.run(t, repos...)

	for _, r := range []string{"acme/a", "acme/c"} {
		untouched(t, r, before[r], tables(t, e.dir, r))
		if rs := repoSummary(t, sum, r); rs.Requests != 5 || rs.NotModified != 4 {
			t.Errorf("%s: %d requests, %d not modified; want 5, 4", r, rs.Requests, rs.NotModified)
		}
	}
	rs := repoSummary(t, sum, "acme/b")
	if rs.Added != 1 || rs.Updated != 0 || rs.Issues != len(b0.Issues)+1 {
		t.Errorf("acme/b: %+v", rs)
	}
	b1 := readRepo(t, e.dir, "acme/b")
	if len(b1.Issues) != len(b0.Issues)+1 || len(b1.Comments) != len(b0.Comments) || len(b1.Events) != len(b0.Events) || len(b1.Releases) != len(b0.Releases) {
		t.Errorf("acme/b after: %d issues, %d comments, %d events, %d releases", len(b1.Issues), len(b1.Comments), len(b1.Events), len(b1.Releases))
	}
	after := tables(t, e.dir, "acme/b")
	if bytes.Equal(after["issues.parquet"].body, bBefore["issues.parquet"].body) {
		t.Errorf("acme/b: issues.parquet was not rewritten")
	}
}

// A table that lost bytes (it was written before repo.json, so no kill
// does this) used to stop the sync; the sync now finds it and syncs the
// repository again in full, which repairs it (issue 23).
func TestUnchangedRepositoryWithAPartlyWrittenTableIsSyncedAgainInFull(t *testing.T) {
	e, repos := steadyEnv(t)
	want := readRepo(t, e.dir, "acme/b")
	p := filepath.Join(e.dir, "repos", "acme", "b", "events.parquet")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:len(b)-1], 0o644)
	sum := e.run(t, repos...)
	rs := repoSummary(t, sum, "acme/b")
	if !rs.Cold || len(rs.Warnings) != 1 || !strings.Contains(rs.Warnings[0], p+": ") ||
		!strings.Contains(rs.Warnings[0], "partly written") || !strings.Contains(rs.Warnings[0], "synced again in full") {
		t.Errorf("acme/b: cold %v, warnings %q", rs.Cold, rs.Warnings)
	}
	if !strings.Contains(sum.String(), "acme/b: warning: "+p) {
		t.Errorf("the summary does not say so:\n%s", sum)
	}
	got := readRepo(t, e.dir, "acme/b")
	if len(got.Issues) != len(want.Issues) || len(got.Events) != len(want.Events) || len(got.Comments) != len(want.Comments) {
		t.Errorf("after the repair: %d issues, %d events, %d comments; want %d, %d, %d",
			len(got.Issues), len(got.Events), len(got.Comments), len(want.Issues), len(want.Events), len(want.Comments))
	}
	if _, err := store.Open(e.dir); err != nil {
		t.Errorf("the store after the repair: %v", err)
	}
}

func TestFormat1StoreIsMigratedByTheNextSync(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 30, Comments: 10, Releases: 1})
	e.run(t, "acme/a")
	e.clock.Add(24 * time.Hour)
	e.run(t, "acme/a")
	rd := readRepo(t, e.dir, "acme/a")

	// The same records and sync state, as vitals before format 2 stored them.
	old := t.TempDir()
	if err := store.WriteFormat1(old, rd); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(old, "manifest.json"), []byte(`{"format": 1, "synced_at": "2024-06-02T12:00:00Z", "repos": ["acme/a"]}`), 0o644)
	e.dir = old
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/a")
	if sum.Requests != 5 || sum.NotModified != 4 {
		t.Errorf("%d requests, %d not modified; want 5, 4 (the cursors and ETags carried over)", sum.Requests, sum.NotModified)
	}
	if _, err := os.Stat(filepath.Join(old, "repos", "acme", "a.json")); !os.IsNotExist(err) {
		t.Errorf("format-1 document still there: %v", err)
	}
	m, _, _ := store.ReadManifest(old)
	got := readRepo(t, old, "acme/a")
	if m.Format != store.Format || len(got.Issues) != len(rd.Issues) || len(got.Comments) != len(rd.Comments) || len(got.Events) != len(rd.Events) {
		t.Errorf("manifest format %d; %d issues, %d comments, %d events", m.Format, len(got.Issues), len(got.Comments), len(got.Events))
	}
}
