package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// repoRoot is the repository root (the demo site), three levels up.
const repoRoot = "../../.."

// TestCommittedDemoStoreIsCurrent regenerates the demo store and compares it
// with content/data/store byte for byte: a change to the generator must come
// with a regenerated store (vitals gen -d content/data/store), or the demo
// postmortems may point at releases and issues that no longer exist.
//
// Floating-point results (math.Exp, fused multiply-add) may differ on other
// architectures, so the byte comparison runs on amd64, where the store is made.
func TestCommittedDemoStoreIsCurrent(t *testing.T) {
	committed := filepath.Join(repoRoot, "content", "data", "store")
	if _, err := os.Stat(filepath.Join(committed, "manifest.json")); err != nil {
		t.Skipf("no committed demo store at %s: %v", committed, err)
	}
	if runtime.GOARCH != "amd64" {
		t.Skipf("demo store is generated on amd64; floating point may differ on %s", runtime.GOARCH)
	}
	dir := t.TempDir()
	if err := Write(dir, Options{Seed: DemoSeed}); err != nil {
		t.Fatal(err)
	}
	want, got := fixture.ReadTree(t, dir), fixture.ReadTree(t, committed)
	// Builds of the demo in other packages' tests hold the store's lock
	// while they read it: not part of the store.
	delete(got, ".vitals-lock")
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("%s differs from a fresh generation; run: go run ./cmd/vitals gen -d content/data/store", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is in the committed store but not generated", name)
		}
	}
}
