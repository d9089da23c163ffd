package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func TestRoundTripKeepsRecordsSortedAndBytesStable(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	closed := at.Add(time.Hour)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true, Sync: SyncState{ETags: map[string]string{"issues": `W/"x"`}},
		Issues: []model.Issue{{Repo: "o/r", Number: 2, CreatedAt: at, Labels: []string{"bug", "ui"}, ClosedAt: &closed, State: "closed"},
			{Repo: "o/r", Number: 1, CreatedAt: at, Author: model.User{Login: "a", Type: "Bot"}}},
		Comments: []model.Comment{{Repo: "o/r", ID: 9, CreatedAt: at}, {Repo: "o/r", ID: 3, CreatedAt: at}},
	}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"repo.json", "issues.parquet", "pull_requests.parquet", "comments.parquet", "events.parquet", "releases.parquet", "demand.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, "repos", "o", "r", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "r", "issues.parquet"))
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Repos["o/r"]
	if got == nil || len(got.Issues) != 2 || got.Issues[0].Number != 1 || got.Comments[0].ID != 3 || !got.EventsComplete ||
		!s.Manifest.SyncedAt.Equal(at) || got.Sync.ETags["issues"] != `W/"x"` || s.Manifest.Format != Format {
		t.Fatalf("round trip: %+v", got)
	}
	if i := got.Issues[1]; !slices.Equal(i.Labels, []string{"bug", "ui"}) || i.ClosedAt == nil || !i.ClosedAt.Equal(closed) || i.Labels == nil {
		t.Errorf("issue 2: %+v", i)
	}
	if i := got.Issues[0]; i.ClosedAt != nil || i.Labels != nil || !i.Author.IsBot() || !i.UpdatedAt.IsZero() {
		t.Errorf("issue 1: %+v", i)
	}
	d := s.Dataset(nil)
	if len(d.Issues) != 2 || !d.AsOf.Equal(at) || d.NoEvents["o/r"] {
		t.Errorf("dataset: %+v", d)
	}
	// Writing the same data again gives the same bytes.
	if err := WriteRepo(dir, got); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "r", "issues.parquet"))
	if !bytes.Equal(b, b2) {
		t.Error("rewrite changed the bytes")
	}
}

func TestFormat1StoreIsMigratedWithEveryRecordKept(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	pub := at.Add(time.Minute)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, Sync: SyncState{EventsNewest: 7},
		Issues:       []model.Issue{{Repo: "o/r", Number: 1, Title: "t", CreatedAt: at, UpdatedAt: at, URL: "u"}},
		PullRequests: []model.PullRequest{{Repo: "o/r", Number: 2, MergedAt: &pub}},
		Events:       []model.Event{{Repo: "o/r", ID: 5, IssueNumber: 1, Event: "closed", CreatedAt: at}},
		Releases:     []model.Release{{Repo: "o/r", ID: 8, Tag: "v1", Body: "<b>x</b>", PublishedAt: &pub, Prerelease: true}},
	}
	if err := WriteFormat1(dir, rd); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format": 1, "synced_at": "2024-01-02T03:04:05Z", "repos": ["o/r"]}`), 0o644)
	want, err := ReadRepo(dir, "o/r")
	if err != nil || want.Format != 1 {
		t.Fatalf("format 1 read: %v %+v", err, want)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "repos", "o", "r.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("format-1 file left: %v", err)
	}
	m, _, _ := ReadManifest(dir)
	if m.Format != Format || s.Manifest.Format != Format {
		t.Errorf("manifest format %d", m.Format)
	}
	got := s.Repos["o/r"]
	want.Format = Format
	want.Demand = []model.DemandPoint{} // format 1 had no 👍 history; a table of none reads as empty
	if !reflect.DeepEqual(got, want) {
		t.Errorf("migrated:\n%+v\nwant\n%+v", got, want)
	}
}

func TestPartlyWrittenRepositoryIsReportedNotMixed(t *testing.T) {
	dir := t.TempDir()
	rd := &RepoData{Repo: "o/r", Issues: []model.Issue{{Repo: "o/r", Number: 1}}}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "repos", "o", "r", "issues.parquet")
	other := t.TempDir()
	rd.Issues = append(rd.Issues, model.Issue{Repo: "o/r", Number: 2, Title: "new"})
	if err := WriteRepo(other, rd); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(other, "repos", "o", "r", "issues.parquet"))
	os.WriteFile(p, b, 0o644) // a table of a newer write, repo.json of the older
	_, err := ReadRepo(dir, "o/r")
	if err == nil || !strings.Contains(err.Error(), "partly written") || !strings.Contains(err.Error(), "issues.parquet") {
		t.Fatalf("got %v", err)
	}
}

func TestNewerFormatIsRefusedWithAClearMessage(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format": 99, "repos": []}`), 0o644)
	_, err := Open(dir)
	if !errors.Is(err, ErrNewerFormat) || !strings.Contains(err.Error(), "upgrade vitals") || !strings.Contains(err.Error(), "manifest.json") {
		t.Fatalf("got %v", err)
	}
}

func TestMissingStoreIsEmptyAndBadNamesAreRefused(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "nope"))
	if err != nil || len(s.Repos) != 0 {
		t.Fatalf("missing store: %v %v", s, err)
	}
	for _, bad := range []string{"noslash", "../etc/passwd", "o/../../x", "o/.."} {
		if _, err := RepoPath("d", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAtomicWriteLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "f.json")
	if err := WriteFileAtomic(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("left: %v", entries)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Errorf("got %q", b)
	}
}

func TestFormat1LineDecoderAgreesWithPlainJSONAndNamesBadLines(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, Sync: SyncState{ETags: map[string]string{"issues": `W/"x"`}}}
	for i := 1; i <= 5000; i++ { // above the parallel threshold
		rd.Issues = append(rd.Issues, model.Issue{Repo: "o/r", Number: i, Title: "t,\n]\"", CreatedAt: at, Labels: []string{"bug"}})
		rd.Comments = append(rd.Comments, model.Comment{Repo: "o/r", ID: int64(i), IssueNumber: i, CreatedAt: at})
	}
	if err := WriteFormat1(dir, rd); err != nil {
		t.Fatal(err)
	}
	p, _ := format1Path(dir, "o/r")
	b, _ := os.ReadFile(p)
	fast, ok, err := decodeLines(p, b)
	if !ok || err != nil {
		t.Fatalf("fast path not taken: %v %v", ok, err)
	}
	var slow RepoData
	if err := json.Unmarshal(b, &slow); err != nil {
		t.Fatal(err)
	}
	fb, _ := json.Marshal(fast)
	sb, _ := json.Marshal(&slow)
	if string(fb) != string(sb) {
		t.Fatal("fast and plain decoders disagree")
	}
	// A hand-formatted file takes the plain decoder.
	pretty, _ := json.MarshalIndent(&slow, "", "  ")
	os.WriteFile(p, pretty, 0o644)
	got, err := ReadRepo(dir, "o/r")
	if err != nil || len(got.Issues) != 5000 || got.Sync.ETags["issues"] != `W/"x"` {
		t.Fatalf("pretty file: %v", err)
	}
	// A broken record is reported with its line.
	broken := strings.Replace(string(b), `{"repo":"o/r","number":17,`, `{"repo":"o/r","number":"seventeen",`, 1)
	os.WriteFile(p, []byte(broken), 0o644)
	if _, err := ReadRepo(dir, "o/r"); err == nil || !strings.Contains(err.Error(), "r.json:19:") {
		t.Fatalf("want the line of issue 17 (line 19), got %v", err)
	}
}

// A writer killed between its commit point (repo.next.json in place) and
// its last rename leaves a store that the next reader finishes; one killed
// before the commit point leaves the old repository, and the next write
// removes its leftovers.
func TestInterruptedWriteIsFinishedAfterTheCommitPointAndIgnoredBefore(t *testing.T) {
	for _, committed := range []bool{true, false} {
		dir, other := t.TempDir(), t.TempDir()
		old := &RepoData{Repo: "o/r", Issues: []model.Issue{{Repo: "o/r", Number: 1}}}
		if err := WriteRepo(dir, old); err != nil {
			t.Fatal(err)
		}
		next := &RepoData{Repo: "o/r", Issues: []model.Issue{{Repo: "o/r", Number: 1}, {Repo: "o/r", Number: 2}},
			Comments: []model.Comment{{Repo: "o/r", ID: 5, IssueNumber: 2}}}
		if err := WriteRepo(other, next); err != nil {
			t.Fatal(err)
		}
		rdir, odir := filepath.Join(dir, "repos", "o", "r"), filepath.Join(other, "repos", "o", "r")
		for i, tb := range tables {
			b, _ := os.ReadFile(filepath.Join(odir, tb+".parquet"))
			name := ".next-" + tb + ".parquet"
			if committed && i < 2 {
				name = tb + ".parquet" // renamed before the kill
			}
			os.WriteFile(filepath.Join(rdir, name), b, 0o644)
		}
		if committed {
			b, _ := os.ReadFile(filepath.Join(odir, "repo.json"))
			os.WriteFile(filepath.Join(rdir, "repo.next.json"), b, 0o644)
		}
		got, err := ReadRepo(dir, "o/r")
		if err != nil {
			t.Fatalf("committed %v: %v", committed, err)
		}
		if want := map[bool]int{true: 2, false: 1}[committed]; len(got.Issues) != want {
			t.Errorf("committed %v: %d issues, want %d", committed, len(got.Issues), want)
		}
		if err := WriteRepo(dir, got); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(rdir)
		if len(entries) != 1+len(tables) {
			t.Errorf("committed %v: %d files left, want repo.json and %d tables", committed, len(entries), len(tables))
		}
	}
}

// comments_missing is written only when true: a repo.json without it (every
// one written by a sync, before the field existed too) reads as complete.
func TestCommentsMissingRoundTripsAndIsAbsentWhenFalse(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	for _, missing := range []bool{true, false} {
		rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true, CommentsMissing: missing}
		if err := WriteRepo(dir, rd); err != nil {
			t.Fatal(err)
		}
		if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/r"}}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "repos", "o", "r", "repo.json"))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(b, []byte(`"comments_missing": true`)); got != missing {
			t.Errorf("missing %v: repo.json:\n%s", missing, b)
		}
		if !missing && bytes.Contains(b, []byte("comments_missing")) {
			t.Errorf("repo.json names comments_missing when false:\n%s", b)
		}
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Repos["o/r"].CommentsMissing; got != missing {
			t.Errorf("read back CommentsMissing %v, want %v", got, missing)
		}
		if got := s.Dataset(nil).NoComments["o/r"]; got != missing {
			t.Errorf("Dataset.NoComments[o/r] = %v, want %v", got, missing)
		}
		h, err := ReadHead(dir, "o/r")
		if err != nil || h.CommentsMissing != missing {
			t.Errorf("ReadHead: %+v, %v", h, err)
		}
	}
}

// A repo.json as vitals wrote it before comments_missing existed.
func TestRepoJSONWithoutCommentsMissingReadsAsComplete(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	if err := WriteRepo(dir, &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true}); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	old := `{"format": 2, "repo": "o/r", "synced_at": "2024-01-02T00:00:00Z", "sync": {}, "events_complete": true, "tables": %s}`
	p := filepath.Join(dir, "repos", "o", "r", "repo.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Tables json.RawMessage `json:"tables"`
	}
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(old, "%s", string(h.Tables), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rd := s.Repos["o/r"]; rd == nil || rd.CommentsMissing || s.Dataset(nil).NoComments["o/r"] {
		t.Errorf("an old repo.json reads as comments missing: %+v", rd)
	}
}

// Reactions and the 👍 history survive a write and a read; an issue whose
// reactions are unknown reads back as unknown (nil), not as none.
func TestReactionsAndDemandRoundTripAndUnknownStaysUnknown(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at,
		Issues: []model.Issue{
			{Repo: "o/r", Number: 1, CreatedAt: at, Reactions: &model.Reactions{ThumbsUp: 7, ThumbsDown: 1, Laugh: 2, Hooray: 3, Confused: 4, Heart: 5, Rocket: 6, Eyes: 8}},
			{Repo: "o/r", Number: 2, CreatedAt: at, Reactions: &model.Reactions{}},
			{Repo: "o/r", Number: 3, CreatedAt: at},
		},
		Demand: []model.DemandPoint{{Repo: "o/r", Issue: 1, At: at, ThumbsUp: 7}, {Repo: "o/r", Issue: 1, At: at.Add(-24 * time.Hour), ThumbsUp: 4}},
	}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRepo(dir, "o/r")
	if err != nil {
		t.Fatal(err)
	}
	want := model.Reactions{ThumbsUp: 7, ThumbsDown: 1, Laugh: 2, Hooray: 3, Confused: 4, Heart: 5, Rocket: 6, Eyes: 8}
	if r := got.Issues[0].Reactions; r == nil || *r != want || r.Total() != 36 {
		t.Errorf("#1 reactions %+v, want %+v", r, want)
	}
	if r := got.Issues[1].Reactions; r == nil || *r != (model.Reactions{}) {
		t.Errorf("#2 reactions %+v, want known and none", r)
	}
	if r := got.Issues[2].Reactions; r != nil {
		t.Errorf("#3 reactions %+v, want unknown (nil)", r)
	}
	// Sorted by issue, then time.
	if len(got.Demand) != 2 || got.Demand[0].ThumbsUp != 4 || got.Demand[1].ThumbsUp != 7 || !got.Demand[1].At.Equal(at) {
		t.Errorf("demand %+v", got.Demand)
	}
	h, err := ReadHead(dir, "o/r")
	if err != nil || h.Rows("demand") != 2 || h.Format != Format {
		t.Errorf("head %+v, %v", h, err)
	}
}

// A format-2 store (before reactions) is read with every issue's reactions
// unknown and no 👍 history, and Migrate rewrites it in the newest format
// with every record kept.
func TestFormat2StoreIsMigratedWithReactionsUnknown(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true, Sync: SyncState{EventsNewest: 9, ETags: map[string]string{"k": "e"}},
		Issues:   []model.Issue{{Repo: "o/r", Number: 1, Title: "t", State: "open", CreatedAt: at, UpdatedAt: at, Labels: []string{"enhancement"}}},
		Comments: []model.Comment{{Repo: "o/r", ID: 4, IssueNumber: 1, CreatedAt: at}},
	}
	if err := WriteFormat2(dir, rd); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format": 2, "synced_at": "2024-03-01T00:00:00Z", "repos": ["o/r"]}`), 0o644)
	if _, err := os.Stat(filepath.Join(dir, "repos", "o", "r", "demand.parquet")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a format-2 repository has a demand table: %v", err)
	}
	old, err := ReadRepo(dir, "o/r")
	if err != nil || old.Format != 2 || old.Issues[0].Reactions != nil || len(old.Demand) != 0 {
		t.Fatalf("format 2 read: %v %+v", err, old)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, _, _ := ReadManifest(dir)
	h, err := ReadHead(dir, "o/r")
	if err != nil || m.Format != Format || h.Format != Format || h.Rows("demand") != 0 {
		t.Fatalf("after migration: manifest format %d, head %+v, %v", m.Format, h, err)
	}
	got := s.Repos["o/r"]
	old.Format, old.Demand = Format, []model.DemandPoint{}
	if !reflect.DeepEqual(got, old) {
		t.Errorf("migrated:\n%+v\nwant\n%+v", got, old)
	}
	if got.Issues[0].Reactions != nil {
		t.Errorf("reactions of a format-2 issue read as %+v, want unknown", got.Issues[0].Reactions)
	}
}
