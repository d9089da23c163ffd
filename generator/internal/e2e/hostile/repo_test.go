package hostile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/hostile"
	"github.com/vitals-dev/vitals/generator/site"
)

// TestRepoNamesMustBeGitHubNames: a configured repo names folders of the
// store and pages of the site (issues/<owner>/<name>/), so one that GitHub
// could not have (path traversal, markup, spaces, backslashes) is refused
// at site.toml's line, and nothing is written.
func TestRepoNamesMustBeGitHubNames(t *testing.T) {
	for _, r := range []string{
		"evil/..", "../etc", "evil/.", ".../x", `evil/"><svg onload=alert(1)>`, "evil/a b",
		`evil\x/y`, "-evil/x", "evil/x\x00", "evil/" + strings.Repeat("A", 101),
	} {
		t.Run(strconv.Quote(r), func(t *testing.T) {
			src := t.TempDir()
			if err := os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"x\"\n\n[github]\nrepos = ["+hostile.Quote(r)+"]\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "public")
			_, err := site.Build(context.Background(), site.Options{Source: src, Dest: dest})
			var ds diag.List
			if !errors.As(err, &ds) || len(ds) == 0 {
				t.Fatalf("build error %v: want site.toml diagnostics", err)
			}
			if s := ds[0].String(); !strings.HasPrefix(s, "site.toml:4:") || !strings.Contains(s, "is not owner/name") {
				t.Errorf("diagnostic %q: want it at site.toml:4 saying the repo is not owner/name", s)
			}
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Errorf("%s was written (%v)", dest, err)
			}
		})
	}
	// GitHub's own names pass.
	for _, r := range []string{"vitals-dev/vitals", "a/b.c_d-e", "A1/.github"} {
		src := t.TempDir()
		if err := os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"x\"\n\n[github]\nrepos = ["+hostile.Quote(r)+"]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := site.Build(context.Background(), site.Options{Source: src, Dest: filepath.Join(t.TempDir(), "public")}); err != nil {
			t.Errorf("%q: %v", r, err)
		}
	}
}
