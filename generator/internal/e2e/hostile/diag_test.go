package hostile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/hostile"
	"github.com/vitals-dev/vitals/generator/site"
)

// unprintable finds what a diagnostic must not carry to a terminal or a CI
// log: C0 and C1 control characters (an ESC sequence recolours or clears
// the screen; a newline starts a line that GitHub Actions reads as a
// workflow command such as "::error::"), line and paragraph separators and
// bidirectional overrides.
func unprintable(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return r, true
		}
	}
	return 0, false
}

// TestDiagnosticsStayOneLineOfText builds the hostile site with a content
// file whose name carries an ESC sequence and a newline that starts a
// GitHub Actions workflow command, and a metric export with hostile rows:
// every warning and error must print as one line without control
// characters, naming the file recognisably.
func TestDiagnosticsStayOneLineOfText(t *testing.T) {
	const evil = "2025-05-01-x\x1b[2J\n::error::pwned\u202e.md"
	for _, c := range []struct {
		name, front string
		fails       bool
	}{
		{"warning", "---\ntitle: x\nSeverity: high\n---\nbody\n", false}, // a misspelt key warns; unknown keys are silent
		{"error", "---\ntitle: x\nstarted: not a date\n---\nbody\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := hostile.WriteSite(t)
			if err := os.WriteFile(filepath.Join(src, "content", "postmortems", evil), []byte(c.front), 0o644); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(src, "content", "metrics", "m.csv")
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, "\"2025-05-30\x1b[31m\n::error::x\",\"\x1b]0;title\x07\",1,1,1,1\n"...)
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := site.Build(context.Background(), site.Options{Source: src, Dest: filepath.Join(t.TempDir(), "public")})
			var ds diag.List
			if res != nil {
				ds = append(ds, res.Warnings...)
			}
			var errs diag.List
			if errors.As(err, &errs) {
				ds = append(ds, errs...)
			} else if err != nil {
				t.Fatalf("build: %v", err)
			}
			if (err != nil) != c.fails {
				t.Fatalf("build error %v, want one: %v", err, c.fails)
			}
			named := false
			for _, d := range ds {
				s := d.String()
				if r, bad := unprintable(s); bad {
					t.Errorf("diagnostic carries %U: %q", r, s)
				}
				if strings.Contains(s, "pwned") {
					named = true
					if !strings.Contains(s, `\x1b[2J`) || !strings.Contains(s, `\n::error::pwned`) {
						t.Errorf("diagnostic %q does not show the control characters of the file name escaped", s)
					}
				}
			}
			if !named {
				t.Errorf("no diagnostic names the postmortem %q; got %q", evil, ds)
			}
			if err != nil {
				if n := strings.Count(err.Error(), "\n") + 1; n != len(errs) {
					t.Errorf("%d errors print as %d lines: %q", len(errs), n, err.Error())
				}
			}
		})
	}
}
