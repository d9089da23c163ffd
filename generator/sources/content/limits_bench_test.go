package content

import (
	"strings"
	"testing"
)

// BenchmarkPathologicalMarkdown renders issue 23's Markdown: a list nested
// 1,000 deep by indentation (1 MB; goldmark took 12 s, and 32 s at 3,000),
// the same nesting written on one line, and, as the bound, the most a
// document may hold: 1 MB of lists nested 100 deep. Before the limits
// every one was parsed; now the first two are refused (site content) or
// shown as plain text (text from GitHub) at once.
//
//	go test ./generator/sources/content -run '^$' -bench PathologicalMarkdown -benchmem -benchtime 1x
func BenchmarkPathologicalMarkdown(b *testing.B) {
	deep := func(n int) string {
		var s strings.Builder
		for i := range n {
			s.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return s.String()
	}
	block := deep(100)
	r := NewRenderer(false)
	for _, c := range []struct {
		name    string
		src     string
		trusted bool
	}{
		{"nested-1000/content", deep(1000), true},
		{"nested-1000/github", deep(1000), false},
		{"one-line-3000/content", strings.Repeat("- ", 3000) + "x\n", true},
		{"100-deep-to-1MB/content", strings.Repeat(block+"\n", (1<<20)/(len(block)+1)), true},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.src)))
			for range b.N {
				_, _ = r.RenderDocument([]byte(c.src), c.trusted)
			}
		})
	}
}
