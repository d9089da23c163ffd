package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// line writes one REST issue object the way GitHub's issues list does,
// plain issues carrying "pull_request": null and "draft": null.
func line(num int, state, created, updated, closed string, pr string, labels ...string) string {
	cl := "null"
	if closed != "" {
		cl = fmt.Sprintf("%q", closed)
	}
	var ls []string
	for _, l := range labels {
		ls = append(ls, fmt.Sprintf(`{"name":%q}`, l))
	}
	if pr == "" {
		pr = "null"
	}
	return fmt.Sprintf(`{"url":"https://api.github.com/repos/acme/app/issues/%d","repository_url":"https://api.github.com/repos/acme/app",`+
		`"number":%d,"title":"t%d","user":{"login":"alice","type":"User"},"labels":[%s],"state":%q,`+
		`"created_at":%q,"updated_at":%q,"closed_at":%s,"draft":null,"pull_request":%s,"body":"=cmd|' /C calc'!A0"}`,
		num, num, num, strings.Join(ls, ","), state, created, updated, cl, pr)
}

const mergedPR = `{"url":"https://api.github.com/repos/acme/app/pulls/3","merged_at":"2024-02-02T00:00:00Z"}`

// sample: #1 open bug (its first row is stale: updated earlier, labelled
// nothing), #2 closed 02-10, PR #3 merged 02-02, PR #4 open (pull_request
// without merged_at), #5 open; one blank line.
var sample = strings.Join([]string{
	line(1, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", ""),
	line(2, "closed", "2024-01-20T00:00:00Z", "2024-02-10T00:00:00Z", "2024-02-10T00:00:00Z", ""),
	line(3, "closed", "2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z", "2024-02-02T00:00:00Z", mergedPR),
	"",
	line(4, "open", "2024-02-03T00:00:00Z", "2024-02-03T00:00:00Z", "", `{"url":"x","merged_at":null}`),
	line(1, "open", "2024-01-05T00:00:00Z", "2024-03-01T00:00:00Z", "", "", "bug"),
	line(5, "open", "2024-03-05T00:00:00Z", "2024-03-06T12:00:00Z", "", ""),
}, "\n") + "\n"

func TestImportSplitsPullRequestsAndResolvesDuplicates(t *testing.T) {
	dir := t.TempDir()
	st, err := ImportJSONL(strings.NewReader(sample), "sample.jsonl", "acme/app", dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// 6 rows, #1 twice; issues #1 #2 #5; PRs #3 #4 (null pull_request is an issue).
	if st.Lines != 6 || st.Duplicates != 1 || st.Issues != 3 || st.PullRequests != 2 {
		t.Errorf("stats %+v, want 6 lines, 1 duplicate, 3 issues, 2 PRs", st)
	}
	// synced_at: a second after the latest updated_at, #5's.
	if want := time.Date(2024, 3, 6, 12, 0, 1, 0, time.UTC); !st.SyncedAt.Equal(want) {
		t.Errorf("synced_at %v, want %v", st.SyncedAt, want)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Manifest.Repos) != 1 || s.Manifest.Repos[0] != "acme/app" || !s.Manifest.SyncedAt.Equal(st.SyncedAt) {
		t.Errorf("manifest %+v", s.Manifest)
	}
	rd := s.Repos["acme/app"]
	if rd.EventsComplete {
		t.Error("an import holds no events: EventsComplete must be false")
	}
	if rd.Issues[0].Number != 1 || len(rd.Issues[0].Labels) != 1 || rd.Issues[0].Labels[0] != "bug" {
		t.Errorf("#1 = %+v, want the later row (labelled bug)", rd.Issues[0])
	}
	if rd.PullRequests[0].Number != 3 || rd.PullRequests[0].MergedAt == nil || rd.PullRequests[1].MergedAt != nil {
		t.Errorf("pull requests %+v", rd.PullRequests)
	}
}

func TestImportThenComputeCountsOnlyIssues(t *testing.T) {
	dir := t.TempDir()
	if _, err := ImportJSONL(strings.NewReader(sample), "sample.jsonl", "acme/app", dir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := issuestats.Compute(s.Dataset(nil), issuestats.Options{})
	app := r.Repo("acme/app")
	// No events: intervals [created_at, closed_at). As of 2024-03-06T12:00:
	// Jan: opened #1 (bug) #2 -> open 2, bugs 1. Feb: closed #2 (02-10) -> open 1.
	// Mar: opened #5 -> open 2. PRs #3 #4 are not issues; #3 merged.
	type mrow struct{ opened, closed, bugsOpened, openAtEnd, bugsOpenAtEnd int }
	want := map[string]mrow{"2024-01": {2, 0, 1, 2, 1}, "2024-02": {0, 1, 0, 1, 1}, "2024-03": {1, 0, 0, 2, 1}}
	pts := app.SeriesOf(period.Month).Points
	if len(pts) != 3 {
		t.Fatalf("%d months, want 3", len(pts))
	}
	for _, p := range pts {
		got := mrow{p.Opened, p.Closed, p.BugsOpened, p.OpenAtEnd, p.BugsOpenAtEnd}
		if got != want[p.Period.String()] {
			t.Errorf("%s: %+v, want %+v", p.Period, got, want[p.Period.String()])
		}
	}
	if app.PRsMerged != 1 || app.Open != 2 {
		t.Errorf("prs merged %d open %d, want 1 2", app.PRsMerged, app.Open)
	}
	// #2 took 21 days (01-20 to 02-10).
	if v := pts[1].CloseMedianDays; v == nil || *v != 21 {
		t.Errorf("Feb median time to close %v, want 21", v)
	}
}

func TestImportMergesWithStoredRepo(t *testing.T) {
	dir := t.TempDir()
	if _, err := ImportJSONL(strings.NewReader(sample), "a.jsonl", "acme/app", dir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// A later export: #5 closed, #6 new; an older copy of #2 must not win.
	later := strings.Join([]string{
		line(5, "closed", "2024-03-05T00:00:00Z", "2024-03-10T00:00:00Z", "2024-03-10T00:00:00Z", ""),
		line(6, "open", "2024-03-08T00:00:00Z", "2024-03-08T00:00:00Z", "", ""),
		line(2, "open", "2024-01-20T00:00:00Z", "2024-01-21T00:00:00Z", "", ""),
	}, "\n")
	syncedAt := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)
	st, err := ImportJSONL(strings.NewReader(later), "b.jsonl", "acme/app", dir, syncedAt)
	if err != nil {
		t.Fatal(err)
	}
	if st.Issues != 4 || st.PullRequests != 2 || !st.SyncedAt.Equal(syncedAt) {
		t.Errorf("stats %+v, want 4 issues, 2 PRs, synced_at %v", st, syncedAt)
	}
	rd, err := store.ReadRepo(dir, "acme/app")
	if err != nil {
		t.Fatal(err)
	}
	states := map[int]string{}
	for _, is := range rd.Issues {
		states[is.Number] = is.State
	}
	if states[2] != "closed" || states[5] != "closed" || states[6] != "open" {
		t.Errorf("states %v, want #2 closed (newer stored copy), #5 closed, #6 open", states)
	}
}

func TestImportKeepsOtherReposInManifest(t *testing.T) {
	dir := t.TempDir()
	if err := store.WriteRepo(dir, &store.RepoData{Repo: "zed/other"}); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(dir, store.Manifest{Repos: []string{"zed/other"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportJSONL(strings.NewReader(sample), "a.jsonl", "acme/app", dir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Manifest.Repos, ","); got != "acme/app,zed/other" {
		t.Errorf("manifest repos %q", got)
	}
}

func TestImportReportsEveryBadLineAndWritesNothing(t *testing.T) {
	in := strings.Join([]string{
		line(1, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", ""),
		`{"number": "seven"}`,
		`[1,2]`,
		`{"number": 8, "state": "open"}`,
		`{"number": 9, "state": "open", "created_at": "2024-01-01T00:00:00Z",`,
		strings.Replace(line(10, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", ""), "acme/app", "evil/other", -1),
		`{"number": 11, "state": "merged", "created_at": "2024-01-01T00:00:00Z"}`,
	}, "\n")
	dir := t.TempDir()
	_, err := ImportJSONL(strings.NewReader(in), "x.jsonl", "acme/app", dir, time.Time{})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a diag.List", err)
	}
	wantPrefix := []string{"x.jsonl:2: invalid issue object", "x.jsonl:3:1: not a JSON object", "x.jsonl:4: issue #8 has no \"created_at\"",
		"x.jsonl:5:", "x.jsonl:6: issue #10 belongs to", "x.jsonl:7: issue #11: \"state\" is \"merged\""}
	if len(list) != len(wantPrefix) {
		t.Fatalf("%d problems, want %d:\n%v", len(list), len(wantPrefix), err)
	}
	for i, d := range list {
		if !strings.HasPrefix(d.String(), wantPrefix[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, d.String(), wantPrefix[i])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); !os.IsNotExist(err) {
		t.Errorf("a failed import wrote the store (stat: %v)", err)
	}
}

func TestImportRejectsBadRepoNameAndEmptyInput(t *testing.T) {
	if _, err := ImportJSONL(strings.NewReader(sample), "a.jsonl", "../x", t.TempDir(), time.Time{}); err == nil {
		t.Error("repo ../x accepted")
	}
	if _, err := ImportJSONL(strings.NewReader("\n\n"), "e.jsonl", "acme/app", t.TempDir(), time.Time{}); err == nil ||
		!strings.Contains(err.Error(), "--synced-at") {
		t.Errorf("empty input without synced_at: %v", err)
	}
}

func TestDefaultAsOfIncludesAnIssueCreatedAtTheNewestUpdatedAt(t *testing.T) {
	// #2 is created (and last updated) at the newest updated_at in the file.
	// as_of is exclusive, so the default is a second later and #2 is open at it.
	src := line(1, "open", "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "", "") + "\n" +
		line(2, "open", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z", "", "") + "\n"
	dir := t.TempDir()
	st, err := ImportJSONL(strings.NewReader(src), "x.jsonl", "acme/app", dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 1, 10, 0, 1, 0, time.UTC); !st.SyncedAt.Equal(want) {
		t.Errorf("synced_at %v, want %v", st.SyncedAt, want)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := issuestats.Compute(s.Dataset(nil), issuestats.Options{})
	if r.All.Open != 2 {
		t.Errorf("open at as_of %d, want 2", r.All.Open)
	}
}

// A mistyped --repo makes every line wrong: the other repository is named
// once, at its first line, with the --repo to give and a count of the rest;
// a time that is not RFC 3339 names its key and column.
func TestImportNamesTheRightRepoOnceAndTheBadTimesKey(t *testing.T) {
	var ls []string
	for n := 1; n <= 4; n++ {
		ls = append(ls, line(n, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", ""))
	}
	ls = append(ls, `{"number": 5, "state": "open", "created_at": "yesterday"}`)
	_, err := ImportJSONL(strings.NewReader(strings.Join(ls, "\n")), "x.jsonl", "acme/ap", t.TempDir(), time.Time{})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a diag.List", err)
	}
	want := []string{
		"x.jsonl:1: issue #1 belongs to acme/app (its repository_url), not acme/ap: import it with --repo acme/app (and 3 more lines of acme/app)",
		`x.jsonl:5:46: invalid issue object: "created_at" is "yesterday", not a time in RFC 3339 form, such as 2024-01-31T12:00:00Z`,
	}
	if len(list) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(list), len(want), err)
	}
	for i, d := range list {
		if d.String() != want[i] {
			t.Errorf("problem %d:\n got %s\nwant %s", i, d.String(), want[i])
		}
	}
}

// withComments gives a line of line() the REST "comments" count n.
func withComments(l string, n int) string {
	return strings.Replace(l, `"draft":null`, fmt.Sprintf(`"comments":%d,"draft":null`, n), 1)
}

// An issues list holds no comments: the repo is marked CommentsMissing when
// an imported issue counts comments that the store does not hold.
func TestImportMarksCommentsMissingWhenAnIssueHasCommentsTheStoreLacks(t *testing.T) {
	issue := line(1, "open", "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "", "")
	pr := line(2, "open", "2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "", `{"url":"x","merged_at":null}`)
	synced := &store.RepoData{Repo: "acme/app", SyncedAt: time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC), EventsComplete: true,
		Comments: []model.Comment{{Repo: "acme/app", ID: 7, IssueNumber: 1, User: model.User{Login: "bob"}, CreatedAt: time.Date(2024, 1, 5, 1, 0, 0, 0, time.UTC)}}}
	for _, c := range []struct {
		name   string
		stored *store.RepoData
		file   string
		want   bool
	}{
		{"issues without comments", nil, withComments(issue, 0), false},
		{"an issue with comments", nil, withComments(issue, 3), true},
		{"only a pull request with comments", nil, withComments(issue, 0) + "\n" + withComments(pr, 4), false},
		{"an issue whose comments a sync stored", synced, withComments(issue, 3), false},
		{"a store already missing them", &store.RepoData{Repo: "acme/app", CommentsMissing: true}, withComments(issue, 0), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.stored != nil {
				if err := store.WriteRepo(dir, c.stored); err != nil {
					t.Fatal(err)
				}
				if err := store.WriteManifest(dir, store.Manifest{SyncedAt: c.stored.SyncedAt, Repos: []string{"acme/app"}}); err != nil {
					t.Fatal(err)
				}
			}
			st, err := ImportJSONL(strings.NewReader(c.file), "a.jsonl", "acme/app", dir, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			rd, err := store.ReadRepo(dir, "acme/app")
			if err != nil {
				t.Fatal(err)
			}
			if rd.CommentsMissing != c.want || st.CommentsMissing != c.want {
				t.Errorf("CommentsMissing stored %v, stats %v; want %v", rd.CommentsMissing, st.CommentsMissing, c.want)
			}
		})
	}
}

// Without a repo, the rows' repository_url (issues) or url (releases)
// names it; rows of two repositories are an error at the first row of the
// second, and nothing is written.
func TestImportTakesTheRepositoryFromTheRows(t *testing.T) {
	dir := t.TempDir()
	row := func(n int, repo string) string {
		return fmt.Sprintf(`{"number":%d,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","repository_url":"https://api.github.com/repos/%s"}`, n, repo)
	}
	// The first row names no repository; the second does.
	src := `{"number":1,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z"}` + "\n" + row(2, "Acme/App") + "\n"
	kind, st, err := Import(strings.NewReader(src), "issues.jsonl", "", dir, time.Time{})
	if err != nil || kind != Issues || st.Repo != "Acme/App" || st.Issues != 2 {
		t.Fatalf("kind %v, stats %+v, err %v", kind, st, err)
	}
	_, _, err = Import(strings.NewReader(row(1, "acme/app")+"\n"+row(2, "acme/api")+"\n"+row(3, "acme/api")+"\n"), "two.jsonl", "", t.TempDir(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "two.jsonl:2: issue #2 belongs to acme/api (its repository_url), not acme/app as the rows before it") {
		t.Errorf("rows of two repositories: %v", err)
	}
	rels := `[{"id":1,"tag_name":"v1","url":"https://api.github.com/repos/acme/api/releases/1","created_at":"2024-01-01T00:00:00Z","published_at":"2024-01-01T00:00:00Z"}]`
	kind, st, err = Import(strings.NewReader(rels), "releases.json", "", dir, time.Time{})
	if err != nil || kind != Releases || st.Repo != "acme/api" {
		t.Errorf("releases: kind %v, stats %+v, err %v", kind, st, err)
	}
	if _, _, err := Import(strings.NewReader(`[{"id":1,"tag_name":"v1"}]`), "bare.json", "", dir, time.Time{}); err == nil || !strings.Contains(err.Error(), "--repo") {
		t.Errorf("releases that name no repository: %v", err)
	}
}
