package ghsync

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

func TestColdSyncCostsOnePagePerHundredOfEachList(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	sh := shape{Items: 250, Comments: 120, Releases: 3}
	load(e.srv, "acme/big", sh)
	e.srv.AddRepo("acme/empty")
	sum := e.run(t, "acme/big", "acme/empty")

	// acme/big: ceil(250/100)=3 issue pages + ceil(120/100)=2 comment pages
	// + ceil(350/100)=4 event pages (250 labeled + 100 closed) + 1 release page = 10.
	big := repoSummary(t, sum, "acme/big")
	if big.Requests != 10 || !big.Cold {
		t.Errorf("acme/big: %d requests (cold %v), want 10 cold", big.Requests, big.Cold)
	}
	// acme/empty: one request per list, each empty: 4.
	if r := repoSummary(t, sum, "acme/empty"); r.Requests != 4 {
		t.Errorf("acme/empty: %d requests, want 4", r.Requests)
	}
	if got := e.srv.Requests(); got != 14 || sum.Requests != 14 {
		t.Errorf("server saw %d requests, summary says %d, want 14", got, sum.Requests)
	}
	if n := e.srv.Count("/repos/acme/big/issues/events"); n != 4 {
		t.Errorf("event pages: %d, want 4", n)
	}
	rd := readRepo(t, e.dir, "acme/big")
	// 250 items, 25 pull requests, 225 issues.
	if len(rd.Issues) != 225 || len(rd.PullRequests) != 25 || len(rd.Comments) != 120 || len(rd.Events) != 350 || len(rd.Releases) != 3 {
		t.Errorf("stored %d issues %d prs %d comments %d events %d releases, want 225 25 120 350 3",
			len(rd.Issues), len(rd.PullRequests), len(rd.Comments), len(rd.Events), len(rd.Releases))
	}
	if !rd.EventsComplete || big.EventsCutOff || big.PerIssueEvents != 0 {
		t.Errorf("events complete %v, cut off %v, per-issue %d; want complete, not cut, 0", rd.EventsComplete, big.EventsCutOff, big.PerIssueEvents)
	}
	// Item 250 is the last updated: created 250h after t0, updated 10 minutes later.
	want := created(250).Add(10 * time.Minute)
	if rd.Sync.IssuesSince == nil || !rd.Sync.IssuesSince.Equal(want) {
		t.Errorf("issues cursor %v, want %v", rd.Sync.IssuesSince, want)
	}
	if rd.Sync.EventsNewest != eventID(250, 1) {
		t.Errorf("events newest %d, want %d", rd.Sync.EventsNewest, eventID(250, 1))
	}
	// Every record added: 250 items + 120 comments + 350 events + 3 releases = 723.
	if big.Added != 723 || big.Updated != 0 {
		t.Errorf("added %d updated %d, want 723 0", big.Added, big.Updated)
	}
	m, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Manifest.SyncedAt.Equal(e.clock.Now()) || len(m.Manifest.Repos) != 2 {
		t.Errorf("manifest %+v, want synced_at %v and 2 repos", m.Manifest, e.clock.Now())
	}
}

func TestNightlySyncOfUnchangedRepoCostsFiveRequestsMostly304(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/big", shape{Items: 250, Comments: 120, Releases: 3})
	e.run(t, "acme/big")
	before := readRepo(t, e.dir, "acme/big")

	// First nightly: issues?since (new URL, 200), the count probe (200),
	// comments?since (new URL, 200), events page 1 (304), releases page 1 (304).
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	s1 := e.run(t, "acme/big")
	if s1.Requests != 5 || s1.NotModified != 2 || e.srv.Requests() != 5 {
		t.Errorf("first nightly: %d requests, %d not modified (server %d); want 5, 2", s1.Requests, s1.NotModified, e.srv.Requests())
	}
	// Second nightly: the since-URLs are the same now, so 4 of 5 are 304;
	// only the count probe uses the rate limit.
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	s2 := e.run(t, "acme/big")
	if s2.Requests != 5 || s2.NotModified != 4 || e.srv.NotModified() != 4 {
		t.Errorf("second nightly: %d requests, %d not modified; want 5, 4", s2.Requests, s2.NotModified)
	}
	r := repoSummary(t, s2, "acme/big")
	if r.Cold || r.Added != 0 || r.Updated != 0 || r.Removed != 0 {
		t.Errorf("unchanged repo: %+v", r)
	}
	after := readRepo(t, e.dir, "acme/big")
	if len(after.Issues) != len(before.Issues) || len(after.Comments) != len(before.Comments) || len(after.Events) != len(before.Events) || len(after.Releases) != 3 {
		t.Errorf("records changed on an unchanged repo")
	}
}

func TestIncrementalSyncPicksUpChanges(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 250, Comments: 120, Releases: 3})
	e.run(t, "acme/r")

	now := e.clock.Now()
	// Issue 3 is closed, issue 5 relabelled, issue 251 opened; one comment,
	// three events and a release are new.
	cl := now.Add(-2 * time.Hour)
	e.srv.AddIssue("acme/r", model.Issue{Number: 3, Title: "open issue", State: "closed", StateReason: "completed", CreatedAt: created(3), UpdatedAt: cl, ClosedAt: &cl})
	e.srv.AddIssue("acme/r", model.Issue{Number: 5, Title: "open issue", State: "open", Labels: []string{"bug"}, CreatedAt: created(5), UpdatedAt: cl})
	e.srv.AddIssue("acme/r", model.Issue{Number: 251, Title: "new", State: "open", CreatedAt: cl, UpdatedAt: cl})
	e.srv.AddComment("acme/r", model.Comment{ID: 900000, IssueNumber: 251, User: model.User{Login: "x"}, CreatedAt: cl, UpdatedAt: cl})
	e.srv.AddEvent("acme/r", model.Event{ID: 900001, IssueNumber: 3, Event: "closed", CreatedAt: cl})
	e.srv.AddEvent("acme/r", model.Event{ID: 900002, IssueNumber: 5, Event: "labeled", CreatedAt: cl})
	e.srv.AddEvent("acme/r", model.Event{ID: 900003, IssueNumber: 251, Event: "labeled", CreatedAt: cl})
	e.srv.AddRelease("acme/r", model.Release{ID: 4, Tag: "v2.0", CreatedAt: cl, PublishedAt: &cl})
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/r")
	// One page each: issues since, probe, comments since, events (page 1 holds
	// the newest stored event too, so paging stops), releases: 5, none 304.
	if sum.Requests != 5 || sum.NotModified != 0 {
		t.Errorf("%d requests, %d not modified; want 5, 0", sum.Requests, sum.NotModified)
	}
	r := repoSummary(t, sum, "acme/r")
	// Added: issue 251, comment, 3 events, release = 6. Updated: issues 3 and 5 = 2.
	if r.Added != 6 || r.Updated != 2 {
		t.Errorf("added %d updated %d, want 6 2", r.Added, r.Updated)
	}
	rd := readRepo(t, e.dir, "acme/r")
	if len(rd.Issues) != 226 || len(rd.Events) != 353 || len(rd.Comments) != 121 || len(rd.Releases) != 4 {
		t.Errorf("stored %d issues %d events %d comments %d releases, want 226 353 121 4", len(rd.Issues), len(rd.Events), len(rd.Comments), len(rd.Releases))
	}
	for _, is := range rd.Issues {
		if is.Number == 3 && is.State != "closed" {
			t.Errorf("issue 3 still %s", is.State)
		}
	}
	if rd.Sync.EventsNewest != 900003 {
		t.Errorf("events newest %d, want 900003", rd.Sync.EventsNewest)
	}
}

func TestFaultsAreRetriedAndTheDataIsTheSame(t *testing.T) {
	cases := []struct {
		name      string
		fault     fakegh.Fault
		wantWaits []time.Duration
	}{
		{"500 twice", fakegh.Fault{Match: "issues?", Kind: fakegh.Status500, Times: 2}, []time.Duration{1 * time.Second, 2 * time.Second}},
		{"502 html", fakegh.Fault{Match: "/comments", Kind: fakegh.Status502}, []time.Duration{time.Second}},
		// net/http itself retries an idempotent request once when a reused
		// connection is closed; the fault hits twice so the sync sees it.
		{"connection reset", fakegh.Fault{Match: "page=2", Kind: fakegh.Reset, Times: 2}, []time.Duration{time.Second}},
		{"truncated body", fakegh.Fault{Match: "/events", Kind: fakegh.Truncate}, []time.Duration{time.Second}},
		{"429 retry-after", fakegh.Fault{Match: "/releases", Kind: fakegh.TooMany, RetryAfter: 7}, []time.Duration{7 * time.Second}},
		{"secondary rate limit", fakegh.Fault{Match: "/comments", Kind: fakegh.Secondary, RetryAfter: 61}, []time.Duration{61 * time.Second}},
		// Without Retry-After GitHub asks for at least a minute.
		{"secondary rate limit without retry-after", fakegh.Fault{Match: "/comments", Kind: fakegh.Secondary, RetryAfter: -1}, []time.Duration{time.Minute}},
		{"slow page", fakegh.Fault{Match: "page=2", Kind: fakegh.Slow, Delay: 50 * time.Millisecond}, nil},
	}
	ref := newEnv(t, fakegh.Options{})
	load(ref.srv, "acme/r", shape{Items: 250, Comments: 120, Releases: 3})
	ref.run(t, "acme/r")
	want := storeTree(t, ref.dir)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, fakegh.Options{})
			load(e.srv, "acme/r", shape{Items: 250, Comments: 120, Releases: 3})
			e.srv.Fail(tc.fault)
			sum := e.run(t, "acme/r")
			sameFiles(t, want, storeTree(t, e.dir))
			got := e.sl.Waits()
			if len(got) != len(tc.wantWaits) {
				t.Fatalf("waits %v, want %v", got, tc.wantWaits)
			}
			for i := range got {
				if got[i] != tc.wantWaits[i] {
					t.Errorf("wait %d: %v, want %v", i, got[i], tc.wantWaits[i])
				}
			}
			// 10 requests without faults, plus one per retry.
			if sum.Requests != 10+len(tc.wantWaits) || sum.Retries != len(tc.wantWaits) {
				t.Errorf("%d requests, %d retries; want %d, %d", sum.Requests, sum.Retries, 10+len(tc.wantWaits), len(tc.wantWaits))
			}
		})
	}
}

func TestHungPageTimesOutAndIsRetried(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 250})
	e.srv.Fail(fakegh.Fault{Match: "page=2", Kind: fakegh.Slow, Delay: 10 * time.Second})
	o := e.opts("acme/r")
	o.HTTPClient = &http.Client{Timeout: 100 * time.Millisecond}
	sum, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// 3 issue pages + 1 comment + 4 event pages (250 labeled + 100 closed) + 1 release = 9, plus the retry.
	if sum.Requests != 10 || sum.Retries != 1 {
		t.Errorf("%d requests %d retries, want 10 1", sum.Requests, sum.Retries)
	}
}

func TestPersistent5xxFailsTheRepoAfterBoundedAttemptsAndKeepsTheStore(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 50})
	load(e.srv, "acme/ok", shape{Items: 5})
	e.run(t, "acme/r", "acme/ok")
	e.srv.AddIssue("acme/r", model.Issue{Number: 99, State: "open", CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()})
	before := storeTree(t, e.dir)
	e.srv.Fail(fakegh.Fault{Match: "/repos/acme/r/issues/comments", Kind: fakegh.Status500, Times: 100})
	e.srv.ResetCounts()
	sum, err := Run(context.Background(), e.opts("acme/r"))
	var re *RepoError
	if !errors.As(err, &re) || len(re.Failed) != 1 || re.Failed[0].Repo != "acme/r" {
		t.Fatalf("error %v, want a RepoError naming acme/r", err)
	}
	// maxAttempts = 6 requests to the comments list.
	if n := e.srv.Count("/repos/acme/r/issues/comments"); n != maxAttempts {
		t.Errorf("comments requested %d times, want %d", n, maxAttempts)
	}
	if len(sum.Failed()) != 1 {
		t.Errorf("failed %v", sum.Failed())
	}
	sameFiles(t, before, storeTree(t, e.dir))
}

func TestPrimaryRateLimitWaitsForResetWhenShort(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 250})
	reset := e.clock.Now().Add(10 * time.Minute)
	// Exhaust the limit on the second issues page; the reset comes in 10 minutes.
	e.srv.Fail(fakegh.Fault{Match: "issues?direction=asc&page=2", Kind: fakegh.RateExhausted})
	e.srv.SetRateRemaining(5000, reset)
	e.sl.onWait = func(time.Duration) { e.srv.SetRateRemaining(5000, reset.Add(time.Hour)) }
	sum := e.run(t, "acme/r")
	w := e.sl.Waits()
	// Wait = reset - now + 1s = 10m1s.
	if len(w) != 1 || w[0] != 10*time.Minute+time.Second {
		t.Fatalf("waits %v, want [10m1s]", w)
	}
	if r := repoSummary(t, sum, "acme/r"); r.Issues != 225 {
		t.Errorf("issues %d, want 225", r.Issues)
	}
}

func TestPrimaryRateLimitStopsWithResetTimeWhenLong(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 5})
	load(e.srv, "acme/b", shape{Items: 5})
	reset := e.clock.Now().Add(2 * time.Hour)
	e.srv.SetRateRemaining(0, reset)
	sum, err := Run(context.Background(), e.opts("acme/a", "acme/b"))
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("error %v, want RateLimitError", err)
	}
	if !rl.Reset.Equal(reset.Truncate(time.Second)) || !strings.Contains(err.Error(), reset.Format(time.RFC3339)) {
		t.Errorf("error %q does not say the reset %s", err, reset.Format(time.RFC3339))
	}
	// One request saw the limit; acme/b is not tried.
	if e.srv.Requests() != 1 || len(sum.Failed()) != 2 {
		t.Errorf("server saw %d requests, failed %v; want 1 and both", e.srv.Requests(), sum.Failed())
	}
	if len(e.sl.Waits()) != 0 {
		t.Errorf("waited %v", e.sl.Waits())
	}
	if files := storeTree(t, e.dir); len(files) != 0 {
		t.Errorf("store written: %v", files)
	}
}

// cancelAfter is a RoundTripper that cancels the sync when a path is requested.
type cancelAfter struct {
	match  string
	cancel context.CancelFunc
}

func (c *cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, c.match) {
		c.cancel()
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestCancelledSyncLeavesStoreByteIdenticalAndNextRunResumes(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 250, Comments: 120, Releases: 3})
	e.run(t, "acme/r")
	now := e.clock.Now()
	e.srv.AddIssue("acme/r", model.Issue{Number: 300, State: "open", CreatedAt: now, UpdatedAt: now})
	e.srv.AddEvent("acme/r", model.Event{ID: 999999, IssueNumber: 300, Event: "labeled", CreatedAt: now})
	e.clock.Add(time.Hour)
	before := storeTree(t, e.dir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := e.opts("acme/r")
	o.HTTPClient = &http.Client{Transport: &cancelAfter{match: "/issues/events", cancel: cancel}}
	_, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	sameFiles(t, before, storeTree(t, e.dir))

	sum := e.run(t, "acme/r")
	rd := readRepo(t, e.dir, "acme/r")
	if len(rd.Issues) != 226 || rd.Sync.EventsNewest != 999999 || repoSummary(t, sum, "acme/r").Added != 2 {
		t.Errorf("resumed sync: %d issues, newest event %d; want 226 and 999999", len(rd.Issues), rd.Sync.EventsNewest)
	}
}

func TestDeletedIssueIsFoundByCountAndRemovedWithItsRecords(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 250, Comments: 250})
	e.run(t, "acme/r")
	e.srv.DeleteIssue("acme/r", 4) // closed issue 4 had a comment, a labeled and a closed event
	e.clock.Add(24 * time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/r")
	r := repoSummary(t, sum, "acme/r")
	if !r.Reconciled || r.Removed != 1 {
		t.Errorf("reconciled %v removed %d, want true 1", r.Reconciled, r.Removed)
	}
	// 5 incremental requests + 3 pages of the full relist (249 items).
	if r.Requests != 8 {
		t.Errorf("%d requests, want 8", r.Requests)
	}
	rd := readRepo(t, e.dir, "acme/r")
	for _, is := range rd.Issues {
		if is.Number == 4 {
			t.Fatal("deleted issue 4 still stored")
		}
	}
	for _, c := range rd.Comments {
		if c.IssueNumber == 4 {
			t.Fatal("comment of deleted issue still stored")
		}
	}
	for _, ev := range rd.Events {
		if ev.IssueNumber == 4 {
			t.Fatal("event of deleted issue still stored")
		}
	}
	if len(rd.Issues) != 224 || len(rd.Comments) != 249 || len(rd.Events) != 348 {
		t.Errorf("stored %d issues %d comments %d events, want 224 249 348", len(rd.Issues), len(rd.Comments), len(rd.Events))
	}
}

func TestTransferredIssueLeavesSourceAndArrivesInDestination(t *testing.T) {
	for _, keep := range []bool{true, false} {
		name := "dropped from list"
		if keep {
			name = "listed with other repository_url"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, fakegh.Options{})
			load(e.srv, "acme/a", shape{Items: 20, Comments: 20})
			load(e.srv, "acme/b", shape{Items: 3})
			e.run(t, "acme/a", "acme/b")
			e.clock.Add(time.Hour)
			e.srv.TransferIssue("acme/a", 7, "acme/b", 4, e.clock.Now(), keep)
			e.clock.Add(time.Hour)
			sum := e.run(t, "acme/a", "acme/b")
			a, b := readRepo(t, e.dir, "acme/a"), readRepo(t, e.dir, "acme/b")
			for _, is := range a.Issues {
				if is.Number == 7 {
					t.Fatal("transferred issue 7 still in acme/a")
				}
			}
			for _, c := range a.Comments {
				if c.IssueNumber == 7 {
					t.Fatal("comment of transferred issue still in acme/a")
				}
			}
			found := false
			for _, is := range b.Issues {
				found = found || is.Number == 4
			}
			if !found {
				t.Error("issue 4 not in acme/b")
			}
			ra := repoSummary(t, sum, "acme/a")
			if ra.Removed != 1 {
				t.Errorf("acme/a removed %d, want 1", ra.Removed)
			}
			if keep && (ra.Transferred != 1 || ra.Reconciled) {
				t.Errorf("transferred %d reconciled %v, want 1 false", ra.Transferred, ra.Reconciled)
			}
			if !keep && !ra.Reconciled {
				t.Error("a vanished issue should reconcile")
			}
		})
	}
}

func TestEventsCutOffFetchesPerIssueEventsOnlyForReopenableIssues(t *testing.T) {
	// GitHub answers 422 past page 1 of the events list.
	e := newEnv(t, fakegh.Options{EventsMaxPages: 1})
	load(e.srv, "acme/r", shape{Items: 250})
	// Reopenable: issue 2 (closed, commented later), issue 3 (open, reopened),
	// issue 6 (closed and reopened and closed again: updated after closed_at).
	cl2 := created(2).Add(10 * time.Minute)
	e.srv.AddIssue("acme/r", model.Issue{Number: 2, State: "closed", CreatedAt: created(2), UpdatedAt: cl2.Add(time.Hour), ClosedAt: &cl2})
	e.srv.AddIssue("acme/r", model.Issue{Number: 3, State: "open", StateReason: "reopened", CreatedAt: created(3), UpdatedAt: created(3).Add(3 * time.Hour)})
	cl6 := created(6).Add(10 * time.Minute)
	e.srv.AddIssue("acme/r", model.Issue{Number: 6, State: "closed", CreatedAt: created(6), UpdatedAt: cl6.Add(time.Minute), ClosedAt: &cl6})
	e.srv.AddEvent("acme/r", model.Event{ID: eventID(3, 3), IssueNumber: 3, Event: "closed", CreatedAt: created(3).Add(2 * time.Minute)})
	e.srv.AddEvent("acme/r", model.Event{ID: eventID(3, 4), IssueNumber: 3, Event: "reopened", CreatedAt: created(3).Add(3 * time.Minute)})
	// Issue 4 is reopenable too but was deleted after the listing: its events
	// answer 410, and so does the issue itself, which decides.
	cl4 := created(4).Add(10 * time.Minute)
	e.srv.AddIssue("acme/r", model.Issue{Number: 4, State: "closed", CreatedAt: created(4), UpdatedAt: cl4.Add(time.Hour), ClosedAt: &cl4})
	e.srv.Fail(fakegh.Fault{Match: "/issues/4/events", Kind: fakegh.Status410})
	e.srv.Fail(fakegh.Fault{Match: "/issues/4?", Kind: fakegh.Status410})

	sum := e.run(t, "acme/r")
	r := repoSummary(t, sum, "acme/r")
	if !r.EventsCutOff || r.PerIssueEvents != 3 || !r.EventsComplete {
		t.Errorf("cut off %v, per-issue %d, complete %v; want true, 3, true", r.EventsCutOff, r.PerIssueEvents, r.EventsComplete)
	}
	// 3 issue pages + 1 comment page + 2 event pages (the second a 422) + 1 release page
	// + 4 per-issue event lists (2, 3, 4 gone, 6) + GET issues/4 = 12.
	if r.Requests != 12 {
		t.Errorf("%d requests, want 12 (%v)", r.Requests, e.srv.Counts())
	}
	rd := readRepo(t, e.dir, "acme/r")
	var kinds []string
	for _, ev := range rd.Events {
		if ev.IssueNumber == 3 {
			kinds = append(kinds, ev.Event)
		}
		if ev.IssueNumber == 4 {
			t.Error("events of deleted issue 4 kept")
		}
	}
	if strings.Join(kinds, ",") != "labeled,closed,reopened" {
		t.Errorf("issue 3 events %v, want labeled,closed,reopened", kinds)
	}
	for _, is := range rd.Issues {
		if is.Number == 4 {
			t.Error("deleted issue 4 kept")
		}
	}
}

func TestNotFoundRepoIsReportedAndOthersSync(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 3})
	load(e.srv, "acme/c", shape{Items: 3})
	sum, err := Run(context.Background(), e.opts("acme/a", "acme/missing", "acme/c"))
	if err == nil || !strings.Contains(err.Error(), "acme/missing") || strings.Contains(err.Error(), "acme/a,") {
		t.Fatalf("error %v, want one naming acme/missing only", err)
	}
	if f := sum.Failed(); len(f) != 1 || f[0] != "acme/missing" {
		t.Errorf("failed %v", f)
	}
	st, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(st.Manifest.Repos, ",") != "acme/a,acme/c" || len(st.Repos) != 2 {
		t.Errorf("manifest repos %v", st.Manifest.Repos)
	}
	if !strings.Contains(sum.String(), "acme/missing: FAILED") {
		t.Errorf("summary does not report the failure:\n%s", sum)
	}
}

func TestEnterpriseBaseURL(t *testing.T) {
	e := newEnv(t, fakegh.Options{Prefix: "/api/v3"})
	load(e.srv, "corp/tool", shape{Items: 12, Comments: 3, Releases: 1})
	if !strings.HasSuffix(e.srv.APIURL(), "/api/v3") {
		t.Fatalf("api url %s", e.srv.APIURL())
	}
	sum := e.run(t, "corp/tool")
	if r := repoSummary(t, sum, "corp/tool"); r.Issues+r.PullRequests != 12 || r.Comments != 3 || r.Releases != 1 || r.Requests != 4 {
		t.Errorf("summary %+v", r)
	}
	if e.srv.Count("/repos/corp/tool/issues") != 1 {
		t.Errorf("counts %v", e.srv.Counts())
	}
	// And with a trailing slash.
	o := e.opts("corp/tool")
	o.APIURL += "/"
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
}

func TestRepoWithNoIssuesSyncsAndStaysIncremental(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	e.srv.AddRepo("acme/void")
	e.run(t, "acme/void")
	rd := readRepo(t, e.dir, "acme/void")
	if len(rd.Issues)+len(rd.PullRequests)+len(rd.Comments)+len(rd.Events)+len(rd.Releases) != 0 || rd.Sync.IssuesSince == nil || !rd.EventsComplete {
		t.Fatalf("empty repo stored as %+v", rd)
	}
	e.clock.Add(time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/void")
	if r := repoSummary(t, sum, "acme/void"); r.Cold || r.Requests != 5 {
		t.Errorf("second sync: cold %v, %d requests; want incremental, 5", r.Cold, r.Requests)
	}
}

func TestInvalidAPIURL(t *testing.T) {
	_, err := Run(context.Background(), Options{APIURL: "ftp://x", StoreDir: t.TempDir()})
	if err == nil {
		t.Fatal("want an error for a non-http URL")
	}
}
