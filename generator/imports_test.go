package generator_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/vitals-dev/vitals/"

// layer is each package's stage in the pipeline config → sources → compute
// → pages → render → publish. A package may import packages of its own
// stage or an earlier one (whose data it consumes) and the shared base,
// never a later stage: data flows one way. The commands and the build
// orchestration sit above the pipeline and may import any stage. A new
// package must be placed here.
var layer = map[string]int{
	// base: plain types and helpers every stage may use
	"generator/model": base, "generator/period": base, "generator/diag": base, "generator/quantile": base,
	"generator/csvout": base, "generator/bizhours": base, "generator/tomlpos": base,

	"generator/config": config,

	"generator/store": sources, "generator/ghconv": sources, "generator/ghsync": sources, "generator/importer": sources,
	"generator/content": sources, "generator/metricsrc": sources, "generator/demo": sources,

	"generator/issuestats": compute, "generator/releasestats": compute, "generator/incidents": compute,
	"generator/slo": compute, "generator/kpi": compute, "generator/loader": compute,
	"generator/policy": compute, "generator/areas": compute,

	"generator/chart": render, "generator/theme": render, "generator/assets": render, "themes": render,
	"generator/stepsummary": render,

	"generator/publish": publish,

	// the build (site, until its pages move to a package of their own) and the commands
	"generator/site": top, "generator/cli": top, "cmd/vitals": top,

	// test support and tools: no product package may import them. The
	// packages of tests only (a doc.go and _test.go files) and a tool.
	"generator/hostile": testSupport, "generator/browsercheck": testSupport, "generator/installcheck": testSupport,
	"generator/assets/fetch": testSupport, "generator": testSupport,

	// what tests share: imported only from _test.go files
	"generator/internal/testkit/fakegh": testKit, "generator/internal/testkit/fixture": testKit,
	"generator/internal/testkit/hostile": testKit,
}

const (
	base = iota
	config
	sources
	compute
	pages
	render
	publish
	top
	testSupport
	testKit
)

var layerName = []string{"base", "config", "sources", "compute", "pages", "render", "publish", "commands", "test support", "test kit"}

func TestImportsFlowOneWay(t *testing.T) {
	// go test caches a passing result by the files the test itself reads;
	// reading every Go file makes an edited import or a new package rerun it.
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			os.ReadFile(p)
		}
		return nil
	})
	// Imports are the package's own (non-test) files' imports; a package's
	// tests may import any stage, and they alone may import the test kit.
	out, err := exec.Command("go", "list", "-f",
		"{{.ImportPath}} {{join .Imports \" \"}} | {{join .TestImports \" \"}} {{join .XTestImports \" \"}}",
		module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	usedByTests := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		own, tests, _ := strings.Cut(line, " | ")
		for _, imp := range strings.Fields(tests) {
			if to, ok := layer[strings.TrimPrefix(imp, module)]; ok && to == testKit {
				usedByTests[strings.TrimPrefix(imp, module)] = true
			}
		}
		f := strings.Fields(own)
		pkg := strings.TrimPrefix(f[0], module)
		from, ok := layer[pkg]
		if !ok {
			t.Errorf("%s has no layer: add it to the table in generator/imports_test.go", pkg)
			continue
		}
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			to, ok := layer[imp]
			if !ok {
				continue // reported as a package of its own
			}
			edge := pkg + " -> " + imp
			switch {
			case to == testKit && from != testKit:
				t.Errorf("%s: a non-test file imports the test kit; only _test.go files may", edge)
			case to >= testSupport && from < testSupport:
				t.Errorf("%s: product code imports test support", edge)
			case to != base && to > from && from < testSupport:
				t.Errorf("%s: %s imports %s, a later stage", edge, layerName[from], layerName[to])
			}
		}
	}
	// The test kit is there for tests: a package of it that no test imports
	// is dead code (or the listing above stopped seeing test imports).
	for pkg, l := range layer {
		if l == testKit && !usedByTests[pkg] {
			t.Errorf("%s: no test imports it", pkg)
		}
	}
}
