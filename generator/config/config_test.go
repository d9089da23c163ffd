package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

func TestDefaults(t *testing.T) {
	c, err := Parse("site.toml", []byte(""), "/site")
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != "default" || len(c.Issues.BugLabels) != 1 || c.Issues.BugLabels[0] != "bug" || c.StoreDir() != "/site/content/data/store" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestProblemsCarryLineAndColumn(t *testing.T) {
	src := `title = "x"
base_url = "ftp://nope"

[github]
repos = ["good/one", "bad", "good/one"]

[assets]
host = "http://cdn.example.com/echarts/"
`
	_, err := Parse("site.toml", []byte(src), ".")
	var ds diag.List
	if !errors.As(err, &ds) {
		t.Fatalf("got %v", err)
	}
	got := ds.Error()
	for _, want := range []string{
		`site.toml:2:1: base_url "ftp://nope" must start with`,
		`site.toml:5:1: repos: "bad" is not owner/name`,
		`site.toml:5:1: repos: "good/one" is listed twice`,
		`site.toml:8:1: assets host "http://cdn.example.com/echarts/" must start with https:// or /`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	_, err := Parse("site.toml", []byte("title = \"x\"\nbad = = 1\n"), ".")
	var ds diag.List
	if !errors.As(err, &ds) || ds[0].Line != 2 || !strings.HasPrefix(ds[0].String(), "site.toml:2:") {
		t.Fatalf("got %v", err)
	}
}

func TestKeyPositionInTablesAndDottedKeys(t *testing.T) {
	p := newPosition("a = 1\n[x.y]\n  b = 2\n[[s]]\nname = 'n'\nz.w = 3\n")
	for _, c := range []struct {
		key       []string
		line, col int
	}{{[]string{"a"}, 1, 1}, {[]string{"x", "y", "b"}, 3, 3}, {[]string{"s", "name"}, 5, 1}, {[]string{"s", "z", "w"}, 6, 1}, {[]string{"nope"}, 0, 0},
		{[]string{"s", "z", "w", "in"}, 6, 1}} { // a key in an inline table: its table's key
		l, col := p.of(c.key...)
		if l != c.line || col != c.col {
			t.Errorf("%v: %d:%d, want %d:%d", c.key, l, col, c.line, c.col)
		}
	}
}

func TestAPIURLOrder(t *testing.T) {
	vars := map[string]string{"GITHUB_API_URL": "https://ghe.example/api/v3"}
	getenv := func(k string) string { return vars[k] }
	c := &Config{}
	if c.APIURL(getenv) != "https://ghe.example/api/v3" {
		t.Error("GITHUB_API_URL ignored")
	}
	c.GitHub.APIURL = "https://other/api/v3"
	if c.APIURL(getenv) != "https://other/api/v3" {
		t.Error("api_url must win")
	}
	vars["GITHUB_API_URL"] = ""
	if (&Config{}).APIURL(getenv) != "https://api.github.com" {
		t.Error("default")
	}
	vars["GH_TOKEN"] = "t2"
	if Token(getenv) != "t2" {
		t.Error("GH_TOKEN ignored")
	}
	vars["GITHUB_TOKEN"] = "t1"
	if Token(getenv) != "t1" {
		t.Error("GITHUB_TOKEN must win")
	}
}

// FuzzParse: any site.toml gives a config or positioned diagnostics, never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("title = \"x\"\n[github]\nrepos = [\"a/b\"]\n"))
	f.Add([]byte("[[slo]]\nname = \"s\"\ntarget = 0.99\nwindow = \"30d\"\ntotal = \"a\"\nbad = \"a:x=1\"\n"))
	f.Add([]byte("[[metrics.source]]\nname = \"a\"\nfile = \"x.csv\"\n[[kpi]]\nname = \"k\"\nseries = \"a\"\n"))
	f.Add([]byte("a = [1,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse("site.toml", b, ".")
		var ds diag.List
		if err != nil && !errors.As(err, &ds) {
			t.Fatalf("error is not diagnostics: %v", err)
		}
		if err == nil && c == nil {
			t.Fatal("no config and no error")
		}
	})
}

func TestTypeErrorsSayWhatTheKeyWants(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"repos as a string", "title = \"x\"\n[github]\nrepos = \"acme/app\"\n", `site.toml:3:1: github.repos: want a list of "owner/name", got a string`},
		{"target as a string", "\n[[slo]]\n  target = \"high\"\n", `site.toml:3:3: slo 1 of 1: target: want a number, got a string`},
		{"unsafe as a number", "[markup]\nunsafe = 1\n", `site.toml:2:1: markup.unsafe: want true or false, got a whole number`},
		{"title as a list", "title = [\"a\"]\n", `site.toml:1:1: title: want a string (in "quotes"), got a list`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("site.toml", []byte(tc.src), ".")
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestUnknownKeySuggestsTheNearestKnownKey(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"singular", "[issues]\nbug_label = [\"bug\"]\n", `site.toml:2:1: unknown key "issues.bug_label" (did you mean bug_labels?)`},
		{"hyphen", "[github]\nmax-rate-wait = \"1m\"\n", `site.toml:2:1: unknown key "github.max-rate-wait" (did you mean max_rate_wait?)`},
		{"array table", "[[slo]]\nname = \"a\"\ntarget = 0.9\ntotal = \"x\"\nbda = \"x:y\"\n", `site.toml:5:1: unknown key "slo.bda" (did you mean bad?)`},
		{"nothing near", "[issues]\ncolour = 1\n", `site.toml:2:1: unknown key "issues.colour"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("site.toml", []byte(tc.src), ".")
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.name == "nothing near" && strings.Contains(err.Error(), "did you mean")) {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestGitHubDurationsAreChecked(t *testing.T) {
	_, err := Parse("site.toml", []byte("[github]\ntimeout = \"soon\"\nmax_rate_wait = \"-1m\"\n"), ".")
	for _, want := range []string{`site.toml:2:1: github.timeout "soon" is not a duration like 30s`, `site.toml:3:1: github.max_rate_wait "-1m" is not a duration like 15m`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}
}

func TestPlaceFindsAKeyInItsOwnElementOrItsHeader(t *testing.T) {
	src := "[[slo]]\nname = \"a\"\ntarget = 2\n\n  [[slo]]\nname = \"b\"\n[slo.x]\ntarget = 3\n[metrics]\nmax_bad_share = 2\n"
	c, _ := Parse("site.toml", []byte(src), ".") // [slo.x] is unknown, and placed
	for _, tc := range []struct {
		place     Place
		key       string
		line, col int
	}{
		{c.SLOs[0].Place, "target", 3, 1},
		{c.SLOs[1].Place, "name", 6, 1},
		{c.SLOs[1].Place, "target", 5, 3}, // its own target is not set: [slo.x]'s is another table's
		{c.Metrics.Place, "max_bad_share", 10, 1},
	} {
		if l, col := tc.place.At(tc.key); l != tc.line || col != tc.col {
			t.Errorf("%v %s: %d:%d, want %d:%d", tc.place.table, tc.key, l, col, tc.line, tc.col)
		}
	}
	d := c.SLOs[0].Place.Warning("target", "slo %q: %v", "a", 2)
	if d.String() != `site.toml:3:1: warning: slo "a": 2` {
		t.Errorf("got %s", d)
	}
}

// Issue 23: a 5 MB title made a 739 MB site: site.toml's titles and
// descriptions have a length limit, reported at their line.
func TestTitlesOverTheLimitAreErrorsAtTheirLine(t *testing.T) {
	long, longer := strings.Repeat("t", MaxTitle+1), strings.Repeat("d", MaxDescription+1)
	src := "title = \"" + long + "\"\ndescription = \"" + longer + "\"\n\n[[slo]]\nname = \"" + long + "\"\n\n[[kpi]]\nname = \"ok\"\n\n[[kpi]]\nname = \"" + long + "\"\n"
	_, err := Parse("site.toml", []byte(src), "/site")
	var ds diag.List
	if !errors.As(err, &ds) {
		t.Fatalf("got %v", err)
	}
	ds.Sort()
	want := "site.toml:1:1: title is 301 characters long, more than 300 (docs/limits.md)\n" +
		"site.toml:2:1: description is 2001 characters long, more than 2000 (docs/limits.md)\n" +
		"site.toml:5:1: slo name is 301 characters long, more than 300 (docs/limits.md)\n" +
		"site.toml:11:1: kpi name is 301 characters long, more than 300 (docs/limits.md)"
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// threeSLOs is three [[slo]] tables; bad replaces one line of the first.
func threeSLOs(bad string) string {
	src := `title = "t"

[[slo]]
name = "First"
target = 0.999
window = "30d"

[[slo]]
name = "Second"
target = 0.99
window = "30d"

[[slo]]
name = "Third"
target = 0.9
window = "30d"
`
	key, _, _ := strings.Cut(bad, " =")
	old := map[string]string{"name": `name = "First"`, "target": "target = 0.999", "issues": "window = \"30d\""}[key]
	if key == "issues" {
		return strings.Replace(src, old, old+"\n"+bad, 1)
	}
	return strings.Replace(src, old, bad, 1)
}

// A wrong type in the first of three [[slo]] tables is reported at its own
// line, naming the SLO (TOML's decoder names the last table's line).
func TestTypeErrorInAnArrayOfTablesIsAtItsElement(t *testing.T) {
	for _, tc := range []struct{ bad, want string }{
		{`target = "99.9%"`, `site.toml:5:1: slo "First": target: want a number, got a string`},
		{`name = 5`, `site.toml:4:1: slo 1 of 3: name: want a string (in "quotes"), got a whole number`},
		{`issues = "bug"`, `site.toml:7:1: slo "First": issues: want a list, got a string`},
	} {
		t.Run(tc.bad, func(t *testing.T) {
			_, err := Parse("site.toml", []byte(threeSLOs(tc.bad)), ".")
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
	// The second and third, and a [[metrics.source]] and a [[kpi]].
	src := strings.Replace(threeSLOs(`target = 0.999`), "target = 0.9\n", "target = \"90%\"\n", 1)
	_, err := Parse("site.toml", []byte(src), ".")
	if want := `site.toml:15:1: slo "Third": target: want a number, got a string`; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	src = "[[metrics.source]]\nname = \"a\"\nfile = \"a.csv\"\n[[metrics.source]]\nname = \"b\"\nfile = 3\n[[kpi]]\nname = \"k\"\n"
	_, err = Parse("site.toml", []byte(src), ".")
	if want := `site.toml:6:1: metrics source "b": file: want a string (in "quotes"), got a whole number`; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestFeedbackLabelsAndDecisionsDirDefaultAndAreRead(t *testing.T) {
	c, err := Parse("site.toml", []byte("title = \"x\"\n"), ".")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Feedback.Labels, ",") != "enhancement,feature,feature request" || c.Decisions.Dir != "content/decisions" {
		t.Errorf("defaults: labels %q, decisions dir %q", c.Feedback.Labels, c.Decisions.Dir)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docs", "adr"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err = Parse("site.toml", []byte("[feedback]\nlabels = [\"Idea\"]\n[decisions]\ndir = \"docs/adr\"\n"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Feedback.Labels, ",") != "Idea" || c.DecisionsDir() != filepath.Join(dir, "docs", "adr") {
		t.Errorf("labels %q, decisions dir %q", c.Feedback.Labels, c.DecisionsDir())
	}
	_, err = Parse("site.toml", []byte("[feedback]\nlabels = \"Idea\"\n[decisions]\ndir = \"docs/nowhere\"\n"), dir)
	for _, want := range []string{`site.toml:2:1: feedback.labels: want a list of label names, got a string`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}
	_, err = Parse("site.toml", []byte("[decisions]\ndir = \"docs/nowhere\"\n"), dir)
	if want := `site.toml:2:1: decisions dir "docs/nowhere" is not a folder`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}
