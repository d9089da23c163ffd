package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two bugs, never answered, with a 1h response target: at as_of both are
// bad, so the SLO's rolling budget (target 0.5) is exhausted.
func TestFailOnExhaustedExitsThree(t *testing.T) {
	dir := siteDir(t, `title = "t"
[github]
repos = ["o/r"]
[[slo]]
name = "Bugs answered"
issues = ["bug"]
within = "1h"
target = 0.5
window = "28d"
`)
	issues := `{"number":1,"title":"a","state":"open","user":{"login":"u","type":"User"},"labels":[{"name":"bug"}],"created_at":"2024-03-01T00:00:00Z","updated_at":"2024-03-01T00:00:00Z","html_url":"https://github.com/o/r/issues/1"}
{"number":2,"title":"b","state":"open","user":{"login":"u","type":"User"},"labels":[{"name":"bug"}],"created_at":"2024-03-02T00:00:00Z","updated_at":"2024-03-02T00:00:00Z","html_url":"https://github.com/o/r/issues/2"}
`
	f := filepath.Join(t.TempDir(), "issues.jsonl")
	if err := os.WriteFile(f, []byte(issues), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "content", "data", "store")
	if code, out, errs := run(t, "import", "--repo", "o/r", "--synced-at", "2024-03-10T00:00:00Z", "-d", store, f); code != ExitOK {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	code, out, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "exhausted")
	if code != ExitAlert || !strings.Contains(errs, `slo "Bugs answered" has exhausted its error budget: release freeze recommended`) {
		t.Fatalf("exit %d, want 3\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// The same site answered in time is not exhausted: exit 0.
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--fail-on", "exhausted", "--as-of", "2024-03-01T00:30:00Z"); code != ExitOK {
		t.Fatalf("before the deadline: exit %d: %s", code, errs)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "slo", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "Release freeze recommended") {
		t.Error("the page recommends a freeze while no budget is exhausted")
	}
}
