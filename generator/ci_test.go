package generator_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestCIRunHasTheLintJob keeps .ci/run running every command of ci.yml's
// lint job (go vet, the pinned staticcheck, go mod tidy), so that a lint
// that is red in CI is red on a contributor's machine too, before it lands.
func TestCIRunHasTheLintJob(t *testing.T) {
	lint := jobRuns(t, "../.github/workflows/ci.yml", "lint")
	if len(lint) == 0 {
		t.Fatal("ci.yml has no lint job with run steps")
	}
	script, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(script), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, cmd := range lint {
		if !lines[cmd] {
			t.Errorf(".ci/run does not run ci.yml's lint step %q", cmd)
		}
	}
}

// jobRuns returns the single-line `run:` commands of one job of a workflow,
// without trailing comments. It reads the file by indentation, which is
// enough for ours: a job is a key at two spaces under jobs.
func jobRuns(t *testing.T, path, job string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var runs []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") && strings.HasSuffix(strings.TrimSpace(l), ":") {
			in = strings.TrimSpace(l) == job+":"
			continue
		}
		if !in {
			continue
		}
		s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- "))
		cmd, ok := strings.CutPrefix(s, "run:")
		if !ok {
			continue
		}
		if i := strings.Index(cmd, " #"); i >= 0 {
			cmd = cmd[:i]
		}
		cmd = strings.TrimSpace(cmd)
		if cmd == "|" || cmd == ">" {
			t.Fatalf("%s: job %s has a multi-line run step; keep lint steps one line each", path, job)
		}
		runs = append(runs, cmd)
	}
	return runs
}
