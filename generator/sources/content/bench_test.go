package content

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/demo"
)

// BenchmarkRender: one mid-sized postmortem body (headings, a timeline list,
// a table, links, a footnote) through the configured goldmark.
func BenchmarkRender(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("# Outage of the API\n\nFirst paragraph with a [link](https://example.com).\n\n## Timeline\n\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&sb, "- **%02d:%02d UTC** - step %d with `code` and *emphasis*[^1]\n", i/60, i%60, i)
	}
	sb.WriteString("\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: a note\n")
	src := []byte(sb.String())
	r := NewRenderer(false)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.RenderDocument(src, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadRealPostmortems loads the shared real postmortems (copied
// into a temp site once).
func BenchmarkLoadRealPostmortems(b *testing.B) {
	site := b.TempDir()
	fixture.CopyTree(b, fixture.SharedData(b, "postmortems"), filepath.Join(site, "content", "postmortems"))
	r := NewRenderer(false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, ds := Load(site, r)
		if ds.HasErrors() || len(c.Postmortems) == 0 {
			b.Fatal(ds)
		}
	}
}

// BenchmarkLoadGeneratedPostmortems loads the 2,000 postmortems of the
// benchmark site (`vitals gen --site`: four styles, two of them read from
// the text) with a small store beside them. Compare a change against main
// in one run, as a ratio (README, Benchmarks):
//
//	go test ./generator/sources/content -run '^$' -bench LoadGeneratedPostmortems -count 6
func BenchmarkLoadGeneratedPostmortems(b *testing.B) {
	site := b.TempDir()
	o := demo.SiteOptions{Options: demo.Options{Seed: 1, Repos: demo.BenchRepos(3), Issues: 300, Releases: 50},
		Postmortems: demo.FullPostmortems}
	if _, err := demo.WriteSite(site, o); err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, ds := Load(site, r)
		if ds.HasErrors() || len(c.Postmortems) != demo.FullPostmortems {
			b.Fatalf("%d postmortems: %v", len(c.Postmortems), ds)
		}
	}
}
