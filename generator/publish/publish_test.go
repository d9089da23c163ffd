package publish

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func site(t *testing.T, version string, n int) *Site {
	t.Helper()
	s := New()
	for i := 0; i < n; i++ {
		if err := s.Add(fmt.Sprintf("p%d/index.html", i), []byte(version+fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestDiskFullWhileWritingLeavesThePreviousSiteByteIdentical(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := site(t, "old", 5).Write(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	before := fixture.ReadTree(t, dest)
	for failAt := 0; failAt <= 5; failAt++ { // 5 pages and the marker
		n := 0
		writeFile = func(name string, b []byte, perm os.FileMode) error {
			if n++; n > failAt {
				return &os.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
			}
			return os.WriteFile(name, b, perm)
		}
		err := site(t, "new", 5).Write(context.Background(), dest)
		writeFile = os.WriteFile
		if err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Fatalf("fail at %d: error %v, want no space left", failAt, err)
		}
		after := fixture.ReadTree(t, dest)
		if len(after) != len(before) {
			t.Fatalf("fail at %d: %d files, want %d", failAt, len(after), len(before))
		}
		for k, v := range before {
			if string(after[k]) != string(v) {
				t.Fatalf("fail at %d: %s changed", failAt, k)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(left) != 0 {
			t.Fatalf("fail at %d: temporary folders left: %v", failAt, left)
		}
	}
	// The next run succeeds.
	if err := site(t, "new", 5).Write(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "p0", "index.html")); string(b) != "new0" {
		t.Errorf("after the next run p0 is %q", b)
	}
}

// deadPID is the pid of a process that has finished.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestLeftoversOfAKilledBuildAreCleanedAndAMissingSiteRestored(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	// A build killed mid-write left its folder; one killed between the two
	// renames of the fallback swap left the old site aside and no dest; a
	// vitals before pids were in the names left one too.
	dead := deadPID(t)
	gone, goneOld := fmt.Sprintf(".public.tmp-%d-111", dead), fmt.Sprintf(".public.tmp-%d-222.old", dead)
	for _, d := range []string{gone, goneOld, ".public.tmp-333"} {
		if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(parent, goneOld, Marker), []byte("built by vitals\n"), 0o644)
	os.WriteFile(filepath.Join(parent, goneOld, "old.html"), []byte("old"), 0o644)
	removeLeftovers(parent, "public")
	if b, err := os.ReadFile(filepath.Join(dest, "old.html")); err != nil || string(b) != "old" {
		t.Errorf("old site not restored: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.tmp-*")); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

// Issue 23: a second build removed the folder that a first build was still
// writing, and the first then published part of a site. A folder whose
// writer runs stays.
func TestTheFolderOfABuildStillWritingIsLeftAlone(t *testing.T) {
	parent := t.TempDir()
	writing := filepath.Join(parent, fmt.Sprintf(".public.tmp-%d-444", os.Getpid()))
	if err := os.MkdirAll(writing, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(writing, "half.html"), []byte("x"), 0o644)
	if err := site(t, "new", 2).Write(context.Background(), filepath.Join(parent, "public")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(writing, "half.html")); err != nil {
		t.Errorf("the folder of a writer still running was removed: %v", err)
	}
}

func TestSwapReplacesTheOldSiteWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := site(t, "old", 3).Write(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	if err := site(t, "new", 2).Write(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	got := fixture.ReadTree(t, dest)
	if len(got) != 3 || string(got["p1/index.html"]) != "new1" { // 2 pages and the marker
		t.Errorf("site after swap: %v", got)
	}
}

func TestExchangeSwapsTwoFoldersOnLinux(t *testing.T) {
	d := t.TempDir()
	a, b := filepath.Join(d, "a"), filepath.Join(d, "b")
	os.MkdirAll(a, 0o755)
	os.MkdirAll(b, 0o755)
	os.WriteFile(filepath.Join(a, "x"), []byte("a"), 0o644)
	err := exchange(a, b)
	if err == errNoExchange {
		t.Skip("no renameat2 exchange here: Write uses two renames")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(b, "x")); err != nil {
		t.Errorf("not swapped: %v", err)
	}
}

// README's command writes into "public", a path relative to the working
// folder: its temporary folder's parent is ".", which is its own parent.
func TestARelativeDestinationIsWritten(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := site(t, "v", 2).Write(context.Background(), "public"); err != nil {
		t.Fatal(err)
	}
	got := fixture.ReadTree(t, "public")
	if len(got) != 3 || string(got["p0/index.html"]) != "v0" {
		t.Errorf("site: %v", got)
	}
}

// An interrupt (a cancelled context) before the swap leaves the old site
// byte for byte and no temporary folder.
func TestWriteInterruptedLeavesTheOldSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := site(t, "old", 3).Write(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	before := fixture.ReadTree(t, dest)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := site(t, "new", 3).Write(ctx, dest); err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	after := fixture.ReadTree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("%d files, want %d", len(after), len(before))
	}
	for k, v := range before {
		if string(after[k]) != string(v) {
			t.Errorf("%s changed", k)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.tmp-*")); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}
