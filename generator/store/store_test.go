package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/model"
)

func TestRoundTripKeepsRecordsSortedOnePerLine(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true,
		Issues:   []model.Issue{{Repo: "o/r", Number: 2, CreatedAt: at}, {Repo: "o/r", Number: 1, CreatedAt: at}},
		Comments: []model.Comment{{Repo: "o/r", ID: 9, CreatedAt: at}, {Repo: "o/r", ID: 3, CreatedAt: at}},
	}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "r.json"))
	lines := strings.Split(string(b), "\n")
	if !strings.HasPrefix(lines[2], `{"repo":"o/r","number":1,`) || !strings.HasPrefix(lines[3], `{"repo":"o/r","number":2,`) {
		t.Errorf("issues not one per line in order:\n%s", b)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Repos["o/r"]
	if got == nil || len(got.Issues) != 2 || got.Comments[0].ID != 3 || !got.EventsComplete || !s.Manifest.SyncedAt.Equal(at) {
		t.Fatalf("round trip: %+v", got)
	}
	d := s.Dataset(nil)
	if len(d.Issues) != 2 || !d.AsOf.Equal(at) || d.NoEvents["o/r"] {
		t.Errorf("dataset: %+v", d)
	}
	// Writing the same data again gives the same bytes.
	if err := WriteRepo(dir, got); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "r.json"))
	if string(b) != string(b2) {
		t.Error("rewrite changed the bytes")
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

func TestLineDecoderAgreesWithPlainJSONAndNamesBadLines(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, Sync: SyncState{ETags: map[string]string{"issues": `W/"x"`}}}
	for i := 1; i <= 5000; i++ { // above the parallel threshold
		rd.Issues = append(rd.Issues, model.Issue{Repo: "o/r", Number: i, Title: "t,\n]\"", CreatedAt: at, Labels: []string{"bug"}})
		rd.Comments = append(rd.Comments, model.Comment{Repo: "o/r", ID: int64(i), IssueNumber: i, CreatedAt: at})
	}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	p, _ := RepoPath(dir, "o/r")
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
