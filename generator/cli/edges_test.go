package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// A site whose build warns: a postmortem that starts after --as-of.
const warningSite = `
-- site.toml --
title = "w"
-- content/postmortems/2024-02-01-late.md --
---
started: 2024-02-01T10:00:00Z
resolved: 2024-02-01T11:00:00Z
---
# Late
`

// --quiet prints only errors, as its help says: no warning, no note, no
// summary; -q is the same flag.
func TestBuildQuietPrintsOnlyErrors(t *testing.T) {
	dir := fixture.WriteSite(t, warningSite)
	args := []string{"build", "--offline", "-s", dir, "--as-of", "2024-01-15"}
	code, out, errs := run(t, args...)
	if code != ExitOK || !strings.Contains(errs, "warning:") || !strings.Contains(out, "built ") {
		t.Fatalf("without --quiet: exit %d, stdout %q, stderr %q: want a summary and a warning to quiet", code, out, errs)
	}
	for _, q := range []string{"--quiet", "-q"} {
		code, out, errs = run(t, append(args, q)...)
		if code != ExitOK || out != "" || errs != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want nothing", q, code, out, errs)
		}
	}
	// Errors still show.
	bad := fixture.WriteSite(t, "-- site.toml --\ntitle = 3\n")
	if code, _, errs := run(t, "build", "--offline", "-q", "-s", bad); code != ExitError || !strings.Contains(errs, "title") {
		t.Errorf("an error with -q: exit %d, stderr %q", code, errs)
	}
}

// Every command with --quiet takes -q too.
func TestEveryQuietFlagHasItsShortForm(t *testing.T) {
	for _, c := range commands {
		code, out, _ := run(t, c.name, "--help")
		if code != ExitOK || !strings.Contains(out, "-quiet") {
			continue
		}
		if !regexp.MustCompile(`(?m)^\s+-q\b`).MatchString(out) {
			t.Errorf("vitals %s has --quiet but no -q:\n%s", c.name, out)
		}
	}
}

// An unknown command suggests the nearest one.
func TestUnknownCommandSuggestsTheNearest(t *testing.T) {
	for typo, want := range map[string]string{"biuld": "build", "fecth": "fetch", "chek": "check", "improt": "import"} {
		code, _, errs := run(t, typo)
		if code != ExitUsage || !strings.Contains(errs, `did you mean "`+want+`"?`) {
			t.Errorf("%s: exit %d, stderr %q; want did you mean %q", typo, code, errs, want)
		}
	}
	if _, _, errs := run(t, "frobnicate"); strings.Contains(errs, "did you mean") {
		t.Errorf("frobnicate is near no command: %q", errs)
	}
}

// import takes the repository from the rows' repository_url when --repo
// is not given.
func TestImportInfersTheRepositoryFromTheRows(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "issues.jsonl")
	rows := `{"number":1,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","repository_url":"https://api.github.com/repos/acme/app"}` + "\n" +
		`{"number":2,"state":"closed","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-07T00:00:00Z","closed_at":"2024-01-07T00:00:00Z","repository_url":"https://api.github.com/repos/acme/app"}` + "\n"
	if err := os.WriteFile(file, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	storeDir := filepath.Join(dir, "store")
	code, _, errs := run(t, "import", "-d", storeDir, file)
	if code != ExitOK || !strings.Contains(errs, "acme/app") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s, err := store.Open(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	if rd := s.Repos["acme/app"]; rd == nil || len(rd.Issues) != 2 {
		t.Errorf("store: %v", s.Manifest.Repos)
	}
	// Rows that name no repository need --repo.
	bare := filepath.Join(dir, "bare.jsonl")
	if err := os.WriteFile(bare, []byte(`{"number":1,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "import", "-d", storeDir, bare); code != ExitError || !strings.Contains(errs, "--repo") {
		t.Errorf("rows without repository_url: exit %d, %q", code, errs)
	}
}

// A site that init wrote, built before any data, says what to do next
// rather than "data as of no data".
func TestFreshSiteBuildSaysWhatToDoNext(t *testing.T) {
	for _, repos := range [][]string{nil, {"--repo", "acme/app"}} {
		dir := filepath.Join(t.TempDir(), "site")
		if code, _, errs := run(t, append([]string{"init", dir}, repos...)...); code != ExitOK {
			t.Fatalf("init: %s", errs)
		}
		code, out, errs := run(t, "build", "-s", dir)
		all := out + errs
		if code != ExitOK || strings.Contains(all, "as of no data") {
			t.Errorf("%v: exit %d:\n%s", repos, code, all)
		}
		for _, want := range []string{"no data yet", "GITHUB_TOKEN", "vitals import", "--as-of"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: the build does not say %q:\n%s", repos, want, all)
			}
		}
		if repos == nil && !strings.Contains(all, "[github] repos") {
			t.Errorf("no repositories: the build does not say to list them:\n%s", all)
		}
	}
}
