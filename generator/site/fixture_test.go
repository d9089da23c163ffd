package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// build builds a fixture site into dir/public.
func build(t *testing.T, dir string, o Options) (*Result, error) {
	t.Helper()
	o.Source = dir
	if o.Dest == "" {
		o.Dest = filepath.Join(dir, "public")
	}
	return Build(context.Background(), o)
}

func mustBuild(t *testing.T, dir string, o Options) *Result {
	t.Helper()
	res, err := build(t, dir, o)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

func readOut(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	for p, x := range a {
		y, ok := b[p]
		if !ok {
			t.Errorf("%s: missing in second tree", p)
			continue
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: differs", p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s: only in second tree", p)
		}
	}
}
