package store

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
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

// BenchmarkReadStore reads every repository of the store at
// VITALS_BENCH_STORE into records (ReadRepo, as a build does) and, as the
// floor, reads every byte of every table and decodes every Parquet value
// without making records: go test -run x -bench ReadStore -benchtime 1x
// ./generator/sources/store with VITALS_BENCH_STORE=SITE/content/data/store.
func BenchmarkReadStore(b *testing.B) {
	dir := os.Getenv("VITALS_BENCH_STORE")
	if dir == "" {
		b.Skip("set VITALS_BENCH_STORE to a store folder")
	}
	m, _, err := ReadManifest(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("records", func(b *testing.B) {
		for b.Loop() {
			for _, r := range m.Repos {
				if _, err := ReadRepo(dir, r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("lean", func(b *testing.B) { // as a build reads it
		for b.Loop() {
			for _, r := range m.Repos {
				if _, err := ReadRepoLean(dir, r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		buf := make([]parquet.Value, 1024)
		for b.Loop() {
			for _, r := range m.Repos {
				rdir, err := RepoDir(dir, r)
				if err != nil {
					b.Fatal(err)
				}
				for _, t := range tables {
					data, err := os.ReadFile(filepath.Join(rdir, t+".parquet"))
					if err != nil {
						b.Fatal(err)
					}
					f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
					if err != nil {
						b.Fatal(err)
					}
					for _, rg := range f.RowGroups() {
						for _, cc := range rg.ColumnChunks() {
							pages := cc.Pages()
							for {
								p, err := pages.ReadPage()
								if err == io.EOF {
									break
								}
								if err != nil {
									b.Fatal(err)
								}
								vr := p.Values()
								for {
									_, err := vr.ReadValues(buf)
									if err == io.EOF {
										break
									}
									if err != nil {
										b.Fatal(err)
									}
								}
								parquet.Release(p)
							}
							pages.Close()
						}
					}
				}
			}
		}
	})
}
