package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// Issue 23: a second build into the same folder removed the folder the
// first was still writing; the first wrote the rest and swapped in part of
// a site (32 to 45 of 53 files), and both said they succeeded. Here the
// first build is slowed half-way through writing (VITALS_TEST_SLOW_PUBLISH),
// the worst moment, and the second starts then: it waits and builds after
// the first, or with --no-wait it is refused; the folder ends up holding the
// whole site either way.
func TestConcurrentBuildsIntoOneFolderEndWithTheWholeSiteOrARefusal(t *testing.T) {
	bin := vitalsBinary(t)
	root := fixture.RepoRoot(t)
	env := []string{"GITHUB_TOKEN=", "GH_TOKEN="}
	ref := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(bin, "build", "--offline", "--quiet", "-s", root, "-d", ref).CombinedOutput(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, out)
	}
	whole := fixture.ReadTree(t, ref)
	for _, noWait := range []bool{false, true} {
		t.Run(fmt.Sprintf("no-wait=%v", noWait), func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			args := []string{"build", "--offline", "--quiet", "-s", root, "-d", dest}
			first := exec.Command(bin, args...)
			first.Env = append(append(os.Environ(), env...), "VITALS_TEST_SLOW_PUBLISH=3s")
			var out1, out2 bytes.Buffer
			first.Stdout, first.Stderr = &out1, &out1
			if err := first.Start(); err != nil {
				t.Fatal(err)
			}
			// The first build is writing once its temporary folder is there.
			deadline := time.Now().Add(2 * time.Minute)
			for {
				if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(m) > 0 {
					break
				}
				if time.Now().After(deadline) {
					first.Process.Kill()
					first.Wait()
					t.Fatalf("the first build never started writing:\n%s", out1.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			second := exec.Command(bin, args...)
			if noWait {
				second.Args = append(second.Args, "--no-wait")
			}
			second.Env = append(os.Environ(), env...)
			second.Stdout, second.Stderr = &out2, &out2
			err2 := second.Run()
			err1 := first.Wait()
			if err1 != nil {
				t.Fatalf("first build: %v\n%s", err1, out1.String())
			}
			holder := fmt.Sprintf("vitals build (pid %d ", first.Process.Pid)
			if noWait {
				if err2 == nil || !strings.Contains(out2.String(), "the site folder "+dest+" is in use by "+holder) {
					t.Errorf("second build with --no-wait: %v, want a refusal naming the first\n%s", err2, out2.String())
				}
			} else {
				if err2 != nil {
					t.Errorf("second build: %v\n%s", err2, out2.String())
				}
				if !strings.Contains(out2.String(), "waiting for the site folder "+dest+": "+holder) {
					t.Errorf("the second build did not say whom it waited for:\n%s", out2.String())
				}
			}
			sameTree(t, "the folder after two builds", whole, fixture.ReadTree(t, dest))
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public*")); len(left) != 0 {
				t.Errorf("left beside the site (lock, temporary folders): %v", left)
			}
		})
	}
}
