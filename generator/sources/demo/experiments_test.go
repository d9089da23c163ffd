package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedDemoExperimentDataIsCurrent regenerates the demo experiments'
// data and compares it with content/experiments byte for byte: a change to
// the generator comes with the regenerated files (go run ./cmd/vitals gen).
func TestCommittedDemoExperimentDataIsCurrent(t *testing.T) {
	committed := filepath.Join("..", "..", "..", "content", "experiments")
	if _, err := os.Stat(filepath.Join(committed, OnboardingFile)); err != nil {
		t.Skipf("no committed demo experiments at %s: %v", committed, err)
	}
	paths, err := WriteExperiments(t.TempDir(), ExperimentsSeed)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(committed, filepath.Base(p)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh generation (%v); run: go run ./cmd/vitals gen", filepath.Base(p), err)
		}
	}
}
