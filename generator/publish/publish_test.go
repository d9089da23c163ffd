package publish

import (
	"fmt"
	"os"
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
	if err := site(t, "old", 5).Write(dest); err != nil {
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
		err := site(t, "new", 5).Write(dest)
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
	if err := site(t, "new", 5).Write(dest); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "p0", "index.html")); string(b) != "new0" {
		t.Errorf("after the next run p0 is %q", b)
	}
}

func TestLeftoversOfAKilledBuildAreCleanedAndAMissingSiteRestored(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	// A build killed mid-write left its folder; one killed between the two
	// renames of the fallback swap left the old site aside and no dest.
	for _, d := range []string{".public.tmp-123", ".public.tmp-456.old"} {
		if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(parent, ".public.tmp-456.old", Marker), []byte("built by vitals\n"), 0o644)
	os.WriteFile(filepath.Join(parent, ".public.tmp-456.old", "old.html"), []byte("old"), 0o644)
	removeLeftovers(parent, "public")
	if b, err := os.ReadFile(filepath.Join(dest, "old.html")); err != nil || string(b) != "old" {
		t.Errorf("old site not restored: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.tmp-*")); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

func TestSwapReplacesTheOldSiteWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := site(t, "old", 3).Write(dest); err != nil {
		t.Fatal(err)
	}
	if err := site(t, "new", 2).Write(dest); err != nil {
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

// A relative destination ("-d out", the folder the command runs in as its
// parent) writes the site like an absolute one. os.MkdirTemp names the
// temporary folder "./.out.tmp-*", uncleaned, which the folder cache of
// Write once followed up to "." and then forever (a stack overflow).
func TestRelativeDestination(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, v := range []string{"old", "new"} {
		if err := site(t, v, 2).Write("out"); err != nil {
			t.Fatal(err)
		}
	}
	got := fixture.ReadTree(t, "out")
	if len(got) != 3 || string(got["p1/index.html"]) != "new1" { // 2 pages and the marker
		t.Errorf("site: %v", got)
	}
}
