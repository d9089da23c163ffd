package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// TestOlderDemoStoresMigrateAndBuildTheSameSite writes the committed demo
// store back in each older format (format 1, one JSON document per
// repository; format 2, Parquet tables without reactions), as vitals before
// them kept it, builds the demo from it, and checks that the build migrated
// the store to exactly the files the newest format writes for the same
// records, and that every download and page is byte for byte the one built
// from those. Neither older format kept reactions or a 👍 history, so the
// records are the demo's without them.
func TestOlderDemoStoresMigrateAndBuildTheSameSite(t *testing.T) {
	root := fixture.RepoRoot(t)
	committed := filepath.Join(root, "content", "data", "store")
	m, _, err := store.ReadManifest(committed)
	if err != nil {
		t.Fatal(err)
	}
	var rds []*store.RepoData
	for _, r := range m.Repos {
		rd, err := store.ReadRepo(committed, r)
		if err != nil {
			t.Fatal(err)
		}
		for i := range rd.Issues {
			rd.Issues[i].Reactions = nil
		}
		rd.Demand = nil
		rds = append(rds, rd)
	}
	// site copies the demo site with a store written by write in format f.
	site := func(f int, write func(string, *store.RepoData) error) (string, string) {
		src := copyDemo(t)
		dir := filepath.Join(src, "content", "data", "store")
		os.RemoveAll(dir)
		for _, rd := range rds {
			if err := write(dir, rd); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format": `+string(rune('0'+f))+`, "synced_at": "`+m.SyncedAt.Format("2006-01-02T15:04:05Z")+`", "repos": ["lumenhq/lumen-app", "lumenhq/lumen-api"]}`), 0o644)
		return src, dir
	}
	newSrc, newStore := site(store.Format, store.WriteRepo)
	if err := store.WriteManifest(newStore, m); err != nil {
		t.Fatal(err)
	}
	fromNew := t.TempDir()
	mustBuild(t, newSrc, Options{Dest: fromNew})
	want := fixture.ReadTree(t, newStore)
	b := fixture.ReadTree(t, fromNew)
	for _, c := range []struct {
		format int
		write  func(string, *store.RepoData) error
		files  int
	}{{1, store.WriteFormat1, 3}, {2, store.WriteFormat2, 13}} {
		src, old := site(c.format, c.write)
		if before := fixture.ReadTree(t, old); len(before) != c.files {
			t.Fatalf("format %d: store not written: %d files, want %d", c.format, len(before), c.files)
		}
		fromOld := t.TempDir()
		mustBuild(t, src, Options{Dest: fromOld})
		got := fixture.ReadTree(t, old)
		for name, x := range want {
			if !bytes.Equal(x, got[name]) {
				t.Errorf("format %d migrated: %s differs from the newest format's file", c.format, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("format %d migrated: %s left over", c.format, name)
			}
		}
		a := fixture.ReadTree(t, fromOld)
		downloads := 0
		for name, x := range b {
			if filepath.Dir(name) == "data" {
				downloads++
			}
			if !bytes.Equal(x, a[name]) {
				t.Errorf("format %d: %s differs between the builds from the old and the newest store", c.format, name)
			}
		}
		if len(a) != len(b) || downloads < 5 {
			t.Errorf("format %d: %d files from the old store, %d from the newest, %d downloads", c.format, len(a), len(b), downloads)
		}
	}
}

// copyDemo copies the demo site (site.toml, content with its store,
// template overrides and themes) into a temporary folder.
func copyDemo(t *testing.T) string {
	t.Helper()
	root := fixture.RepoRoot(t)
	src := t.TempDir()
	for _, d := range []string{"content", "templates", "themes"} {
		if _, err := os.Stat(filepath.Join(root, d)); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "site.toml"), toml, 0o644); err != nil {
		t.Fatal(err)
	}
	// A build of the demo elsewhere may hold the store's lock right now.
	os.Remove(filepath.Join(src, "content", "data", "store", ".vitals-lock"))
	return src
}
