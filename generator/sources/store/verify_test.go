package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// twoRepos is a store of o/a and o/b, with different records.
func twoRepos(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	for i, r := range []string{"o/a", "o/b"} {
		rd := &RepoData{Repo: r, SyncedAt: at, EventsComplete: true}
		for n := 1; n <= 3+2*i; n++ {
			rd.Issues = append(rd.Issues, model.Issue{Repo: r, Number: n, Title: "t", CreatedAt: at})
			rd.Events = append(rd.Events, model.Event{Repo: r, ID: int64(n), IssueNumber: n, Event: "closed", CreatedAt: at})
		}
		if err := WriteRepo(dir, rd); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteManifest(dir, Manifest{SyncedAt: at, Repos: []string{"o/a", "o/b"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// damaged fails unless err is a *DamagedError naming file (relative to
// dir) and saying what to run.
func damaged(t *testing.T, what string, err error, dir, file string) {
	t.Helper()
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatalf("%s: got %v, want a DamagedError", what, err)
	}
	if want := filepath.Join(dir, filepath.FromSlash(file)); de.Path != want {
		t.Errorf("%s: names %s, want %s (%v)", what, de.Path, want, err)
	}
	if !strings.Contains(err.Error(), "run `vitals fetch`") {
		t.Errorf("%s: %q does not say what to run", what, err)
	}
}

func TestTheManifestListsEveryTableWithItsSizeAndChecksum(t *testing.T) {
	dir := twoRepos(t)
	m, _, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != Format || len(m.Tables) != 2*len(tables) {
		t.Fatalf("format %d, %d tables: %+v", m.Format, len(m.Tables), m.Tables)
	}
	for path, s := range m.Tables {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		if s.Bytes != int64(len(b)) || s.SHA256 != sum(b) || len(s.SHA256) != 64 {
			t.Errorf("%s: manifest says %+v, the file has %d bytes, sha256 %s", path, s, len(b), sum(b))
		}
	}
}

// Issue 23: a removed events.parquet made the build leave the repository
// out (exit 0, "configured but not in the store"), a removed manifest made
// "no synced data yet" (38 pages became 15), and a table copied from
// another repository was read as this one's.
func TestAStoreMissingAFileOrHoldingAChangedOneIsDamagedNamingTheFile(t *testing.T) {
	for _, c := range []struct {
		name, file string
		harm       func(t *testing.T, dir string)
	}{
		{"table removed", "repos/o/a/events.parquet", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "repos", "o", "a", "events.parquet"))
		}},
		{"manifest removed", "manifest.json", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.json"))
		}},
		{"repo.json removed", "repos/o/b/repo.json", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "repos", "o", "b", "repo.json"))
		}},
		{"same size, other bytes", "repos/o/a/issues.parquet", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "repos", "o", "a", "issues.parquet")
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			os.WriteFile(p, b, 0o644)
		}},
		{"a table of another repository, repo.json edited to its size", "repos/o/a/repo.json", func(t *testing.T, dir string) {
			// Copied by hand with repo.json made to agree: the manifest
			// still holds what vitals wrote.
			b, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "b", "issues.parquet"))
			os.WriteFile(filepath.Join(dir, "repos", "o", "a", "issues.parquet"), b, 0o644)
			p := filepath.Join(dir, "repos", "o", "a", "repo.json")
			var h RepoHead
			hb, _ := os.ReadFile(p)
			json.Unmarshal(hb, &h)
			h.Tables["issues"] = TableInfo{Rows: 5, Bytes: int64(len(b)), SHA256: sum(b)}
			writeHead(p, &h)
		}},
		{"a table of another repository", "repos/o/a/issues.parquet", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "repos", "o", "b", "issues.parquet"))
			os.WriteFile(filepath.Join(dir, "repos", "o", "a", "issues.parquet"), b, 0o644)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := twoRepos(t)
			if _, err := Open(dir); err != nil {
				t.Fatal(err)
			}
			c.harm(t, dir)
			_, err := Open(dir)
			damaged(t, "Open", err, dir, c.file)
			if c.file == "manifest.json" {
				return // a fetch rebuilds it: generator/sources/github/ghsync
			}
			repo := "o/" + strings.Split(c.file, "/")[2]
			m, _, _ := ReadManifest(dir)
			_, err = CheckRepo(dir, m, repo)
			damaged(t, "CheckRepo", err, dir, c.file)
		})
	}
}

// The fetch's check reads no table of a repository unchanged since it was
// last checked: tables overwritten with bytes no reader accepts, their size
// and modification time kept, pass it (the build's check finds them).
func TestTheFetchCheckHashesOnlyTablesWhoseSizeOrTimeMoved(t *testing.T) {
	dir := twoRepos(t)
	if err := Remember(dir, "o/a"); err != nil {
		t.Fatal(err)
	}
	m, _, _ := ReadManifest(dir)
	rdir := filepath.Join(dir, "repos", "o", "a")
	for _, tb := range tables {
		p := filepath.Join(rdir, tb+".parquet")
		fi, _ := os.Stat(p)
		os.WriteFile(p, []byte(strings.Repeat("x", int(fi.Size()))), 0o644)
		os.Chtimes(p, fi.ModTime(), fi.ModTime())
	}
	if _, err := CheckRepo(dir, m, "o/a"); err != nil {
		t.Errorf("an unchanged repository was read: %v", err)
	}
	_, err := ReadListed(dir, m, "o/a")
	damaged(t, "ReadListed", err, dir, "repos/o/a/issues.parquet")
	// The build dropped the fetch's note, so the next fetch hashes and
	// finds it.
	_, err = CheckRepo(dir, m, "o/a")
	damaged(t, "CheckRepo after the build", err, dir, "repos/o/a/issues.parquet")

	// A table touched but not changed is hashed once and passes.
	p := filepath.Join(dir, "repos", "o", "b", "events.parquet")
	later := time.Now().Add(time.Hour)
	os.Chtimes(p, later, later)
	if _, err := CheckRepo(dir, m, "o/b"); err != nil {
		t.Fatal(err)
	}
	v := readVerified(filepath.Join(dir, "repos", "o", "b"))
	if !v["events"].MTime.Equal(later) {
		t.Errorf("the check did not note the new time: %+v", v["events"])
	}
}

// A store of format 3 (sizes but no checksums) gets its checksums from the
// next run: repo.json and the manifest, the tables left as they are.
func TestFormat3StoreGetsItsChecksumsWithoutRewritingATable(t *testing.T) {
	dir := twoRepos(t)
	before := map[string][]byte{}
	for _, r := range []string{"a", "b"} {
		p := filepath.Join(dir, "repos", "o", r, "repo.json")
		var h RepoHead
		b, _ := os.ReadFile(p)
		json.Unmarshal(b, &h)
		for tb, info := range h.Tables {
			info.SHA256 = ""
			h.Tables[tb] = info
			before[r+tb], _ = os.ReadFile(filepath.Join(dir, "repos", "o", r, tb+".parquet"))
		}
		h.Format = 3
		writeHead(p, &h)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format": 3, "synced_at": "2024-01-02T00:00:00Z", "repos": ["o/a", "o/b"]}`), 0o644)
	if _, err := ReadListed(dir, Manifest{Format: 3, Repos: []string{"o/a"}}, "o/a"); err == nil {
		t.Fatal("a format-3 store read as checked; the test would prove nothing")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Manifest.Format != Format || len(s.Manifest.Tables) != 2*len(tables) || len(s.Repos["o/b"].Issues) != 5 {
		t.Errorf("after migration: format %d, %d tables, %d issues", s.Manifest.Format, len(s.Manifest.Tables), len(s.Repos["o/b"].Issues))
	}
	for _, r := range []string{"a", "b"} {
		for _, tb := range tables {
			if b, _ := os.ReadFile(filepath.Join(dir, "repos", "o", r, tb+".parquet")); string(b) != string(before[r+tb]) {
				t.Errorf("o/%s %s was rewritten", r, tb)
			}
		}
	}
}

// A writer killed after its commit point but before the manifest took the
// new tables: the next reader finishes the write, manifest included.
func TestAWriteKilledBeforeTheManifestIsFinishedByTheNextReader(t *testing.T) {
	dir, other := twoRepos(t), twoRepos(t)
	rd, err := ReadRepo(other, "o/a")
	if err != nil {
		t.Fatal(err)
	}
	rd.Issues = append(rd.Issues, model.Issue{Repo: "o/a", Number: 99, Title: "new"})
	if err := WriteRepo(other, rd); err != nil {
		t.Fatal(err)
	}
	// The state at the kill: new tables staged, repo.next.json in place,
	// the manifest and repo.json as they were.
	rdir, odir := filepath.Join(dir, "repos", "o", "a"), filepath.Join(other, "repos", "o", "a")
	for _, tb := range tables {
		b, _ := os.ReadFile(filepath.Join(odir, tb+".parquet"))
		os.WriteFile(filepath.Join(rdir, ".next-"+tb+".parquet"), b, 0o644)
	}
	b, _ := os.ReadFile(filepath.Join(odir, "repo.json"))
	os.WriteFile(filepath.Join(rdir, "repo.next.json"), b, 0o644)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Repos["o/a"].Issues); n != 4 {
		t.Errorf("o/a has %d issues, want the new write's 4", n)
	}
}
