package adr

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/content"
)

// FuzzParse: any file reads without a panic, and a record's status is one
// of the five or empty.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"# 1. Title\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [2. X](0002-x.md)\n\nAmends ADR-0003\n",
		"---\nstatus: superseded by ADR-0123\ndate: 2024-05-02\ndecision-makers: [a, b]\n---\n# T\n",
		"# T\n\n* Status: accepted\n* Deciders: a, b\n* Date: 2022-11-30\n",
		"```\n## Status\n```\n<!-- x\n-->\n# [ADR-0012] T {#x}\n",
	} {
		f.Add(s)
	}
	r := content.NewRenderer(false)
	f.Fuzz(func(t *testing.T, src string) {
		rec, _ := Parse("docs/adr/0001-x.md", "0001-x.md", []byte(src), r)
		if rec == nil {
			return
		}
		switch rec.Status {
		case "", Proposed, Accepted, Rejected, Deprecated, Superseded:
		default:
			t.Errorf("status %q", rec.Status)
		}
	})
}
