package content

import "github.com/vitals-dev/vitals/generator/base/diag"

func diagStrings(l diag.List) []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = d.String()
	}
	return out
}

func errorsOf(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func warningsOf(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Warning {
			out = append(out, d)
		}
	}
	return out
}

func pageByPath(ps []*Page, p string) *Page {
	for _, pg := range ps {
		if pg.Path == p {
			return pg
		}
	}
	return nil
}
