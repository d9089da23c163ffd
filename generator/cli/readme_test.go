package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// README's site.toml examples, pasted together into one site.toml as a
// reader would, pass vitals check. The metric exports they name are the
// demo's, copied beside it.
func TestREADMESiteTomlExamplesPastedTogetherPassCheck(t *testing.T) {
	root := fixture.RepoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```toml\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 2 {
		t.Fatalf("README has %d toml blocks, want the site.toml examples", len(blocks))
	}
	var toml strings.Builder
	for _, b := range blocks {
		toml.WriteString(b[1] + "\n")
	}
	dir := siteDir(t, toml.String())
	for _, m := range regexp.MustCompile(`(?m)^file = "([^"]+)"`).FindAllStringSubmatch(toml.String(), -1) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m[1])))
		if err != nil {
			t.Fatalf("README names %s, which the demo does not have: %v", m[1], err)
		}
		p := filepath.Join(dir, filepath.FromSlash(m[1]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := run(t, "check", "-s", dir)
	if code != ExitOK {
		t.Errorf("vitals check of README's examples: exit %d\n%s%s\nsite.toml:\n%s", code, out, errs, toml.String())
	}
}
