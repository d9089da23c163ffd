package frontmatter

import "github.com/vitals-dev/vitals/generator/base/diag"

func diagStrings(l diag.List) []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = d.String()
	}
	return out
}
