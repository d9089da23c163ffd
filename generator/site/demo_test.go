package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

var idRE = regexp.MustCompile(` id="([^"]*)"`)

// The demo site at the repository root: every page's element IDs are unique
// (anchors, chart containers, headings from release notes and postmortems).
func TestDemoSitePagesHaveUniqueIDs(t *testing.T) {
	root := fixture.RepoRoot(t)
	dest := t.TempDir()
	if _, err := build(t, root, Options{Dest: dest}); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(string(b), -1) {
			if seen[m[1]] {
				rel, _ := filepath.Rel(dest, p)
				t.Errorf("%s: id %q used twice", rel, m[1])
			}
			seen[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 {
		t.Fatalf("only %d pages built from the demo", pages)
	}
}
