package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs   any               `yaml:"needs"`
		If      string            `yaml:"if"`
		Outputs map[string]string `yaml:"outputs"`
		Steps   []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

type step struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
}

func parseWorkflow(t *testing.T, text string) workflow {
	t.Helper()
	var w workflow
	if err := yaml.Unmarshal([]byte(text), &w); err != nil {
		t.Fatalf("workflow is not YAML: %v\n%s", err, text)
	}
	return w
}

// index returns the position of the first step for which ok holds, or -1.
func index(steps []step, ok func(step) bool) int {
	for i, s := range steps {
		if ok(s) {
			return i
		}
	}
	return -1
}

func uses(action string) func(step) bool {
	return func(s step) bool { return strings.HasPrefix(s.Uses, action+"@") }
}

func TestInitWorkflowKeepsTheStoreAndDeploysOnlyABuiltSite(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "init", dir, "--repo", "acme/app")
	if code != ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	if strings.Contains(out, "set the repositories") {
		t.Errorf("init --repo asks to set the repositories it has just set:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "vitals.yml"))
	if err != nil {
		t.Fatal(err)
	}
	w := parseWorkflow(t, string(b))

	if _, ok := w.On["schedule"]; !ok {
		t.Error("no schedule trigger")
	}
	if _, ok := w.On["workflow_dispatch"]; !ok {
		t.Error("no workflow_dispatch trigger")
	}
	want := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}
	if len(w.Permissions) != len(want) {
		t.Errorf("permissions %v, want exactly %v", w.Permissions, want)
	}
	for k, v := range want {
		if w.Permissions[k] != v {
			t.Errorf("permissions[%s] = %q, want %q", k, w.Permissions[k], v)
		}
	}

	build, ok := w.Jobs["build"]
	if !ok {
		t.Fatal("no build job")
	}
	st := build.Steps
	setup := index(st, uses("actions/setup-go"))
	restore := index(st, uses("actions/cache/restore"))
	install := index(st, func(s step) bool {
		return strings.Contains(s.Run, "go install github.com/vitals-dev/vitals/cmd/vitals@")
	})
	vbuild := index(st, func(s step) bool { return strings.HasPrefix(s.Run, "vitals build") })
	save := index(st, uses("actions/cache/save"))
	upload := index(st, uses("actions/upload-pages-artifact"))
	if index(st, uses("actions/cache")) >= 0 {
		t.Error("actions/cache saves only when the job succeeds; use restore and save")
	}
	if setup < 0 || restore < 0 || install < 0 || vbuild < 0 || save < 0 || upload < 0 {
		t.Fatalf("steps missing: setup-go %d, restore %d, install %d, build %d, save %d, upload %d", setup, restore, install, vbuild, save, upload)
	}
	if !(setup < install && restore < vbuild && install < vbuild && vbuild < save && vbuild < upload) {
		t.Errorf("step order: setup-go %d, restore %d, install %d, build %d, save %d, upload %d", setup, restore, install, vbuild, save, upload)
	}

	// setup-go: no module cache (a site has no go.sum, which makes it warn).
	if st[setup].With["cache"] != "false" || st[setup].With["go-version"] == "" {
		t.Errorf("setup-go with %v: want a go-version and cache false", st[setup].With)
	}

	// The cache: restored from the newest key by prefix, saved whatever the
	// build's exit, under a key that changes every run.
	r, s := st[restore], st[save]
	if r.With["path"] != storeDir || s.With["path"] != storeDir {
		t.Errorf("cache paths %q and %q, want %q", r.With["path"], s.With["path"], storeDir)
	}
	if !strings.Contains(s.With["key"], "${{ github.run_id }}") || r.With["key"] != s.With["key"] {
		t.Errorf("cache keys restore %q, save %q: want the same per-run key", r.With["key"], s.With["key"])
	}
	if rk := r.With["restore-keys"]; rk == "" || !strings.HasPrefix(s.With["key"], strings.TrimSpace(rk)) {
		t.Errorf("restore-keys %q is not a prefix of the key %q", rk, s.With["key"])
	}
	if !strings.HasPrefix(s.If, "always()") {
		t.Errorf("cache save runs if %q: want always(), so a build that exits 3 still saves", s.If)
	}

	// vitals is pinned to a version, never @latest.
	_, ver, _ := strings.Cut(st[install].Run, "@")
	if ver == "latest" || !strings.HasPrefix(ver, "v") {
		t.Errorf("install pins %q", ver)
	}
	wantPin, _ := readBuildVersion().Pin()
	if ver != wantPin {
		t.Errorf("install pins %q, want %q (the version that wrote it)", ver, wantPin)
	}
	if !strings.Contains(st[vbuild].Run, "--fail-on") {
		t.Errorf("build step %q", st[vbuild].Run)
	}

	// Deploy only when the build job uploaded a site.
	up := st[upload]
	if up.ID == "" || !strings.Contains(up.If, "hashFiles('public/index.html')") {
		t.Errorf("upload step id %q if %q: want an id and a condition that a site was written", up.ID, up.If)
	}
	if out := build.Outputs["site"]; out != "${{ steps."+up.ID+".outcome }}" {
		t.Errorf("build output site = %q", out)
	}
	deploy, ok := w.Jobs["deploy"]
	if !ok {
		t.Fatal("no deploy job")
	}
	if deploy.Needs != "build" || !strings.Contains(deploy.If, "needs.build.outputs.site == 'success'") {
		t.Errorf("deploy needs %v if %q: want it to run only after the site was uploaded", deploy.Needs, deploy.If)
	}
	if index(deploy.Steps, uses("actions/deploy-pages")) < 0 {
		t.Error("deploy job does not deploy")
	}
}

// The postmortems README that init writes is the index's introduction: a
// reader sees one "Postmortems" heading (the page's) and no note to authors.
func TestInitPostmortemsIntroIsForReaders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "health")
	code, out, errs := run(t, "init", dir, "--repo", "acme/app")
	if code != ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	if strings.Contains(out, "set the repositories") {
		t.Errorf("init --repo asks to set the repositories it has just set:\n%s", out)
	}
	pm := "---\ntitle: \"DB down\"\nstarted: \"2024-01-10 10:00\"\nresolved: \"2024-01-10 11:00\"\n---\nBody.\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "postmortems", "2024-01-10-db.md"), []byte(pm), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--quiet"); code != ExitOK {
		t.Fatalf("build: %s", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public", "postmortems", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("postmortems index has %d h1 headings, want 1 (the page's)", n)
	}
	if strings.Contains(page, "vitals new postmortem") {
		t.Error("the note to authors reaches readers of the postmortems index")
	}
	if !strings.Contains(page, "One review per incident") {
		t.Error("the README's text for readers is not the introduction")
	}
}

// The site.toml that init writes sends its reader to the reference of
// every key, docs/config.md (of the release that wrote it, or main for a
// development build), not to the README.
func TestInitSiteTomlPointsToTheKeyReference(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "init", dir, "--repo", "acme/app"); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(b), "\ntitle", 2)[0]
	if !strings.Contains(head, "https://github.com/vitals-dev/vitals/blob/main/docs/config.md") || strings.Contains(head, "README") {
		t.Errorf("site.toml begins:\n%s", head)
	}
	for v, want := range map[buildVersion]string{
		{Module: "v0.2.0"}:   "blob/v0.2.0/docs/config.md",
		{Revision: "abc123"}: "blob/main/docs/config.md",
	} {
		if got := configDocURL(v); !strings.HasSuffix(got, want) {
			t.Errorf("%+v: %s, want …%s", v, got, want)
		}
	}
}
