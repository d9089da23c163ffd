package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// CHANGELOG.md names the store format this code writes: its newest
// mention of a format number (entries are newest first) is Format.
func TestChangelogNamesTheStoreFormat(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fixture.RepoRoot(t), "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?i)\bformat (\d+)\b`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("CHANGELOG.md names no store format; this code writes format %d", Format)
	}
	if n, _ := strconv.Atoi(string(m[1])); n != Format {
		t.Errorf("CHANGELOG.md's newest store format is %d; this code writes format %d", n, Format)
	}
}
