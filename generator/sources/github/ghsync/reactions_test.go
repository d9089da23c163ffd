package ghsync

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// reactionsEnv is one repository of 450 items after a cold sync: 225 open
// issues (odd numbers), so a full read of the open issues is 3 pages.
// Issues 1, 3 and 5 carry reactions.
func reactionsEnv(t *testing.T) (*env, string) {
	t.Helper()
	e := newEnv(t, fakegh.Options{})
	const repo = "acme/app"
	load(e.srv, repo, shape{Items: 450, Comments: 50, Releases: 2})
	for n, r := range map[int]model.Reactions{1: {ThumbsUp: 5, Heart: 1}, 3: {ThumbsUp: 2}, 5: {Eyes: 4}} {
		e.srv.SetReactions(repo, n, r)
	}
	e.run(t, repo)
	return e, repo
}

func issueByNumber(t *testing.T, rd *store.RepoData, n int) model.Issue {
	t.Helper()
	for _, is := range rd.Issues {
		if is.Number == n {
			return is
		}
	}
	t.Fatalf("no issue #%d", n)
	return model.Issue{}
}

func TestColdSyncStoresEveryIssuesReactionsAndStartsTheHistory(t *testing.T) {
	e, repo := reactionsEnv(t)
	rd := readRepo(t, e.dir, repo)
	if r := issueByNumber(t, rd, 1).Reactions; r == nil || *r != (model.Reactions{ThumbsUp: 5, Heart: 1}) {
		t.Errorf("#1 reactions %+v", r)
	}
	if r := issueByNumber(t, rd, 7).Reactions; r == nil || *r != (model.Reactions{}) {
		t.Errorf("#7 reactions %+v, want known and none (GitHub sends zeros)", r)
	}
	// One point per issue, the first time its reactions are seen.
	if len(rd.Demand) != len(rd.Issues) {
		t.Errorf("%d points for %d issues", len(rd.Demand), len(rd.Issues))
	}
	for _, p := range rd.Demand {
		want := map[int]int{1: 5, 3: 2}[p.Issue]
		if p.ThumbsUp != want || !p.At.Equal(e.clock.Now()) {
			t.Errorf("point %+v, want %d at %v", p, want, e.clock.Now())
		}
	}
	if r := rd.Sync.ReactionsRefreshed; r == nil || !r.Equal(e.clock.Now()) {
		t.Errorf("reactions_refreshed %v, want the cold sync's %v", r, e.clock.Now())
	}
}

// The request counts of two weeks of nightly syncs: every night after the
// first costs the
// 5 requests of an unchanged repository (4 of them 304s), and the nights a
// refresh is due (the 7th and 14th after the cold sync) ceil(225/100) = 3
// more, one per page of open issues. A reaction added on day 3 is not seen
// until the refresh of day 7, which then rewrites the tables; the refresh
// of day 14 finds nothing changed and rewrites only repo.json.
func TestWeeklyRefreshCostsOnePageOfOpenIssuesPerHundredOnceAWeek(t *testing.T) {
	e, repo := reactionsEnv(t)
	start := e.clock.Now()
	for night := 1; night <= 14; night++ {
		e.clock.Set(start.Add(time.Duration(night) * 24 * time.Hour))
		if night == 3 {
			e.srv.SetReactions(repo, 9, model.Reactions{ThumbsUp: 3})
		}
		before := tables(t, e.dir, repo)
		e.srv.ResetCounts()
		sum := e.run(t, repo)
		if night == 1 {
			continue // the first nightly after a cold sync asks with new since-URLs (see the package comment)
		}
		rs := repoSummary(t, sum, repo)
		refresh := night == 7 || night == 14
		wantReq, wantIssues := 5, 2 // the issues list with since, and the count probe
		if refresh {
			wantReq, wantIssues = 8, 5
		}
		if rs.Requests != wantReq || rs.NotModified != 4 || e.srv.Count("/repos/"+repo+"/issues") != wantIssues {
			t.Errorf("night %d: %d requests (%d to issues), %d not modified; want %d (%d), 4", night, rs.Requests,
				e.srv.Count("/repos/"+repo+"/issues"), rs.NotModified, wantReq, wantIssues)
		}
		if rs.ReactionsRefreshed != refresh {
			t.Errorf("night %d: refreshed %v, want %v", night, rs.ReactionsRefreshed, refresh)
		}
		rd := readRepo(t, e.dir, repo)
		seen := issueByNumber(t, rd, 9).Reactions.ThumbsUp
		if want := map[bool]int{true: 3, false: 0}[night >= 7]; seen != want {
			t.Errorf("night %d: #9 has %d 👍 in the store, want %d", night, seen, want)
		}
		if night == 7 {
			if rs.ReactionsChanged != 1 {
				t.Errorf("night 7: %d changed, want 1", rs.ReactionsChanged)
			}
			after := tables(t, e.dir, repo)
			if bytes.Equal(after["issues.parquet"].body, before["issues.parquet"].body) || bytes.Equal(after["demand.parquet"].body, before["demand.parquet"].body) {
				t.Errorf("night 7: a changed reaction did not rewrite the issues and the history")
			}
			var pts []model.DemandPoint
			for _, p := range rd.Demand {
				if p.Issue == 9 {
					pts = append(pts, p)
				}
			}
			if len(pts) != 2 || pts[0].ThumbsUp != 0 || !pts[0].At.Equal(start) || pts[1].ThumbsUp != 3 || !pts[1].At.Equal(e.clock.Now()) {
				t.Errorf("night 7: history of #9 %+v, want 0 at the cold sync and 3 now", pts)
			}
		} else {
			untouched(t, repo, before, tables(t, e.dir, repo))
		}
		wantLast := start
		if night >= 14 {
			wantLast = start.Add(14 * 24 * time.Hour)
		} else if night >= 7 {
			wantLast = start.Add(7 * 24 * time.Hour)
		}
		if r := rd.Sync.ReactionsRefreshed; r == nil || !r.Equal(wantLast) {
			t.Errorf("night %d: reactions_refreshed %v, want %v", night, r, wantLast)
		}
	}
}

// A nightly that starts an hour earlier than the one a week before still
// refreshes (RefreshAfter is six and a half days).
func TestRefreshIsDueAWeekLaterEvenWhenTheSyncStartsEarlier(t *testing.T) {
	e, repo := reactionsEnv(t)
	e.clock.Add(7*24*time.Hour - time.Hour)
	if rs := repoSummary(t, e.run(t, repo), repo); !rs.ReactionsRefreshed {
		t.Errorf("not refreshed 6 days 23 hours after the last refresh")
	}
}

// A repository with no open issue has nothing to refresh: no request, and
// the refresh is recorded all the same.
func TestRefreshOfARepositoryWithoutOpenIssuesAsksNothing(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	const repo = "acme/done"
	at := t0
	e.srv.AddIssue(repo, model.Issue{Number: 1, Title: "closed", State: "closed", Author: model.User{Login: "u"}, CreatedAt: at, UpdatedAt: at, ClosedAt: &at})
	e.run(t, repo)
	e.clock.Add(8 * 24 * time.Hour)
	e.srv.ResetCounts()
	rs := repoSummary(t, e.run(t, repo), repo)
	if rs.Requests != 5 || !rs.ReactionsRefreshed {
		t.Errorf("%d requests, refreshed %v; want 5, true", rs.Requests, rs.ReactionsRefreshed)
	}
}

// A format-2 store (before reactions) is migrated by the next sync, which
// refreshes the open issues at once (no refresh recorded yet): their
// reactions are then known; closed issues' stay unknown until they change.
func TestFormat2StoreGetsReactionsFromTheNextSync(t *testing.T) {
	e, repo := reactionsEnv(t)
	e.clock.Add(24 * time.Hour)
	e.run(t, repo) // a nightly: every ETag stored
	rd := readRepo(t, e.dir, repo)
	rd.Sync.ReactionsRefreshed = nil // format 2 had no such field
	for i := range rd.Issues {
		rd.Issues[i].Reactions = nil
	}
	rd.Demand = nil
	old := t.TempDir()
	if err := store.WriteFormat2(old, rd); err != nil {
		t.Fatal(err)
	}
	m, _, _ := store.ReadManifest(e.dir)
	os.WriteFile(filepath.Join(old, "manifest.json"), []byte(`{"format": 2, "synced_at": "`+m.SyncedAt.Format(time.RFC3339)+`", "repos": ["acme/app"]}`), 0o644)

	e.dir = old
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	rs := repoSummary(t, e.run(t, repo), repo)
	if rs.Requests != 8 || rs.NotModified != 4 || !rs.ReactionsRefreshed || rs.ReactionsChanged != 225 {
		t.Errorf("first sync after the migration: %d requests, %d not modified, refreshed %v, %d changed; want 8, 4, true, 225",
			rs.Requests, rs.NotModified, rs.ReactionsRefreshed, rs.ReactionsChanged)
	}
	got := readRepo(t, old, repo)
	if got.Format != store.Format {
		t.Errorf("format %d", got.Format)
	}
	if r := issueByNumber(t, got, 1).Reactions; r == nil || r.ThumbsUp != 5 {
		t.Errorf("open #1 after the sync: %+v, want 5 👍", r)
	}
	if r := issueByNumber(t, got, 2).Reactions; r != nil {
		t.Errorf("closed #2 after the sync: %+v, want still unknown", r)
	}
	if len(got.Demand) != 225 {
		t.Errorf("%d points, want one per open issue (225)", len(got.Demand))
	}
}
