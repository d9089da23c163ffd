package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// TestFormat1DemoStoreMigratesAndBuildsTheSameSite writes the committed
// demo store back as format 1 (as vitals before format 2 kept it), builds
// the demo from it, and checks that the build migrated the store to exactly
// the committed format-2 files and that every download and page is byte
// for byte the one built from the committed store.
func TestFormat1DemoStoreMigratesAndBuildsTheSameSite(t *testing.T) {
	root := fixture.RepoRoot(t)
	committed := filepath.Join(root, "content", "data", "store")
	src := copyDemo(t)
	old := filepath.Join(src, "content", "data", "store")
	os.RemoveAll(old)
	m, _, err := store.ReadManifest(committed)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range m.Repos {
		rd, err := store.ReadRepo(committed, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.WriteFormat1(old, rd); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(old, "manifest.json"), []byte(`{"format": 1, "synced_at": "`+m.SyncedAt.Format("2006-01-02T15:04:05Z")+`", "repos": ["lumenhq/lumen-app", "lumenhq/lumen-api"]}`), 0o644)
	before := fixture.ReadTree(t, old)
	if _, ok := before["repos/lumenhq/lumen-app.json"]; !ok || len(before) != 3 {
		t.Fatalf("format-1 store not written: %d files", len(before))
	}

	fromOld, fromNew := t.TempDir(), t.TempDir()
	mustBuild(t, src, Options{Dest: fromOld})
	mustBuild(t, root, Options{Dest: fromNew})

	want, got := storeFiles(t, committed), storeFiles(t, old)
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("migrated store: %s differs from the committed file", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("migrated store: %s left over", name)
		}
	}
	a, b := fixture.ReadTree(t, fromOld), fixture.ReadTree(t, fromNew)
	downloads := 0
	for name, x := range b {
		if filepath.Dir(name) == "data" {
			downloads++
		}
		if !bytes.Equal(x, a[name]) {
			t.Errorf("%s differs between the builds from the format-1 and the current store", name)
		}
	}
	if len(a) != len(b) || downloads < 5 {
		t.Errorf("%d files from format 1, %d from format 2, %d downloads", len(a), len(b), downloads)
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

// storeFiles reads a store's files, without the lock that a build of it
// in another test may hold.
func storeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := fixture.ReadTree(t, dir)
	delete(files, ".vitals-lock")
	return files
}
