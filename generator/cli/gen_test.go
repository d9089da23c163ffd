package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

func TestGenCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"size must be positive", []string{"--size", "0", "-d", dir}, ExitUsage, "--size must be a positive number"},
		{"no arguments", []string{"-d", dir, "extra"}, ExitUsage, `unexpected argument "extra"`},
		{"bad seed", []string{"--seed", "-1", "-d", dir}, ExitUsage, "invalid value"},
		{"writes", []string{"--size", "60", "--seed", "3", "-d", dir}, ExitOK, "wrote 60 issues, 24 pull requests"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := run(t, append([]string{"gen"}, c.args...)...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr %s", code, c.code, errs)
			}
			if !strings.Contains(errs, c.err) {
				t.Errorf("stderr %q, want it to contain %q", errs, c.err)
			}
		})
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rd := range s.Repos {
		n += len(rd.Issues)
	}
	// 60 issues split 36/24 over the two demo repos; pull requests are 0.4
	// per issue in each: 14.4 -> 14 and 9.6 -> 10, 24 in all.
	if len(s.Repos) != 2 || n != 60 || s.Manifest.SyncedAt.Format("2006-01-02") != "2026-10-01" {
		t.Errorf("store after gen: %d repos, %d issues, synced_at %s", len(s.Repos), n, s.Manifest.SyncedAt)
	}
}

func TestBenchRefusesStepsOutsideTenths(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"bench", "--steps", "1,11"}, &out, &errb); code != ExitUsage || !strings.Contains(errb.String(), "tenths") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

// A generated benchmark site builds without errors or warnings: its
// postmortems, metric exports, SLOs, KPIs, areas and teams all check.
func TestGenSiteBuildsWithoutDiagnostics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	code, _, errs := run(t, "gen", "--site", dir, "--size", "2000", "--repos", "4", "--releases", "30", "--postmortems", "30", "--points", "20000")
	if code != ExitOK || !strings.Contains(errs, "wrote 2000 issues") || !strings.Contains(errs, "30 releases") ||
		!strings.Contains(errs, "30 postmortems and 20000 metric points in 5 files") {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	code, out, errs := run(t, "check", "-s", dir, "--strict")
	if code != ExitOK || !strings.Contains(out+errs, "no errors, 0 warnings") {
		t.Errorf("check: exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := run(t, "gen", "--tenths", "3"); code != ExitUsage || !strings.Contains(errs, "--tenths needs --site") {
		t.Errorf("--tenths without --site: exit %d: %s", code, errs)
	}
}

// vitals gen inside a user's site would replace its store's repositories
// with the demo's: it refuses, saying where to generate and how to force,
// and leaves the store byte for byte. Into an empty folder or over an
// earlier gen's output it writes.
func TestGenRefusesToReplaceAUsersStore(t *testing.T) {
	site := t.TempDir()
	storeDir := filepath.Join(site, store.DefaultDir)
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	rd := &store.RepoData{Repo: "acme/app", Issues: []model.Issue{{Number: 1, Title: "ours", State: "open", CreatedAt: at, UpdatedAt: at}}}
	if err := store.WriteRepo(storeDir, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(storeDir, store.Manifest{SyncedAt: at, Repos: []string{"acme/app"}}); err != nil {
		t.Fatal(err)
	}
	before := fixture.ReadTree(t, site)
	t.Chdir(site)
	code, _, errs := run(t, "gen", "--size", "60")
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	for _, want := range []string{"acme/app", "lumenhq/lumen-app", "-d ", "--site", "--force"} {
		if !strings.Contains(errs, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, errs)
		}
	}
	sameTree(t, "a refused gen", before, fixture.ReadTree(t, site))

	// --force replaces it; a second gen writes over the first's output.
	for _, args := range [][]string{{"gen", "--size", "60", "--force"}, {"gen", "--size", "60", "--seed", "2"}} {
		if code, _, errs := run(t, args...); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	m, _, err := store.ReadManifest(storeDir)
	slices.Sort(m.Repos)
	if err != nil || strings.Join(m.Repos, ",") != "lumenhq/lumen-api,lumenhq/lumen-app" {
		t.Errorf("after --force: %v, %v", m.Repos, err)
	}
	// An empty folder is fine.
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "gen", "--size", "60", "-d", empty); code != ExitOK {
		t.Errorf("into an empty folder: exit %d: %s", code, errs)
	}
}

// Into a site without a store but with metric exports of the demo's file
// names, gen refuses too: it would overwrite them.
func TestGenRefusesToOverwriteMetricExports(t *testing.T) {
	site := t.TempDir()
	p := filepath.Join(site, "content", "metrics", "analytics.csv")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("date,signups\n2024-01-01,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fixture.ReadTree(t, site)
	t.Chdir(site)
	code, _, errs := run(t, "gen", "--size", "60")
	if code != ExitError || !strings.Contains(errs, "analytics.csv") || !strings.Contains(errs, "--force") {
		t.Errorf("exit %d: %s", code, errs)
	}
	sameTree(t, "a refused gen", before, fixture.ReadTree(t, site))
}
