package site

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

const minimalSite = `
-- site.toml --
title = "Fixture health"
`

func TestTemplateLookupOrderSiteThenThemeThenBuiltIn(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Layers"
theme = "mine"
-- templates/howcount.html --
{{define "main"}}<p id="from-site-templates">site</p>{{end}}
-- themes/mine/templates/howcount.html --
{{define "main"}}<p id="from-theme">theme</p>{{end}}
-- themes/mine/templates/dashboard.html --
{{define "main"}}<p id="dash-from-theme">theme dashboard</p>{{end}}
-- themes/mine/static/assets/vitals.css --
/* theme css */
`)
	mustBuild(t, dir, Options{})
	how := readOut(t, dir, "how-we-count/index.html")
	if !strings.Contains(how, "from-site-templates") || strings.Contains(how, "from-theme") {
		t.Errorf("site templates/ must win over the theme:\n%s", how)
	}
	dash := readOut(t, dir, "index.html")
	if !strings.Contains(dash, "dash-from-theme") {
		t.Errorf("the theme must win over built-in defaults:\n%s", dash)
	}
	if css := readOut(t, dir, "assets/vitals.css"); css != "/* theme css */\n" {
		t.Errorf("theme static file must win over the built-in one, got %q", css[:min(len(css), 40)])
	}
	if js := readOut(t, dir, "assets/vitals.js"); !strings.Contains(js, "period") {
		t.Errorf("built-in static files fill in what the theme lacks")
	}
	// The built-in layout still wraps the theme's page.
	if !strings.Contains(dash, "<title>Layers</title>") {
		t.Errorf("built-in layout missing:\n%s", dash)
	}
}

func TestUnknownThemeIsAnError(t *testing.T) {
	dir := fixture.WriteSite(t, "-- site.toml --\ntheme = \"nope\"\n")
	_, err := build(t, dir, Options{})
	if err == nil || !strings.Contains(err.Error(), `theme "nope"`) {
		t.Fatalf("want an error naming the theme, got %v", err)
	}
}

func TestFailedBuildLeavesPreviousSiteUntouched(t *testing.T) {
	dir := fixture.WriteSite(t, minimalSite)
	mustBuild(t, dir, Options{})
	before := fixture.ReadTree(t, filepath.Join(dir, "public"))
	if len(before) == 0 {
		t.Fatal("first build wrote nothing")
	}
	// Break the site: an unknown key and a broken template.
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"x\"\nnonsense = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, dir, Options{}); err == nil {
		t.Fatal("build with an unknown key succeeded")
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(minimalSite[len("\n-- site.toml --\n"):]), 0o644)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "dashboard.html"), []byte(`{{define "main"}}{{.Nope.Missing}}{{end}}`), 0o644)
	if _, err := build(t, dir, Options{}); err == nil {
		t.Fatal("build with a failing template succeeded")
	}
	sameTree(t, before, fixture.ReadTree(t, filepath.Join(dir, "public")))
	// No temporary folders are left next to the destination.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBuildRefusesToReplaceAForeignFolder(t *testing.T) {
	dir := fixture.WriteSite(t, minimalSite)
	dest := filepath.Join(dir, "mine")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "thesis.txt"), []byte("precious"), 0o644)
	if _, err := build(t, dir, Options{Dest: dest}); err == nil {
		t.Fatal("replaced a folder vitals did not build")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.txt")); string(b) != "precious" {
		t.Fatal("foreign file lost")
	}
}

func TestSameInputsGiveSameBytes(t *testing.T) {
	dir := fixture.WriteSite(t, minimalSite)
	mustBuild(t, dir, Options{Dest: filepath.Join(dir, "a")})
	mustBuild(t, dir, Options{Dest: filepath.Join(dir, "b")})
	sameTree(t, fixture.ReadTree(t, filepath.Join(dir, "a")), fixture.ReadTree(t, filepath.Join(dir, "b")))
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "x"

[github]
repos = ["ok/repo"]
token = "ghp_secret"

[issues]
bug_lables = ["bug"]
`)
	_, err := build(t, dir, Options{})
	var ds diag.List
	if !errors.As(err, &ds) {
		t.Fatalf("want diagnostics, got %v", err)
	}
	got := ds.Error()
	for _, want := range []string{
		"site.toml:5:1: a token does not belong in site.toml",
		`site.toml:8:1: unknown key "issues.bug_lables"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ghp_secret") {
		t.Error("the token leaked into a message")
	}
}

var hrefRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func TestLinksAreRelativeSoSubPathsAndFileURLsWork(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Sub"
base_url = "https://org.github.io/health/"
`)
	mustBuild(t, dir, Options{})
	for _, p := range []string{"index.html", "how-we-count/index.html"} {
		html := readOut(t, dir, p)
		for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
			u := m[1]
			if strings.HasPrefix(u, "https://org.github.io/health/") || strings.HasPrefix(u, "#") {
				continue // canonical link
			}
			if strings.HasPrefix(u, "/") || strings.Contains(u, "://") {
				t.Errorf("%s: link %q is not relative", p, u)
				continue
			}
			// Resolve against the page and check the file exists.
			target := filepath.Join(dir, "public", filepath.Dir(filepath.FromSlash(p)), filepath.FromSlash(u))
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: link %q points at nothing", p, u)
			}
		}
	}
	if sm := readOut(t, dir, "sitemap.xml"); !strings.Contains(sm, "<loc>https://org.github.io/health/how-we-count/</loc>") {
		t.Errorf("sitemap lacks sub-path URLs:\n%s", sm)
	}
	if h := readOut(t, dir, "how-we-count/index.html"); !strings.Contains(h, `<link rel="canonical" href="https://org.github.io/health/how-we-count/">`) {
		t.Errorf("canonical link missing")
	}
}

func TestSiteTomlSyntaxErrorIsReportedNotAPanic(t *testing.T) {
	dir := fixture.WriteSite(t, "-- site.toml --\ndescription = ''-alert(1)-''\n")
	_, err := build(t, dir, Options{DryRun: true})
	var ds diag.List
	if !errors.As(err, &ds) || !strings.HasPrefix(ds[0].String(), "site.toml:1:") {
		t.Fatalf("want a positioned syntax error, got %v", err)
	}
}
