package postmortem

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// FuzzRead: whatever front matter and body a file has, the postmortem
// schema, body inference, timeline and action items never panic, and every
// diagnostic names a line inside the file.
func FuzzRead(f *testing.F) {
	seeds := []string{
		"+++\ntitle = \"x\"\nstarted = 2024-01-02T10:00:00Z\n[[action_items]]\ntitle = \"a\"\n+++\nbody",
		"---\ntitle: x\nstarted: 2024-01-02 10:00\naction_items:\n  - title: a\n    issue: o/r#1\n---\n# H\n",
		"---\naction_items: [1, {title: 2, due: [x]}, \"t\"]\nservices: {a: 1}\nrelease: 1.20\n---\n",
		"---\nstarted: !!timestamp x\n---\n",
		"# T\n\n## Timeline\n- 10:00 UTC - down\n- 10:05 alert\n\n## Action items\n- [x] fix #1\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, _ := frontmatter.Parse("f.md", src)
		lines := strings.Count(string(src), "\n") + 1
		dec := frontmatter.NewDecoder("f.md", fm)
		_ = Read(dec, Doc{Path: "content/postmortems/f.md", FileName: "f.md", Slug: "f"}, body)
		for _, d := range dec.Diags {
			if d.Line < 0 || d.Line > lines+1 {
				t.Fatalf("bad schema diagnostic %v for %d lines", d, lines)
			}
		}
	})
}
