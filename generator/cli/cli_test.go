package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runEnv(t, nil, args...)
}

// runEnv runs a command with vars as its whole environment: the process's
// (a developer's GITHUB_TOKEN, say) never reaches it.
func runEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := testEnv(&out, &errb, vars).main(args)
	return code, out.String(), errb.String()
}

// testEnv is an Env writing to stdout and stderr, with vars as its
// environment and the real clock.
func testEnv(stdout, stderr io.Writer, vars map[string]string) *Env {
	return &Env{Stdout: stdout, Stderr: stderr, Getenv: func(k string) string { return vars[k] }, Now: time.Now}
}

func siteDir(t *testing.T, toml string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExitCodes(t *testing.T) {
	good := siteDir(t, "title = \"ok\"\n")
	bad := siteDir(t, "title = \"bad\"\nwhat = 1\n")
	soon := time.Now().AddDate(0, 6, 0).UTC().Format(time.DateOnly)
	cases := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout+stderr
	}{
		{"no command is a usage error", nil, ExitUsage, "Usage: vitals <command>"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`},
		{"help exits 0", []string{"--help"}, ExitOK, "Commands:"},
		{"command help exits 0", []string{"build", "--help"}, ExitOK, "Usage: vitals build"},
		{"unknown flag", []string{"build", "--nope"}, ExitUsage, "flag provided but not defined"},
		{"bad --as-of", []string{"build", "-s", good, "--as-of", "yesterday"}, ExitUsage, "is not a date (2024-06-30, midnight UTC) or RFC3339"},
		{"--as-of a date is midnight UTC", []string{"build", "-s", good, "--offline", "--as-of", "2024-01-01"}, ExitOK, "data as of 2024-01-01T00:00:00Z"},
		{"--as-of in the future warns", []string{"build", "-s", good, "--offline", "--as-of", soon}, ExitOK, "warning: --as-of " + soon + "T00:00:00Z is after the current time"},
		{"--as-of years ahead is refused (2999 overflowed and panicked)", []string{"build", "-s", good, "--offline", "--as-of", "2999-01-01"}, ExitUsage, "is more than a year after the current time"},
		{"--as-of before 1970 is refused", []string{"build", "-s", good, "--offline", "--as-of", "1969-12-31"}, ExitUsage, "is before 1970"},
		{"bad --fail-on", []string{"build", "-s", good, "--fail-on", "sometimes"}, ExitUsage, "breach, warning, exhausted or degraded"},
		{"good build", []string{"build", "-s", good, "--offline"}, ExitOK, "built "},
		{"site error", []string{"build", "-s", bad, "--offline"}, ExitError, `site.toml:2:1: unknown key "what"`},
		{"check ok", []string{"check", "-s", good}, ExitOK, "no errors"},
		{"check error", []string{"check", "-s", bad}, ExitError, `unknown key "what"`},
		{"site error says the old site stays", []string{"build", "-s", bad, "--offline"}, ExitError, "nothing was written, the previous site is as it was"},
		{"new outside a site", []string{"new", "postmortem", "Outage", "-s", t.TempDir()}, ExitError, "vitals new: no site.toml in"},
		{"import outside a site", []string{"import", "--repo", "a/b", "-s", t.TempDir(), "x.jsonl"}, ExitError, "vitals import: no site.toml in"},
		{"version", []string{"version"}, ExitOK, "vitals "},
		{"new needs a title", []string{"new", "postmortem"}, ExitUsage, "want: new postmortem \"Title\", new launch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if c.args != nil && c.args[0] == "check" && strings.Contains(out+errs, "nothing was written") {
				t.Errorf("check says nothing was written:\n%s", errs)
			}
			if !strings.Contains(out+errs, c.out) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", c.out, out, errs)
			}
		})
	}
}

func TestFlagsMayFollowPositionalArguments(t *testing.T) {
	dir := siteDir(t, "title = \"n\"\n")
	code, out, errs := run(t, "new", "postmortem", "Queue stalled", "-s", dir, "--started", "2024-05-01 09:30")
	if code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	p := filepath.Join(dir, "content", "postmortems", "2024-05-01-queue-stalled.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `started: "2024-05-01 09:30"`) {
		t.Errorf("started not written:\n%s", b)
	}
	// The new file builds cleanly, and a second one with the same name is refused.
	if code, _, errs := run(t, "check", "-s", dir); code != ExitOK {
		t.Errorf("new postmortem does not check: %s", errs)
	}
	if code, _, _ := run(t, "new", "postmortem", "Queue stalled", "-s", dir, "--started", "2024-05-01 09:30"); code != ExitError {
		t.Errorf("overwrote an existing postmortem")
	}
}

func TestServeRebuildsAndTellsPagesToReload(t *testing.T) {
	dir := siteDir(t, "title = \"First\"\n")
	var out bytes.Buffer
	srv, _ := newServer(testEnv(&out, io.Discard, nil), dir, "")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- srv.run(ctx, ln) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()
	get := func(p string) string {
		for i := 0; i < 50; i++ {
			resp, err := http.Get(base + p)
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return string(b)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("GET %s failed", p)
		return ""
	}
	page := get("/")
	if !strings.Contains(page, "<title>First</title>") || !strings.Contains(page, "/__vitals/events") {
		t.Fatalf("first page:\n%s", page)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "index.html")); strings.Contains(string(b), "__vitals") {
		t.Error("the reload script leaked into the built file")
	}
	// Wait for an events stream, change the site, and expect a reload event.
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/__vitals/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	time.Sleep(500 * time.Millisecond) // let the watcher take its first fingerprint
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"Second\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 256)
		var all string
		for !strings.Contains(all, "data: reload") {
			n, err := resp.Body.Read(buf)
			all += string(buf[:n])
			if err != nil {
				break
			}
		}
		got <- all
	}()
	select {
	case s := <-got:
		if !strings.Contains(s, "data: reload") {
			t.Fatalf("no reload event: %q", s)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no reload within 15 s of a change")
	}
	if page := get("/index.html"); !strings.Contains(page, "<title>Second</title>") {
		t.Errorf("not rebuilt:\n%s", page)
	}
}

func TestInitWritesASiteThatChecksAndBuildsAndRefusesToOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "health")
	code, out, errs := run(t, "init", dir, "--title", "Acme health", "--repo", "acme/app", "--repo", "acme/api")
	if code != ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	if !strings.Contains(string(toml), `repos = ["acme/app", "acme/api"]`) || !strings.Contains(string(toml), `title = "Acme health"`) {
		t.Errorf("site.toml:\n%s", toml)
	}
	wf, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "vitals.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(wf, &doc); err != nil {
		t.Fatalf("workflow is not YAML: %v", err)
	}
	perms, _ := doc["permissions"].(map[string]any)
	if perms["pages"] != "write" || perms["id-token"] != "write" {
		t.Errorf("workflow permissions: %v", perms)
	}
	if code, _, errs := run(t, "check", "-s", dir); code != ExitOK {
		t.Errorf("a new site does not check: %s", errs)
	}
	if code, _, errs := run(t, "build", "-s", dir, "--offline", "--quiet"); code != ExitOK {
		t.Errorf("a new site does not build: %s", errs)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	if code, _, errs := run(t, "init", dir); code != ExitError || !strings.Contains(errs, "site.toml") {
		t.Errorf("second init: %d %s", code, errs)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	if string(before) != string(after) {
		t.Error("init overwrote site.toml")
	}
	if code, _, _ := run(t, "init", t.TempDir(), "--repo", "nope"); code != ExitUsage {
		t.Error("a bad --repo was accepted")
	}
}

func TestPublishErrorSaysPublishOnce(t *testing.T) {
	good := siteDir(t, "title = \"ok\"\n")
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "build", "-s", good, "--offline", "-d", dest)
	if code != ExitError || strings.Count(errs, "publish:") != 1 || !strings.Contains(errs, "was not built by vitals") {
		t.Errorf("exit %d, stderr:\n%s\nwant one \"publish:\" and the reason", code, errs)
	}
}

func TestNewPremortemWritesItsDocument(t *testing.T) {
	dir := siteDir(t, "title = \"n\"\n")
	code, out, errs := run(t, "new", "premortem", "Bulk import", "-s", dir, "--started", "2025-02-03 10:00")
	if code != ExitOK || !strings.Contains(out, "wrote content/premortems/2025-02-03-bulk-import.md") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content", "premortems", "2025-02-03-bulk-import.md"))
	if err != nil || !strings.Contains(string(b), "title: \"Bulk import\"") || !strings.Contains(string(b), "## Risks") {
		t.Fatalf("%v:\n%s", err, b)
	}
	if code, _, _ := run(t, "new", "premortem", "Bulk import", "-s", dir, "--started", "2025-02-03"); code != ExitError {
		t.Errorf("overwrote an existing pre-mortem")
	}
	// It checks without error, and says that it has no risk yet.
	if code, out, errs := run(t, "check", "-s", dir); code != ExitOK || !strings.Contains(out+errs, "2025-02-03-bulk-import.md") || !strings.Contains(out+errs, "no risks found") {
		t.Errorf("check: exit %d\n%s%s", code, out, errs)
	}
}

// vitals new experiment writes a planned experiment that builds as it is
// (no start, so its data file need not exist yet) and refuses to overwrite.
func TestNewExperimentBuildsAsItIs(t *testing.T) {
	dir := siteDir(t, "title = \"n\"\n")
	code, out, errs := run(t, "new", "experiment", "Bigger button", "-s", dir)
	if code != ExitOK || !strings.Contains(out, "content/experiments/bigger-button.md") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "check", "-s", dir); code != ExitOK {
		t.Errorf("new experiment does not check: %s", errs)
	}
	if code, _, _ := run(t, "new", "experiment", "Bigger button", "-s", dir); code != ExitError {
		t.Errorf("overwrote an existing experiment")
	}
}
