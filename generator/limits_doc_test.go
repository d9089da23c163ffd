package generator_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/compute/slo"
	siteconfig "github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/content"
)

// TestLimitsAreDocumented keeps docs/limits.md's table in step with the
// limits the code applies: each value is written in its row.
func TestLimitsAreDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/limits.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	comma := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	for _, l := range []struct {
		row   string
		value string
	}{
		{"| time slices in an SLO's window", comma(slo.MaxWindowSlices)},
		{"| time slices over an SLO's data", comma(slo.MaxSlices)},
		{"| size of a Markdown text", comma(content.MaxMarkdownBytes) + " bytes"},
		{"| nesting of lists and block quotes", strconv.Itoa(content.MaxNesting)},
		{"| title |", strconv.Itoa(siteconfig.MaxTitle) + " characters"},
		{"| description |", comma(siteconfig.MaxDescription) + " characters"},
	} {
		i := strings.Index(doc, l.row)
		if i < 0 {
			t.Errorf("docs/limits.md has no row %q", l.row)
			continue
		}
		row, _, _ := strings.Cut(doc[i:], "\n")
		if !strings.Contains(row, l.value) {
			t.Errorf("docs/limits.md: row %q does not give %s", row, l.value)
		}
	}
}
