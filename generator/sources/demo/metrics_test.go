package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

func TestDemoFilesAreDeterministicSmallAndLoad(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	pa, err := WriteMetrics(a, MetricsOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteMetrics(b, MetricsOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, p := range pa {
		x, _ := os.ReadFile(p)
		y, _ := os.ReadFile(filepath.Join(b, filepath.Base(p)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(p))
		}
		size += int64(len(x))
		ss, ds := metricsrc.LoadFile(metricsrc.Options{Name: "demo", Path: p})
		if len(ds) > 0 {
			t.Errorf("%s loads with messages:\n%v", filepath.Base(p), ds)
		}
		for _, s := range ss {
			first, last := s.Points[0].T, s.Points[len(s.Points)-1].T
			if first.Before(time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)) || !last.Before(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("%s: points from %v to %v, outside 2023-10-01..2026-10-01", s.Name, first, last)
			}
		}
	}
	if size > 3<<20 {
		t.Errorf("demo files are %d bytes, over 3 MB", size)
	}
	t.Logf("demo files: %d bytes", size)
}
