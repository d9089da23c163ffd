package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Issue 23: with events.parquet removed the build left the repository out
// of every figure with exit 0; with manifest.json removed it built 15 pages
// instead of 38; a table copied from another repository was read as this
// one's. Now the build stops naming the file and `vitals fetch`, and the
// previous site stays as it was.
func TestADamagedStoreFailsTheBuildByNameAndKeepsTheOldSite(t *testing.T) {
	for _, c := range []struct {
		name, file string
		harm       func(store string)
	}{
		{"a table removed", "repos/lumenhq/lumen-api/events.parquet", func(s string) {
			os.Remove(filepath.Join(s, "repos", "lumenhq", "lumen-api", "events.parquet"))
		}},
		{"the manifest removed", "manifest.json", func(s string) { os.Remove(filepath.Join(s, "manifest.json")) }},
		{"repo.json removed", "repos/lumenhq/lumen-app/repo.json", func(s string) {
			os.Remove(filepath.Join(s, "repos", "lumenhq", "lumen-app", "repo.json"))
		}},
		{"a table of the other repository", "repos/lumenhq/lumen-app/releases.parquet", func(s string) {
			b, _ := os.ReadFile(filepath.Join(s, "repos", "lumenhq", "lumen-api", "releases.parquet"))
			os.WriteFile(filepath.Join(s, "repos", "lumenhq", "lumen-app", "releases.parquet"), b, 0o644)
		}},
		{"a table changed in place", "repos/lumenhq/lumen-api/comments.parquet", func(s string) {
			p := filepath.Join(s, "repos", "lumenhq", "lumen-api", "comments.parquet")
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 1
			os.WriteFile(p, b, 0o644)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := copyDemo(t)
			mustBuild(t, src, Options{})
			before := fixture.ReadTree(t, filepath.Join(src, "public"))
			dir := filepath.Join(src, "content", "data", "store")
			c.harm(dir)
			res, err := build(t, src, Options{})
			var de *store.DamagedError
			if !errors.As(err, &de) || de.Path != filepath.Join(dir, filepath.FromSlash(c.file)) {
				t.Fatalf("build: %v (result %+v), want a damaged-store error naming %s", err, res, c.file)
			}
			if !strings.Contains(err.Error(), "run `vitals fetch`") {
				t.Errorf("%q does not say what to run", err)
			}
			sameTree(t, before, fixture.ReadTree(t, filepath.Join(src, "public")))
			// vitals check reads the store too.
			if _, err := build(t, src, Options{DryRun: true}); !errors.As(err, &de) {
				t.Errorf("check: %v, want the same error", err)
			}
		})
	}
}
