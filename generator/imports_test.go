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

	"generator/slo/summary": pages,

	"generator/chart": render, "generator/theme": render, "generator/assets": render, "themes": render,

	"generator/publish": publish,

	// the build (site, until its pages move to a package of their own) and the commands
	"generator/site": top, "generator/cli": top, "cmd/vitals": top,

	// test support and tools: no product package may import them
	"generator/fixture": testSupport, "generator/hostile": testSupport, "generator/browsercheck": testSupport,
	"generator/ghsync/fakegh": testSupport, "generator/assets/fetch": testSupport, "generator": testSupport,
	"generator/installcheck": testSupport,
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
)

var layerName = []string{"base", "config", "sources", "compute", "pages", "render", "publish", "commands", "test support"}

func TestImportsFlowOneWay(t *testing.T) {
	// go test caches a passing result by the files the test itself reads;
	// reading every Go file makes an edited import or a new package rerun it.
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			os.ReadFile(p)
		}
		return nil
	})
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
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
			case to == testSupport && from != testSupport:
				t.Errorf("%s: product code imports test support", edge)
			case to != base && to > from && from != testSupport:
				t.Errorf("%s: %s imports %s, a later stage", edge, layerName[from], layerName[to])
			}
		}
	}
}
