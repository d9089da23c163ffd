package store

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// fullDisk writes n bytes in all, then fails with ENOSPC.
type fullDisk struct {
	w    io.Writer
	left *int
}

func (f fullDisk) Write(p []byte) (int, error) {
	if len(p) > *f.left {
		n, _ := f.w.Write(p[:*f.left])
		*f.left = 0
		return n, syscall.ENOSPC
	}
	*f.left -= len(p)
	return f.w.Write(p)
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func TestDiskFullWhileWritingLeavesTheStoreByteIdentical(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	old := &RepoData{Repo: "o/r", SyncedAt: at, Issues: []model.Issue{{Repo: "o/r", Number: 1, CreatedAt: at}}}
	if err := WriteRepo(dir, old); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, dir)
	later := at.Add(time.Hour)
	next := &RepoData{Repo: "o/r", SyncedAt: later, Issues: []model.Issue{{Repo: "o/r", Number: 1, CreatedAt: at}, {Repo: "o/r", Number: 2, CreatedAt: later}}}
	for _, room := range []int{0, 1, 10, 100, 200} {
		left := room
		writeHook = func(w io.Writer) io.Writer { return fullDisk{w, &left} }
		err := WriteRepo(dir, next)
		writeHook = func(w io.Writer) io.Writer { return w }
		if err == nil {
			t.Fatalf("room %d: write succeeded", room)
		}
		after := readAll(t, dir)
		if len(after) != len(before) {
			t.Fatalf("room %d: %d files after, want %d (temporary files left?)", room, len(after), len(before))
		}
		for k, v := range before {
			if after[k] != v {
				t.Fatalf("room %d: %s changed", room, k)
			}
		}
	}
	if err := WriteRepo(dir, next); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil || len(s.Repos["o/r"].Issues) != 2 {
		t.Fatalf("next write: %v %+v", err, s)
	}
}

func TestUpdateSyncRewritesOnlyRepoJSONAndLeavesTheStoreOnAFullDisk(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true, Sync: SyncState{IssuesSince: &at, ETags: map[string]string{"a": "1"}},
		Issues: []model.Issue{{Repo: "o/r", Number: 1, CreatedAt: at}}}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, dir)
	later := at.Add(24 * time.Hour)
	st := SyncState{IssuesSince: &at, ETags: map[string]string{"a": "2"}}
	for _, room := range []int{0, 10, 100} {
		left := room
		writeHook = func(w io.Writer) io.Writer { return fullDisk{w, &left} }
		err := UpdateSync(dir, "o/r", later, st)
		writeHook = func(w io.Writer) io.Writer { return w }
		if err == nil {
			t.Fatalf("room %d: write succeeded", room)
		}
		after := readAll(t, dir)
		if len(after) != len(before) {
			t.Fatalf("room %d: %d files after, want %d", room, len(after), len(before))
		}
		for k, v := range before {
			if after[k] != v {
				t.Fatalf("room %d: %s changed", room, k)
			}
		}
	}
	if err := UpdateSync(dir, "o/r", later, st); err != nil {
		t.Fatal(err)
	}
	after := readAll(t, dir)
	for k, v := range before {
		if filepath.Base(k) != "repo.json" && after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	got, err := ReadRepo(dir, "o/r")
	if err != nil || !got.SyncedAt.Equal(later) || got.Sync.ETags["a"] != "2" || len(got.Issues) != 1 || !got.EventsComplete {
		t.Fatalf("after UpdateSync: %v %+v", err, got)
	}
}
