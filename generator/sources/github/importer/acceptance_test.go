package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// TestAcceptanceHuggingFaceDatasets imports the real export of
// huggingface/datasets and checks the counts against a simple, independent
// reading of the same file (generic JSON maps, no go-github, no store).
func TestAcceptanceHuggingFaceDatasets(t *testing.T) {
	path := filepath.Join(fixture.SharedData(t), "github", "huggingface-datasets-issues", "datasets-issues.jsonl")
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: acceptance test skipped", path)
	}
	if err != nil {
		t.Fatal(err)
	}

	// Independent count: the latest updated_at per number wins (ties: later row).
	type item struct {
		updated, created, closed string
		pr, bug                  bool
	}
	latest := map[int]item{}
	rows, rowPRs := 0, 0
	maxUpdated := ""
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		rows++
		it := item{updated: m["updated_at"].(string), created: m["created_at"].(string), pr: m["pull_request"] != nil}
		if c, ok := m["closed_at"].(string); ok {
			it.closed = c
		}
		for _, l := range m["labels"].([]any) {
			if n, _ := l.(map[string]any)["name"].(string); n == "bug" || n == "Bug" || n == "BUG" {
				it.bug = true
			}
		}
		if it.pr {
			rowPRs++
		}
		n := int(m["number"].(float64))
		if old, ok := latest[n]; !ok || it.updated >= old.updated { // RFC3339 Z strings sort as times
			latest[n] = it
		}
		if it.updated > maxUpdated {
			maxUpdated = it.updated
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	uniq, prs := len(latest), 0
	for _, it := range latest {
		if it.pr {
			prs++
		}
	}
	t.Logf("file: %d rows (%d of them pull requests), %d unique numbers, %d unique pull requests, %d unique issues, max updated_at %s",
		rows, rowPRs, uniq, prs, uniq-prs, maxUpdated)

	dir := t.TempDir()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ImportJSONL(f, path, "huggingface/datasets", dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Lines != rows || st.Issues+st.PullRequests != uniq || st.PullRequests != prs || st.Duplicates != rows-uniq {
		t.Errorf("import %+v; independent count: %d rows, %d unique, %d pull requests", st, rows, uniq, prs)
	}
	if uniq != 900 {
		t.Errorf("%d unique rows, SOURCES.md says 900", uniq)
	}
	// as_of: no --synced-at, so a second after the latest updated_at in the
	// file (as_of is exclusive: the newest issue is in).
	if mu, _ := time.Parse(time.RFC3339, maxUpdated); !st.SyncedAt.Equal(mu.Add(time.Second)) {
		t.Errorf("synced_at %v, want a second after the max updated_at %s", st.SyncedAt, maxUpdated)
	}

	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := issuestats.Compute(s.Dataset(nil), issuestats.Options{BugLabels: []string{"bug"}})
	// The file's issues count comments (416 of 514 have some); the store
	// holds none: first responses are unknown, not 514 unanswered.
	if fr := r.All.FirstResponse; st.Commented != 416 || !st.CommentsMissing || !fr.Unknown || fr.NoResponse != 0 || fr.MedianHours != nil ||
		len(fr.NoComments) != 1 || fr.NoComments[0] != "huggingface/datasets" {
		t.Errorf("commented %d, comments missing %v; first response %+v: want 416, true, unknown for huggingface/datasets", st.Commented, st.CommentsMissing, fr)
	}
	asOf := r.AsOf.Format(time.RFC3339)

	// Independent monthly counts (no events: closed = closed_at in the month,
	// open at end = created before the end and closed_at absent or not before it).
	pts := r.All.SeriesOf(period.Month).Points
	if len(pts) == 0 {
		t.Fatal("no months")
	}
	for _, p := range pts {
		start, end := p.Period.Start.Format(time.RFC3339), p.Period.End().Format(time.RFC3339)
		var opened, closed, bugs, open, bugsOpen int
		for _, it := range latest {
			if it.pr || it.created >= asOf {
				continue
			}
			if it.created >= start && it.created < end {
				opened++
				if it.bug {
					bugs++
				}
			}
			closedBeforeAsOf := it.closed != "" && it.closed < asOf
			if closedBeforeAsOf && it.closed >= start && it.closed < end {
				closed++
			}
			if it.created < end && !(closedBeforeAsOf && it.closed < end) {
				open++
				if it.bug {
					bugsOpen++
				}
			}
		}
		if p.Opened != opened || p.Closed != closed || p.Reopened != 0 || p.BugsOpened != bugs || p.OpenAtEnd != open || p.BugsOpenAtEnd != bugsOpen {
			t.Errorf("%s: computed opened %d closed %d reopened %d bugs %d open %d bugs open %d; independent %d %d 0 %d %d %d",
				p.Period, p.Opened, p.Closed, p.Reopened, p.BugsOpened, p.OpenAtEnd, p.BugsOpenAtEnd, opened, closed, bugs, open, bugsOpen)
		}
	}

	// Every issue in the file is created before as_of: the open count at
	// as_of is the independent count of issues not closed before it (197).
	open := 0
	for _, it := range latest {
		if !it.pr && (it.closed == "" || it.closed >= asOf) {
			open++
		}
	}
	if r.All.Open != open || open != 197 {
		t.Errorf("open at as_of %d, independent %d, want 197", r.All.Open, open)
	}
	t.Logf("as_of %s (max updated_at + 1s; no --synced-at)", asOf)
	t.Log("month    opened closed reopened bugs_opened open_at_end bugs_open_at_end close_median_days close_p90_days flow")
	for _, p := range pts {
		if m := p.Period.String(); m < "2023-06" || m > "2023-12" {
			continue
		}
		flow := ""
		if p.FlowRatio != nil {
			flow = issuestats.Days(p.FlowRatio)
		}
		t.Logf("%s %6d %6d %8d %11d %11d %16d %17s %14s %s", p.Period, p.Opened, p.Closed, p.Reopened, p.BugsOpened,
			p.OpenAtEnd, p.BugsOpenAtEnd, issuestats.Days(p.CloseMedianDays), issuestats.Days(p.CloseP90Days), flow)
	}
	a := r.All
	t.Logf("open %d, bugs open %d, prs merged %d, first response unknown (no comments in the store) %v, backlog closure %v, bugs last 12m %d prev %d",
		a.Open, a.BugsOpen, a.PRsMerged, a.FirstResponse.Unknown, a.BacklogClosure, a.BugsLast12m, a.BugsPrev12m)
	t.Logf("ages %v, bug ages %v, top open labels %v", a.Ages, a.BugsAges, a.TopLabelsOpen)
	var js bytes.Buffer
	if err := issuestats.WriteSummaryJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	t.Logf("summary.json:\n%s", js.String())
}

// TestAcceptanceHuggingFaceReactions: every row of the real export carries
// GitHub's reactions object; the store keeps each issue's counts as an
// independent reading of the file gives them (the latest row per number),
// and one point of 👍 history per issue.
func TestAcceptanceHuggingFaceReactions(t *testing.T) {
	path := filepath.Join(fixture.SharedData(t), "github", "huggingface-datasets-issues", "datasets-issues.jsonl")
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: acceptance test skipped", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		updated string
		pr      bool
		r       map[string]any
	}
	latest := map[int]row{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue
		}
		n := int(m["number"].(float64))
		it := row{updated: m["updated_at"].(string), pr: m["pull_request"] != nil}
		it.r, _ = m["reactions"].(map[string]any)
		if old, ok := latest[n]; !ok || it.updated >= old.updated {
			latest[n] = it
		}
	}
	dir := t.TempDir()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ImportJSONL(f, path, "huggingface/datasets", dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := store.ReadRepo(dir, "huggingface/datasets")
	if err != nil {
		t.Fatal(err)
	}
	up, total := 0, 0
	for _, is := range rd.Issues {
		r := latest[is.Number].r
		if r == nil || is.Reactions == nil {
			t.Fatalf("#%d: reactions in the file %v, in the store %v", is.Number, r, is.Reactions)
		}
		if is.Reactions.ThumbsUp != int(r["+1"].(float64)) || is.Reactions.Total() != int(r["total_count"].(float64)) {
			t.Errorf("#%d: stored %+v, file %v", is.Number, is.Reactions, r)
		}
		up += is.Reactions.ThumbsUp
		total += is.Reactions.Total()
	}
	// 514 issues, 👍 95 and 104 reactions in all (SOURCES.md's file, read independently).
	if len(rd.Issues) != 514 || up != 95 || total != 104 || len(rd.Demand) != 514 || st.WithReactions < 514 {
		t.Errorf("%d issues, %d 👍, %d reactions, %d history points, %d rows with reactions; want 514, 95, 104, 514, at least 514",
			len(rd.Issues), up, total, len(rd.Demand), st.WithReactions)
	}
}
