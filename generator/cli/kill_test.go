package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// binary is cmd/vitals, built once for the tests that run it as a process
// (kill and interrupt tests); TestMain removes it.
var binary struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// vitalsBinary builds cmd/vitals, once per run of the package's tests.
func vitalsBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and kills the vitals binary: skipped with -short")
	}
	root := fixture.RepoRoot(t)
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "vitals-bin-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "vitals")
		cmd := exec.Command("go", "build", "-o", binary.path, "github.com/vitals-dev/vitals/cmd/vitals")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

var killSignals = []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGINT}

// killAt runs the binary, sends sig after d and returns its exit code and
// output; sent is false when it had finished before. A process that the
// signal itself ended has exit code -1, except for SIGINT, which a shell
// reports as 130 (ExitInterrupted) as vitals does.
func killAt(t *testing.T, bin string, env []string, d time.Duration, sig syscall.Signal, args ...string) (code int, out string, sent bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode(), b.String(), false
	case <-time.After(d):
		sent = cmd.Process.Signal(sig) == nil
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s did not stop within 20s of %v:\n%s", args[0], sig, b.String())
	}
	code = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGINT {
		code = ExitInterrupted // the signal came after vitals let go of it
	}
	return code, b.String(), sent
}

func sameTree(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Fatalf("%s: %s changed", what, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Fatalf("%s: %s appeared", what, k)
		}
	}
}

// The demo site builds deterministically, so a build killed at any moment
// must leave the previous site byte-identical (old and new are the same
// bytes), and the next build must succeed and leave no temporary folder.
func TestKilledBuildLeavesThePreviousSiteAndTheNextBuildSucceeds(t *testing.T) {
	bin := vitalsBinary(t)
	root := fixture.RepoRoot(t)
	dest := filepath.Join(t.TempDir(), "public")
	env := []string{"GITHUB_TOKEN=", "GH_TOKEN="}
	build := []string{"build", "--offline", "--quiet", "-s", root, "-d", dest}
	if out, err := exec.Command(bin, build...).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := fixture.ReadTree(t, dest)
	start := time.Now()
	r := rand.New(rand.NewPCG(11, 1))
	for i := 0; i < 12; i++ {
		d := time.Duration(r.IntN(1500)) * time.Millisecond
		sig := killSignals[r.IntN(len(killSignals))]
		killAt(t, bin, env, d, sig, build...)
		sameTree(t, fmt.Sprintf("build killed by %v after %s", sig, d), before, fixture.ReadTree(t, dest))
	}
	if out, err := exec.Command(bin, build...).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, out)
	}
	sameTree(t, "build after the kills", before, fixture.ReadTree(t, dest))
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(left) != 0 {
		t.Errorf("temporary folders left after a good build: %v", left)
	}
	t.Logf("12 killed builds in %s", time.Since(start).Round(time.Millisecond))
}

// A fetch killed at any moment leaves every store file as it was or as a
// whole new version (never torn), and the next fetch completes the sync.
func TestKilledFetchNeverTearsTheStoreAndTheNextFetchCompletes(t *testing.T) {
	bin := vitalsBinary(t)
	srv := fakegh.New(fakegh.Options{Token: "secret-token"})
	t.Cleanup(srv.Close)
	repos := []string{"acme/a", "acme/b", "acme/c"}
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(repo string, from, to int) {
		for i := from; i <= to; i++ {
			c := at.Add(time.Duration(i) * time.Hour)
			srv.AddIssue(repo, model.Issue{Number: i, Title: "issue", State: "open", Author: model.User{Login: "u"}, CreatedAt: c, UpdatedAt: c})
			srv.AddComment(repo, model.Comment{ID: int64(i), IssueNumber: i, User: model.User{Login: "h"}, CreatedAt: c, UpdatedAt: c})
			srv.AddEvent(repo, model.Event{ID: int64(i), IssueNumber: i, Event: "labeled", CreatedAt: c})
		}
	}
	for _, r := range repos {
		srv.AddRepo(r)
		add(r, 1, 400)
	}
	site := t.TempDir()
	toml := fmt.Sprintf("title = \"k\"\n[github]\nrepos = [%q, %q, %q]\napi_url = %q\n", repos[0], repos[1], repos[2], srv.APIURL())
	if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"GITHUB_TOKEN=secret-token"}
	fetch := []string{"fetch", "--quiet", "-s", site}
	run := func(what string) {
		cmd := exec.Command(bin, fetch...)
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
	}
	run("first fetch")
	storeDir := filepath.Join(site, "content", "data", "store")
	before := fixture.ReadTree(t, storeDir)
	for _, r := range repos {
		add(r, 401, 800) // the next fetch has four more pages of each list
	}
	r := rand.New(rand.NewPCG(13, 1))
	for i := 0; i < 15; i++ {
		d := time.Duration(r.IntN(400)) * time.Millisecond
		sig := killSignals[r.IntN(len(killSignals))]
		killAt(t, bin, env, d, sig, fetch...)
		what := fmt.Sprintf("fetch killed by %v after %s", sig, d)
		after := fixture.ReadTree(t, storeDir)
		changed := 0
		for k, v := range after {
			if strings.Contains(k, ".tmp-") {
				continue // a killed writer's temporary file; the next write removes it
			}
			if old, ok := before[k]; !ok || !bytes.Equal(old, v) {
				changed++
			}
		}
		// Each repository is as it was (400 issues) or wholly synced (800).
		st, err := store.Open(storeDir)
		if err != nil {
			t.Fatalf("%s: the store does not open: %v", what, err)
		}
		for _, r := range repos {
			if rd := st.Repos[r]; rd == nil || (len(rd.Issues) != 400 && len(rd.Issues) != 800) || len(rd.Issues) != len(rd.Comments) {
				t.Fatalf("%s: %s is neither the old nor the new version", what, r)
			}
		}
		if changed > 0 {
			t.Logf("%s: %d store files were committed before the kill", what, changed)
		}
		// Start every kill from the same store.
		if err := os.RemoveAll(storeDir); err != nil {
			t.Fatal(err)
		}
		for k, v := range before {
			p := filepath.Join(storeDir, filepath.FromSlash(k))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, v, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	run("fetch after the kills")
	st, err := store.Open(storeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos {
		if rd := st.Repos[r]; rd == nil || len(rd.Issues) != 800 || len(rd.Comments) != 800 || len(rd.Events) != 800 {
			t.Errorf("%s after the kills: %+v", r, rd)
		}
	}
}
