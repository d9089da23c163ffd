package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// interruptAt runs the binary and sends SIGINT after d (killAt).
func interruptAt(t *testing.T, bin string, env []string, d time.Duration, args ...string) (code int, out string, sent bool) {
	t.Helper()
	return killAt(t, bin, env, d, syscall.SIGINT, args...)
}

// checkInterrupted fails unless a SIGINT that reached the command made it
// say "interrupted" (not Go's "context canceled") and exit 130.
func checkInterrupted(t *testing.T, what string, code int, out string) {
	t.Helper()
	if code != ExitInterrupted {
		t.Errorf("%s: exit %d, want %d:\n%s", what, code, ExitInterrupted, out)
	}
	if strings.Contains(out, "context canceled") {
		t.Errorf("%s: says %q:\n%s", what, "context canceled", out)
	}
	if code != ExitInterrupted || strings.Contains(out, "interrupted") {
		return
	}
	// Killed by the signal itself, after vitals stopped listening: nothing to say.
	if out != "" && !strings.Contains(out, "built ") {
		t.Errorf("%s: does not say it was interrupted:\n%s", what, out)
	}
}

// A SIGINT during a build stops it with "interrupted" and exit 130 (not
// "context canceled" and 1), and leaves the previous site.
func TestInterruptedBuildSaysSoAndExits130(t *testing.T) {
	bin := vitalsBinary(t)
	dest := filepath.Join(t.TempDir(), "public")
	build := []string{"build", "--offline", "-s", fixture.RepoRoot(t), "-d", dest}
	env := []string{"GITHUB_TOKEN=", "GH_TOKEN="}
	t0 := time.Now()
	if out, err := exec.Command(bin, build...).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	whole := time.Since(t0)
	before := fixture.ReadTree(t, dest)
	d := whole / 4
	code, out, sent := interruptAt(t, bin, env, d, build...)
	if !sent || strings.Contains(out, "built ") {
		t.Skipf("the build finished within %s, before its SIGINT", d)
	}
	checkInterrupted(t, fmt.Sprintf("SIGINT after %s", d.Round(time.Millisecond)), code, out)
	sameTree(t, "interrupted build", before, fixture.ReadTree(t, dest))
}

// A SIGINT in a build's last moments, after the new site is in place and
// nothing is left to stop, still ends it with "interrupted" and exit 130,
// so that a script running vitals stops too. The moment is made certain:
// the build's stdout is a pipe filled up beforehand, so its last line
// ("built ...") waits until the pipe is read, and the SIGINT is sent once
// the site was swapped in, before the pipe is read.
func TestSIGINTInTheLastMomentsOfABuildIsNotIgnored(t *testing.T) {
	bin := vitalsBinary(t)
	dest := filepath.Join(t.TempDir(), "public")
	build := []string{"build", "--offline", "-s", fixture.RepoRoot(t), "-d", dest}
	if out, err := exec.Command(bin, build...).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := fixture.ReadTree(t, dest)
	fi, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	oldSite := fi.Sys().(*syscall.Stat_t).Ino

	r, w := fullPipe(t)
	cmd := exec.Command(bin, build...)
	cmd.Env = append(os.Environ(), "GITHUB_TOKEN=", "GH_TOKEN=")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close() // the child has it
	// The new site is swapped in (dest is another folder) when the build
	// has nothing left but to print.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(2 * time.Millisecond) {
		if fi, err := os.Stat(dest); err == nil && fi.Sys().(*syscall.Stat_t).Ino != oldSite {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the new site was not swapped in within 2 minutes:\n%s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err) // it cannot have ended: its last line waits for the pipe
	}
	stdout, err := io.ReadAll(r) // lets the last line through; EOF when it exits
	if err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	out := string(bytes.TrimLeft(stdout, "x")) + stderr.String()
	code := cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("killed by %v: vitals was not listening for SIGINT while it printed", ws.Signal())
	}
	if code != ExitInterrupted || !strings.Contains(out, "interrupted") {
		t.Errorf("exit %d, want %d with \"interrupted\":\n%s", code, ExitInterrupted, out)
	}
	sameTree(t, "the site swapped in before the SIGINT", before, fixture.ReadTree(t, dest))
}

// fullPipe is a pipe whose buffer is full: a write to w waits until r is
// read. The bytes already in it are 'x'.
func fullPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	fd := int(w.Fd())
	if err := syscall.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	// Big writes while they fit, then single bytes into the last page.
	for _, n := range []int{4096, 1} {
		chunk := bytes.Repeat([]byte("x"), n)
		for {
			if _, err := syscall.Write(fd, chunk); err == syscall.EAGAIN {
				break
			} else if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := syscall.SetNonblock(fd, false); err != nil { // the child must wait, not fail
		t.Fatal(err)
	}
	return r, w
}

// A SIGINT during a fetch stops it with "interrupted" and exit 130, and
// says that what was synced stays.
func TestInterruptedFetchSaysSoAndExits130(t *testing.T) {
	bin := vitalsBinary(t)
	srv := fakegh.New(fakegh.Options{Token: "secret-token"})
	t.Cleanup(srv.Close)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.AddIssue("acme/a", model.Issue{Number: 1, Title: "t", State: "open", CreatedAt: at, UpdatedAt: at})
	// Every request of the second repository hangs for a minute.
	srv.AddRepo("acme/b")
	srv.Fail(fakegh.Fault{Match: "/repos/acme/b/", Kind: fakegh.Slow, Delay: time.Minute, Times: 100})
	site := siteDir(t, fmt.Sprintf("title = \"k\"\n[github]\nrepos = [\"acme/a\", \"acme/b\"]\napi_url = %q\n", srv.APIURL()))
	code, out, sent := interruptAt(t, bin, []string{"GITHUB_TOKEN=secret-token"}, 1500*time.Millisecond, "fetch", "-s", site)
	if !sent {
		t.Fatalf("the fetch finished though acme/b hangs:\n%s", out)
	}
	checkInterrupted(t, "fetch", code, out)
	if !strings.Contains(out, "interrupted") || !strings.Contains(out, "stay in the store") {
		t.Errorf("the fetch does not say it was interrupted and what stays:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(site, "content", "data", "store", "repos", "acme", "a", "repo.json")); errors.Is(err, os.ErrNotExist) {
		t.Errorf("acme/a, synced before the interrupt, is not in the store:\n%s", out)
	}
}
