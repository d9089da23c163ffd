package store

import (
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkDecodeRepo compares the line-parallel decoder with the plain one
// on a store given by VITALS_BENCH_REPO (e.g. one written by
// `vitals gen --size 300000 -d DIR`): go test -run x -bench DecodeRepo ./generator/sources/store
func BenchmarkDecodeRepo(b *testing.B) {
	p := os.Getenv("VITALS_BENCH_REPO")
	if p == "" {
		b.Skip("set VITALS_BENCH_REPO to a repository document")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("lines", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			if _, ok, err := decodeLines(p, data); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for i := 0; i < b.N; i++ {
			var rd RepoData
			if err := json.Unmarshal(data, &rd); err != nil {
				b.Fatal(err)
			}
		}
	})
}
