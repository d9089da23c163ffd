package ghsync

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/github/importer"
)

// A full first page must not be answered from its ETag: an item updated
// later lands on a later page and leaves the first one unchanged.
func TestFullFirstPageIsNotTrustedFromItsETag(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	e.srv.AddRepo("acme/r")
	same := t0.Add(time.Hour)
	for i := 1; i <= 120; i++ { // a bulk edit: 120 items updated in the same second
		e.srv.AddIssue("acme/r", model.Issue{Number: i, State: "open", CreatedAt: t0, UpdatedAt: same})
	}
	e.run(t, "acme/r")
	e.clock.Add(time.Hour)
	e.run(t, "acme/r") // since=same: 2 pages, the first full
	rd := readRepo(t, e.dir, "acme/r")
	for k := range rd.Sync.ETags {
		if len(k) > 12 && k[:len("repos/acme/r/issues?")] == "repos/acme/r/issues?" {
			t.Errorf("ETag kept for a full issues page: %s", k)
		}
	}
	later := same.Add(time.Hour)
	e.srv.AddIssue("acme/r", model.Issue{Number: 121, State: "open", CreatedAt: later, UpdatedAt: later})
	e.clock.Add(time.Hour)
	sum := e.run(t, "acme/r")
	if r := repoSummary(t, sum, "acme/r"); r.Added != 1 || r.Issues != 121 {
		t.Errorf("added %d, issues %d; want 1, 121", r.Added, r.Issues)
	}
}

// When more events happened since the last sync than GitHub pages through,
// the gap is filled per issue for the issues touched since then that are
// closed or were reopened.
func TestIncrementalEventsGapIsFilledPerIssue(t *testing.T) {
	e := newEnv(t, fakegh.Options{EventsMaxPages: 1})
	load(e.srv, "acme/r", shape{Items: 40}) // 40 labeled + 16 closed events: one page
	e.run(t, "acme/r")

	now := e.clock.Now()
	// Issue 1 is closed, then 150 label events on issue 3 bury the close past page 1.
	cl := now.Add(-3 * time.Hour)
	e.srv.AddIssue("acme/r", model.Issue{Number: 1, State: "closed", StateReason: "completed", CreatedAt: created(1), UpdatedAt: cl, ClosedAt: &cl})
	e.srv.AddEvent("acme/r", model.Event{ID: 700000, IssueNumber: 1, Event: "closed", CreatedAt: cl})
	for k := 1; k <= 150; k++ {
		e.srv.AddEvent("acme/r", model.Event{ID: int64(700000 + k), IssueNumber: 3, Event: "labeled", CreatedAt: cl.Add(time.Duration(k) * time.Second)})
	}
	e.srv.AddIssue("acme/r", model.Issue{Number: 3, State: "open", CreatedAt: created(3), UpdatedAt: cl.Add(150 * time.Second)})
	e.clock.Add(time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/r")
	r := repoSummary(t, sum, "acme/r")
	// Touched: issues 1 (closed) and 3 (open, not reopened): only issue 1 is fetched.
	if !r.EventsCutOff || r.PerIssueEvents != 1 {
		t.Errorf("cut off %v, per-issue %d; want true, 1", r.EventsCutOff, r.PerIssueEvents)
	}
	if n := e.srv.Count("/repos/acme/r/issues/1/events"); n != 1 {
		t.Errorf("issue 1 events fetched %d times", n)
	}
	rd := readRepo(t, e.dir, "acme/r")
	found := false
	for _, ev := range rd.Events {
		found = found || (ev.ID == 700000 && ev.Event == "closed")
	}
	if !found {
		t.Error("the close of issue 1, past GitHub's page limit, is missing")
	}
	if rd.Sync.EventsNewest != 700150 {
		t.Errorf("newest event %d, want 700150", rd.Sync.EventsNewest)
	}
}

// After a cut-off cold sync, an old issue closed before the listed window and
// reopened now needs its early close fetched, or it would look open throughout.
func TestOldIssueReopenedAfterCutOffGetsItsEarlyClose(t *testing.T) {
	e := newEnv(t, fakegh.Options{EventsMaxPages: 1})
	load(e.srv, "acme/r", shape{Items: 250}) // 350 events: page 1 holds only the newest 100
	e.run(t, "acme/r")
	rd := readRepo(t, e.dir, "acme/r")
	from, ok := rd.Sync.Extra["events_listed_from"]
	if !ok {
		t.Fatal("no events_listed_from after a cut-off sync")
	}
	now := e.clock.Now()
	// Issue 2 was closed 10 minutes after creation (event eventID(2, 2)), long before the window.
	e.srv.AddIssue("acme/r", model.Issue{Number: 2, State: "open", StateReason: "reopened", CreatedAt: created(2), UpdatedAt: now})
	e.srv.AddEvent("acme/r", model.Event{ID: 800000, IssueNumber: 2, Event: "reopened", CreatedAt: now})
	e.clock.Add(time.Hour)
	e.srv.ResetCounts()
	sum := e.run(t, "acme/r")
	if r := repoSummary(t, sum, "acme/r"); r.PerIssueEvents != 1 {
		t.Errorf("per-issue fetches %d, want 1", r.PerIssueEvents)
	}
	rd = readRepo(t, e.dir, "acme/r")
	var kinds []string
	for _, ev := range rd.Events {
		if ev.IssueNumber == 2 {
			kinds = append(kinds, ev.Event)
		}
	}
	if got := strings.Join(kinds, ","); got != "labeled,closed,reopened" {
		t.Errorf("issue 2 events %s, want labeled,closed,reopened", got)
	}
	if rd.Sync.Extra["events_listed_from"] != from {
		t.Errorf("window start %s, want it kept as %s", rd.Sync.Extra["events_listed_from"], from)
	}
	// A further nightly does not fetch issue 2 again.
	e.clock.Add(time.Hour)
	e.srv.ResetCounts()
	e.run(t, "acme/r")
	if n := e.srv.Count("/repos/acme/r/issues/2/events"); n != 0 {
		t.Errorf("issue 2 events fetched again (%d)", n)
	}
}

// A store written by an import has no cursor: the first sync is cold and
// rebuilds the repository from GitHub, dropping what GitHub does not list.
func TestSyncAfterImportRebuildsFromGitHub(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 3})
	jsonl := `{"number":1,"state":"open","title":"old title","created_at":"2024-01-01T01:00:00Z","updated_at":"2024-01-01T01:00:00Z","pull_request":null}
{"number":99,"state":"open","title":"deleted since","created_at":"2024-01-01T01:00:00Z","updated_at":"2024-01-01T01:00:00Z","pull_request":null}
`
	if _, err := importer.ImportJSONL(strings.NewReader(jsonl), "x.jsonl", "acme/r", e.dir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sum := e.run(t, "acme/r")
	r := repoSummary(t, sum, "acme/r")
	// Stored before: issues 1 and 99. GitHub: 1 (updated since), 2, 3.
	// Added 2 and 3 + 3 labeled + 1 closed event (issue 2) = 6; updated 1; removed 99.
	if !r.Cold || r.Added != 6 || r.Updated != 1 || r.Removed != 1 {
		t.Errorf("cold %v added %d updated %d removed %d; want true 6 1 1", r.Cold, r.Added, r.Updated, r.Removed)
	}
	rd := readRepo(t, e.dir, "acme/r")
	if len(rd.Issues) != 3 || rd.Issues[0].Title != "open issue" || !rd.EventsComplete {
		t.Errorf("issues %+v, events complete %v", rd.Issues, rd.EventsComplete)
	}
}
