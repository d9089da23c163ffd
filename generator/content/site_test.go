package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/diag"
)

// writeSite writes files given as "-- path --" sections (as Hugo's
// integration tests do) into a temp dir and returns it.
func writeSite(t *testing.T, txt string) string {
	t.Helper()
	dir := t.TempDir()
	var name string
	var body strings.Builder
	flush := func() {
		if name == "" {
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range strings.SplitAfter(txt, "\n") {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(s, "-- "), " --")
			body.Reset()
			continue
		}
		body.WriteString(l)
	}
	flush()
	return dir
}

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

func pmByPath(ps []Postmortem, p string) *Postmortem {
	for i := range ps {
		if ps[i].Path == p {
			return &ps[i]
		}
	}
	return nil
}
