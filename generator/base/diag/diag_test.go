package diag

import (
	"strings"
	"testing"
)

func TestRepeatedWarningsAreOneLinePerKind(t *testing.T) {
	var l List
	for _, f := range []string{"a.md", "b.md", "c.md", "d.md", "e.md", "f.md"} {
		l = append(l, Diag{Path: "content/postmortems/" + f, Line: 2, Col: 1, Severity: Warning, Msg: `severity "SEV9" is not one of sev1..sev4`})
	}
	l = append(l,
		Diag{Path: "site.toml", Line: 9, Severity: Warning, Msg: `slo "api": 3 points do not line up`},
		Diag{Path: "site.toml", Line: 12, Severity: Warning, Msg: `slo "web": 7 points do not line up`},
		Diag{Path: "x.md", Line: 1, Msg: `severity "SEV9" is not one of sev1..sev4`}, // an error: another kind
		Diag{Path: "y.md", Line: 1, Msg: `severity "SEV9" is not one of sev1..sev4`},
		Diag{Path: "z.md", Line: 1, Msg: `severity "SEV9" is not one of sev1..sev4`},
	)
	got := l.Lines(3)
	want := []string{
		`content/postmortems/a.md:2:1: warning: severity "SEV9" is not one of sev1..sev4 (6 like it; also content/postmortems/b.md:2:1, content/postmortems/c.md:2:1, content/postmortems/d.md:2:1 and 2 more)`,
		`site.toml:9: warning: slo "api": 3 points do not line up`,
		`site.toml:12: warning: slo "web": 7 points do not line up`,
		`x.md:1: severity "SEV9" is not one of sev1..sev4`,
		`y.md:1: severity "SEV9" is not one of sev1..sev4`,
		`z.md:1: severity "SEV9" is not one of sev1..sev4`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDistanceCountsEditsBetweenNames(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"target", "target", 0}, {"trget", "target", 1}, {"diretion", "direction", 1},
		{"metric", "metrics", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"é", "e", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
