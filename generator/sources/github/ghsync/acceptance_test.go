package ghsync

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/github/ghconv"
	"github.com/vitals-dev/vitals/generator/sources/github/importer"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// TestAcceptanceHuggingFaceJSONLSyncsLikeMerge serves the real export as is
// (duplicates and "pull_request": null rows included) and checks that the
// synced store's issues and pull requests are exactly what ghconv.Merge makes
// of the file, and what importer.ImportJSONL stores.
func TestAcceptanceHuggingFaceJSONLSyncsLikeMerge(t *testing.T) {
	path := filepath.Join(fixture.SharedData(t), "github", "huggingface-datasets-issues", "datasets-issues.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared data absent (%v); skipping the acceptance test", err)
	}
	const repo = "huggingface/datasets"
	e := newEnv(t, fakegh.Options{Token: secret})
	n, err := e.srv.LoadIssuesJSONL(repo, bytes.NewReader(raw))
	if err != nil || n != 1000 {
		t.Fatalf("loaded %d rows, %v; want 1000", n, err)
	}
	o := e.opts(repo)
	o.Token = secret
	sum, err := Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	r := repoSummary(t, sum, repo)
	// 1,000 rows: 10 issue pages; comments, events, releases one empty page each.
	// The events list is empty while closed issues exist, so it counts as cut
	// off and the reopenable issues' events are asked for one by one.
	if r.Requests != 13+r.PerIssueEvents || !r.EventsCutOff {
		t.Errorf("%d requests (%d per-issue), cut off %v; want 13 + per-issue", r.Requests, r.PerIssueEvents, r.EventsCutOff)
	}
	t.Logf("%s: %d requests, %d per-issue event lists", repo, r.Requests, r.PerIssueEvents)

	var rows []*github.Issue
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var is github.Issue
		if err := json.Unmarshal(sc.Bytes(), &is); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, &is)
	}
	want := ghconv.Merge(repo, ghconv.Items{}, rows)
	sort.Slice(want.Issues, func(i, j int) bool { return want.Issues[i].Number < want.Issues[j].Number })
	sort.Slice(want.PullRequests, func(i, j int) bool { return want.PullRequests[i].Number < want.PullRequests[j].Number })
	// SOURCES.md: 900 unique numbers; its 430 pull requests count all 1,000
	// rows, duplicates included: 386 of the unique ones are pull requests.
	if len(want.Issues) != 514 || len(want.PullRequests) != 386 {
		t.Fatalf("Merge gives %d issues %d prs, want 514 386", len(want.Issues), len(want.PullRequests))
	}
	if r.Issues != 514 || r.PullRequests != 386 {
		t.Errorf("summary says %d issues %d prs, want 514 386", r.Issues, r.PullRequests)
	}
	got := readRepo(t, e.dir, repo)
	if !reflect.DeepEqual(got.Issues, want.Issues) {
		t.Error("synced issues differ from ghconv.Merge over the file")
	}
	if !reflect.DeepEqual(got.PullRequests, want.PullRequests) {
		t.Error("synced pull requests differ from ghconv.Merge over the file")
	}

	idir := t.TempDir()
	if _, err := importer.ImportJSONL(bytes.NewReader(raw), path, repo, idir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	imp, err := store.ReadRepo(idir, repo)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Issues, imp.Issues) || !reflect.DeepEqual(got.PullRequests, imp.PullRequests) {
		t.Error("synced issues or pull requests differ from importer.ImportJSONL's store")
	}
}
