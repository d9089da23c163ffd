package issuesrc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/config"
)

func TestGitHubSourceIsTheGitHubTablesRepos(t *testing.T) {
	one := FromConfig(&config.Config{GitHub: config.GitHub{Repos: []string{"acme/app"}}})
	if !one.Has() || one.Only() != "acme/app" || !slices.Equal(one.Repos, []string{"acme/app"}) {
		t.Errorf("one repository: %+v, only %q", one, one.Only())
	}
	two := FromConfig(&config.Config{GitHub: config.GitHub{Repos: []string{"acme/app", "acme/api"}}})
	if two.Only() != "" || !slices.Equal(two.Repos, []string{"acme/app", "acme/api"}) {
		t.Errorf("two repositories: %+v, only %q", two, two.Only())
	}
	if none := FromConfig(&config.Config{}); none.Has() || none.Only() != "" {
		t.Errorf("no repository: %+v", none)
	}
}

// The build learns where its issues come from here alone: no package of
// the build reads [github] (a field named GitHub) but config, which
// declares it, this package, and GitHub's own adapter and commands
// (sources/github, cli's fetch and import).
func TestOnlyThisPackageReadsTheGitHubTableForTheBuild(t *testing.T) {
	allowed := []string{"config", "sources/issuesrc", "sources/github", "cli"}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		for _, a := range allowed {
			if strings.HasPrefix(rel, a+"/") {
				return nil
			}
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Name == "GitHub" {
				t.Errorf("%s: reads .GitHub; take the repositories from issuesrc.Source", fset.Position(s.Pos()))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
