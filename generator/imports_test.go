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

// stageOf gives each package its stage in the pipeline config → sources →
// compute → render → publish by the folder it lives in, so a new package
// needs no entry here. A package may import packages of its own stage or an
// earlier one (whose data it consumes) and the shared base, never a later
// stage: data flows one way. The build's phase runner (site) and the
// commands sit above the pipeline and may import any stage.
var stages = []struct {
	folder string
	stage  int
}{
	// test support first: these folders sit inside other stages' folders
	{"generator/internal/testkit", testKit},        // imported only from _test.go files
	{"generator/internal/e2e", testSupport},        // packages of tests only
	{"generator/render/assets/fetch", testSupport}, // the go generate tool

	{"generator/base", base}, // plain types and helpers every stage may use
	{"generator/config", config},
	{"generator/sources", sources},
	{"generator/compute", compute},
	{"generator/render", render},
	{"themes", render},
	{"generator/publish", publish},
	{"generator/site", top},
	{"generator/cli", top},
	{"cmd", top},
}

// stageOf returns the stage of pkg (a path below the module): that of the
// first folder that holds it. generator itself holds only this test.
func stageOf(pkg string) (int, bool) {
	if pkg == "generator" {
		return testSupport, true
	}
	for _, s := range stages {
		if pkg == s.folder || strings.HasPrefix(pkg, s.folder+"/") {
			return s.stage, true
		}
	}
	return 0, false
}

const (
	base = iota
	config
	sources
	compute
	render
	publish
	top
	testSupport
	testKit
)

var layerName = []string{"base", "config", "sources", "compute", "render", "publish", "commands", "test support", "test kit"}

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
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		own, tests, _ := strings.Cut(line, " | ")
		for _, imp := range strings.Fields(tests) {
			if to, ok := stageOf(strings.TrimPrefix(imp, module)); ok && to == testKit {
				usedByTests[strings.TrimPrefix(imp, module)] = true
			}
		}
		f := strings.Fields(own)
		pkg := strings.TrimPrefix(f[0], module)
		listed = append(listed, pkg)
		from, ok := stageOf(pkg)
		if !ok {
			t.Errorf("%s is in no stage's folder: move it under generator/base, config, sources, compute, render or publish (or add its folder to the stages in generator/imports_test.go)", pkg)
			continue
		}
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			to, ok := stageOf(imp)
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
	for _, pkg := range listed {
		if l, _ := stageOf(pkg); l == testKit && !usedByTests[pkg] {
			t.Errorf("%s: no test imports it", pkg)
		}
	}
}
