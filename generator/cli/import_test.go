package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/store"
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
		{"repo is required", []string{file}, ExitUsage, "--repo is required"},
		{"one file", []string{"--repo", "a/b"}, ExitUsage, "exactly one FILE,"},
		{"bad synced-at", []string{"--repo", "a/b", "--synced-at", "yesterday", file}, ExitUsage, "not RFC3339"},
		{"missing file", []string{"--repo", "a/b", "-d", storeDir, filepath.Join(dir, "nope.jsonl")}, ExitError, "nope.jsonl"},
		{"imports", []string{"--repo", "a/b", "-d", storeDir, "--synced-at", "2024-02-01T00:00:00Z", file}, ExitOK,
			"1 issue and 1 pull request stored, synced_at 2024-02-01T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			if code := env.main(append([]string{"import"}, c.args...)); code != c.code {
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
