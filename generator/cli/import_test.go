package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/store"
)

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "issues.jsonl")
	row := `{"number":1,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","pull_request":null}` + "\n" +
		`{"number":2,"state":"open","created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-05T00:00:00Z","pull_request":{"url":"x"}}` + "\n"
	if err := os.WriteFile(file, []byte(row), 0o644); err != nil {
		t.Fatal(err)
	}
	storeDir := filepath.Join(dir, "store")
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"repo from the rows or --repo", []string{"-d", storeDir, file}, ExitError, "give it with --repo OWNER/NAME"},
		{"one file", []string{"--repo", "a/b"}, ExitUsage, "exactly one FILE,"},
		{"bad synced-at", []string{"--repo", "a/b", "--synced-at", "yesterday", file}, ExitUsage, "not RFC3339"},
		{"missing file", []string{"--repo", "a/b", "-d", storeDir, filepath.Join(dir, "nope.jsonl")}, ExitError, "nope.jsonl"},
		{"imports", []string{"--repo", "a/b", "-d", storeDir, "--synced-at", "2024-02-01T00:00:00Z", file}, ExitOK,
			"1 issue and 1 pull request stored, synced_at 2024-02-01T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := testEnv(&out, &errb, nil).main(append([]string{"import"}, c.args...)); code != c.code {
				t.Errorf("exit %d, want %d; stderr %s", code, c.code, errb.String())
			}
			if !strings.Contains(errb.String(), c.err) {
				t.Errorf("stderr %q, want it to contain %q", errb.String(), c.err)
			}
		})
	}
	s, err := store.Open(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	if rd := s.Repos["a/b"]; rd == nil || len(rd.Issues) != 1 || len(rd.PullRequests) != 1 {
		t.Errorf("store after import: %+v", s.Repos)
	}
}

func TestImportIntoASiteWritesItsStoreDirAndWarnsForUnlistedRepos(t *testing.T) {
	site := siteDir(t, "title = \"x\"\n[github]\nrepos = [\"a/b\"]\n[store]\ndir = \"data/here\"\n")
	rel := filepath.Join(site, "releases.json")
	if err := os.WriteFile(rel, []byte(`[{"id":1,"tag_name":"v1","created_at":"2024-01-01T00:00:00Z","published_at":"2024-01-01T00:00:00Z"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "import", "-s", site, "--repo", "c/d", rel)
	if code != ExitOK || !strings.Contains(errs, "warning: c/d is not in [github] repos") {
		t.Errorf("exit %d, stderr %s; want 0 and a warning that no page shows c/d", code, errs)
	}
	if _, err := os.Stat(filepath.Join(site, "data", "here", "manifest.json")); err != nil {
		t.Errorf("not written to [store] dir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, "content")); err == nil {
		t.Error("content/ created beside [store] dir")
	}
	code, _, errs = run(t, "import", "-s", site, "--repo", "a/b", rel)
	if code != ExitOK || strings.Contains(errs, "warning") {
		t.Errorf("exit %d, stderr %s; want 0 and no warning for a listed repo", code, errs)
	}
}

func TestImportOfACSVGivesOneError(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "checks.csv")
	if err := os.WriteFile(csv, []byte("timestamp,status\n2024-01-01T00:00:00Z,up\n2024-01-01T00:05:00Z,up\n2024-01-01T00:10:00Z,down\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "import", "-d", filepath.Join(dir, "store"), "--repo", "a/b", csv)
	if code != ExitError || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "checks.csv:1: not a GitHub export") {
		t.Errorf("exit %d, stderr:\n%s\nwant one line saying it is not a GitHub export", code, errs)
	}
}

// An issues list holds no comments: an import of issues that have some, into
// a store without comments for the repo, says that first responses are
// missing (else the first page opened says 0% answered). Two of the three
// issues have comments; the pull request's comments do not count.
func TestImportSaysTheIssuesListHoldsNoComments(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "issues.jsonl")
	rows := `{"number":1,"state":"open","comments":3,"created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","pull_request":null}
{"number":2,"state":"open","comments":0,"created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z"}
{"number":3,"state":"closed","comments":1,"created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","closed_at":"2024-01-06T00:00:00Z"}
{"number":4,"state":"open","comments":5,"created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-05T00:00:00Z","pull_request":{"url":"x"}}
`
	if err := os.WriteFile(file, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "import", "--repo", "a/b", "-d", filepath.Join(dir, "store"), file)
	if code != ExitOK || !strings.Contains(errs, "note: an issues list carries no comments, and the store lacks those of a/b (2 issues in the file have some): until `vitals fetch` syncs them, time to first response and issue-response SLOs on first response are n/a for a/b") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	quiet := `{"number":1,"state":"open","comments":0,"created_at":"2024-01-05T00:00:00Z","updated_at":"2024-01-06T00:00:00Z"}` + "\n"
	if err := os.WriteFile(file, []byte(quiet), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, errs := run(t, "import", "--repo", "c/d", "-d", filepath.Join(dir, "store2"), file); strings.Contains(errs, "no comments") {
		t.Errorf("a note for issues without comments:\n%s", errs)
	}
}
